"""Folds for the per-event views: the timeline and force reports (one row per event)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import Row, partial, per_event, source_of
from crisis_timeline.time import PRECISION_RANK, PartialTime
from crisis_timeline.time import partial_json as time_json

FORCE_TYPES = {"ForceBuildUpReported": "build_up", "ForceWithdrawalReported": "withdrawal"}
NOT_ON_TIMELINE = {"SourceRegistered", "ActorIdentified"}


def world_time(event: Event) -> PartialTime:
    """When the fact happens in the world: the plan, the outcome, or else when it was reported."""
    for field in ("held", "scheduled", "period"):
        when = partial(event.data.get(field))
        if when is not None:
            return when
    return event.occurred or event.reported


def summary(event: Event) -> str:
    """A line saying what the fact is."""
    d = event.data
    text = d.get("statement") or d.get("summary") or d.get("demand") or d.get("title")
    if event.type == "MeetingAgendaReported":
        text = "agenda: " + "; ".join(d["topics"])
    elif event.type in FORCE_TYPES:
        text = f"{d['size_text']} ({d['location']})"
    elif event.type in ("ReadoutExpected", "ReadoutPublished"):
        by = d["by"] if isinstance(d["by"], str) else ", ".join(d["by"])
        text = f"readout by {by}"
    return str(text or event.type)


def timeline_row(e: Event) -> Row | None:
    """The fact placed in world time (sources and actors are not timeline facts)."""
    if e.type in NOT_ON_TIMELINE:
        return None
    when = world_time(e)
    key = str(e.id)
    entry = {
        "id": key, "stream": e.stream, "type": e.type,
        "when": time_json(when), "summary": summary(e),
        "reported": time_json(e.reported), "source": source_of(e) or None,
    }
    return Row(key, entry, sort_at=when.start, sort_rank=PRECISION_RANK[when.precision])


def force_row(e: Event) -> Row | None:
    """A reported size of a force: a range, a period, and who reported it."""
    if e.type not in FORCE_TYPES:
        return None
    d = e.data
    period = d.get("period") or (time_json(e.occurred) if e.occurred else None)
    report: dict[str, Any] = {
        "id": str(e.id), "stream": e.stream, "direction": FORCE_TYPES[e.type], "actor": d["actor"],
        "location": d["location"], "size_text": d["size_text"], "low": d.get("low"), "high": d.get("high"),
        "unit": d.get("unit", "troops"), "period": period,
        "reported": time_json(e.reported), "source": source_of(e) or None,
        "attribution": e.evidence[0].attribution.value if e.evidence else None,
        "claim": d.get("claim"),
    }
    return Row(report["id"], report, sort_at=e.reported.start, status=report["direction"])


timeline_rows = per_event(timeline_row)
"""Every fact of the stream that still stands, placed in world time."""

force_rows = per_event(force_row)
"""Each reported size of a force that still stands."""
