"""Write transactions that serialise writers: BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

APPEND_LOCK = 0x63726973
"""Taken by every event append before it picks positions, so commits happen in position order."""

PROJECTION_LOCK = 0x63726974
"""Taken by projection catch-up and rebuild, so two processes never fold the same events twice."""


@contextmanager
def write_transaction(engine: Engine, lock: int) -> Iterator[Connection]:
    """A transaction holding `lock` until it commits (or rolls back on error)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            yield conn
