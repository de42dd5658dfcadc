"""A view's as-of answer from a SQLite file with sqlite3 alone: the statements of reading.py
as generate.py compiled them (statements.py), run in one read transaction.

`open_sqlite_read` (through `lean.answer.open_read`) answers None whenever the full path
(SQLAlchemy) must answer instead: a file that is not there, a read-only mount, a schema other
than this program's, a shape of query not compiled (--recorded-before, a stream filter), or
views behind the log when this process may write them (the full path catches them up first).
A reader of views that are behind gets the same answer, with where they stand
(`Lean.standing`) for its note.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisis_timeline.lean.answer import Lean, closing, needed, open_read, standing_of
from crisis_timeline.lean.statements import (
    HEAD,
    POSITIONS,
    REVISIONS,
    SCHEMA_REVISION,
    STATEMENTS,
    VIEWS,
)
from crisis_timeline.projections.standing import Standing
from crisis_timeline.reading import Query, answer
from crisis_timeline.store.sqlite_files import (
    SQLITE_BUSY_TIMEOUT_S,
    SQLITE_CACHE_KIB,
    may_write_file,
    on_read_only_filesystem,
    sqlite_text,
)
from crisis_timeline.views import At, Filters

__all__ = ["Lean", "SqliteReader", "needed", "open_read", "open_sqlite_read"]

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View

from crisis_timeline.lean.statements import Compiled


class SqliteReader:
    """Runs compiled statements on a sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def run(self, query: Query, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        return self.execute(STATEMENTS[query.key], values)

    def execute(self, compiled: Compiled, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        sql, names, bound = compiled
        expanding = {name for name in names if f"__[POSTCOMPILE_{name}]" in sql}
        args: list[Any] = []
        for name in names:  # in the order the placeholders are written
            value = values[name] if name in values else bound[name]
            if name in expanding:  # one placeholder per value, as SQLAlchemy writes them
                marks = ", ".join("?" * len(value))
                sql = sql.replace(f"__[POSTCOMPILE_{name}]", marks, 1)
                args.extend(_bound(v) for v in value)
            else:
                args.append(_bound(value))
        return self.conn.execute(sql, args)


def _bound(value: Any) -> Any:
    return sqlite_text(value) if isinstance(value, datetime) else value


def open_sqlite_read(location: str, view: View, at: At, f: Filters) -> Lean | None:
    """The view's rows at `at` read from the SQLite file at `location`, or None for the full
    path (see the module's docstring)."""
    if any(q.key not in STATEMENTS for q in needed(view, at, f)):
        return None
    path = Path(location).expanduser()
    if not path.is_file() or on_read_only_filesystem(path):
        return None
    conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)
    try:
        standing = _standing(conn)
    except BaseException:
        conn.close()
        raise
    if standing is None or (standing.lag and may_write_file(str(path))):
        conn.close()
        return None
    return Lean(closing(conn, answer(SqliteReader(conn), view, at, f)), standing)


def _standing(conn: sqlite3.Connection) -> Standing | None:
    """In a read transaction opened here: where the views stand, or None when the database is
    not at this program's schema (the full path says what is wrong)."""
    try:
        conn.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA query_only=ON")
        conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        conn.execute("BEGIN")
        revisions = [r for (r,) in conn.execute(REVISIONS)]
    except sqlite3.Error:  # not a database, or not one of ours: the full path says which
        return None
    if revisions != [SCHEMA_REVISION]:
        return None
    return standing_of(SqliteReader(conn).execute, HEAD, POSITIONS, VIEWS)
