"""Folds for the per-event views: the timeline and force reports (one row per event)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from crisis_timeline.events.envelope import Event
from crisis_timeline.events.registry import registry
from crisis_timeline.projections.base import Row, effective, partial, per_event, source_of
from crisis_timeline.time import PRECISION_RANK, PartialTime
from crisis_timeline.time import partial_json as time_json

FORCE_TYPES = {"ForceBuildUpReported": "build_up", "ForceWithdrawalReported": "withdrawal"}
NOT_ON_TIMELINE = {"SourceRegistered", "ActorIdentified"}
RESPONDED_TO = {"claim": "ClaimMade", "demand": "DemandMade"}
"""In these stream families every other fact responds to the stream's first fact of this type
(a dispute to its claim, a rejection to its demand); the timeline never shows it earlier."""


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


def actors_of(event: Event) -> list[str]:
    """The actor ids the fact names in its data (its payload's actor fields), in field order."""
    found: dict[str, None] = {}
    for field in getattr(registry.payload_class(event.type), "actor_fields", ()):
        value = event.data.get(field)
        for actor in value if isinstance(value, list) else [value] if value else []:
            found.setdefault(actor, None)
    return list(found)


def knowledge_tag(event: Event) -> str:
    """The row key of a per-event view: knowledge order (reported, source, order within the
    source) as a string that sorts as that order does, within the key column's 200 characters.

    A source id longer than 120 characters is cut; its digest then orders sources that share
    the first 120 (a response moved after its claim adds 17 characters, see timeline_rows).
    Position orders facts within one source whatever else was loaded: the loader
    appends a source at once, stream by stream in the order its file first names each, each
    stream's facts in file order.
    """
    assert event.reported.start is not None and event.position is not None
    source = source_of(event)
    return f"{event.reported.start:%Y%m%dT%H%M%S%f} {source[:120]} {_digest(source)} {event.position:012d}"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


def timeline_row(e: Event) -> Row | None:
    """The fact placed in world time (sources and actors are not timeline facts)."""
    if e.type in NOT_ON_TIMELINE:
        return None
    when = world_time(e)
    speaker = e.evidence[0].attributed_to if e.evidence else None
    entry = {
        "id": str(e.id),
        "stream": e.stream,
        "type": e.type,
        "when": time_json(when),
        "summary": summary(e),
        "actors": actors_of(e),
        "speaker": speaker,
        "attribution": e.evidence[0].attribution.value if e.evidence else None,
        "reported": time_json(e.reported),
        "source": source_of(e) or None,
    }
    # Even ranks: precision, coarse first. A response moved after what it responds to takes the odd rank above.
    return Row(
        knowledge_tag(e), entry, sort_at=when.start, sort_rank=2 * PRECISION_RANK[when.precision]
    )


def timeline_rows(events: Sequence[Event]) -> list[Row]:
    """Every fact of the stream that still stands, placed in world time; a response that its own
    time would place before what it responds to comes after it instead."""
    standing = effective(events)
    rows = [(e, row) for e in standing if (row := timeline_row(e)) is not None]
    defining = RESPONDED_TO.get(standing[0].stream.split("/", 1)[0]) if standing else None
    first = next((row for e, row in rows if e.type == defining), None)
    if first is None:
        return [row for _e, row in rows]
    out = []
    for e, row in rows:
        if e.type != defining and _before(row, first):
            # The key names what it follows: a row's identity across versions is its key and content,
            # and what it follows may change (the claim it answered retracted, another standing).
            row = Row(
                f"{row.key} after {_digest(first.key)}",
                row.content,
                sort_at=first.sort_at,
                sort_rank=first.sort_rank + 1,
            )
        out.append(row)
    return out


def _before(row: Row, other: Row) -> bool:
    if (row.sort_at is None) != (other.sort_at is None):
        return row.sort_at is None
    return (row.sort_at, row.sort_rank, row.key) < (other.sort_at, other.sort_rank, other.key)


_NUMBER = re.compile(r"\d[\d,]*")


def inferred(size_text: str, low: int | None, high: int | None) -> bool:
    """Are low and high read from the words ("tens of thousands"), not numbers the words state?"""
    stated = {int(n.replace(",", "")) for n in _NUMBER.findall(size_text) if n.replace(",", "")}
    return any(v is not None and v not in stated for v in (low, high))


def force_row(e: Event) -> Row | None:
    """A reported size of a force: a range, a period, and who reported it."""
    if e.type not in FORCE_TYPES:
        return None
    d = e.data
    period = d.get("period") or (time_json(e.occurred) if e.occurred else None)
    report: dict[str, Any] = {
        "id": str(e.id),
        "stream": e.stream,
        "direction": FORCE_TYPES[e.type],
        "actor": d["actor"],
        "location": d["location"],
        "size_text": d["size_text"],
        "low": d.get("low"),
        "high": d.get("high"),
        "inferred": inferred(d["size_text"], d.get("low"), d.get("high")),
        "unit": d.get("unit", "troops"),
        "period": period,
        "reported": time_json(e.reported),
        "source": source_of(e) or None,
        "attribution": e.evidence[0].attribution.value if e.evidence else None,
        "claim": d.get("claim"),
    }
    return Row(report["id"], report, sort_at=e.reported.start, status=report["direction"])


force_rows = per_event(force_row)
"""Each reported size of a force that still stands."""
