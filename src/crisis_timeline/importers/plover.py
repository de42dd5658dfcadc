"""`import_plover`: PLOVER JSON lines into the store, all or nothing, in bounded memory.

A record whose id names a stored event with the same PLOVER category is taken as imported
already (the file `crisis export plover` writes imports back to the very events it came from);
a stored event of another category under that id is a bad record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

import pydantic

from crisis_timeline.events.envelope import Event
from crisis_timeline.events.registry import describe
from crisis_timeline.importers.common import FileImport, Pending, Progress
from crisis_timeline.importers.plover_events import fact, record_id
from crisis_timeline.importers.plover_records import Record, parse_record
from crisis_timeline.importers.problems import Problems
from crisis_timeline.importers.reading import RawRow, RowProblem, text_lines
from crisis_timeline.importers.report import PloverReport
from crisis_timeline.store.appending import Appending, appending
from crisis_timeline.store.event_store import EventStore

PUBLISHER = "a PLOVER data set"
PUBLISHED_WORDS = "the records' coded_date, first to last"


def import_plover(
    store: EventStore,
    path: Path,
    *,
    recorded_by: str,
    report: Path | None = None,
    progress: Progress | None = None,
) -> PloverReport:
    """Import a PLOVER JSON-lines file: all of it, or nothing."""
    done = PloverReport()
    records = FileImport(
        PUBLISHER,
        PUBLISHED_WORDS,
        _parse,
        _when,
        _stored,
        partial(_record, done=done),
        unique=("id", _id_line),
    )
    with Problems(report) as problems, appending(store, recorded_by=recorded_by) as into:
        done.rows = records.run(into, path, _lines(path), problems, progress)
        problems.check()
    done.appended = into.appended
    return done


def _lines(path: Path) -> Iterator[RawRow]:
    for number, offset, text in text_lines(path):
        if text.strip():
            yield RawRow(number, offset, text, {})


def _parse(raw: RawRow) -> Record:
    return parse_record(raw.line, raw.offset, raw.text)


def _when(record: Record) -> datetime:
    assert record.known.start is not None  # a day always starts
    return record.known.start


def _id_line(record: Record) -> tuple[str, int]:
    return record.id, record.line


def _stored(records: list[Record], into: Appending) -> dict[str, Event]:
    return into.events_by_id(str(record_id(r)) for r in records)


def _record(
    record: Record,
    stored: dict[str, Event],
    pending: Pending,
    source: str,
    done: PloverReport,
) -> None:
    found = stored.get(str(record_id(record)))
    if found is not None:
        code = found.data.get("code") or {}
        if code.get("codebook") != "PLOVER" or code.get("code") != record.category:
            named = code.get("code") or "no PLOVER code"
            raise RowProblem(
                record.line, "id", f"{record.id} names a stored {found.type} ({named})"
            )
        done.present += 1
        return
    try:
        pending.add(fact(record, pending, source))
    except (pydantic.ValidationError, ValueError) as e:
        what = describe(e) if isinstance(e, pydantic.ValidationError) else str(e)
        raise RowProblem(record.line, "record", what) from None
    done.new += 1
