"""What the lean read paths share: an answer being read (`Lean`), the statements a query
needs (`needed`), and `open_read`, which hands a location to the path for it: a SQLite file to
lean/read.py (sqlite3), a PostgreSQL URL to lean/pg.py (psycopg). Each imports only its own
driver and statements; None means the full path (SQLAlchemy) answers instead."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from crisis_timeline.projections.standing import Standing, of_recorded
from crisis_timeline.reading import (
    UPCOMING_PAGED,
    Query,
    by_id_query,
    of_streams_query,
    upcoming_query,
    walk_query,
)
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View


@dataclass
class Lean:
    """An answer being read: its rows (read as they are asked for; the connection closes after
    the last) and where the views stood in the same transaction."""

    rows: Iterator[Content]
    standing: Standing


def needed(view: View, at: At, f: Filters) -> list[Query]:
    """Every statement `answer` may run for this query."""
    found = [by_id_query(), of_streams_query("sources", at), of_streams_query("places", at)]
    found += [walk_query(view, at, f, part, capped) for part in (0, 1) for capped in (False, True)]
    if view.spans is not None and f.upcoming:
        found += [upcoming_query(view, at, f, which, False) for which in ("dated", "no_start")]
        found += [upcoming_query(view, at, f, which, True) for which in UPCOMING_PAGED]
    return found


Execute = Callable[[Any, dict[str, Any]], Iterable[Sequence[Any]]]
"""A lean reader's `execute`: a compiled statement and its values to rows."""


class Closable(Protocol):
    def close(self) -> None: ...


def standing_of(execute: Execute, head: Any, positions: Any, views: Sequence[str]) -> Standing:
    """Where the views stand, read with the path's compiled HEAD and POSITIONS statements."""
    ((top,),) = execute(head, {})
    stored = {str(name): int(position) for name, position in execute(positions, {})}
    at = of_recorded(stored, views)
    return Standing(min(at.values(), default=int(top)), int(top))


def closing(conn: Closable, rows: Iterator[Content]) -> Iterator[Content]:
    """The rows, then the connection closed (when they end, fail or are dropped)."""
    try:
        yield from rows
    finally:
        conn.close()


def open_read(location: str, view: View, at: At, f: Filters) -> Lean | None:
    """The view's rows at `at` from the database at `location` (a SQLite file or a PostgreSQL
    URL) without SQLAlchemy, or None when the full path must answer."""
    if "://" in location:
        from crisis_timeline.lean.pg import open_pg_read

        return open_pg_read(location, view, at, f)
    from crisis_timeline.lean.read import open_sqlite_read

    return open_sqlite_read(location, view, at, f)
