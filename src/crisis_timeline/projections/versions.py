"""Bitemporal versions of a stream's rows: [known_from, known_until) × [recorded_from, recorded_until)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from crisis_timeline import canonical
from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import Fold, Row, in_knowledge_order

_Ident = tuple[str, datetime, datetime | None, str]


@dataclass(frozen=True)
class Version:
    """A row as it stood over an interval of knowledge time and of system time."""

    row: Row
    content_json: str
    known_from: datetime
    known_until: datetime | None
    recorded_from: datetime
    recorded_until: datetime | None


def knowledge_versions(fold: Fold, events: Sequence[Event]) -> list[tuple[Row, str, datetime, datetime | None]]:
    """Each row's versions over knowledge time, from events already in knowledge order."""
    out: list[tuple[Row, str, datetime, datetime | None]] = []
    open_: dict[str, tuple[Row, str, datetime]] = {}
    prefix: list[Event] = []
    for t, group in groupby(events, key=lambda e: e.reported.start):
        assert t is not None
        prefix.extend(group)
        rows = {r.key: (r, canonical.dumps(r.content)) for r in fold(prefix)}
        for key, (row, js, since) in list(open_.items()):
            if key not in rows or rows[key][1] != js:
                out.append((row, js, since, t))
                del open_[key]
        for key, (row, js) in rows.items():
            if key not in open_:
                open_[key] = (row, js, t)
    out.extend((row, js, since, None) for row, js, since in open_.values())
    return out


def bitemporal_versions(fold: Fold, events: Sequence[Event]) -> list[Version]:
    """Knowledge-time versions as each recording of the stream left them, over system time."""
    out: list[Version] = []
    current: dict[_Ident, tuple[Row, datetime]] = {}
    for recorded in sorted({e.recorded_at for e in events}):
        visible = in_knowledge_order(e for e in events if e.recorded_at <= recorded)
        now = {(r.key, since, until, js): r for r, js, since, until in knowledge_versions(fold, visible)}
        for ident, (row, since_r) in list(current.items()):
            if ident not in now:
                out.append(Version(row, ident[3], ident[1], ident[2], since_r, recorded))
                del current[ident]
        for ident, row in now.items():
            current.setdefault(ident, (row, recorded))
    out.extend(Version(row, i[3], i[1], i[2], since_r, None) for i, (row, since_r) in current.items())
    return out
