"""The reference fold: every view computed in memory from the events, no SQL.

It is the oracle the property tests hold the SQL tables to; the CLI never uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import Row, in_knowledge_order
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.views import At, Content, Filters, finish, with_source_titles


def visible(
    events: Iterable[Event], as_of: datetime | None, recorded_before: datetime | None
) -> list[Event]:
    """The events known at as_of (knowledge time) and recorded by recorded_before (system time)."""
    return [
        e
        for e in events
        if (as_of is None or e.reported.start <= as_of)  # type: ignore[operator]
        and (recorded_before is None or e.recorded_at <= recorded_before)
    ]


def view_rows(
    name: str, events: Iterable[Event], as_of: datetime | None, recorded_before: datetime | None
) -> list[Row]:
    """The rows of one view as they stood at (as_of, recorded_before), in the view's order."""
    projection = VIEWS[name]
    by_stream: dict[str, list[Event]] = {}
    for e in visible(events, as_of, recorded_before):
        if projection.handles(e.stream):
            by_stream.setdefault(e.stream, []).append(e)
    rows = [
        row
        for stream in sorted(by_stream)
        for row in projection.fold(in_knowledge_order(by_stream[stream]))
    ]
    return sorted(rows, key=lambda r: _order_key(name, r))


def _order_key(name: str, row: Row) -> tuple[Any, ...]:
    """ORDERS in Python: sort_at with open starts first (or last), then sort_rank if it counts, then key."""
    nulls_last, by_rank = VIEWS[name].open_last, VIEWS[name].by_rank
    return (
        (row.sort_at is None) == nulls_last,
        row.sort_at or datetime.min,
        row.sort_rank if by_rank else 0,
        row.key,
    )


def view(name: str, events: Iterable[Event], at: At, filters: Filters = Filters()) -> list[Content]:
    """A view exactly as queries.view answers it, computed by folding in memory."""
    VIEWS[name].check(filters)
    events = list(events)
    rows: Iterable[Content] = [
        r.content for r in view_rows(name, events, at.as_of, at.recorded_before)
    ]
    if VIEWS[name].with_source_titles:
        titles = {
            r.key: r.content["title"]
            for r in view_rows("sources", events, at.as_of, at.recorded_before)
        }
        rows = with_source_titles(rows, lambda ids: {s: titles[s] for s in ids if s in titles})
    return finish(VIEWS[name], rows, at, filters)
