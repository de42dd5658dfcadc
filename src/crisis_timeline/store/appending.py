"""One write transaction for many appends: a large import is all or nothing, yet never held
in memory at once. Reads go through the same transaction, so they see what it appended."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, text

from crisis_timeline.events.envelope import Event
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.store import codec
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.first_lines import FirstLines, first_lines
from crisis_timeline.store.schema import events as T
from crisis_timeline.store.transactions import APPEND_LOCK, write_transaction

if TYPE_CHECKING:
    from crisis_timeline.store.event_store import AppendResult, Batch, EventStore


FIRST_ANALYZE = 5000
"""Events appended in one transaction before PostgreSQL's statistics are renewed (then at twice
as many each time: a few ANALYZEs for any import)."""


class Appending:
    """Appends and reads inside one open write transaction (see `appending`)."""

    def __init__(self, store: EventStore, conn: Connection, recorded_by: str) -> None:
        self._store, self._conn, self._recorded_by = store, conn, recorded_by
        self.appended = 0
        self._analyze_at = FIRST_ANALYZE

    def append_batches(self, batches: Sequence[Batch]) -> AppendResult:
        """Append these batches in the transaction (committed when it ends without an error)."""
        result = self._store.append_in(self._conn, batches, self._recorded_by)
        self.appended += len(result.appended)
        if self.appended >= self._analyze_at and self._conn.dialect.name == "postgresql":
            # The planner's statistics are the table's before this transaction (autovacuum sees
            # only committed rows): of an empty table, it would scan the whole growing table for
            # each chunk's stream lookups. ANALYZE in the transaction counts its own rows.
            self._conn.execute(text("ANALYZE events"))
            self._analyze_at *= 2
        return result

    def stream_versions(self, streams: Iterable[str]) -> dict[str, int]:
        """Each stream's version as this transaction sees it (0 for none)."""
        return self._store.stream_versions(streams, self._conn)

    def stream_events(self, streams: Iterable[str]) -> dict[str, list[Event]]:
        """The events of these streams, by stream, in position order."""
        found: dict[str, list[Event]] = {}
        for chunk in chunked(sorted(set(streams))):
            query = select(T).where(T.c.stream.in_(chunk)).order_by(T.c.position)
            for row in self._conn.execute(query).mappings():
                found.setdefault(row["stream"], []).append(codec.event_of(dict(row)))
        return found

    def events_by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        """The stored events among these ids, by id."""
        found: dict[str, Event] = {}
        for chunk in chunked(sorted(set(ids))):
            for row in self._conn.execute(select(T).where(T.c.id.in_(chunk))).mappings():
                found[str(row["id"])] = codec.event_of(dict(row))
        return found

    def first_lines(self) -> AbstractContextManager[FirstLines]:
        """The line each key of a file was first on, kept in this transaction (not in memory)."""
        return first_lines(self._conn)


@contextmanager
def appending(store: EventStore, *, recorded_by: str) -> Iterator[Appending]:
    """A write transaction for many appends: committed when the block ends, rolled back (nothing
    written) if it raises."""
    store.check_recorded_by(recorded_by)
    with fewer_collections(), write_transaction(store.engine, APPEND_LOCK) as conn:
        yield Appending(store, conn, recorded_by)
