"""The SQL terms every read of the projection table is made of: which versions stood at a
moment (`visibility`), what SQL may narrow a view to (`prefilter`), and the statements of a
view's walk, of rows by id and of rows by stream (reading.py runs them). `unindexed` (a column
no SQLite index is chosen for) is the store's.

Moments, filter values and limits are named bound parameters (`as_of`, `recorded_before`,
`status`, `stream`, `cap`, `ids`, `streams`), so that a statement built once for a shape of
query (reading.shape) runs again with new values, and compiled once for SQLite it runs without
SQLAlchemy (lean/statements.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, or_, select

from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.views import At, Filters

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View


def visibility(at: At) -> list[Any]:
    """SQL conditions selecting the versions that stood at (as_of, recorded_before)."""
    known: list[Any]
    recorded: list[Any]
    if at.as_of is None:
        known = [V.c.known_until.is_(None)]
    else:
        as_of = bindparam("as_of", at.as_of, type_=V.c.known_from.type)
        known = [
            unindexed(V.c.known_from) <= as_of,
            or_(V.c.known_until.is_(None), V.c.known_until > as_of),
        ]
    if at.recorded_before is None:
        recorded = [V.c.recorded_until.is_(None)]
    else:
        rb = bindparam("recorded_before", at.recorded_before, type_=V.c.recorded_from.type)
        recorded = [
            V.c.recorded_from <= rb,
            or_(V.c.recorded_until.is_(None), V.c.recorded_until > rb),
        ]
    return known + recorded


def prefilter(view: View, f: Filters, status: Any = V.c.status) -> list[Any]:
    """The conditions SQL applies for these filters before the view's own (on `status`: the
    column, or an operand of it no index is chosen for)."""
    where: list[Any] = []
    narrowed = view.narrow(f) if view.narrow else None
    if narrowed is not None:
        statuses = sorted(narrowed.statuses)
        where.append(status.not_in(statuses) if narrowed.negated else status.in_(statuses))
    if f.status:
        where.append(status == bindparam("status", f.status, type_=V.c.status.type))
    if f.stream:
        where.append(V.c.stream == bindparam("stream", f.stream, type_=V.c.stream.type))
    return where


def walk_statements(view: View, at: At, f: Filters, capped: bool) -> tuple[Any, Any]:
    """The two walks of the sort index that give a view's contents in its order (View.open_last,
    View.by_rank), in the order they are walked: rows without a sort time and rows with one,
    each in the index's own order on both dialects (SQLite puts NULLs first, PostgreSQL last);
    `LIMIT :cap` on each when `capped`.

    The rows of one stream (a stream filter: audit's check) are found by the (projection,
    stream) index and sorted after: walking the sort index would read the whole view for them.
    """
    where = [V.c.projection == view.name, *visibility(at), *prefilter(view, f)]
    order: tuple[Any, ...] = (
        (V.c.sort_at, V.c.sort_rank, V.c.key) if view.by_rank else (V.c.sort_at, V.c.key)
    )
    if f.stream:
        order = tuple(unindexed(c) for c in order)
    undated = select(V.c.content).where(*where, V.c.sort_at.is_(None)).order_by(*order)
    dated = select(V.c.content).where(*where, V.c.sort_at.is_not(None)).order_by(*order)
    if capped:
        cap = bindparam("cap", type_=V.c.sort_rank.type)
        undated, dated = undated.limit(cap), dated.limit(cap)
    return (dated, undated) if view.open_last else (undated, dated)


def of_streams_statement(name: str, at: At) -> Any:
    """(stream, content) of a one-row-per-stream view (sources, places) for the streams in
    `:streams` at `at`: such a row is keyed by its stream, so the (projection, stream) index
    finds it."""
    streams = bindparam("streams", expanding=True, type_=V.c.stream.type)
    return select(V.c.stream, V.c.content).where(
        V.c.projection == name, V.c.stream.in_(streams), *visibility(at)
    )


BY_ID = select(V.c.id, V.c.content).where(V.c.id.in_(bindparam("ids", expanding=True)))
"""Projection rows' contents by primary key."""
