"""A view's as-of answer from PostgreSQL with psycopg alone: the statements of reading.py as
generate.py compiled them for PostgreSQL (pg_statements.py), in one read-only transaction.

As lean/read.py does for a SQLite file, `open_pg_read` (through `lean.answer.open_read`)
answers None whenever the full path (SQLAlchemy) must answer instead: a URL that is not
PostgreSQL's or that psycopg cannot connect with (the full path then says what is wrong), a
schema other than this program's, a shape of query not compiled, or views behind the log when
this role may write them (the full path catches them up first). A reader role of views that
are behind gets the same answer, with where they stand for its note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.lean.answer import Lean, closing, needed, standing_of
from crisis_timeline.lean.pg_statements import (
    HEAD,
    POSITIONS,
    REVISIONS,
    SCHEMA_REVISION,
    STATEMENTS,
    VIEWS,
    Compiled,
)
from crisis_timeline.projections.standing import Standing
from crisis_timeline.reading import BATCH, Query, answer, streams
from crisis_timeline.store.privileges import MAY_WRITE_VIEWS
from crisis_timeline.views import At, Filters

if TYPE_CHECKING:
    import psycopg

    from crisis_timeline.projections.view import View

SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")
"""The URLs this path reads (the driver part of SQLAlchemy's is psycopg's own)."""


class PgReader:
    """Runs compiled statements on a psycopg connection; a view's walk streams through a
    server-side cursor, BATCH rows at a time, as the full path's does."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._walks = 0

    def run(self, query: Query, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        if not streams(query):
            return self.execute(STATEMENTS[query.key], values)
        self._walks += 1  # a walk a page stopped early stays open until the transaction ends
        cursor = self.conn.cursor(name=f"walk_{self._walks}")
        cursor.itersize = BATCH
        return cursor.execute(*self._arguments(STATEMENTS[query.key], values))

    def execute(self, compiled: Compiled, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        return self.conn.execute(*self._arguments(compiled, values)).fetchall()

    @staticmethod
    def _arguments(compiled: Compiled, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        sql, names, bound = compiled
        return sql, {name: values[name] if name in values else bound[name] for name in names}


def libpq_url(url: str) -> str | None:
    """The libpq connection URI of a SQLAlchemy PostgreSQL URL (None for any other URL)."""
    scheme = next((s for s in SCHEMES if url.startswith(s)), None)
    return None if scheme is None else "postgresql://" + url[len(scheme) :]


def open_pg_read(url: str, view: View, at: At, f: Filters) -> Lean | None:
    """The view's rows at `at` read from the PostgreSQL database at `url`, or None for the full
    path (see the module's docstring)."""
    conninfo = libpq_url(url)
    if conninfo is None or any(q.key not in STATEMENTS for q in needed(view, at, f)):
        return None
    import psycopg

    try:
        conn = psycopg.connect(conninfo, options="-c TimeZone=UTC")
    except psycopg.Error:  # the full path connects again and says what is wrong
        return None
    try:
        conn.read_only = True
        standing = _standing(conn)
        if standing is None or (standing.lag and _may_write(conn)):
            conn.close()
            return None
    except BaseException:
        conn.close()
        raise
    return Lean(closing(conn, answer(PgReader(conn), view, at, f)), standing)


def _standing(conn: psycopg.Connection[Any]) -> Standing | None:
    """Where the views stand, in the read transaction the first statement opens; None when the
    database is not at this program's schema (the full path says what is wrong)."""
    import psycopg

    try:
        revisions = [r for (r,) in conn.execute(REVISIONS)]
    except psycopg.Error:
        return None
    if revisions != [SCHEMA_REVISION]:
        return None
    return standing_of(PgReader(conn).execute, HEAD, POSITIONS, VIEWS)


def _may_write(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute(MAY_WRITE_VIEWS).fetchone()
    return bool(row and row[0])
