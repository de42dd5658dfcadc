"""The append-only event store: one contract on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError

from crisis_timeline import canonical
from crisis_timeline.errors import (
    ConcurrencyError,
    CrisisError,
    EventIdConflictError,
    ValidationError,
)
from crisis_timeline.events.envelope import MAX_NAME, Event, NewEvent
from crisis_timeline.events.registry import Registry
from crisis_timeline.events.registry import registry as default_registry
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.store import chain, codec
from crisis_timeline.store.bulk import insert_rows
from crisis_timeline.store.chain import ChainCheck, Head, link_problem
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import events as T
from crisis_timeline.store.transactions import APPEND_LOCK, write_transaction
from crisis_timeline.store.unindexed import unindexed

__all__ = [
    "ANY_VERSION",
    "AppendResult",
    "Batch",
    "ChainCheck",
    "EventFilter",
    "EventStore",
    "Head",
    "link_problem",
]

ANY_VERSION = None
"""Pass as expected_version to append wherever the stream stands."""

_PG_APPEND_LOCK = APPEND_LOCK  # kept for tests that hold the lock by hand


@dataclass(frozen=True)
class Batch:
    """Events for one stream, and the version the caller last saw (None: any)."""

    stream: str
    events: Sequence[NewEvent]
    expected_version: int | None = ANY_VERSION


@dataclass(frozen=True)
class AppendResult:
    """What an append did: the events it stored, and those already stored before."""

    appended: list[Event] = field(default_factory=list)
    already_present: int = 0


@dataclass(frozen=True)
class EventFilter:
    """Which events a read returns."""

    stream: str | None = None
    types: Sequence[str] = ()
    after: int = 0
    until: int | None = None
    as_of: datetime | None = None
    recorded_before: datetime | None = None

    def clauses(self) -> list[Any]:
        """SQL conditions for this filter."""
        where: list[Any] = [T.c.position > self.after]
        if self.stream is not None:
            where.append(T.c.stream == self.stream)
        if self.types:
            # Within a stream, by the stream index: the type index would walk every event of
            # the type in the log (every source's registration, to find one).
            column = unindexed(T.c.type) if self.stream is not None else T.c.type
            where.append(column.in_(list(self.types)))
        if self.until is not None:
            where.append(T.c.position <= self.until)
        if self.as_of is not None:
            where.append(T.c.reported_start <= self.as_of)
        if self.recorded_before is not None:
            where.append(T.c.recorded_at <= self.recorded_before)
        return where


class EventStore:
    """Append, read and verify events; the database refuses every other change."""

    def __init__(
        self, engine: Engine, registry: Registry = default_registry, batch_size: int = 1000
    ):
        self.engine = engine
        self.registry = registry
        self.batch_size = batch_size

    # -- writing ---------------------------------------------------------------

    def append(
        self,
        stream: str,
        events: Sequence[NewEvent],
        expected_version: int | None,
        *,
        recorded_by: str,
    ) -> AppendResult:
        """Append events to one stream atomically, if it is still at expected_version."""
        return self.append_batches(
            [Batch(stream, events, expected_version)], recorded_by=recorded_by
        )

    def append_batches(self, batches: Sequence[Batch], *, recorded_by: str) -> AppendResult:
        """Append several streams' batches in one transaction: all of them or nothing."""
        self.check_recorded_by(recorded_by)
        with fewer_collections():
            return self._append_batches(batches, recorded_by)

    @staticmethod
    def check_recorded_by(recorded_by: str) -> None:
        """Refuse an empty recorded_by, or one the events table cannot hold."""
        if not recorded_by.strip():
            raise ValidationError("recorded_by must not be empty")
        if len(recorded_by) > MAX_NAME or "\x00" in recorded_by:
            raise ValidationError(f"recorded_by must be at most {MAX_NAME} characters, without NUL")

    def _append_batches(self, batches: Sequence[Batch], recorded_by: str) -> AppendResult:
        with write_transaction(self.engine, APPEND_LOCK) as conn:
            return self.append_in(conn, batches, recorded_by)

    def append_in(
        self, conn: Connection, batches: Sequence[Batch], recorded_by: str
    ) -> AppendResult:
        """Append these batches through `conn`, a write transaction holding APPEND_LOCK
        (`write_transaction`; `store.appending` keeps one open for many calls). A conflict
        raises ConcurrencyError or DuplicateEventError; the caller's transaction then rolls
        back, so nothing of it is written."""
        batches = [self._normalised(b) for b in batches]
        try:
            return self._append_locked(conn, batches, recorded_by)
        except IntegrityError as e:
            raise self._integrity_error(conn, e, batches) from e

    def _normalised(self, batch: Batch) -> Batch:
        fixed = []
        for ev in batch.events:
            if ev.stream != batch.stream:
                raise ValidationError(
                    f"event {ev.id} is for stream {ev.stream!r}, not {batch.stream!r}"
                )
            try:
                if ev.validated_by(self.registry.payload_class(ev.type)):
                    fixed.append(ev)  # made by NewEvent.of: validated once, by the loader
                    continue
                data = self.registry.normalise(ev.type, ev.schema_version, ev.data)
            except ValidationError as e:
                raise ValidationError(f"event {ev.id}: {e}") from None
            fixed.append(codec.with_data(ev, data))
        return Batch(batch.stream, fixed, batch.expected_version)

    def _append_locked(
        self, conn: Connection, batches: list[Batch], recorded_by: str
    ) -> AppendResult:
        wanted = [ev for b in batches for ev in b.events]
        stored = self._stored_content(conn, [str(ev.id) for ev in wanted])
        _check_duplicates_within(wanted)
        position, prev_hash, last_recorded = self._head(conn)
        # System time never runs backwards along positions, even if the clock does.
        now = max(datetime.now(UTC), last_recorded) if last_recorded else datetime.now(UTC)
        rows: list[codec.Row] = []
        appended: list[NewEvent] = []
        # A stream may come in several batches of one append: count on from its last version.
        versions = self._stream_versions(conn, {b.stream for b in batches})
        skipped = 0
        for batch in batches:
            fresh = []
            for ev in batch.events:
                known = stored.get(str(ev.id))
                if known is None:
                    fresh.append(ev)
                elif same_event(self.registry, known, ev):
                    skipped += 1
                else:
                    raise EventIdConflictError(ev.id)
            if not fresh:
                continue
            version = versions.get(batch.stream, 0)
            if batch.expected_version is not None and batch.expected_version != version:
                raise ConcurrencyError(batch.stream, batch.expected_version, version)
            versions[batch.stream] = version + len(fresh)
            for ev in fresh:
                version += 1
                position += 1
                try:
                    row, hashed = codec.new_row(
                        ev,
                        version=version,
                        position=position,
                        recorded_at=now,
                        recorded_by=recorded_by,
                    )
                except (
                    TypeError
                ) as e:  # orjson refuses what UTF-8 cannot hold, e.g. a lone surrogate
                    raise ValidationError(f"event {ev.id}: {e}") from None
                row["prev_hash"] = prev_hash
                row["hash"] = prev_hash = canonical.chain_hash(prev_hash, hashed)
                rows.append(row)
                appended.append(ev)
        insert_rows(conn, T, rows, or_fail=True)
        return AppendResult([codec.stored_event(new, r) for new, r in zip(appended, rows)], skipped)

    def _stored_content(self, conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        cols = [T.c[name] for name in codec.CONTENT_COLUMNS]
        for chunk in chunked(ids):
            for row in conn.execute(select(*cols).where(T.c.id.in_(chunk))).mappings():
                found[row["id"]] = codec.content_of(dict(row))
        return found

    def _head(self, conn: Connection) -> tuple[int, str, datetime | None]:
        query = (
            select(T.c.position, T.c.hash, T.c.recorded_at).order_by(T.c.position.desc()).limit(1)
        )
        row = conn.execute(query).first()
        return (0, canonical.GENESIS_HASH, None) if row is None else (row[0], row[1], row[2])

    @staticmethod
    def _stream_versions(conn: Connection, streams: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        names = sorted(streams)
        for chunk in chunked(names):
            query = (
                select(T.c.stream, func.max(T.c.version))
                .where(T.c.stream.in_(chunk))
                .group_by(T.c.stream)
            )
            found.update({stream: int(v) for stream, v in conn.execute(query)})
        return found

    @staticmethod
    def _stream_version(conn: Connection, stream: str) -> int:
        return int(
            conn.execute(
                select(func.coalesce(func.max(T.c.version), 0)).where(T.c.stream == stream)
            ).scalar_one()
        )

    def _integrity_error(
        self, conn: Connection, error: IntegrityError, batches: list[Batch]
    ) -> Exception:
        # Backstop for writers that bypass the lock: the UNIQUE constraints decide.
        with self.engine.connect() as fresh:
            for b in batches:
                actual = self._stream_version(fresh, b.stream)
                if b.expected_version is not None and actual != b.expected_version:
                    return ConcurrencyError(b.stream, b.expected_version, actual)
        return CrisisError(
            "the append collided with a writer that bypassed the append lock; nothing was written"
        )

    # -- reading ---------------------------------------------------------------

    def read(
        self, where: EventFilter = EventFilter(), *, limit: int | None = None
    ) -> Iterator[Event]:
        """Events in position order, fetched in batches (never the whole log at once)."""
        for row in self.read_rows(where, limit=limit):
            yield codec.event_of(row)

    def read_rows(
        self, where: EventFilter = EventFilter(), *, limit: int | None = None
    ) -> Iterator[codec.Row]:
        """Raw rows in position order, in batches, each batch its own short query."""
        after, left = where.after, limit
        while left is None or left > 0:
            size = self.batch_size if left is None else min(self.batch_size, left)
            page = EventFilter(**{**where.__dict__, "after": after})
            query = select(T).where(*page.clauses()).order_by(T.c.position).limit(size)
            with self.engine.connect() as conn:
                rows = [dict(r) for r in conn.execute(query).mappings()]
            yield from rows
            if len(rows) < size:
                return
            after = rows[-1]["position"]
            left = None if left is None else left - len(rows)

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these event ids are stored."""
        return set(self.streams_of(ids))

    def stream_version(self, stream: str) -> int:
        """The stream's current version (0 if it has no events)."""
        with self.engine.connect() as conn:
            return self._stream_version(conn, stream)

    def stream_versions(
        self, streams: Iterable[str], conn: Connection | None = None
    ) -> dict[str, int]:
        """Each stream's current version (0 for streams with no events), in a few queries;
        as `conn`'s transaction sees them when given."""
        wanted = set(streams)
        if conn is not None:
            found = self._stream_versions(conn, wanted)
        else:
            with self.engine.connect() as own:
                found = self._stream_versions(own, wanted)
        return {s: found.get(s, 0) for s in wanted}

    def streams_holding(self, streams: Iterable[str], types: Sequence[str]) -> set[str]:
        """Which of these streams hold an event of one of these types.

        Found through the streams' own index: on SQLite the type is kept out of the planner's
        choice, which would otherwise walk every event of the types (most of a large store).
        """
        wanted = sorted(set(streams))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in chunked(wanted):
                query = (
                    select(T.c.stream)
                    .distinct()
                    .where(T.c.stream.in_(chunk), unindexed(T.c.type).in_(list(types)))
                )
                found.update(conn.execute(query).scalars())
        return found

    def events_by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        """The stored events among these ids, by id, in a few queries."""
        wanted = sorted(set(ids))
        found: dict[str, Event] = {}
        with self.engine.connect() as conn:
            for chunk in chunked(wanted):
                for row in conn.execute(select(T).where(T.c.id.in_(chunk))).mappings():
                    found[str(row["id"])] = codec.event_of(dict(row))
        return found

    def stream_names(self) -> list[str]:
        """Every stream that holds an event, sorted (for suggestions when an id is not found)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(T.c.stream).distinct().order_by(T.c.stream)).scalars())

    def head_position(self) -> int:
        """The highest position stored (0 for an empty store)."""
        with self.engine.connect() as conn:
            return self._head(conn)[0]

    def streams_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The stream of each of these event ids that is stored."""
        wanted = list(ids)
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in chunked(wanted):
                query = select(T.c.id, T.c.stream).where(T.c.id.in_(chunk))
                found.update({row.id: row.stream for row in conn.execute(query)})
        return found

    def verify(self, until: int | None = None, expect: Head | None = None) -> ChainCheck:
        """Walk the hash chain in position order; name the first position that fails."""
        return chain.walk(self.engine, until=until, expect=expect, batch_size=self.batch_size)


def same_event(registry: Registry, known: dict[str, Any], ev: NewEvent) -> bool:
    """Is the stored content this event's? Stored under an older schema version, its upcast
    data counts, so a fixture loaded again after an upgrade is still a no-op."""
    content = ev.content()
    if known == content:
        return True
    if known["type"] != ev.type or known["schema_version"] >= ev.schema_version:
        return False
    try:
        data = registry.upcast(known["type"], known["schema_version"], known["data"])
    except ValidationError:
        return False
    return {**known, "data": data, "schema_version": ev.schema_version} == content


def _check_duplicates_within(events: list[NewEvent]) -> None:
    seen: set[str] = set()
    for ev in events:
        key = str(ev.id)
        if key in seen:
            raise ValidationError(f"event {key} appears twice in one append")
        seen.add(key)
