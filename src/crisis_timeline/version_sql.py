"""The SQL terms every read of the projection table is made of: which versions stood at a
moment (`visibility`), what SQL may narrow a view to (`prefilter`), contents by row id, and a
column no SQLite index is chosen for (`unindexed`, from the store).

Moments and filter values are named bound parameters (`as_of`, `recorded_before`, `status`,
`stream`), so that a statement built once for a shape of query runs again with new values
(`upcoming` keeps its statements; SQLAlchemy keeps their compiled SQL).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Connection, bindparam, or_, select

from crisis_timeline import canonical
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.views import At, Content, Filters

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


def prefilter(view: View, f: Filters) -> list[Any]:
    """The conditions SQL applies for these filters before the view's own."""
    where: list[Any] = []
    narrowed = view.narrow(f) if view.narrow else None
    if narrowed is not None:
        statuses = sorted(narrowed.statuses)
        where.append(V.c.status.not_in(statuses) if narrowed.negated else V.c.status.in_(statuses))
    if f.status:
        where.append(V.c.status == bindparam("status", f.status, type_=V.c.status.type))
    if f.stream:
        where.append(V.c.stream == bindparam("stream", f.stream, type_=V.c.stream.type))
    return where


def shape(view: View, at: At, f: Filters) -> tuple[Any, ...]:
    """What the conditions of (visibility, prefilter) depend on other than bound values: two
    queries of one shape differ in their parameters (`parameters`) only."""
    narrowed = view.narrow(f) if view.narrow else None
    return (
        view.name,
        at.as_of is None,
        at.recorded_before is None,
        narrowed,
        bool(f.status),
        bool(f.stream),
    )


def parameters(at: At, f: Filters) -> dict[str, Any]:
    """The values of the named parameters of `visibility(at)` and `prefilter(view, f)`."""
    return {
        "as_of": at.as_of,
        "recorded_before": at.recorded_before,
        "status": f.status,
        "stream": f.stream,
    }


T = TypeVar("T")
_KEPT: dict[Hashable, object] = {}
"""Statements by shape of query: few (views × which clocks × which filters), built once each."""


def kept(key: Hashable, build: Callable[[], T]) -> T:
    """The statement kept under `key`, built by `build()` the first time."""
    found = _KEPT.get(key)
    if found is None:
        found = _KEPT[key] = build()
    return cast(T, found)


_BY_ID = select(V.c.id, V.c.content).where(V.c.id.in_(bindparam("ids", expanding=True)))


def contents(conn: Connection, ids: Sequence[int]) -> list[Content]:
    """The contents of these projection rows (by primary key), decoded, in the order of `ids`."""
    found: dict[int, Content] = {}
    for chunk in chunked(ids):
        rows = conn.execute(_BY_ID, {"ids": list(chunk)})
        found.update((row_id, canonical.loads(c)) for row_id, c in rows)
    return [found[i] for i in ids]
