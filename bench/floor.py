"""The physical floor: plain sqlite3, no library, on rows of exactly the store's shape and size.

Insert: `executemany` of the store's own rows (same columns, same JSON texts, same indexes and
unique constraints as the migrated `events` table) into a fresh file, in one transaction.
Insert with triggers: the same, into a table that also has the store's append-only triggers
(one of them fires on every INSERT), as INSERT OR FAIL as the store inserts; the store cannot
insert faster than this.
Scan: one `SELECT data` over every row in position order, `json.loads` of each payload.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine

COLUMNS = (
    "position",
    "id",
    "stream",
    "version",
    "type",
    "schema_version",
    "data",
    "occurred",
    "occurred_start",
    "occurred_end",
    "reported",
    "reported_start",
    "evidence",
    "recorded_at",
    "recorded_by",
    "prev_hash",
    "hash",
)
PAGE = 5000


def events_ddl(workdir: Path, triggers: bool = False) -> list[str]:
    """CREATE statements of the migrated SQLite `events` table, its indexes (and triggers)."""
    return table_ddl(workdir, "events", triggers)


def table_ddl(workdir: Path, table: str, triggers: bool = False) -> list[str]:
    """CREATE statements of a migrated SQLite table and its indexes (and its triggers)."""
    path = workdir / "ddl-template.db"
    engine = open_engine(str(path), must_exist=False)
    migrate.upgrade(engine)
    engine.dispose()
    kinds = "('table', 'index', 'trigger')" if triggers else "('table', 'index')"
    with sqlite3.connect(path) as conn:
        rows = conn.execute(  # the table first, then its indexes, then its triggers
            f"SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN {kinds} "
            "AND sql IS NOT NULL ORDER BY type = 'trigger', type DESC",
            (table,),
        ).fetchall()
    path.unlink()
    return [r[0] for r in rows]


def store_rows(engine: Engine) -> Iterator[list[tuple[Any, ...]]]:
    """The store's rows in position order, in pages, with times as SQLite stores them."""
    query = text(
        f"SELECT {', '.join(COLUMNS)} FROM events "
        "WHERE position > :after ORDER BY position LIMIT :n"
    )
    after = 0
    while True:
        with engine.connect() as conn:
            page = [
                tuple(sqlite_value(v) for v in row)
                for row in conn.execute(query, {"after": after, "n": PAGE})
            ]
        if not page:
            return
        yield page
        after = page[-1][0]


def sqlite_value(value: Any) -> Any:
    """A value as sqlite3 is given it: times as the store's SQLite text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return value


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # as the store's engine sets it
    return conn


def raw_insert(
    path: Path,
    ddl: list[str],
    pages: Iterator[list[tuple[Any, ...]]],
    table: str = "events",
    columns: tuple[str, ...] = COLUMNS,
) -> tuple[int, float]:
    """Insert every page in one transaction; returns (rows, seconds spent in sqlite3)."""
    conn = _connect(path)
    for statement in ddl:
        conn.execute(statement)
    # With the triggers, the store's own statement (migration 0007: its guard raises FAIL).
    verb = "INSERT OR FAIL" if any("TRIGGER" in statement for statement in ddl) else "INSERT"
    insert = f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    n, spent = 0, 0.0
    conn.execute("BEGIN")
    for page in pages:  # reading the source is not timed, only sqlite3's work
        t0 = time.perf_counter()
        conn.executemany(insert, page)
        spent += time.perf_counter() - t0
        n += len(page)
    t0 = time.perf_counter()
    conn.execute("COMMIT")
    spent += time.perf_counter() - t0
    conn.close()
    return n, spent


def raw_scan(path: Path) -> tuple[int, float]:
    """Read every payload in position order and json.loads it; returns (rows, seconds)."""
    conn = _connect(path)
    t0 = time.perf_counter()
    n = 0
    for (data,) in conn.execute("SELECT data FROM events ORDER BY position"):
        json.loads(data)
        n += 1
    spent = time.perf_counter() - t0
    conn.close()
    return n, spent
