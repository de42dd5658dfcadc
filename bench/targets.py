"""More speed figures: the rows floor, a late source against an in-order one, and the time to
the timeline's first row on a pipe."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from bench import floor
from bench.latency import crisis_command

ROW_COLUMNS = (
    "projection",
    "stream",
    "key",
    "known_from",
    "known_until",
    "recorded_from",
    "recorded_until",
    "sort_at",
    "sort_rank",
    "status",
    "content",
    "sort_until",
)
PAGE = 5000


def view_rows(engine: Engine) -> Iterator[list[tuple[Any, ...]]]:
    """The rows a rebuild writes (as the loaded store holds them), in pages, times as text."""
    query = text(
        f"SELECT id, {', '.join(ROW_COLUMNS)} FROM projection_versions "
        "WHERE id > :after ORDER BY id LIMIT :n"
    )
    after = 0
    while True:
        with engine.connect() as conn:
            page = [tuple(row) for row in conn.execute(query, {"after": after, "n": PAGE})]
        if not page:
            return
        after = page[-1][0]
        yield [tuple(floor.sqlite_value(v) for v in row[1:]) for row in page]


def rows_floor(workdir: Path, engine: Engine, events: int) -> dict[str, Any]:
    """Plain sqlite3 `executemany` of those rows into the same table with its indexes, one
    transaction, WAL + synchronous=NORMAL as the store: events of the log per second."""
    path = workdir / f"rows-floor-{os.getpid()}.db"
    ddl_table = "projection_versions"
    ddl = floor.table_ddl(workdir, ddl_table)
    try:
        n, spent = floor.raw_insert(
            path, ddl, view_rows(engine), "projection_versions", ROW_COLUMNS
        )
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {"rows_floor_events_per_s": events / spent, "rows_floor_rows": n}


def first_row_s(db: str, runs: int) -> float:
    """`crisis --db DB timeline` on a pipe: median seconds until its first row arrives (the
    note and the header line before it are not rows); the reader then stops, as `head` does."""
    spent = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*crisis_command(), "--db", db, "timeline"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        assert proc.stdout is not None
        seen = 0
        for line in proc.stdout:
            if not line.startswith((b"now:", b"when ")):
                seen = 1
                break
        spent.append(time.perf_counter() - t0)
        proc.kill()
        proc.wait()
        if not seen:
            raise RuntimeError(f"crisis timeline printed no row (exit {proc.returncode})")
    return statistics.median(spent)


def store_mb(engine: Engine) -> float:
    """The loaded store's size on disk (log, views, search index), for the Scale section."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = pages * conn.exec_driver_sql("PRAGMA page_size").scalar_one()
        else:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return round(int(size) / 2**20, 1)
