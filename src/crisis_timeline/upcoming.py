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

The statement (a union of two walks per class) is built once per shape of query
(reading.shape) and run with the moment's values as parameters (reading.upcoming): building it
anew cost more than running it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, bindparam, or_, select, union_all

from crisis_timeline.reading import shape
from crisis_timeline.spans import OPEN_END, OPEN_START, SPAN_LIMITS
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.version_sql import prefilter, visibility
from crisis_timeline.views import At, Filters

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View

_STATEMENTS: dict[tuple[str, bool], tuple[Select[Any], Select[Any]]] = {}
"""(the walks with a start, the walk of open starts) by shape and whether a page is asked."""


def statements(
    view: View, at: At, filters: Filters, paged: bool
) -> tuple[Select[Any], Select[Any]]:
    """The walks with a start, whose rows are (sort_at, key, content), or (sort_at, key, id)
    when `paged` (`LIMIT :page` on each class's walk of what is to come), and the walk of open
    starts (`LIMIT :rest` when paged); reading.upcoming runs them."""
    key = (shape(view, at, filters), paged)
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = _statements(view, at, filters, paged)
    return found


def _statements(
    view: View, at: At, filters: Filters, paged: bool
) -> tuple[Select[Any], Select[Any]]:
    where = [V.c.projection == view.name, *visibility(at), *prefilter(view, filters)]
    found = (V.c.sort_at, V.c.key, V.c.id if paged else V.c.content)
    now = bindparam("now", type_=V.c.sort_at.type)
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
        if paged:
            page = bindparam("page", type_=V.c.sort_rank.type)
            later = later.order_by(V.c.sort_at, V.c.key).limit(page)
        parts.append(later)
    no_start = select(*found).where(*where, V.c.sort_rank == OPEN_START).order_by(V.c.key)
    if paged:
        no_start = no_start.limit(bindparam("rest", type_=V.c.sort_rank.type))
    dated = select(*union_all(*(select(*p.subquery().c) for p in parts)).subquery().c)
    return dated, no_start
