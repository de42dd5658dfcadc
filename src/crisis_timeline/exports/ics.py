"""Meetings as an RFC 5545 calendar: one VEVENT per meeting, updated in place on re-export.

Times (the rule the README gives): a meeting held is placed at the time it was held, any other
at its planned time. A time known to the minute or second is a UTC date-time start (no end:
the sources give when a call begins, not how long it lasts); an hour or a range of times
within a day also has its end. A day is an all-day event (VALUE=DATE); a longer time with both
bounds (a month, "2021-10-30/2021-12-30") an all-day span over the days it covers. A meeting
with no time, or an open one ("after 10 January"), is left out and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar
from icalendar import Event as VEvent
from sqlalchemy import Engine

from crisis_timeline.events.envelope import Event
from crisis_timeline.exports import Document
from crisis_timeline.exports.common import Context, by_source, quotes, stream_events
from crisis_timeline.projections.base import effective, partial
from crisis_timeline.projections.meetings import meeting_rows, meetings
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import PRECISION_RANK, PartialTime, Precision
from crisis_timeline.views import At, Content, Filters

PRODID = "-//Crisis Timeline//crisis export ics//EN"
UID_DOMAIN = "crisis-timeline"
STATUS = {
    "requested": "TENTATIVE",
    "scheduled": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}
_DAY = PRECISION_RANK[Precision.DAY]


def calendar(
    engine: Engine, store: EventStore, at: At = At(), filters: Filters = Filters()
) -> Document:
    """The meetings view at `at` (with its filters) as an iCalendar document."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    rows = meetings(engine, at, filters)
    histories = {r["id"]: stream_events(store, r["id"], at) for r in rows}
    context = Context.read(engine, at, [e for h in histories.values() for e in h])
    left_out = 0
    for row in rows:
        vevent = meeting_event(row, histories[row["id"]], context)
        if vevent is None:
            left_out += 1
        else:
            cal.add_component(vevent)
    note = f"{left_out} meeting(s) left out: no time, or an open one" if left_out else ""
    return Document(cal.to_ical(), note)


def meeting_event(row: Content, history: Sequence[Event], context: Context) -> VEvent | None:
    """One meeting as a VEVENT, or None when its time cannot be placed on a calendar."""
    when = partial(row["held"] if row["status"] == "held" and row["held"] else row["scheduled"])
    placed = _times(when) if when else None
    if placed is None:
        return None
    sequence, changed = changes(history)
    vevent = VEvent()
    vevent.add("uid", f"{row['id']}@{UID_DOMAIN}")
    vevent.add("dtstamp", changed)
    vevent.add("sequence", sequence)
    vevent.add("status", STATUS[row["status"]])
    vevent.add("summary", row["title"] or row["id"])
    vevent.add("dtstart", placed[0])
    if placed[1] is not None:
        vevent.add("dtend", placed[1])
    if row["location"]:
        vevent.add("location", row["location"])
    if row["kind"]:
        vevent.add("categories", [row["kind"]])
    vevent.add("description", description(row, effective(history), context))
    return vevent


def _times(when: PartialTime) -> tuple[Any, Any] | None:
    """(DTSTART, DTEND or None) for a partial time, or None for an open one."""
    if when.start is None or when.end is None:
        return None
    if PRECISION_RANK[when.precision] > _DAY:
        if when.precision is not Precision.HOUR and when.end - when.start <= _unit(when.precision):
            return when.start.astimezone(UTC), None
        return when.start.astimezone(UTC), when.end.astimezone(UTC)
    last = when.end - timedelta(microseconds=1)
    return when.start.date(), last.date() + timedelta(days=1)


def _unit(precision: Precision) -> timedelta:
    return timedelta(minutes=1) if precision is Precision.MINUTE else timedelta(seconds=1)


def changes(history: Sequence[Event]) -> tuple[int, datetime]:
    """SEQUENCE and DTSTAMP from the meeting's events in knowledge order: how many events
    changed its planned time or its status after it was first reported, and the knowledge
    time of the latest event that changed what the meeting row says."""
    sequence, stamp, before = 0, None, None
    for i, event in enumerate(history, 1):
        rows = meeting_rows(history[:i])
        now = rows[0].content if rows else None
        if now is not None and now != before:
            stamp = event.reported.start
            if before is not None and (now["status"], now["scheduled"]) != (
                before["status"],
                before["scheduled"],
            ):
                sequence += 1
        before = now
    return sequence, stamp or history[-1].reported.start or datetime.min.replace(tzinfo=UTC)


def description(row: Content, history: Sequence[Event], context: Context) -> str:
    """Participants, agenda, readouts and the sources with their quotes, as plain text."""
    lines = [
        f"Status: {row['status']}"
        + (" (its time has passed, no report it was held)" if row["overdue"] else "")
    ]
    for key, label in (("scheduled", "Planned"), ("held", "Held")):
        pt = partial(row[key])
        if pt is not None:
            lines.append(f"{label}: {pt.value}" + (f" (as written: {pt.text})" if pt.text else ""))
    lines += _actors_line("Participants", row["participants"], context)
    lines += _actors_line(
        "Requested by", [row["requested_by"]] if row["requested_by"] else [], context
    )
    lines += _actors_line("Observers", row["observers"], context)
    if row["agenda"]:
        lines.append("Agenda: " + "; ".join(row["agenda"]))
    lines += _actors_line("Readouts expected from", row["readouts_expected"], context)
    for r in row["readouts"]:
        summary = f": {r['summary']}" if r["summary"] else ""
        lines.append(
            f"Readout by {context.actor(r['by'])}{summary}"
            + (f" ({r['readout']})" if r["readout"] else "")
        )
    for source, items in by_source(quotes(history)).items():
        lines.append(f"Source: {context.citation(source)}")
        lines += [f"- “{ev.quote}” ({context.said_by(ev)})" for ev in items]
    return "\n".join(lines)


def _actors_line(label: str, ids: Sequence[str], context: Context) -> list[str]:
    return [f"{label}: " + ", ".join(context.actor(a) for a in ids)] if ids else []
