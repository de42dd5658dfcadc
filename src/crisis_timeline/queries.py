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

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select, union

from crisis_timeline import canonical
from crisis_timeline.errors import NotFoundError
from crisis_timeline.reading import BATCH, Query, answer, streams
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.version_sql import visibility
from crisis_timeline.views import At, Content, Filters, compare, iso

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View
    from crisis_timeline.store.event_store import EventStore

# The event models (pydantic classes for every event type) are imported by diff and audit
# only: a view command starts about 50 ms sooner without them.


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
    with engine.connect() as conn:
        yield from answer(SqlReader(conn), view, at, filters)


class SqlReader:
    """Runs reading's statements through SQLAlchemy, each built once per key; a view's walk
    streams in batches (a server-side cursor on PostgreSQL)."""

    _built: dict[str, Any] = {}

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def run(self, query: Query, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        statement = self._built.get(query.key)
        if statement is None:
            statement = self._built[query.key] = query.build()
        options = {"yield_per": BATCH} if streams(query) else {}
        return self.conn.execute(statement, values, execution_options=options)


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
