"""Many rows into one table, at the speed the database allows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table

from crisis_timeline.store.schema import UTCDateTime
from crisis_timeline.store.sqlite_files import sqlite_text


def insert_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, or_fail: bool = False
) -> None:
    """INSERT rows that all have the same keys (`or_fail`: as INSERT OR FAIL on SQLite).

    On SQLite they go straight to the driver's `executemany`, times written as the UTCDateTime
    columns write them: there SQLAlchemy's per-row parameter handling costs more than the
    insert itself. Elsewhere SQLAlchemy batches them (psycopg pipelines an executemany).
    OR FAIL spares SQLite the statement journal that a table with an ABORT-capable trigger
    costs every row (events: migration 0007); the caller's transaction undoes a failed batch.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    times = [i for i, name in enumerate(names) if isinstance(table.c[name].type, UTCDateTime)]
    quote = conn.dialect.identifier_preparer.quote
    verb = "INSERT OR FAIL" if or_fail else "INSERT"
    sql = (
        f"{verb} INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    params: list[Any] = [values(row) for row in rows]
    if times:
        params = [_with_times(list(p), times) for p in params]
    conn.exec_driver_sql(sql, params)


def _with_times(values: list[Any], times: list[int]) -> tuple[Any, ...]:
    for i in times:
        values[i] = sqlite_text(values[i])
    return tuple(values)  # SQLAlchemy hands the driver tuples or mappings only


@contextmanager
def disposable_pages(conn: Connection) -> Iterator[None]:
    """On SQLite, secure_delete off while the block empties and refills disposable tables (the
    views, rebuilt from the log, which is never deleted from): the system's SQLite has it on
    and overwrites every freed page with zeros. Put back as it was after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    (before,) = driver.execute("PRAGMA secure_delete").fetchone()
    driver.execute("PRAGMA secure_delete = OFF")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA secure_delete = {int(before)}")
