"""Write transactions that serialise writers: SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock.

A writer waits for the lock at most `lock_timeout()` seconds, then gives up with a message
saying so: a stuck or hostile session holding the lock stalls nobody for ever.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from crisis_timeline.errors import ConfigError, CrisisError

APPEND_LOCK = 0x63726973
"""Taken by every event append before it picks positions, so commits happen in position order."""

PROJECTION_LOCK = 0x63726974
"""Taken by projection catch-up and rebuild, so two processes never fold the same events twice."""

LOCK_TIMEOUT_ENV = "CRISIS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 60.0


class LockTimeoutError(CrisisError):
    """Another writer held the write lock for longer than this one would wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"another writer has held the write lock for more than {seconds:g} s; "
            f"nothing was written (try again, or wait longer with {LOCK_TIMEOUT_ENV}=SECONDS)"
        )


def lock_timeout() -> float:
    """Seconds a writer waits for the write lock: CRISIS_LOCK_TIMEOUT, else 60."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400:
        raise ConfigError(f"{LOCK_TIMEOUT_ENV}: expected seconds between 0 and 86400, not {raw!r}")
    return seconds


@contextmanager
def write_transaction(engine: Engine, lock: int) -> Iterator[Connection]:
    """A transaction holding `lock` until it commits (or rolls back on error)."""
    seconds = lock_timeout()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
            # On the driver's connection: a statement through SQLAlchemy would begin a transaction.
            driver = conn.connection.driver_connection
            driver.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")  # type: ignore[union-attr]
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    _advisory_lock(conn, lock, seconds)
                yield conn
        except OperationalError as e:
            if _is_lock_wait(e):
                raise LockTimeoutError(seconds) from None
            raise


def _advisory_lock(conn: Connection, lock: int, seconds: float) -> None:
    conn.execute(text(f"SET LOCAL lock_timeout = {int(seconds * 1000)}"))
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
    conn.execute(text("SET LOCAL lock_timeout = DEFAULT"))


def _is_lock_wait(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code == "55P03" or "database is locked" in str(error.orig)
