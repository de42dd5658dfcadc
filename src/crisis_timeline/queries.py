"""How any view is read: its rows as of a moment, replay and diff, the registered sources.

Every view is an indexed query on the bitemporal projection table. At the current system
time (no --recorded-before) the queries walk partial indexes over the rows still recorded
(`recorded_until IS NULL`, migration 0003): a page (timeline, claims with --limit) walks the
sort index in the view's order and stops after the page; `--upcoming` walks the status index
class by class of the rows' span, each class in a window of its own (`upcoming.py`).
The knowledge-time bounds are checked on index entries as the walk goes, never used to pick
an index (see `store.unindexed`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, bindparam, select, union

from crisis_timeline import canonical
from crisis_timeline.errors import NotFoundError
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.upcoming import upcoming
from crisis_timeline.version_sql import kept, parameters, prefilter, shape, visibility
from crisis_timeline.views import (
    At,
    Content,
    Filters,
    compare,
    finished,
    iso,
    with_places,
    with_source_titles,
)

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View
    from crisis_timeline.store.event_store import EventStore

# The event models (pydantic classes for every event type) are imported by diff and audit
# only: a view command starts about 50 ms sooner without them.

BATCH = 500
"""Rows fetched at a time while an answer streams (a server-side cursor on PostgreSQL)."""


def view(
    engine: Engine, view: View | str, at: At = At(), filters: Filters = Filters()
) -> list[Content]:
    """One view's rows (the view or its name) as they stood at `at`."""
    return list(stream(engine, view, at, filters))


def stream(
    engine: Engine, view: View | str, at: At = At(), filters: Filters = Filters()
) -> Iterator[Content]:
    """One view's rows as they stood at `at`, yielded as they are read, in the view's order
    (a filter the view does not take is refused at once, before anything is read)."""
    chosen = _every_view()[view] if isinstance(view, str) else view
    chosen.check(filters)
    return _stream(engine, chosen, at, filters)


def _stream(engine: Engine, view: View, at: At, filters: Filters) -> Iterator[Content]:
    # Bounded to SQL's integer range: --offset and --limit may each be as large as it.
    cap = (
        None
        if filters.limit is None or filters.python_only()
        else min(filters.offset + filters.limit, 2**63 - 1)
    )
    with engine.connect() as conn:
        if view.spans is not None and filters.upcoming:
            yield from finished(view, upcoming(conn, view, at, filters, cap), at, filters)
            return
        rows: Iterator[Content] = (canonical.loads(c) for c in _walk(conn, view, at, filters, cap))
        if view.with_source_titles:
            rows = with_source_titles(
                rows, lambda ids: _titles(conn, ids, at), first=min(cap or 1, 512)
            )
        if view.with_places:
            rows = with_places(
                rows, lambda ids: _of_streams(conn, "places", ids, at), first=min(cap or 1, 512)
            )
        yield from finished(view, rows, at, filters)


def _walk(conn: Connection, view: View, at: At, filters: Filters, cap: int | None) -> Iterator[str]:
    """Contents in the view's order (View.open_last, View.by_rank), at most `cap`: two walks of
    the sort index, rows without a sort time and rows with one, each in the index's own order on
    both dialects (SQLite puts NULLs first, PostgreSQL last), each stopping at the cap."""
    key = ("walk", *shape(view, at, filters), cap is not None)
    walks = kept(key, lambda: _walks(view, at, filters, cap is not None))
    values = parameters(at, filters)
    count = 0
    for query in walks:
        if cap is not None:
            if count >= cap:
                return
            values["cap"] = cap - count
        found = conn.execute(query, values, execution_options={"yield_per": BATCH})
        for content in found.scalars():
            count += 1
            yield content


def _walks(view: View, at: At, filters: Filters, capped: bool) -> tuple[Select[Any], ...]:
    """The two walks of `_walk`, in the order they are read.

    The rows of one stream (a stream filter: audit's check) are found by the (projection,
    stream) index and sorted after: walking the sort index would read the whole view for them.
    """
    where = [V.c.projection == view.name, *visibility(at), *prefilter(view, filters)]
    order: tuple[Any, ...] = (
        (V.c.sort_at, V.c.sort_rank, V.c.key) if view.by_rank else (V.c.sort_at, V.c.key)
    )
    if filters.stream:
        order = tuple(unindexed(c) for c in order)
    undated = select(V.c.content).where(*where, V.c.sort_at.is_(None)).order_by(*order)
    dated = select(V.c.content).where(*where, V.c.sort_at.is_not(None)).order_by(*order)
    walks = (dated, undated) if view.open_last else (undated, dated)
    if capped:
        cap = bindparam("cap", type_=V.c.sort_rank.type)
        return tuple(w.limit(cap) for w in walks)
    return walks


