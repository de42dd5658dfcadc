"""Many rows into one table, at the speed the database allows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from crisis_timeline.store.schema import UTCDateTime, sqlite_text


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
    convert: list[Callable[[Any], Any] | None] = [
        sqlite_text if isinstance(table.c[name].type, UTCDateTime) else None for name in names
    ]
    quote = conn.dialect.identifier_preparer.quote
    verb = "INSERT OR FAIL" if or_fail else "INSERT"
    sql = (
        f"{verb} INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    params = [
        tuple(
            value if f is None else f(value) for f, value in zip(convert, (row[n] for n in names))
        )
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)
