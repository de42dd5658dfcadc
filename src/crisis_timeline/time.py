"""Partial times: intervals [start, end) in UTC with a precision and the words as written.

Accepted forms (surrounding whitespace is ignored):

- a point: ``2021``, ``2021-12``, ``2021-12-30``, ``2021-12-30T20Z``, ``2021-12-30T20:30Z``,
  ``2021-12-30T20:30:15Z``; a time may carry ``Z``, ``±HH:MM``, ``±HHMM`` or ``±HH``, and a
  time without a zone is UTC. The point denotes its whole unit: ``2022-01`` is
  ``[2022-01-01T00:00Z, 2022-02-01T00:00Z)``.
- an open bound: ``before P`` is ``[-inf, start of P)``; ``after P`` is ``[end of P, +inf)``.
- a range: ``P1/P2`` is ``[start of P1, end of P2)``, with the coarser of the two precisions.

Choices: sub-second input is an error, never truncated (instants for ``--as-of`` may carry
fractions, see ``parse_instant``). An offset that would move a point off its UTC unit (e.g.
``T20+05:30`` at hour precision) is an error. A ``PartialTime`` always denotes what some
string denotes, so ``parse_partial(format_partial(pt))`` equals ``pt`` apart from ``text``.
Partial times sort by interval start (open start first), then precision, coarse first, then
interval end (open end last), then text (none first).

The functions that need no model (span classes, instants, `contains`) live in spans.py, which
a command that only reads the views imports instead of this module and pydantic.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator, model_validator

from crisis_timeline.spans import (
    LONGER,
    OPEN_END,
    OPEN_START,
    SPAN_LIMITS,
    contains,
    parse_instant,
    span_class,
)
from crisis_timeline.timepoints import (
    CACHE_SIZE,
    PRECISION_RANK,
    Precision,
    TimeParseError,
    canonical_text,
    clean,
    ensure_utc,
    format_instant,
    format_point,
    parse_interval,
)

__all__ = [
    "CACHE_SIZE",
    "LONGER",
    "OPEN_END",
    "OPEN_START",
    "PRECISION_RANK",
    "SPAN_LIMITS",
    "PartialTime",
    "Precision",
    "TimeParseError",
    "contains",
    "ensure_utc",
    "format_instant",
    "format_partial",
    "format_point",
    "parse_instant",
    "parse_partial",
    "partial_from_json",
    "partial_json",
    "span_class",
]


class PartialTime(BaseModel):
    """An interval [start, end) in UTC, its precision, and the words as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: datetime | None
    end: datetime | None
    precision: Precision
    text: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_words(cls, raw: Any) -> Any:
        """Also accept the written forms: "2021-12-30T20:30Z" or {value: ..., text: ...}."""
        if isinstance(raw, str):
            raw = {"value": raw}
        if isinstance(raw, dict) and "value" in raw:
            extra = set(raw) - {"value", "text"}
            if extra:
                raise ValueError(f"unexpected keys beside value and text: {sorted(extra, key=str)}")
            try:
                parsed = parse_partial(raw["value"], raw.get("text"))
            except TimeParseError as e:
                raise ValueError(str(e)) from None
            return parsed.model_dump()
        return raw

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        """Require an explicit zone and store UTC."""
        if v is None:
            return v
        if v.tzinfo is None:
            raise ValueError("time zone missing")
        return v.astimezone(UTC)

    @model_validator(mode="after")
    def _denotable(self) -> PartialTime:
        """Require an interval that some partial-time string denotes."""
        canonical_text(self.start, self.end, self.precision)
        return self

    @field_serializer("start", "end", when_used="json")
    def _ser(self, v: datetime | None) -> str | None:
        """Serialise instants deterministically with a ``Z`` suffix."""
        return None if v is None else format_instant(v)

    @property
    def value(self) -> str:
        """The canonical string of this partial time."""
        return format_partial(self)


def parse_partial(value: str, text: str | None = None) -> PartialTime:
    """Parse a point, ``before``/``after`` bound or ``A/B`` range into a partial time."""
    s = clean(value, "a partial time")
    try:
        start, end, precision = parse_interval(s)
        return PartialTime(start=start, end=end, precision=precision, text=text)
    except (ValueError, OverflowError) as e:
        reason = str(e).splitlines()[0] if str(e) else ""
        suffix = f" ({reason})" if reason else ""
        raise TimeParseError(f"not a partial time: {value!r}{suffix}") from e


def format_partial(pt: PartialTime) -> str:
    """The canonical normalised string of a partial time (UTC, ``Z``; text not included)."""
    return canonical_text(pt.start, pt.end, pt.precision)


def partial_from_json(value: dict[str, Any]) -> PartialTime:
    """A partial time from its stored JSON form ``{start, end, precision, text}``.

    Cached (PartialTime is immutable): the same few times recur across thousands of events."""
    return _from_json(value["start"], value["end"], value["precision"], value.get("text"))


@lru_cache(maxsize=CACHE_SIZE)
def _from_json(start: str | None, end: str | None, precision: str, text: str | None) -> PartialTime:
    return PartialTime.model_validate(
        {"start": start, "end": end, "precision": precision, "text": text}
    )


_JSON_OF: dict[int, tuple[PartialTime, dict[str, Any]]] = {}


def partial_json(pt: PartialTime) -> dict[str, Any]:
    """A partial time's JSON form, as `model_dump(mode="json")` gives it (a fresh dict).

    Cached by the object (PartialTime is frozen; the entry holds it, so its id is not reused):
    a frozen model's hash walks its fields, and folds ask this twice per event."""
    found = _JSON_OF.get(id(pt))
    if found is None or found[0] is not pt:
        if len(_JSON_OF) >= CACHE_SIZE:
            _JSON_OF.clear()
        found = _JSON_OF[id(pt)] = (pt, pt.model_dump(mode="json"))
    return dict(found[1])
