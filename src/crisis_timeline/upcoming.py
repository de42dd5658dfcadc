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
(version_sql.shape) and run with the moment's values as parameters: building it anew cost more
than running it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, bindparam, or_, select, union_all

from crisis_timeline import canonical
from crisis_timeline.spans import OPEN_END, OPEN_START, SPAN_LIMITS
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.version_sql import contents, parameters, prefilter, shape, visibility
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View

_STATEMENTS: dict[tuple[Any, ...], tuple[Select[Any], Select[Any]]] = {}
"""(the walks with a start, the walk of open starts) by shape and whether a page is asked."""


def upcoming(
    conn: Connection, view: View, at: At, filters: Filters, page: int | None
) -> list[Content]:
    """The rows of `view` (which spans) not over at `at` that SQL can select for `filters`, the
    first `page` of them (all for None), in (sort_at, key) order."""
    assert view.spans is not None
    key = (*shape(view, at, filters), bool(page))
    statements = _STATEMENTS.get(key)
    if statements is None:
        statements = _STATEMENTS[key] = _statements(view, at, filters, bool(page))
    dated, no_start = statements
    now = at.now()
    values = {**parameters(at, filters), "now": now, "page": page}
    for k in range(1, len(SPAN_LIMITS) + 1):
        values[f"earlier_{k}"] = _earlier(now, SPAN_LIMITS[k - 1])
    values[f"earlier_{OPEN_END}"] = _earlier(now, view.spans)
    rows = sorted(conn.execute(dated, values), key=lambda r: (r.sort_at, r.key))
    if not page:  # everything: the contents straight from the walks
        return [canonical.loads(r.content) for r in [*rows, *conn.execute(no_start, values)]]
    ids = [r.id for r in rows[:page]]
    if len(ids) < page:
        ids += [r.id for r in conn.execute(no_start, {**values, "rest": page - len(ids)})]
    return contents(conn, ids)


def _statements(
    view: View, at: At, filters: Filters, paged: bool
) -> tuple[Select[Any], Select[Any]]:
    where = [V.c.projection == view.name, *visibility(at), *prefilter(view, filters)]
    found = (V.c.id, V.c.sort_at, V.c.key) if paged else (V.c.sort_at, V.c.key, V.c.content)
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


def _earlier(at: datetime, span: timedelta) -> datetime:
    """at - span, or the first instant there is when that is before year 1 (--as-of 0001-01-01)."""
    try:
        return at - span
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)
