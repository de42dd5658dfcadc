"""Many rows into one table, at the speed the database allows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError

from crisis_timeline.store.schema import UTCDateTime
from crisis_timeline.store.sqlite_files import sqlite_text


def insert_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, or_fail: bool = False
) -> None:
    """INSERT rows that all have the same keys (`or_fail`: as INSERT OR FAIL on SQLite).

    On SQLite they go straight to the driver's `executemany`, times written as the UTCDateTime
    columns write them: there SQLAlchemy's per-row parameter handling costs more than the
    insert itself. On PostgreSQL they go to the table by COPY through psycopg's cursor, times
    as aware UTC datetimes (a naive one is refused, as the columns refuse it): an executemany,
    even pipelined, costs a statement per row, and SQLAlchemy's parameter handling more again.
    A unique key that COPY breaks raises IntegrityError, as an INSERT's would.
    OR FAIL spares SQLite the statement journal that a table with an ABORT-capable trigger
    costs every row (events: migration 0007); the caller's transaction undoes a failed batch.
    """
    if not rows:
        return
    names = list(rows[0])
    times = [i for i, name in enumerate(names) if isinstance(table.c[name].type, UTCDateTime)]
    quote = conn.dialect.identifier_preparer.quote
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    if conn.dialect.driver == "psycopg":
        columns = ", ".join(quote(n) for n in names)
        _copy(conn, f"COPY {quote(table.name)} ({columns}) FROM STDIN", rows, values, times)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), list(rows))
        return
    verb = "INSERT OR FAIL" if or_fail else "INSERT"
    sql = (
        f"{verb} INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    params: list[Any] = [values(row) for row in rows]
    if times:
        params = [_with_times(list(p), times) for p in params]
    conn.exec_driver_sql(sql, params)


def _copy(
    conn: Connection,
    statement: str,
    rows: Sequence[dict[str, Any]],
    values: Callable[[dict[str, Any]], tuple[Any, ...]],
    times: list[int],
) -> None:
    import psycopg  # only a PostgreSQL URL comes here, and psycopg is its driver

    driver = conn.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            if not times:
                for row in rows:
                    write(values(row))
                return
            for row in rows:
                fields = list(values(row))
                for i in times:
                    fields[i] = _aware_utc(fields[i])
                write(fields)
    except psycopg.Error as e:  # as SQLAlchemy would have raised it: IntegrityError, DataError…
        raise DBAPIError.instance(statement, None, e, psycopg.Error) from e


def _aware_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return value.astimezone(UTC)


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
