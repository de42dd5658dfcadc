"""How any view is read: its rows as of a moment, replay and diff, the registered sources.

Every view is an indexed query on the bitemporal projection table. At the current system
time (no --recorded-before) the queries walk partial indexes over the rows still recorded
(`recorded_until IS NULL`, migration 0003): a page (timeline, claims with --limit) walks the
sort index in the view's order and stops after the page; `--upcoming` walks the status index
class by class of the rows' span, each class in a window of its own (`_upcoming`).
The knowledge-time bounds are checked on index entries as the walk goes, never used to pick
an index (see `unindexed`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from crisis_timeline import canonical
from crisis_timeline.errors import NotFoundError
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.time import OPEN_END, OPEN_START, SPAN_LIMITS
from crisis_timeline.views import At, Content, Filters, compare, finished, iso, with_source_titles

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View
    from crisis_timeline.store.event_store import EventStore

# The event models (pydantic classes for every event type) are imported by diff and audit
# only: a view command starts about 50 ms sooner without them.

BATCH = 500
"""Rows fetched at a time while an answer streams (a server-side cursor on PostgreSQL)."""


class unindexed(FunctionElement[Any]):
    """A column as an operand no SQLite index is chosen for (`+column`); the plain column elsewhere.

    SQLite without ANALYZE statistics prefers a range on (projection, known_from) to walking
    the sort index, then sorts every version known before T. The unary plus keeps the
    comparison and takes the column out of the planner's choice. PostgreSQL plans from its
    statistics and gets the column itself.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _plus_column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def visibility(at: At) -> list[Any]:
    """SQL conditions selecting the versions that stood at (as_of, recorded_before)."""
    known: list[Any]
    recorded: list[Any]
    if at.as_of is None:
        known = [V.c.known_until.is_(None)]
    else:
        known = [
            unindexed(V.c.known_from) <= at.as_of,
            or_(V.c.known_until.is_(None), V.c.known_until > at.as_of),
        ]
    if at.recorded_before is None:
        recorded = [V.c.recorded_until.is_(None)]
    else:
        rb = at.recorded_before
        recorded = [
            V.c.recorded_from <= rb,
            or_(V.c.recorded_until.is_(None), V.c.recorded_until > rb),
        ]
    return known + recorded


def _prefilter(view: View, f: Filters) -> list[Any]:
    where: list[Any] = []
    narrowed = view.narrow(f) if view.narrow else None
    if narrowed is not None:
        statuses = sorted(narrowed.statuses)
        where.append(V.c.status.not_in(statuses) if narrowed.negated else V.c.status.in_(statuses))
    if f.status:
        where.append(V.c.status == f.status)
    if f.stream:
        where.append(V.c.stream == f.stream)
    return where


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
    where = [V.c.projection == view.name, *visibility(at), *_prefilter(view, filters)]
    # Bounded to SQL's integer range: --offset and --limit may each be as large as it.
    cap = (
        None
        if filters.limit is None or filters.python_only()
        else min(filters.offset + filters.limit, 2**63 - 1)
    )
    with engine.connect() as conn:
        if view.spans is not None and filters.upcoming:
            upcoming = _upcoming(conn, where, at, cap, view.spans)
            yield from finished(view, upcoming, at, filters)
            return
        rows: Iterator[Content] = (canonical.loads(c) for c in _walk(conn, view, where, cap))
        if view.with_source_titles:
            rows = with_source_titles(
                rows, lambda ids: _titles(conn, ids, at), first=min(cap or 1, 512)
            )
        yield from finished(view, rows, at, filters)


def _walk(conn: Connection, view: View, where: Sequence[Any], cap: int | None) -> Iterator[str]:
    """Contents in the view's order (View.open_last, View.by_rank), at most `cap`: two walks of
    the sort index, rows without a sort time and rows with one, each in the index's own order on
    both dialects (SQLite puts NULLs first, PostgreSQL last), each stopping at the cap."""
    by_rank = view.by_rank
    order = (V.c.sort_at, V.c.sort_rank, V.c.key) if by_rank else (V.c.sort_at, V.c.key)
    undated = select(V.c.content).where(*where, V.c.sort_at.is_(None)).order_by(*order)
    dated = select(V.c.content).where(*where, V.c.sort_at.is_not(None)).order_by(*order)
    count = 0
    for query in (dated, undated) if view.open_last else (undated, dated):
        if cap is not None:
            if count >= cap:
                return
            query = query.limit(cap - count)
        for content in conn.execute(query, execution_options={"yield_per": BATCH}).scalars():
            count += 1
            yield content


