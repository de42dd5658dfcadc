"""Many rows into one table, at the speed the database allows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from crisis_timeline.store.schema import UTCDateTime, sqlite_text


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows that all have the same keys.

    On SQLite they go straight to the driver's `executemany`, times written as the UTCDateTime
    columns write them: there SQLAlchemy's per-row parameter handling costs more than the
    insert itself. Elsewhere SQLAlchemy batches them (psycopg pipelines an executemany).
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
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    params = [
        tuple(
            value if f is None else f(value) for f, value in zip(convert, (row[n] for n in names))
        )
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)