def _titles(conn: Connection, sources: list[str], at: At) -> dict[str, str]:
    """The titles of these sources as the sources view holds them at `at`."""
    return {s: row["title"] for s, row in _of_streams(conn, "sources", sources, at).items()}


def _of_streams(conn: Connection, name: str, streams: list[str], at: At) -> dict[str, Content]:
    """The rows of a one-row-per-stream view (sources, places) for these streams at `at`."""
    # Such a row is keyed by its stream: the (projection, stream) index finds it.
    key = ("of_streams", name, at.as_of is None, at.recorded_before is None)
    query = kept(key, lambda: _of_streams_query(name, at))
    values = {**parameters(at, Filters()), "streams": streams}
    return {stream: canonical.loads(content) for stream, content in conn.execute(query, values)}


def _of_streams_query(name: str, at: At) -> Select[Any]:
    streams = V.c.stream.in_(bindparam("streams", expanding=True))
    return select(V.c.stream, V.c.content).where(V.c.projection == name, streams, *visibility(at))


def moments(engine: Engine, views: Sequence[View], at: At = At()) -> list[datetime]:
    """Every knowledge time at which one of these views' answers may change, sorted: the
    versions' known_from and known_until, and spanning views' ends (upcoming turns overdue).
    The database makes them distinct and sorts them: a store has many versions per time."""
    spanning = [v.name for v in views if v.spans is not None]
    # System time only: every knowledge time.
    recorded = visibility(At(None, at.recorded_before))[1:]
    # At the current system time the partial status index holds every column read: SQLite
    # scans its entries (+projection), where the stream index would read every row's content.
    projection = V.c.projection if at.recorded_before else unindexed(V.c.projection)
    of = [projection.in_([v.name for v in views]), *recorded]
    parts = [
        select(V.c.known_from.label("t")).where(*of),
        select(V.c.known_until.label("t")).where(*of, V.c.known_until.is_not(None)),
    ]
    if spanning:
        ends = [projection.in_(spanning), *recorded, V.c.sort_until.is_not(None)]
        parts.append(select(V.c.sort_until.label("t")).where(*ends))
    times = union(*parts).subquery()
    with engine.connect() as conn:
        return list(conn.execute(select(times.c.t).order_by(times.c.t)).scalars())


def _every_view() -> dict[str, View]:
    # The catalog imports the view modules, which import this one.
    from crisis_timeline.projections.catalog import VIEWS

    return VIEWS


def replay(engine: Engine, at: At) -> dict[str, list[Content]]:
    """Every view as it stood at `at`."""
    return {v.name: view(engine, v, at) for v in _every_view().values()}


def diff(engine: Engine, store: EventStore, before: At, after: At) -> dict[str, Any]:
    """What was learned between two knowledge times: the events, and each view's changes."""
    from crisis_timeline.store.event_store import EventFilter

    if before.as_of is None or after.as_of is None:
        raise ValueError("diff needs two knowledge times")
    if after.as_of < before.as_of:
        raise NotFoundError("the second time is before the first; give T1 then T2 with T1 <= T2")
    learned = [
        e.model_dump(mode="json")
        for e in store.read(EventFilter(as_of=after.as_of, recorded_before=after.recorded_before))
        if e.reported.start is not None and e.reported.start > before.as_of
    ]
    changes = {
        v.name: compare(v, view(engine, v, before), view(engine, v, after))
        for v in _every_view().values()
    }
    return {"from": iso(before.as_of), "to": iso(after.as_of), "events": learned, "views": changes}


def registered_sources(engine: Engine, source_ids: set[str]) -> dict[str, Content]:
    """Each source's registration (publisher, title, byline, …, sha256, rating), by source id
    (sources not registered are left out)."""
    keys = ("publisher", "title", "byline", "dateline", "published", "url", "sha256", "rating")
    found: dict[str, Content] = {}
    with engine.connect() as conn:
        for chunk in chunked(sorted(source_ids)):
            # By (stream, version): the type index would walk every registration in the log.
            query = (
                select(E.c.stream, E.c.data)
                .where(E.c.stream.in_(chunk), unindexed(E.c.type) == "SourceRegistered")
                .order_by(E.c.stream, E.c.version)
            )
            for stream, data in conn.execute(query):
                if stream not in found:
                    d = canonical.loads(data)
                    found[stream] = {"id": stream, **{k: d.get(k) for k in keys}}
    return found
