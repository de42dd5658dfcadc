"""One PLOVER record (a JSON line), checked key by key: `parse_record` or a RowProblem.

Keys read (PLOVER manual, chapter "Data Fields"): id, date, time, enddate, actor, recipient,
event, mode, context, event_loc, text, text_info, cite_info, coder, coded_date. Others are
ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from crisis_timeline.importers.reading import RowProblem
from crisis_timeline.time import PartialTime, TimeParseError, parse_partial

CATEGORIES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT DEMAND".split()
)
"""PLOVER's sixteen categories, and DEMAND, the 2021 draft's name for REQUEST."""
PLOVER_PREFIX = "plover-"
UNSTATED = "unstated"
"""The codebook version of a record whose cite_info does not name its codebook."""


@dataclass(frozen=True)
class Entity:
    """An actor or recipient: its name as the text gives it, and this store's id if it has one."""

    name: str
    actor_id: str | None
    note: str | None


@dataclass(frozen=True)
class Record:
    """A checked PLOVER record, with its line and offset in the file."""

    line: int
    offset: int
    text_of_line: str
    id: str
    when: PartialTime
    known: PartialTime
    actors: tuple[Entity, ...]
    recipients: tuple[Entity, ...]
    category: str
    version: str
    mode: str | None
    context: tuple[str, ...]
    place: dict[str, Any] | None
    text: str | None
    span: tuple[int, int] | None
    cite: dict[str, Any]
    coder: str | None


def parse_record(line: int, offset: int, text: str) -> Record:
    """The record on one line, checked; the first problem found is raised."""
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError as e:
        what = str(e.args[0]).split(": line ")[0]
        raise RowProblem(line, "record", f"not JSON ({what}, at column {e.colno})") from None
    if not isinstance(raw, dict):
        raise RowProblem(line, "record", "not a JSON object")
    k = _Keys(line, raw)
    cite = k.obj("cite_info") or {}
    return Record(
        line=line,
        offset=offset,
        text_of_line=text,
        id=k.text("id"),
        when=k.when(),
        known=k.day("coded_date", required=False) or k.when(),
        actors=k.entities("actor"),
        recipients=k.entities("recipient"),
        category=k.one("event", CATEGORIES),
        version=_version(cite.get("codebook")),
        mode=k.at_most_one("mode"),
        context=k.words("context"),
        place=k.obj("event_loc"),
        text=k.optional("text"),
        span=k.span(),
        cite=cite,
        coder=k.optional("coder"),
    )


def _version(codebook: object) -> str:
    if isinstance(codebook, str) and codebook.lower().startswith(PLOVER_PREFIX):
        return codebook[len(PLOVER_PREFIX) :] or UNSTATED
    return UNSTATED


class _Keys:
    """The record's values by key, each read with the check its key needs."""

    def __init__(self, line: int, raw: dict[str, Any]) -> None:
        self.line, self.raw = line, raw

    def problem(self, key: str, what: str) -> RowProblem:
        return RowProblem(self.line, key, what)

    def optional(self, key: str) -> str | None:
        value = self.raw.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.problem(key, f"expected a string, not {type(value).__name__}")
        return value.strip() or None

    def text(self, key: str) -> str:
        value = self.raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        found = self.optional(key)
        if found is None:
            raise self.problem(key, "missing")
        return found

    def obj(self, key: str) -> dict[str, Any] | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, dict):
            raise self.problem(key, "expected an object")
        return value

    def words(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.problem(key, "expected a list of strings")
        return tuple(value)

    def one(self, key: str, allowed: frozenset[str]) -> str:
        found = self.words(key)
        if len(found) != 1:
            raise self.problem(key, f"expected one category, not {len(found)}")
        if found[0].upper() not in allowed:
            raise self.problem(key, f"{found[0]!r}: not a PLOVER category")
        return found[0].upper()

    def at_most_one(self, key: str) -> str | None:
        found = self.words(key)
        if len(found) > 1:
            raise self.problem(key, f"expected at most one, not {len(found)}")
        return found[0] if found else None

    def day(self, key: str, *, required: bool = True) -> PartialTime | None:
        value = self.optional(key)
        if value is None:
            if required:
                raise self.problem(key, "missing")
            return None
        try:
            return parse_partial(date.fromisoformat(value).isoformat())
        except ValueError:
            raise self.problem(key, f"{value!r}: not a date in YYYY-MM-DD form") from None

    def when(self) -> PartialTime:
        """date, with time (a time of day) or enddate (the last day), as one partial time."""
        start = self.day("date")
        end, time = self.day("enddate", required=False), self.optional("time")
        assert start is not None
        if end is not None:
            value = f"{start.value}/{end.value}"
        elif time is not None:
            value = f"{start.value}T{time}"
        else:
            return start
        try:
            return parse_partial(value)
        except TimeParseError as e:
            raise self.problem("enddate" if end else "time", str(e)) from None

    def entities(self, key: str) -> tuple[Entity, ...]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.problem(key, "expected a list of entity objects")
        return tuple(self.entity(f"{key}[{i}]", v) for i, v in enumerate(value))

    def entity(self, key: str, raw: dict[str, Any]) -> Entity:
        name = raw.get("entity_text") or raw.get("code")
        if not isinstance(name, str) or not name.strip():
            raise self.problem(key, "neither entity_text nor code")
        note = ", ".join(f"{k} {raw[k]}" for k in ("code", "sector") if raw.get(k))
        actor_id = raw.get("actor_id")
        return Entity(name.strip(), actor_id if isinstance(actor_id, str) else None, note or None)

    def span(self) -> tuple[int, int] | None:
        info = self.obj("text_info") or {}
        start, end = info.get("start"), info.get("end")
        if start is None and end is None:
            return None
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise self.problem("text_info", "start and end must be offsets with start < end")
        return start, end
