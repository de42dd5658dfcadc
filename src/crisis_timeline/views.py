"""What each view shows, given its rows as they stood: filters, derived fields, order.

Pure functions shared by the SQL path (queries.py) and the reference fold, so both
answer with the same shape. Rows arrive in the view's order (`ORDERS`: SQL walks it, the
reference sorts by it) and are finished one by one, so that an answer streams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from crisis_timeline.errors import UnsupportedFilterError
from crisis_timeline.time import PartialTime, format_instant, partial_from_json

Content = dict[str, Any]
CLOSED = ("confirmed", "refuted", "retracted")
VIEWS = ("meetings", "claims", "timeline", "actors", "forces", "demands", "sources")

OPEN_PLAN_HORIZON = timedelta(days=30)
"""How long an open-ended plan ("after 8 October") stays upcoming: from its start on, then overdue."""


@dataclass(frozen=True)
class At:
    """A moment on two clocks: knowledge time (as_of) and system time (recorded_before).

    `clock` pins "now" for relative views when as_of is None, so that one answer (and the
    header that says what "now" was) is judged at one instant."""

    as_of: datetime | None = None
    recorded_before: datetime | None = None
    clock: datetime | None = None

    def now(self) -> datetime:
        """The moment relative views are judged at: as_of, else the pinned clock, else the present."""
        return self.as_of or self.clock or datetime.now(UTC)


@dataclass(frozen=True)
class Filters:
    """What a user may narrow a view by; `SUPPORTED` says which each view takes."""

    upcoming: bool = False
    open_only: bool = False
    status: str | None = None
    actor: str | None = None
    world_from: datetime | None = None
    world_to: datetime | None = None
    limit: int | None = None
    stream: str | None = None
    offset: int = 0

    def python_only(self) -> bool:
        """Filters SQL cannot apply, so a LIMIT must wait for them."""
        return bool(self.actor or self.world_from or self.world_to)

    def asked(self) -> list[str]:
        """The names of the filters set to something other than their default."""
        return [f.name for f in fields(self) if getattr(self, f.name) != f.default]


_EVERY_VIEW = {"limit", "offset", "stream"}
SUPPORTED: dict[str, frozenset[str]] = {
    "meetings": frozenset({*_EVERY_VIEW, "upcoming", "status", "actor", "world_from", "world_to"}),
    "claims": frozenset({*_EVERY_VIEW, "open_only", "status", "actor"}),
    "timeline": frozenset({*_EVERY_VIEW, "actor", "world_from", "world_to"}),
    "actors": frozenset({*_EVERY_VIEW, "actor"}),
    "forces": frozenset({*_EVERY_VIEW, "status", "actor", "world_from", "world_to"}),
    "demands": frozenset({*_EVERY_VIEW, "status", "actor"}),
    "sources": frozenset(_EVERY_VIEW),
}
"""The filters each view understands; any other is refused (UnsupportedFilterError)."""

ORDERS: dict[str, tuple[bool, bool]] = {
    "meetings": (True, False),
    "claims": (False, True),
    "timeline": (False, True),
    "actors": (False, True),
    "forces": (False, True),
    "demands": (False, True),
    "sources": (False, True),
}
"""Each view's order over its rows' sort columns: (open starts last, by sort_rank). Rows are
ordered by sort_at (NULL first, or last when the first flag is set), then sort_rank when the
second is, then key. Meetings: by held or scheduled start, open and missing times last, then
id. Timeline: by world-time start, precision (coarse first), then knowledge order (see
projections/per_event.py). The others: by first report (forces: by report), then id."""


def check_filters(view: str, filters: Filters) -> None:
    """Refuse a filter the view does not support, naming it."""
    unsupported = [name for name in filters.asked() if name not in SUPPORTED[view]]
    if unsupported:
        raise UnsupportedFilterError(
            f"the {view} view has no filter {unsupported[0]!r}; "
            f"it takes {', '.join(sorted(SUPPORTED[view]))}"
        )


def finished(view: str, rows: Iterable[Content], at: At, filters: Filters) -> Iterator[Content]:
    """Derive and filter a view's rows, given in the view's order; then the page (offset, limit)."""
    now = at.now()
    derive = _DERIVE.get(view, _same)
    kept = (r for r in (derive(dict(row), now) for row in rows) if _keep(view, r, now, filters))
    stop = None if filters.limit is None else filters.offset + filters.limit
    return islice(kept, filters.offset, stop)


def finish(view: str, rows: Iterable[Content], at: At, filters: Filters) -> list[Content]:
    """Derive, filter and page a view's rows, given in the view's order."""
    return list(finished(view, rows, at, filters))


def _same(row: Content, _now: datetime) -> Content:
    return row


def _meeting(row: Content, now: datetime) -> Content:
    end = plan_end(_pt(row["scheduled"]))
    row["overdue"] = bool(row["status"] == "scheduled" and end and end <= now)
    return row


def plan_end(when: PartialTime | None) -> datetime | None:
    """When a plan is over: its end; for an open end ("after 8 October"), start + OPEN_PLAN_HORIZON."""
    if when is None:
        return None
    if when.end is None and when.start is not None:
        return when.start + OPEN_PLAN_HORIZON
    return when.end


def _keep(view: str, row: Content, now: datetime, f: Filters) -> bool:
    if f.stream and row.get("stream", row["id"]) != f.stream:
        return False
    if f.status and row.get("status", row.get("direction")) != f.status:
        return False
    if f.upcoming and not (row["status"] == "scheduled" and _ends_after(row["scheduled"], now)):
        return False
    if f.open_only and not row["open"]:
        return False
    if f.actor and f.actor not in _actors(view, row):
        return False
    if f.world_from or f.world_to:
        return _overlaps(_world(view, row), f.world_from, f.world_to)
    return True


_ACTOR_KEYS = {
    "meetings": ("participants", "requested_by", "observers"),
    "claims": ("claimant", "about"),
    "actors": ("id", "affiliation"),
    "demands": ("by", "addressee"),
    "forces": ("actor",),
    "timeline": ("actors", "speaker"),
}


def _actors(view: str, row: Content) -> set[str]:
    found: set[str] = set()
    for key in _ACTOR_KEYS[view]:
        value = row.get(key)
        found.update(value if isinstance(value, list) else [value] if value else [])
    for response in (
        row.get("disputed_by", []) + row.get("corroborated_by", []) + row.get("responses", [])
    ):
        if response.get("by"):
            found.add(response["by"])
    return found


def _world(view: str, row: Content) -> PartialTime | None:
    value = {
        "meetings": row.get("held") or row.get("scheduled"),
        "timeline": row.get("when"),
        "forces": row.get("period"),
    }.get(view) or row.get("first_reported")
    if isinstance(value, str):
        return PartialTime.model_validate(value)
    return _pt(value)


def _overlaps(when: PartialTime | None, lo: datetime | None, hi: datetime | None) -> bool:
    if when is None:
        return False
    starts_before_hi = hi is None or when.start is None or when.start < hi
    ends_after_lo = lo is None or when.end is None or when.end > lo
    return starts_before_hi and ends_after_lo


def _ends_after(value: Content | None, now: datetime) -> bool:
    when = _pt(value)
    if when is None:
        return False
    end = plan_end(when)
    return end is None or end > now


def _pt(value: Content | None) -> PartialTime | None:
    """A stored partial time of a row (cached: every upcoming meeting asks for thousands)."""
    return None if value is None else partial_from_json(value)


_DERIVE: dict[str, Callable[[Content, datetime], Content]] = {"meetings": _meeting}

WITH_SOURCE_TITLES = frozenset({"timeline"})
"""Views whose rows name their source's title (`source_title`): found at read time, since a
row's fold sees its own stream only and the title is the source stream's."""

TITLES = {
    "meetings": "title",
    "claims": "statement",
    "timeline": "summary",
    "actors": "name",
    "forces": "size_text",
    "demands": "demand",
    "sources": "title",
}
"""The field that names a row for people (diffs show it beside the id)."""


def title_of(view: str, row: Content) -> str | None:
    """The words that name a row: a meeting's title, a claim's statement, …"""
    value = row.get(TITLES[view])
    return None if value is None else str(value)


def with_source_titles(
    rows: Iterable[Content], titles: Callable[[list[str]], dict[str, str]], first: int = 1
) -> Iterator[Content]:
    """Timeline rows with their source's title (`source_title`), looked up a batch at a time:
    the first `first` rows (one, so that it is not kept waiting; a whole page), then 256 at a time."""
    known: dict[str, str | None] = {}
    it, batch = iter(rows), first
    while chunk := list(islice(it, batch)):
        wanted = sorted(
            {r["source"] for r in chunk if r.get("source") and r["source"] not in known}
        )
        if wanted:
            found = titles(wanted)
            known.update({s: found.get(s) for s in wanted})
        for r in chunk:
            yield {**r, "source_title": known.get(r["source"]) if r.get("source") else None}
        batch = 256


def compare(name: str, old: list[Content], new: list[Content]) -> dict[str, list[Any]]:
    """Rows of a view that appeared, changed (before/after, field by field) or disappeared."""
    was = {row_id(r): r for r in old}
    now = {row_id(r): r for r in new}
    return {
        "appeared": [r for k, r in now.items() if k not in was],
        "changed": [
            {
                "id": k,
                "title": title_of(name, r),
                "fields": changed_fields(was[k], r),
                "before": was[k],
                "after": r,
            }
            for k, r in now.items()
            if k in was and was[k] != r
        ],
        "disappeared": [r for k, r in was.items() if k not in now],
    }


def changed_fields(before: Content, after: Content) -> list[dict[str, Any]]:
    """Each key whose value differs between two versions of a row: {field, before, after}, in key order."""
    keys = sorted({*before, *after})
    return [
        {"field": k, "before": before.get(k), "after": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k)
    ]


def row_id(row: Content) -> str:
    """The identity of a row across times (for diffs)."""
    return str(row["id"])


def iso(value: datetime | None) -> str | None:
    """An instant as shown in JSON."""
    return None if value is None else format_instant(value)
