"""PostgreSQL roles: a reader that can only SELECT, a writer that can only SELECT and INSERT events."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from crisis_timeline.errors import ConfigError
from crisis_timeline.store.schema import events

APPEND_ONLY_TABLES = (events.name,)
READ_ONLY_TABLES = ("alembic_version",)


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
        for role in filter(None, (reader, writer)):
            for view in views:
                conn.execute(text(f"GRANT SELECT ON {quote(view)} TO {quote(role)}"))
        if reader:
            for table in tables:
                conn.execute(text(f"GRANT SELECT ON {quote(table)} TO {quote(reader)}"))
            done.append(f"{reader}: SELECT on {', '.join(sorted(tables))}")
        if writer:
            for table in tables:
                rights = (
                    "SELECT" if table in READ_ONLY_TABLES
                    else "SELECT, INSERT" if table in APPEND_ONLY_TABLES
                    else "SELECT, INSERT, UPDATE, DELETE"
                )
                conn.execute(text(f"GRANT {rights} ON {quote(table)} TO {quote(writer)}"))
            done.append(f"{writer}: SELECT, INSERT on events; read-model tables writable")
    return done
