"""The projection runner: catch up after appends, rebuild from scratch, in batches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, update

from crisis_timeline.errors import NotFoundError
from crisis_timeline.events.envelope import Event
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.projections import positions as standing
from crisis_timeline.projections.base import CORRECTIONS, Row, in_knowledge_order
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.rebuilding import Progress, rebuild_locked
from crisis_timeline.projections.versions import (
    Ident,
    Recorded,
    Version,
    ident,
    own_rows,
    replay,
    version_row,
)
from crisis_timeline.projections.view import View, stream_family
from crisis_timeline.store.bulk import insert_rows
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.log_reader import read_events
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.transactions import PROJECTION_LOCK, write_transaction
from crisis_timeline.store.unindexed import unindexed
from crisis_timeline.store.walker import Walk, broken, walking

WINDOW = 5000
"""Catch-up applies at most this many new events per transaction."""
WATCH_EVERY = 1000
"""A rebuild looks whether the chain's walk has ended (and found it broken) every so many events."""
STREAMS_PER_QUERY = 400
"""Streams per catch-up query: each carries the view names too, within the IN-list size."""


class ProjectionRunner:
    """Keeps the projection tables in step with the event log."""

    def __init__(
        self,
        engine: Engine,
        projections: Iterable[View] | None = None,
        batch_size: int = 1000,
    ):
        self.engine = engine
        self.projections = list(projections or VIEWS.values())
        self.batch_size = batch_size

    def total_events(self) -> int:
        """How many events the log holds (what a rebuild folds)."""
        with self.engine.connect() as conn:
            return standing.head(conn)

    def lag(self) -> int:
        """How many events the most-behind projection has yet to apply."""
        return standing.lag(self.engine, [p.name for p in self.projections])

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply events appended since each projection's position; returns how many were new."""
        with fewer_collections():
            return self._catch_up(progress)

    def _catch_up(self, progress: Progress | None) -> int:
        applied = 0
        while True:
            with write_transaction(self.engine, PROJECTION_LOCK) as conn:
                positions = standing.positions(conn, [p.name for p in self.projections])
                low, head = min(positions.values()), standing.head(conn)
                if low >= head:
                    return applied
                if low == 0:
                    chosen = [p for p in self.projections if positions[p.name] == 0]
                    rebuild_locked(conn, chosen, head, self.batch_size, progress)
                    applied += head
                    continue
                until = min(head, low + WINDOW)
                self._apply_window(conn, positions, low, until)
                applied += until - low
            if progress:
                progress(until - low)

    def rebuild(self, names: Sequence[str] = (), progress: Progress | None = None) -> int:
        """Drop and recompute the named projections (all by default); returns events folded."""
        unknown = [n for n in names if n not in VIEWS]
        if unknown:
            raise NotFoundError(
                f"no projection named {unknown[0]!r}; choose from {', '.join(VIEWS)}"
            )
        chosen = [p for p in self.projections if not names or p.name in names]
        # Only a log whose chain verifies is folded (views of a tampered log would seem true).
        # A long chain is walked on the other core while this one folds; nothing is committed
        # before the walk has verified every position up to head.
        with fewer_collections(), write_transaction(self.engine, PROJECTION_LOCK) as conn:
            head = standing.head(conn)
            with walking(self.engine, head) as walk:
                rebuild_locked(conn, chosen, head, self.batch_size, _watching(walk, progress))
                if not (check := walk.result()).ok:
                    raise broken(check)
        return head

    def _apply_window(
        self, conn: Connection, positions: dict[str, int], low: int, until: int
    ) -> None:
        new: dict[str, list[Event]] = {}
        window = {"low": low, "until": until}
        for ev in read_events(conn, "position > :low AND position <= :until", window, "position"):
            new.setdefault(ev.stream, []).append(ev)
        corrected = _corrected(conn, list(new), until)
        inserts: list[dict[str, Any]] = []
        work: dict[str, list[View]] = {}
        for stream, arrived in new.items():
            family = stream_family(stream)
            for p in self.projections:
                if not p.handles_family(family):
                    continue
                fresh = [e for e in arrived if e.position > positions[p.name]]
                if not fresh:
                    continue
                if p.stands_alone(stream) and stream not in corrected:
                    inserts.extend(version_row(p.name, stream, v) for v in own_rows(p, fresh))
                else:
                    work.setdefault(stream, []).append(p)
        insert_rows(conn, V, inserts)
        for streams in chunked(sorted(work), STREAMS_PER_QUERY):
            chunk = {s: work[s] for s in streams}
            self._recompute(conn, chunk, {s: new[s] for s in chunk}, positions, low)
        standing.set_positions(conn, [n for n, pos in positions.items() if pos < until], until)

    def _recompute(
        self,
        conn: Connection,
        work: dict[str, list[View]],
        new: dict[str, list[Event]],
        positions: dict[str, int],
        low: int,
    ) -> None:
        """Bring these streams' rows up to `until`: close and add what the new recordings changed.

        `new` holds each stream's events after `low`; older ones are read here, only for streams
        that have them (a stream whose first event is new has neither older events nor rows).
        Rows recorded before stay as they are (their system-time history does not change), and
        each new recording folds again only the knowledge times from its earliest reported time.
        """
        events: dict[str, list[Event]] = {s: [] for s in work}
        older = [
            s
            for s in work
            if new[s][0].version > 1 or any(positions[p.name] > low for p in work[s])
        ]
        if older:
            where, params = (
                "stream IN :streams AND position <= :low",
                {"streams": older, "low": low},
            )
            for ev in read_events(conn, where, params, "stream, version", lists=["streams"]):
                events[ev.stream].append(ev)
        for s in work:
            events[s].extend(new[s])
        names = sorted({p.name for s in older for p in work[s]})
        open_rows: dict[tuple[str, str], dict[Ident, tuple[int, Version]]] = {}
        still_open = select(
            V.c.id,
            V.c.projection,
            V.c.stream,
            V.c.key,
            V.c.known_from,
            V.c.known_until,
            V.c.content,
            V.c.recorded_from,
            V.c.sort_at,
            V.c.sort_rank,
            V.c.status,
            V.c.sort_until,
        ).where(V.c.projection.in_(names), V.c.stream.in_(older), V.c.recorded_until.is_(None))
        for o in conn.execute(still_open) if older else ():
            row = Row(
                o.key,
                {},
                sort_at=o.sort_at,
                sort_rank=o.sort_rank,
                status=o.status,  # content: in o.content
                sort_until=o.sort_until,
            )
            v = Version(row, o.content, o.known_from, o.known_until, o.recorded_from, None)
            open_rows.setdefault((o.projection, o.stream), {})[ident(v)] = (o.id, v)
        changes = _Changes()
        for stream, projections in work.items():
            for p in projections:
                stored = open_rows.get((p.name, stream), {})
                refs: dict[Ident, int | dict[str, Any]] = {
                    i: ref for i, (ref, _v) in stored.items()
                }
                visible = in_knowledge_order(
                    e for e in events[stream] if e.position <= positions[p.name]
                )
                fresh = [e for e in events[stream] if e.position > positions[p.name]]
                for step in replay(
                    p.fold, visible, {i: v for i, (_ref, v) in stored.items()}, fresh
                ):
                    changes.record(p.name, stream, step, refs)
        changes.flush(conn)


