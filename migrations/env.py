"""Alembic environment: runs on a connection handed over by crisis_timeline.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import in_metadata, metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=in_metadata,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url or pass a connection in config.attributes")
    with open_engine(url, must_exist=False).connect() as conn:
        run(conn)
        conn.commit()
