"""What SQLite needs without SQLAlchemy: its settings, whether a file may be written, and how
an instant is stored as text. The engine (engine.py), the table types (schema.py) and the lean
read path (lean/read.py) share them."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from crisis_timeline.timepoints import CACHE_SIZE

SQLITE_BUSY_TIMEOUT_S = 60.0
SQLITE_CACHE_KIB = 65536
"""SQLite's page cache per connection, in KiB (allocated as pages are read, not up front)."""


def on_read_only_filesystem(path: Path) -> bool:
    """Is this existing database file on a file system mounted read-only?"""
    try:
        return path.is_file() and bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def may_write_file(path: str) -> bool:
    """May this process write a SQLite file (and make its journal beside it)?"""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


@lru_cache(
    maxsize=CACHE_SIZE
)  # the same instants recur on thousands of rows (recorded_at, reported)
def sqlite_text(value: datetime | None) -> str | None:
    """An instant as SQLite stores it: naive UTC text with microseconds; text order is time order.

    The same text SQLAlchemy's SQLite DateTime writes, made in one step (it is on every hot path).
    """
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")
