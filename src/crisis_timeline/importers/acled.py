"""`import_acled`: an ACLED export (and its deleted-events list) into the store, all or nothing.

Rows are read, checked and appended a chunk at a time inside one write transaction, so a file
of any size is imported in bounded memory and a bad row leaves nothing written. A row already
imported is compared with what the store says of it: unchanged, it appends nothing; revised
(ACLED overwrites rows and moves their timestamp on), it appends corrections.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

import pydantic

from crisis_timeline.events import NewEvent
from crisis_timeline.events.corrections import EventCorrected
from crisis_timeline.events.envelope import Event
from crisis_timeline.events.registry import describe
from crisis_timeline.importers import acled_codebook as book
from crisis_timeline.importers.acled_deleted import deletions
from crisis_timeline.importers.acled_events import (
    FACTS,
    Facts,
    evidence,
    facts,
    incident_stream,
    known_at,
)
from crisis_timeline.importers.acled_rows import AcledRow, parse_row
from crisis_timeline.importers.common import FileImport, Pending, Progress, event_id, new_event
from crisis_timeline.importers.problems import Problems
from crisis_timeline.importers.reading import RowProblem, csv_rows
from crisis_timeline.importers.report import AcledReport
from crisis_timeline.projections.base import effective, in_knowledge_order
from crisis_timeline.store.appending import Appending, appending
from crisis_timeline.store.event_store import EventStore

PUBLISHER = "ACLED (Armed Conflict Location & Event Data)"
PUBLISHED_WORDS = "the rows' ACLED timestamps, first to last"


def import_acled(
    store: EventStore,
    path: Path,
    *,
    recorded_by: str,
    deleted: Path | None = None,
    report: Path | None = None,
    progress: Progress | None = None,
) -> AcledReport:
    """Import an export and, optionally, a deleted-events list: all of it, or nothing."""
    done = AcledReport()
    export = FileImport(
        PUBLISHER,
        PUBLISHED_WORDS,
        parse_row,
        _when,
        _stored,
        partial(_row, done=done),
        unique=("event_id_cnty", _id_line),
    )
    with Problems(report) as problems, appending(store, recorded_by=recorded_by) as into:
        done.rows = export.run(into, path, csv_rows(path, book.REQUIRED), problems, progress)
        if deleted is not None:
            rows = csv_rows(deleted, book.DELETED_COLUMNS)
            deletions(done).run(into, deleted, rows, problems, progress)
        problems.check()
    done.appended = into.appended
    return done


def _when(row: AcledRow) -> datetime:
    return row.timestamp


def _id_line(row: AcledRow) -> tuple[str, int]:
    return row.event_id, row.raw.line


def _stored(rows: list[AcledRow], into: Appending) -> dict[str, list[Event]]:
    return into.stream_events(incident_stream(r.event_id) for r in rows)


def _row(
    row: AcledRow, stored: dict[str, list[Event]], pending: Pending, source: str, done: AcledReport
) -> None:
    try:
        said = facts(row, pending, source)
    except (pydantic.ValidationError, ValueError) as e:
        what = describe(e) if isinstance(e, pydantic.ValidationError) else str(e)
        raise RowProblem(row.raw.line, "row", what) from None
    events = stored.get(said.stream)
    if events:
        _revision(row, said, events, pending, source, done)
        return
    quote = evidence(row, source, row.notes, last=True)
    for key, payload in zip(FACTS, (said.incident, said.casualties)):
        key_parts = ("acled", row.event_id, key)
        pending.add(
            new_event(
                payload, said.stream, key_parts, reported=known_at(row.timestamp), evidence=quote
            )
        )
    done.new += 1


def _revision(
    row: AcledRow,
    said: Facts,
    events: list[Event],
    pending: Pending,
    source: str,
    done: AcledReport,
) -> None:
    """Corrections of what changed since the stored answer, if this row is newer than it."""
    standing = {str(e.id): e for e in effective(in_knowledge_order(events))}
    changes: list[tuple[str, dict[str, object]]] = []
    for key, payload in zip(FACTS, (said.incident, said.casualties)):
        old = standing.get(target := str(event_id("acled", row.event_id, key)))
        if old is None:  # ACLED deleted the event; a row of an older export leaves it deleted
            done.kept += 1
            return
        new = payload.model_dump(mode="json")
        if changed := {k: v for k, v in new.items() if old.data.get(k) != v}:
            changes.append((target, changed))
    latest = max(e.reported.start for e in events if e.reported.start is not None)
    if not changes:
        done.unchanged += 1
    elif row.timestamp < latest:
        done.kept += 1
    else:
        pending.extend(_correction(row, said.stream, t, c, source) for t, c in changes)
        done.revised += 1


def _correction(
    row: AcledRow, stream: str, target: str, changes: dict[str, object], source: str
) -> NewEvent:
    stamp = str(int(row.timestamp.timestamp()))
    payload = EventCorrected(
        corrects=target, reason=f"ACLED revised {row.event_id} (timestamp {stamp})", changes=changes
    )
    return new_event(
        payload,
        stream,
        ("acled", row.event_id, "corrected", stamp, target),
        reported=known_at(row.timestamp),
        evidence=evidence(row, source, row.notes, last=True),
    )