def _watching(walk: Walk, progress: Progress | None) -> Progress:
    """Progress that also gives up the rebuild as soon as the walk finds the chain broken."""
    folded = 0

    def step(n: int) -> None:
        nonlocal folded
        folded += n
        if folded >= WATCH_EVERY:
            folded = 0
            walk.refuse_if_broken()
        if progress:
            progress(n)

    return step


class _Changes:
    """The writes catch-up owes the versions table: rows to insert, close and delete."""

    def __init__(self) -> None:
        self.inserts: list[dict[str, Any]] = []
        self.closes: list[dict[str, Any]] = []
        self.drops: list[int] = []

    def record(
        self, name: str, stream: str, step: Recorded, refs: dict[Ident, int | dict[str, Any]]
    ) -> None:
        """One recording's step; `refs` maps each standing version to its id or pending insert."""
        for v in step.closed:
            ref = refs.pop(ident(v))
            if isinstance(ref, int):
                self.closes.append({"row_id": ref, "until": step.at})
            else:
                ref["recorded_until"] = step.at
        for v in step.vanished:
            ref = refs.pop(ident(v))
            if isinstance(ref, int):
                self.drops.append(ref)
            else:
                self.inserts.remove(ref)
        for v in step.opened:
            refs[ident(v)] = pending = version_row(name, stream, v)
            self.inserts.append(pending)

    def flush(self, conn: Connection) -> None:
        """Write them: deletes, then closes, then inserts."""
        if self.drops:
            conn.execute(delete(V).where(V.c.id.in_(self.drops)))
        if self.closes:
            conn.execute(
                update(V)
                .where(V.c.id == bindparam("row_id"))
                .values(recorded_until=bindparam("until")),
                self.closes,
            )
        insert_rows(conn, V, self.inserts)


def _corrected(conn: Connection, streams: list[str], until: int) -> set[str]:
    """Which of these streams hold a correction or retraction.

    Found through the streams' own index (SQLite's planner kept off the type's): the cost
    follows the streams asked about, not the corrections the store holds.
    """
    found: set[str] = set()
    for chunk in chunked(streams, STREAMS_PER_QUERY):
        query = (
            select(E.c.stream)
            .distinct()
            .where(
                unindexed(E.c.type).in_(sorted(CORRECTIONS)),
                E.c.position <= until,
                E.c.stream.in_(chunk),
            )
        )
        found.update(conn.execute(query).scalars())
    return found