def _titles(conn: Connection, sources: list[str], at: At) -> dict[str, str]:
    """The titles of these sources as the sources view holds them at `at`."""
    from crisis_timeline.projections.sources import VIEW as SOURCES

    # A source's row is keyed by its stream: the (projection, stream) index finds it.
    query = select(V.c.stream, V.c.content).where(
        V.c.projection == SOURCES.name, V.c.stream.in_(sources), *visibility(at)
    )
    return {stream: canonical.loads(content)["title"] for stream, content in conn.execute(query)}


def _upcoming(
    conn: Connection, where: Sequence[Any], at: At, page: int | None, horizon: timedelta
) -> list[Content]:
    """Rows whose span is not over at `at`, read class by class of their span (time.span_class).

    A spanning view's rows (meetings: the scheduled time) hold their start (sort_at), its span
    class (sort_rank) and its end (sort_until), all in the status index. In a class of
    intervals at most W long, those going on at T started in (T - W, T] and end after T; those
    to come are walked in (start, key) order, only the first N of each class for a page of N.
    Open ends ("after 10 January") last `horizon` from their start (View.spans), a class of
    their own; open starts sort last,
    so they are read only when the rest does not fill the page. The walks read index entries
    only; contents are fetched for the answer alone. In the view's order (sort_at, key).
    """
    now = at.now()
    found = (V.c.id, V.c.sort_at, V.c.key) if page else (V.c.sort_at, V.c.key, V.c.content)
    parts = []
    for k in range(1, OPEN_END + 1):
        going = [
            V.c.sort_rank == k,
            V.c.sort_at <= now,
            or_(V.c.sort_until.is_(None), V.c.sort_until > now),
        ]
        if k <= len(SPAN_LIMITS) or k == OPEN_END:
            going.append(
                V.c.sort_at > _earlier(now, horizon if k == OPEN_END else SPAN_LIMITS[k - 1])
            )
        parts.append(select(*found).where(*where, *going))
        later = select(*found).where(*where, V.c.sort_rank == k, V.c.sort_at > now)
        parts.append(later.order_by(V.c.sort_at, V.c.key).limit(page) if page else later)
    no_start = select(*found).where(*where, V.c.sort_rank == OPEN_START).order_by(V.c.key)
    dated = select(*union_all(*(select(*p.subquery().c) for p in parts)).subquery().c)
    rows = sorted(conn.execute(dated), key=lambda r: (r.sort_at, r.key))
    if not page:  # everything: the contents straight from the walks
        return [canonical.loads(r.content) for r in [*rows, *conn.execute(no_start)]]
    ids = [r.id for r in rows[:page]]
    if len(ids) < page:
        ids += [r.id for r in conn.execute(no_start.limit(page - len(ids)))]
    return _contents(conn, ids)


def _contents(conn: Connection, ids: list[int]) -> list[Content]:
    """The contents of these projection rows (by primary key), decoded, in the order of `ids`."""
    found: dict[int, Content] = {}
    for chunk in chunked(ids):
        query = select(V.c.id, V.c.content).where(V.c.id.in_(chunk))
        found.update((row_id_, canonical.loads(c)) for row_id_, c in conn.execute(query))
    return [found[i] for i in ids]


def moments(engine: Engine, views: Sequence[View], at: At = At()) -> list[datetime]:
    """Every knowledge time at which one of these views' answers may change, sorted: the
    versions' known_from and known_until, and spanning views' ends (upcoming turns overdue)."""
    spanning = {v.name for v in views if v.spans is not None}
    # System time only: every knowledge time.
    recorded = visibility(At(None, at.recorded_before))[1:]
    columns = (V.c.projection, V.c.known_from, V.c.known_until, V.c.sort_until)
    names = [v.name for v in views]
    found: set[datetime] = set()
    with engine.connect() as conn:
        for name, known_from, known_until, until in conn.execute(
            select(*columns).where(V.c.projection.in_(names), *recorded).distinct()
        ):
            found.update(t for t in (known_from, known_until) if t is not None)
            if until is not None and name in spanning:
                found.add(until)
    return sorted(found)


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


def _sources(engine: Engine, source_ids: set[str]) -> dict[str, Content]:
    """Each source's registration as shown in an audit (sources not registered are left out)."""
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


def registered_sources(engine: Engine, source_ids: set[str]) -> dict[str, Content]:
    """Each source's registration (publisher, title, byline, …, sha256, rating), by source id."""
    return _sources(engine, source_ids)


def _earlier(at: datetime, span: timedelta) -> datetime:
    """at - span, or the first instant there is when that is before year 1 (--as-of 0001-01-01)."""
    try:
        return at - span
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)
