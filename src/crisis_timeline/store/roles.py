"""PostgreSQL roles: a reader that can only SELECT, a writer that can only SELECT and INSERT events.

Writers serialise on advisory locks (store.transactions). Any role may take an advisory lock
by default, so a reader could stall every writer by holding it: the lock functions are
revoked from PUBLIC in this database and granted to the writer and to the role granting.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text

from crisis_timeline.errors import ConfigError
from crisis_timeline.store.privileges import MAY_WRITE_VIEWS
from crisis_timeline.store.schema import events
from crisis_timeline.store.sqlite_files import may_write_file

APPEND_ONLY_TABLES = (events.name,)
READ_ONLY_TABLES = ("alembic_version",)
LOCK_FUNCTIONS = tuple(
    f"pg_catalog.{name}({args})"
    for name in (
        "pg_advisory_lock",
        "pg_advisory_lock_shared",
        "pg_try_advisory_lock",
        "pg_try_advisory_lock_shared",
        "pg_advisory_xact_lock",
        "pg_advisory_xact_lock_shared",
        "pg_try_advisory_xact_lock",
        "pg_try_advisory_xact_lock_shared",
    )
    for args in ("bigint", "integer, integer")
)
"""Every way to take an advisory lock, session or transaction scoped."""


def grant_roles(engine: Engine, *, reader: str | None, writer: str | None) -> list[str]:
    """Grant existing roles their access; returns what was granted, a line each."""
    if engine.dialect.name != "postgresql":
        raise ConfigError("roles are a PostgreSQL feature; SQLite relies on file permissions")
    done: list[str] = []
    with engine.begin() as conn:
        quote = conn.dialect.identifier_preparer.quote
        tables = inspect(conn).get_table_names()
        views = inspect(conn).get_view_names()  # read-only for both (migration 0005)
        conn.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(events.name)} FROM PUBLIC"))
        for role in filter(None, (reader, writer)):
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quote(role)}"))
            conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quote(role)}"))
            conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quote(role)}"))
        for role in filter(None, (reader, writer)):
            for view in views:
                conn.execute(text(f"GRANT SELECT ON {quote(view)} TO {quote(role)}"))
        if reader:
            for table in tables:
                conn.execute(text(f"GRANT SELECT ON {quote(table)} TO {quote(reader)}"))
            done.append(f"{reader}: SELECT on {', '.join(sorted(tables))}")
        if writer:
            _grant_writer(conn, writer, tables)
            done.append(
                f"{writer}: SELECT, INSERT on events; read-model tables writable; "
                "temporary tables (an import's scratch)"
            )
        done += _lock_functions(conn, reader, writer)
    return done


def _grant_writer(conn: Connection, writer: str, tables: list[str]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        rights = (
            "SELECT"
            if table in READ_ONLY_TABLES
            else "SELECT, INSERT"
            if table in APPEND_ONLY_TABLES
            else "SELECT, INSERT, UPDATE, DELETE"
        )
        conn.execute(text(f"GRANT {rights} ON {quote(table)} TO {quote(writer)}"))
    # An import keeps the ids its file has named in a temporary table (store.first_lines): not
    # left to PUBLIC's default, which a careful administrator revokes.
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    conn.execute(text(f"GRANT TEMPORARY ON DATABASE {quote(database)} TO {quote(writer)}"))
    # The projections' row ids come from a sequence (projection_versions.id).
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quote(writer)}"))


def _lock_functions(conn: Connection, reader: str | None, writer: str | None) -> list[str]:
    """Advisory locks for writers only: revoked from PUBLIC, granted to the writer and to us."""
    quote = conn.dialect.identifier_preparer.quote
    if not conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar_one():
        return ["advisory locks: left open to every role (revoking them takes a superuser)"]
    holders = [r for r in (writer, conn.execute(text("SELECT session_user")).scalar_one()) if r]
    for function in LOCK_FUNCTIONS:
        conn.execute(text(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC"))
        if reader:
            conn.execute(text(f"REVOKE EXECUTE ON FUNCTION {function} FROM {quote(reader)}"))
        for role in holders:
            conn.execute(text(f"GRANT EXECUTE ON FUNCTION {function} TO {quote(role)}"))
    return [f"advisory locks: only {', '.join(holders)} (and superusers) may take them"]


def may_write_views(engine: Engine) -> bool:
    """Can this connection write the projection tables? (A reader or a read-only file cannot.)"""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if engine.url.query.get("immutable") == "1":  # on a read-only mount (store.engine)
            return False
        if path in (None, "", ":memory:"):
            return True
        return may_write_file(path)
    with engine.connect() as conn:
        return bool(conn.execute(text(MAY_WRITE_VIEWS)).scalar_one())
