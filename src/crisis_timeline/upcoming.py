"""How a spanning view's rows not over at a moment are read (`--upcoming`), by the status
index, class by class of their span (time.span_class).

A spanning view's rows (meetings: the scheduled time) hold their start (sort_at), its span
class (sort_rank) and its end (sort_until), all in the status index. In a class of intervals
at most W long, those going on at T started in (T - W, T] and end after T; those to come are
walked in (start, key) order, only the first N of each class for a page of N. Open ends
("after 10 January") last the view's horizon from their start (View.spans), a class of their
own; open starts sort last, so they are read only when the rest does not fill the page. The
walks read index entries only; contents are fetched for the answer alone. In the view's order
(sort_at, key).

A page's walks of what is to come are bounded first (`bound`): the start of the page-th row to
come, whatever its class, found by walking the sort index from the moment on. Without it a
class with fewer rows to come than a page (months, open ends) is walked to its end, every
version of every later meeting of the class, and that grows with the store; with it each walk
stops at the start the page reaches (`within`), rows starting then included.

The statement (a union of two walks per class) is built once per shape of query
(reading.shape) and run with the moment's values as parameters (reading.upcoming): building it
anew cost more than running it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Select, bindparam, or_, select, union_all

from crisis_timeline.reading import shape
from crisis_timeline.spans import OPEN_END, OPEN_START, SPAN_LIMITS
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.version_sql import prefilter, visibility
from crisis_timeline.views import At, Filters

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View


class Walks(NamedTuple):
    """A spanning view's `--upcoming` statements for one shape of query (reading.upcoming runs
    them): the walks with a start, whose rows are (sort_at, key, content), or (sort_at, key, id)
    for a page (`LIMIT :page` on each class's walk of what is to come); the same for a page with
    those walks bounded (`sort_at <= :bound`; None when not paged); the start of the `:skip`+1th
    row to come (`bound`; None when not paged); the walk of open starts (`LIMIT :rest` when
    paged)."""

    dated: Select[Any]
    within: Select[Any] | None
    bound: Select[Any] | None
    no_start: Select[Any]


_STATEMENTS: dict[tuple[str, bool], Walks] = {}
"""The statements by shape and whether a page is asked."""


def statements(view: View, at: At, filters: Filters, paged: bool) -> Walks:
    """The statements of `view`'s `--upcoming` for this shape of query (see Walks)."""
    key = (shape(view, at, filters), paged)
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = _statements(view, at, filters, paged)
    return found


def _statements(view: View, at: At, filters: Filters, paged: bool) -> Walks:
    where = [V.c.projection == view.name, *visibility(at), *prefilter(view, filters)]
    found = (V.c.sort_at, V.c.key, V.c.id if paged else V.c.content)
    now = bindparam("now", type_=V.c.sort_at.type)
    no_start = select(*found).where(*where, V.c.sort_rank == OPEN_START).order_by(V.c.key)
    if not paged:
        return Walks(_dated(where, found, now, None), None, None, no_start)
    no_start = no_start.limit(bindparam("rest", type_=V.c.sort_rank.type))
    return Walks(
        _dated(where, found, now, False),
        _dated(where, found, now, True),
        _bound(view, at, filters, now),
        no_start,
    )


def _dated(where: list[Any], found: tuple[Any, ...], now: Any, bounded: bool | None) -> Select[Any]:
    """The union of each class's two walks, those going on at :now and those to come after it
    (paged unless `bounded` is None; bounded by :bound when `bounded`)."""
    parts = []
    for k in range(1, OPEN_END + 1):
        going = [
            V.c.sort_rank == k,
            V.c.sort_at <= now,
            or_(V.c.sort_until.is_(None), V.c.sort_until > now),
        ]
        if k <= len(SPAN_LIMITS) or k == OPEN_END:
            going.append(V.c.sort_at > bindparam(f"earlier_{k}", type_=V.c.sort_at.type))
        parts.append(select(*found).where(*where, *going))
        later = select(*found).where(*where, V.c.sort_rank == k, V.c.sort_at > now)
        if bounded:
            later = later.where(V.c.sort_at <= bindparam("bound", type_=V.c.sort_at.type))
        if bounded is not None:
            page = bindparam("page", type_=V.c.sort_rank.type)
            later = later.order_by(V.c.sort_at, V.c.key).limit(page)
        parts.append(later)
    return select(*union_all(*(select(*p.subquery().c) for p in parts)).subquery().c)


def _bound(view: View, at: At, filters: Filters, now: Any) -> Select[Any]:
    """The start of the (:skip + 1)th row to come after :now in start order, whatever its class:
    the sort index walked from :now, status and knowledge time checked on its entries (status
    and class kept out of the planner's choice: by the status index it would sort them all)."""
    where = [
        V.c.projection == view.name,
        *visibility(at),
        *prefilter(view, filters, unindexed(V.c.status)),
        unindexed(V.c.sort_rank) <= OPEN_END,
        V.c.sort_at > now,
    ]
    skip = bindparam("skip", type_=V.c.sort_rank.type)
    return select(V.c.sort_at).where(*where).order_by(V.c.sort_at).limit(1).offset(skip)
