"""The line each key of an imported file was first on, in bounded memory for a file of any size.

An import refuses a file that names one ACLED or PLOVER id twice, in any two of its chunks. The
keys seen so far live in a temporary table of the import's own transaction, not in the
process: SQLite keeps a temporary table in a file beyond a small page cache, PostgreSQL in
`temp_buffers` beyond which it spills to disk. The table is dropped when the import ends and
never outlives its transaction (PostgreSQL drops it on commit, and a rollback takes it back on
both backends).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, bindparam, text

from crisis_timeline.store.chunks import chunked

_numbers = itertools.count(1)


class FirstLines:
    """Keys and the line each was first on, a chunk of a file at a time (see `first_lines`)."""

    def __init__(self, conn: Connection, table: str) -> None:
        self._conn, self._table = conn, table
        self._select = text(f"SELECT key, line FROM {table} WHERE key IN :keys").bindparams(
            bindparam("keys", expanding=True)
        )
        self._insert = text(f"INSERT INTO {table} (key, line) VALUES (:key, :line)")

    def of(self, keys: Iterable[tuple[str, int]]) -> dict[str, int]:
        """For each key of these (key, line) pairs of one chunk, the line it was first on: in an
        earlier chunk, else the chunk's own first line for it. The chunk's keys are kept."""
        first: dict[str, int] = {}
        for key, line in keys:
            first.setdefault(key, line)
        seen: dict[str, int] = {}
        for part in chunked(sorted(first)):
            rows = self._conn.execute(self._select, {"keys": list(part)})
            seen.update((key, int(line)) for key, line in rows)
        new = [{"key": k, "line": line} for k, line in first.items() if k not in seen]
        if new:
            self._conn.execute(self._insert, new)
        return first | seen


@contextmanager
def first_lines(conn: Connection) -> Iterator[FirstLines]:
    """A fresh, empty FirstLines in the transaction of `conn`, dropped when the block ends."""
    table = f"import_first_lines_{next(_numbers)}"
    # One b-tree on SQLite (the key is the row); PostgreSQL drops the table when it commits.
    kept = "ON COMMIT DROP" if conn.dialect.name == "postgresql" else "WITHOUT ROWID"
    columns = "key TEXT PRIMARY KEY, line BIGINT NOT NULL"
    conn.execute(text(f"CREATE TEMPORARY TABLE {table} ({columns}) {kept}"))
    yield FirstLines(conn, table)
    # Not on an error: the transaction's rollback takes the table back with everything else.
    conn.execute(text(f"DROP TABLE {table}"))
