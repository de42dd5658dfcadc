"""The two clocks (At), the filters (Filters), and how any view's rows are finished.

A view's own rules (its derived fields, filters, actor and world-time fields) are attributes
of its View (projections/view.py); `finished` applies them to rows given in the view's order,
one by one, so that an answer streams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from crisis_timeline.spans import Stored, stored_from_json, stored_from_text
from crisis_timeline.timepoints import format_instant

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View

Content = dict[str, Any]


@dataclass(frozen=True)
class At:
    """A moment on two clocks: knowledge time (as_of) and system time (recorded_before).

    `clock` pins "now" for relative views when as_of is None, so that one answer (and the
    header that says what "now" was) is judged at one instant."""

    as_of: datetime | None = None
    recorded_before: datetime | None = None
    clock: datetime | None = None

    def now(self) -> datetime:
        """The moment relative views are judged at: as_of, else the pinned clock, else the
        present."""
        return self.as_of or self.clock or datetime.now(UTC)


@dataclass(frozen=True)
class Filters:
    """What a user may narrow a view by; each View says which it takes (`View.supported`)."""

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


def finished(view: View, rows: Iterable[Content], at: At, filters: Filters) -> Iterator[Content]:
    """Derive and filter a view's rows, given in the view's order; then the page (offset, limit)."""
    now = at.now()
    derive = view.derive
    derived = (derive(dict(row), now) for row in rows) if derive else rows
    kept = (r for r in derived if _keep(view, r, now, filters))
    stop = None if filters.limit is None else filters.offset + filters.limit
    return islice(kept, filters.offset, stop)


def finish(view: View, rows: Iterable[Content], at: At, filters: Filters) -> list[Content]:
    """Derive, filter and page a view's rows, given in the view's order."""
    return list(finished(view, rows, at, filters))


def _keep(view: View, row: Content, now: datetime, f: Filters) -> bool:
    if f.stream and row.get("stream", row["id"]) != f.stream:
        return False
    if f.status and row.get(view.status_key) != f.status:
        return False
    if view.keep and not view.keep(row, now, f):
        return False
    if f.actor and f.actor not in _actors(view, row):
        return False
    if f.world_from or f.world_to:
        return _overlaps(_world(view, row), f.world_from, f.world_to)
    return True


def _actors(view: View, row: Content) -> set[str]:
    found: set[str] = set()
    for key in view.actor_keys:
        value = row.get(key)
        found.update(value if isinstance(value, list) else [value] if value else [])
    for key in view.response_keys:
        found.update(response["by"] for response in row.get(key, []) if response.get("by"))
    return found


def _world(view: View, row: Content) -> Stored | None:
    value = next((row[k] for k in view.world_keys if row.get(k)), None)
    if isinstance(value, str):
        return stored_from_text(value)
    return stored_time(value)


def _overlaps(when: Stored | None, lo: datetime | None, hi: datetime | None) -> bool:
    if when is None:
        return False
    starts_before_hi = hi is None or when.start is None or when.start < hi
    ends_after_lo = lo is None or when.end is None or when.end > lo
    return starts_before_hi and ends_after_lo


def stored_time(value: Content | None) -> Stored | None:
    """A stored partial time of a row (cached: every upcoming meeting asks for thousands)."""
    return None if value is None else stored_from_json(value)


def with_source_titles(
    rows: Iterable[Content], titles: Callable[[list[str]], dict[str, str]], first: int = 1
) -> Iterator[Content]:
    """Timeline rows with their source's title (`source_title`), looked up a batch at a time:
    the first `first` rows (one, so that it is not kept waiting; a whole page), then 256 at a
    time."""
    return looked_up(rows, "source", titles, lambda title: {"source_title": title}, first)


def with_places(
    rows: Iterable[Content], places: Callable[[list[str]], dict[str, Content]], first: int = 1
) -> Iterator[Content]:
    """Rows with their place's name and point (`place_name`, `coordinates`), batched likewise."""

    def shown(place: Content | None) -> Content:
        if place is None:
            return {"place_name": None, "coordinates": None}
        return {"place_name": place["name"], "coordinates": place["coordinates"]}

    return looked_up(rows, "place", places, shown, first)


def looked_up(
    rows: Iterable[Content],
    key: str,
    lookup: Callable[[list[str]], dict[str, Any]],
    shown: Callable[[Any], Content],
    first: int = 1,
) -> Iterator[Content]:
    """Rows with what another view holds of the id in `key`, looked up a batch at a time."""
    known: dict[str, Any] = {}
    it, batch = iter(rows), first
    while chunk := list(islice(it, batch)):
        wanted = sorted({r[key] for r in chunk if r.get(key) and r[key] not in known})
        if wanted:
            found = lookup(wanted)
            known.update({s: found.get(s) for s in wanted})
        for r in chunk:
            yield {**r, **shown(known.get(r[key]) if r.get(key) else None)}
        batch = 256


def compare(view: View, old: list[Content], new: list[Content]) -> dict[str, list[Any]]:
    """Rows of a view that appeared, changed (before/after, field by field) or disappeared."""
    was = {row_id(r): r for r in old}
    now = {row_id(r): r for r in new}
    return {
        "appeared": [r for k, r in now.items() if k not in was],
        "changed": [
            {
                "id": k,
                "title": view.title_of(r),
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
    """Each key whose value differs between two versions of a row: {field, before, after}, in key
    order."""
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
