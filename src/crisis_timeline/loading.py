"""Loading fixture files: parse and check (`fixtures`, `loadchecks`), then append all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from crisis_timeline import fixtures_io, loadchecks
from crisis_timeline.errors import EventIdConflictError
from crisis_timeline.events import NewEvent
from crisis_timeline.fixtures import FixtureError, Item, Parsed, parse_file
from crisis_timeline.store.event_store import ANY_VERSION, Batch, EventStore


@dataclass(frozen=True)
class LoadReport:
    """What a load did."""

    appended: int
    already_present: int
    files: int
    warnings: tuple[str, ...] = ()
    """Facts loaded that no view shows yet (loadchecks.warnings), one line each."""


def load(
    store: EventStore,
    paths: Sequence[Path],
    *,
    recorded_by: str,
    text: Path | None = None,
    progress: Callable[[int], None] | None = None,
    accept_draft: bool = False,
) -> LoadReport:
    """Validate every file, then append all their events in one transaction."""
    parsed: list[Parsed] = []
    for path in paths:
        if sum(len(p.problems) for p in parsed) >= fixtures_io.MAX_PROBLEMS:
            raise FixtureError(
                [m for p in parsed for m in p.problems]
                + [f"{len(paths) - len(parsed)} more files not checked"]
            )
        parsed.append(parse_file(path, text, accept_draft=accept_draft))
        if progress:
            progress(1)
    return load_parsed(store, parsed, recorded_by=recorded_by)


def load_parsed(store: EventStore, parsed: Sequence[Parsed], *, recorded_by: str) -> LoadReport:
    """Check what needs the store and every document together, then append all or nothing."""
    problems = [msg for p in parsed for msg in p.problems]
    problems += loadchecks.check(store, parsed)  # first: corrections add the actors they name
    problems += loadchecks.cross_check(store, parsed)
    warnings = tuple(loadchecks.warnings(store, parsed)) if not problems else ()
    items, repeated = _unique(parsed, problems)
    if problems:
        raise FixtureError(problems)
    try:
        result = store.append_batches(_batches(items), recorded_by=recorded_by)
    except EventIdConflictError as e:
        where = next(i.where for i in items if i.event.id == e.event_id)
        raise FixtureError(
            [f"{where}: already loaded with different content; add an EventCorrected fact instead"]
        ) from None
    return LoadReport(
        len(result.appended), result.already_present + repeated, len(parsed), warnings
    )


def _unique(parsed: Sequence[Parsed], problems: list[str]) -> tuple[list[Item], int]:
    """Each event once: a file given twice counts as already present; a clash is a problem."""
    first: dict[UUID, Item] = {}
    repeated = 0
    for item in (i for p in parsed for i in p.items):
        seen = first.setdefault(item.event.id, item)
        if seen is item:
            continue
        if seen.event.content() == item.event.content():
            repeated += 1
        else:
            problems.append(f"{item.where}: already given by {seen.path} with different content")
    return list(first.values()), repeated


def _batches(items: Sequence[Item]) -> list[Batch]:
    # Facts from different sources are independent appends: a stream another load moved on
    # since these files were checked takes them after its own, so no expected version.
    by_stream: dict[str, list[NewEvent]] = {}
    for item in items:
        by_stream.setdefault(item.event.stream, []).append(item.event)
    return [Batch(s, evs, ANY_VERSION) for s, evs in by_stream.items()]
