"""The meetings view: one row per meeting, its plan and its outcome kept apart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, effective, partial, sources_of, union
from crisis_timeline.projections.payloads import Lazily, payload_of, time_json
from crisis_timeline.projections.view import StatusIn, View
from crisis_timeline.spans import Bounded, span_class
from crisis_timeline.views import At, Content, Filters, stored_time

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events import meetings as ev
    from crisis_timeline.events.envelope import Event
    from crisis_timeline.events.registry import Payload
else:
    ev = Lazily("crisis_timeline.events.meetings")

DEFINING = frozenset({"MeetingRequested", "MeetingScheduled", "MeetingHeld"})
"""The events that say what a meeting is; a stream without one has no row."""
STATUSES = ("requested", "scheduled", "held", "cancelled")
OPEN_PLAN_HORIZON = timedelta(days=30)
"""How long an open-ended plan ("after 8 October") stays upcoming: from its start on; then it
is overdue."""


def meeting_rows(events: Sequence[Event]) -> list[Row]:
    """The meeting as it stands: plan and outcome kept apart."""
    events = effective(events)
    if not any(e.type in DEFINING for e in events):
        return []
    m: dict[str, Any] = {
        "id": events[0].stream,
        "title": None,
        "kind": None,
        "participants": [],
        "requested_by": None,
        "status": "requested",
        "overdue": False,
        "scheduled": None,
        "held": None,
        "location": None,
        "agenda": [],
        "readouts_expected": [],
        "readouts": [],
        "sources": sources_of(events),
    }
    status: str | None = None
    for e in events:
        p = payload_of(e)
        status = _status(status, p)
        _apply(m, p)
    m["status"] = status or "requested"
    m.setdefault("observers", [])
    return [_row(m)]


def _apply(m: dict[str, Any], p: Payload) -> None:
    """What one fact of the meeting says of it, in knowledge order."""
    match p:
        case ev.MeetingRequested() | ev.MeetingScheduled() | ev.MeetingHeld():
            m["title"] = m["title"] or p.title
            m["kind"] = m["kind"] or p.kind.value
            m["participants"] = union(m["participants"], p.participants)
    match p:
        case ev.MeetingRequested():
            m["requested_by"] = p.requested_by
        case ev.MeetingScheduled():
            m["scheduled"] = time_json(p.scheduled)
            m["location"] = p.location or m["location"]
        case ev.MeetingRescheduled():
            m["scheduled"] = time_json(p.scheduled)
        case ev.MeetingHeld():
            m["held"] = time_json(p.held)
            m["location"] = p.location or m["location"]
            m["observers"] = union(m.get("observers", []), p.observers)
        case ev.MeetingAgendaReported():
            m["agenda"] = union(m["agenda"], p.topics)
        case ev.ReadoutExpected():
            m["readouts_expected"] = union(m["readouts_expected"], p.by)
        case ev.ReadoutPublished():
            m["readouts"].append({"by": p.by, "readout": p.readout, "summary": p.summary})


def _row(m: dict[str, Any]) -> Row:
    # By start (what happened, else the plan) within its span class, with its end: the view's
    # order, and `--upcoming` reads each class's window (queries.upcoming; a scheduled meeting
    # has no held time, so there these are its plan's).
    when = partial(m["held"] or m["scheduled"])
    return Row(
        m["id"],
        m,
        sort_at=when.start if when else None,
        sort_rank=span_class(when),
        status=m["status"],
        sort_until=when.end if when else None,
    )


def _status(status: str | None, p: Payload) -> str | None:
    """Lifecycle in knowledge order: a later schedule lifts a cancellation; held is final."""
    if status == "held":
        return status
    match p:
        case ev.MeetingRequested():
            return status or "requested"
        case ev.MeetingScheduled() | ev.MeetingRescheduled():
            return "scheduled"
        case ev.MeetingCancelled():
            return "cancelled"
        case ev.MeetingHeld():
            return "held"
    return status


def plan_end(when: Bounded | None) -> datetime | None:
    """When a plan is over: its end; an open end ("after 8 October") OPEN_PLAN_HORIZON after
    its start."""
    if when is None:
        return None
    if when.end is None and when.start is not None:
        return when.start + OPEN_PLAN_HORIZON
    return when.end


def _overdue(row: Content, now: datetime) -> Content:
    end = plan_end(stored_time(row["scheduled"]))
    row["overdue"] = bool(row["status"] == "scheduled" and end and end <= now)
    return row


def _upcoming(row: Content, now: datetime, f: Filters) -> bool:
    if not f.upcoming or row["status"] != "scheduled":
        return not f.upcoming
    when = stored_time(row["scheduled"])
    end = plan_end(when)
    return when is not None and (end is None or end > now)


def _narrow(f: Filters) -> StatusIn | None:
    return StatusIn(frozenset({"scheduled"})) if f.upcoming else None


VIEW = View(
    "meetings",
    frozenset({"meeting"}),
    meeting_rows,
    title="title",
    columns=(
        "id",
        "title",
        "kind",
        "participants",
        "requested_by",
        "status",
        "overdue",
        "scheduled",
        "held",
        "location",
        "observers",
        "agenda",
        "readouts_expected",
        "readouts",
        "sources",
    ),
    table_columns=("id", "status", "overdue", "scheduled", "held", "title"),
    filters=frozenset({"upcoming", "status", "actor", "world_from", "world_to"}),
    statuses=STATUSES,
    # By held or scheduled start, open and missing times last, then id.
    open_last=True,
    by_rank=False,
    actor_keys=("participants", "requested_by", "observers"),
    world_keys=("held", "scheduled"),
    derive=_overdue,
    keep=_upcoming,
    narrow=_narrow,
    spans=OPEN_PLAN_HORIZON,
)


def upcoming_meetings(engine: Engine, at: At, limit: int | None = None) -> list[Content]:
    """Scheduled meetings not over at `at`, soonest first (the first `limit`)."""
    return queries.view(engine, VIEW, at, Filters(upcoming=True, limit=limit))


def meetings(engine: Engine, at: At, filters: Filters = Filters()) -> list[Content]:
    """Every meeting as it stood at `at`, in the view's order."""
    return queries.view(engine, VIEW, at, filters)
