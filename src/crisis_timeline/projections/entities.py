"""Folds for the per-entity views: meetings, claims, actors, demands (one row per stream)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import Row, effective, first_reported, partial, sources_of
from crisis_timeline.time import partial_json as time_json
from crisis_timeline.time import span_class

MEETING_DEFINING = {"MeetingRequested", "MeetingScheduled", "MeetingHeld"}
CLAIM_CLOSING = {
    "ClaimConfirmed": "confirmed",
    "ClaimRefuted": "refuted",
    "ClaimRetracted": "retracted",
}


def _attribution(event: Event) -> str | None:
    return event.evidence[0].attribution.value if event.evidence else None


def _response(event: Event) -> dict[str, Any]:
    return {
        "by": event.data.get("by"),
        "statement": event.data.get("statement"),
        "source": event.evidence[0].source if event.evidence else None,
        "attribution": _attribution(event),
        "reported": time_json(event.reported),
    }


def meeting_rows(events: Sequence[Event]) -> list[Row]:
    """The meeting as it stands: plan and outcome kept apart."""
    events = effective(events)
    if not any(e.type in MEETING_DEFINING for e in events):
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
        d = e.data
        if e.type in MEETING_DEFINING:
            m["title"] = m["title"] or d["title"]
            m["kind"] = m["kind"] or d["kind"]
            m["participants"] = _union(m["participants"], d.get("participants", []))
        status = _meeting_status(status, e.type)
        if e.type == "MeetingRequested":
            m["requested_by"] = d["requested_by"]
        elif e.type in ("MeetingScheduled", "MeetingRescheduled"):
            m["scheduled"] = d["scheduled"]
            m["location"] = d.get("location") or m["location"]
        elif e.type == "MeetingHeld":
            m["held"] = d["held"]
            m["location"] = d.get("location") or m["location"]
            m["observers"] = _union(m.get("observers", []), d.get("observers", []))
        elif e.type == "MeetingAgendaReported":
            m["agenda"] = _union(m["agenda"], d["topics"])
        elif e.type == "ReadoutExpected":
            m["readouts_expected"] = _union(m["readouts_expected"], d["by"])
        elif e.type == "ReadoutPublished":
            m["readouts"].append(
                {"by": d["by"], "readout": d.get("readout"), "summary": d.get("summary")}
            )
    m["status"] = status or "requested"
    m.setdefault("observers", [])
    when = partial(m["held"] or m["scheduled"])
    # By start (what happened, else the plan) within its span class, with its end: the view's
    # order, and `meetings --upcoming` reads each class's window (queries._upcoming; a
    # scheduled meeting has no held time, so there these are its plan's).
    return [
        Row(
            m["id"],
            m,
            sort_at=when.start if when else None,
            sort_rank=span_class(when),
            status=m["status"],
            sort_until=when.end if when else None,
        )
    ]


def _meeting_status(status: str | None, event_type: str) -> str | None:
    """Lifecycle in knowledge order: a later schedule lifts a cancellation; held is final."""
    if status == "held":
        return status
    return {
        "MeetingRequested": status or "requested",
        "MeetingScheduled": "scheduled",
        "MeetingRescheduled": "scheduled",
        "MeetingCancelled": "cancelled",
        "MeetingHeld": "held",
    }.get(event_type, status)


def claim_rows(events: Sequence[Event]) -> list[Row]:
    """The claim, who disputed or corroborated it, and whether it is still open."""
    events = effective(events)
    made = next((e for e in events if e.type == "ClaimMade"), None)
    if made is None:
        return []
    disputes = [_response(e) for e in events if e.type == "ClaimDisputed"]
    support = [_response(e) for e in events if e.type == "ClaimCorroborated"]
    closing = [e for e in events if e.type in CLAIM_CLOSING]
    status = (
        CLAIM_CLOSING[closing[-1].type]
        if closing
        else "disputed"
        if disputes
        else "corroborated"
        if support
        else "unverified"
    )
    c = {
        "id": made.stream,
        "statement": made.data["statement"],
        "modality": made.data["modality"],
        "claimant": made.data.get("claimant"),
        "about": made.data.get("about", []),
        "attribution": _attribution(made),
        "status": status,
        "open": not closing,
        "disputed_by": disputes,
        "corroborated_by": support,
        "closed_by": [_response(e) | {"type": e.type} for e in closing],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(c["id"], c, sort_at=_first_start(events), status=status)]


def actor_rows(events: Sequence[Event]) -> list[Row]:
    """The actor as identified, with every source that names them."""
    events = effective(events)
    ids = [e for e in events if e.type == "ActorIdentified"]
    if not ids:
        return []
    a: dict[str, Any] = {
        "id": ids[0].stream,
        "name": ids[0].data["name"],
        "kind": ids[0].data["kind"],
    }
    for key in ("description", "affiliation"):
        a[key] = next((e.data[key] for e in ids if e.data.get(key)), None)
    for key in ("titles", "aliases"):
        a[key] = _union([], [v for e in ids for v in e.data.get(key, [])])
    a["first_reported"], a["sources"] = first_reported(events), sources_of(events)
    return [Row(a["id"], a, status=a["kind"])]


def demand_rows(events: Sequence[Event]) -> list[Row]:
    """The demand and the answers to it."""
    events = effective(events)
    made = next((e for e in events if e.type == "DemandMade"), None)
    if made is None:
        return []
    answers = [e for e in events if e.type in ("DemandRejected", "DemandAccepted")]
    status = (
        {"DemandRejected": "rejected", "DemandAccepted": "accepted"}[answers[-1].type]
        if answers
        else "made"
    )
    d = {
        "id": made.stream,
        "demand": made.data["demand"],
        "by": made.data["by"],
        "addressee": made.data.get("addressee"),
        "status": status,
        "responses": [_response(e) | {"type": e.type} for e in answers],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(d["id"], d, sort_at=_first_start(events), status=status)]


def _first_start(events: Sequence[Event]) -> datetime:
    """When the entity was first reported: what its `first_reported` says, as the sort column."""
    starts = [e.reported.start for e in events if e.reported.start is not None]
    return min(starts)


def _union(old: list[Any], new: Sequence[Any]) -> list[Any]:
    return old + [v for v in new if v not in old]
