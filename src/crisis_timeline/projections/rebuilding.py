"""A rebuild: every chosen view's rows dropped and folded again from the whole log, in one
transaction (the runner's `rebuild`, and catch-up of a view that has taken in nothing yet)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, delete

from crisis_timeline.events.envelope import Event
from crisis_timeline.projections import positions as standing
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.versions import bitemporal_versions, version_row
from crisis_timeline.projections.view import View, stream_family
from crisis_timeline.store.bulk import disposable_pages, insert_rows
from crisis_timeline.store.log_reader import read_events
from crisis_timeline.store.schema import projection_versions as V

Progress = Callable[[int], None]


def rebuild_locked(
    conn: Connection,
    chosen: list[View],
    head: int,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """Drop the chosen views' rows and fold them again up to `head`, through `conn` (a write
    transaction holding the projection lock)."""
    names = [p.name for p in chosen]
    everything = set(names) == set(VIEWS)
    with disposable_pages(conn):
        if everything:
            conn.execute(delete(V))  # SQLite empties a whole table without visiting each row
        else:
            conn.execute(delete(V).where(V.c.projection.in_(names)))
        with _indexes_built_after(conn, everything):
            fold_all(conn, chosen, head, batch_size, progress)
    standing.set_positions(conn, names, head)


def fold_all(
    conn: Connection,
    chosen: list[View],
    head: int,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """Every stream's rows of the chosen views, inserted `batch_size` at a time."""
    pending: list[dict[str, Any]] = []
    for stream, events in _streams_in_order(conn, head, batch_size):
        family = stream_family(stream)
        for p in chosen:
            if p.handles_family(family):
                pending.extend(
                    version_row(p.name, stream, v) for v in bitemporal_versions(p, events)
                )
        if len(pending) >= batch_size:
            insert_rows(conn, V, pending)
            pending = []
        if progress:
            progress(len(events))
    if pending:
        insert_rows(conn, V, pending)


def _streams_in_order(
    conn: Connection, head: int, batch_size: int
) -> Iterator[tuple[str, list[Event]]]:
    """Every stream's events up to head, one stream at a time, read in keyset batches."""
    current: str | None = None
    events: list[Event] = []
    where = "position <= :head"
    params: dict[str, Any] = {"head": head}
    while True:
        batch = read_events(conn, where, params, "stream, version", limit=batch_size)
        for ev in batch:
            if ev.stream != current:
                if current is not None:
                    yield current, events
                current, events = ev.stream, []
            events.append(ev)
        if len(batch) < batch_size:
            break
        where = "position <= :head AND (stream, version) > (:stream, :version)"
        params = {"head": head, "stream": batch[-1].stream, "version": batch[-1].version}
    if current is not None:
        yield current, events


@contextmanager
def _indexes_built_after(conn: Connection, table_emptied: bool) -> Iterator[None]:
    """On SQLite, when the table was emptied: drop its indexes, fill it, then build them (in the
    same transaction). Building an index sorts its keys once, instead of inserting millions of
    them one by one into B-trees whose pages no cache holds. PostgreSQL keeps its indexes: a
    DROP INDEX there would lock readers out of the views for the whole rebuild."""
    if not table_emptied or conn.dialect.name != "sqlite":
        yield
        return
    indexes = sorted(V.indexes, key=lambda ix: str(ix.name))
    for ix in indexes:
        ix.drop(conn)
    yield
    for ix in indexes:
        ix.create(conn)
