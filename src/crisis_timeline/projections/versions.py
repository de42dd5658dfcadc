"""Bitemporal versions of a stream's rows, over knowledge time [known_from, known_until) and
system time [recorded_from, recorded_until)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, NamedTuple

from crisis_timeline import canonical
from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import (
    Fold,
    Row,
    has_corrections,
    knowledge_key,
    upcast,
)
from crisis_timeline.projections.view import View

Standing = tuple[Row, str, datetime, datetime | None]
"""A knowledge-time version: the row, its content as canonical JSON, known_from, known_until."""


class Version(NamedTuple):
    """A row as it stood over an interval of knowledge time and of system time.

    A named tuple, not a frozen dataclass: folds make one per row and recording, and a frozen
    dataclass's constructor costs three times as much."""

    row: Row
    content_json: str
    known_from: datetime
    known_until: datetime | None
    recorded_from: datetime
    recorded_until: datetime | None


def _reported(event: Event) -> datetime:
    assert event.reported.start is not None
    return event.reported.start


def knowledge_versions(
    fold: Fold,
    events: Sequence[Event],
    since: datetime | None = None,
    standing: Iterable[Standing] = (),
) -> list[Standing]:
    """Each row's versions over knowledge time, from events already in knowledge order.

    With `since`, `standing` are the versions as they stood before events reported at or after
    `since` were added: the prefixes before `since` are unchanged, so only knowledge times from
    `since` on are folded again (for events that arrive in knowledge order, one fold).
    """
    out: list[Standing] = []
    open_: dict[str, tuple[Row, str, datetime]] = {}
    first = 0
    if since is not None:
        for row, js, known_from, known_until in standing:
            if known_until is not None and known_until <= since:
                out.append((row, js, known_from, known_until))
            elif known_from < since:
                open_[row.key] = (row, js, known_from)
        first = bisect_left(events, since, key=_reported)
    prefix: list[Event] = list(events[:first])
    for t, group in groupby(events[first:], key=_reported):
        prefix.extend(group)
        rows = {r.key: (r, canonical.dumps(r.content)) for r in fold(prefix)}
        for key, (row, js, known_from) in list(open_.items()):
            if key not in rows or rows[key][1] != js:
                out.append((row, js, known_from, t))
                del open_[key]
        for key, (row, js) in rows.items():
            if key not in open_:
                open_[key] = (row, js, t)
    out.extend((row, js, known_from, None) for row, js, known_from in open_.values())
    return out


def own_rows(projection: View, events: Iterable[Event]) -> list[Version]:
    """A one-row-per-event view of events whose stream has no corrections: each row stands
    from its event's reported time, recorded with its event, and never changes."""
    assert projection.row_of is not None
    out = []
    for e in events:
        row = projection.row_of(upcast(e))
        if row is not None:
            out.append(
                Version(row, canonical.dumps(row.content), _reported(e), None, e.recorded_at, None)
            )
    return out


def recordings(events: Sequence[Event]) -> list[tuple[datetime, list[Event]]]:
    """A stream's events (in version order) grouped by the append that recorded them."""
    return [
        (recorded, list(group)) for recorded, group in groupby(events, key=lambda e: e.recorded_at)
    ]


def add_recording(
    fold: Fold, visible: list[Event], new: Sequence[Event], standing: list[Standing]
) -> tuple[list[Event], list[Standing]]:
    """One more recording of a stream: the visible events and knowledge versions after it."""
    new = [upcast(e) for e in new]
    visible = sorted(visible + new, key=knowledge_key)
    since = min(_reported(e) for e in new)
    return visible, knowledge_versions(fold, visible, since, standing)


Ident = tuple[str, datetime, datetime | None, str]
"""A version's identity within its stream and view: key, known_from, known_until, content JSON."""


def ident(v: Version) -> Ident:
    """The version's identity (what stays the same while it stands in system time)."""
    return v.row.key, v.known_from, v.known_until, v.content_json


@dataclass(frozen=True)
class Recorded:
    """What one recording of a stream did to the versions standing in system time."""

    at: datetime
    closed: list[Version]
    """Versions that stood before and no longer do: recorded_until is `at`."""
    vanished: list[Version]
    """Versions opened at `at` itself (by an earlier part of the same recording) that never
    stood."""
    opened: list[Version]
    standing: dict[Ident, Version]


def replay(
    fold: Fold, visible: list[Event], standing: dict[Ident, Version], new: Sequence[Event]
) -> Iterator[Recorded]:
    """Each recording among `new` (version order) in turn: which standing versions close and which
    open.

    `visible` are the stream's events folded already, in knowledge order; `standing` the versions
    they left open in system time (both empty for a stream folded from its first event).
    """
    knowledge = [(v.row, v.content_json, v.known_from, v.known_until) for v in standing.values()]
    for at, batch in recordings(new):
        visible, knowledge = add_recording(fold, visible, batch, knowledge)
        now = {(r.key, since, until, js): r for r, js, since, until in knowledge}
        gone = [v for i, v in standing.items() if i not in now]
        opened = [
            Version(row, i[3], i[1], i[2], at, None) for i, row in now.items() if i not in standing
        ]
        standing = {i: v for i, v in standing.items() if i in now} | {ident(v): v for v in opened}
        closed = [v._replace(recorded_until=at) for v in gone if v.recorded_from != at]
        yield Recorded(at, closed, [v for v in gone if v.recorded_from == at], opened, standing)


def bitemporal_versions(projection: View, events: Sequence[Event]) -> list[Version]:
    """Knowledge-time versions as each recording of the stream left them, over system time."""
    if events and projection.stands_alone(events[0].stream) and not has_corrections(events):
        return own_rows(projection, events)
    out: list[Version] = []
    standing: dict[Ident, Version] = {}
    for step in replay(projection.fold, [], {}, events):
        out.extend(step.closed)
        standing = step.standing
    out.extend(standing.values())
    return out


def version_row(name: str, stream: str, v: Version) -> dict[str, Any]:
    """The version as a row of the projection table."""
    return {
        "projection": name,
        "stream": stream,
        "key": v.row.key,
        "known_from": v.known_from,
        "known_until": v.known_until,
        "recorded_from": v.recorded_from,
        "recorded_until": v.recorded_until,
        "sort_at": v.row.sort_at,
        "sort_rank": v.row.sort_rank,
        "status": v.row.status,
        "sort_until": v.row.sort_until,
        "content": v.content_json,
    }
