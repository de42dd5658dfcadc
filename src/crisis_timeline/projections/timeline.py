"""The timeline view: every fact in world time, one row per event, with who said it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from crisis_timeline.projections import happenings
from crisis_timeline.projections.base import Row, attribution_of, effective, source_of
from crisis_timeline.projections.payloads import Lazily, once_per_event, payload_of, time_json
from crisis_timeline.projections.view import View, stream_family
from crisis_timeline.timepoints import PRECISION_RANK
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events import (
        actors,
        agreements,
        claims,
        context,
        demands,
        forces,
        incidents,
        meetings,
        places,
        sources,
    )
    from crisis_timeline.events.envelope import Event
    from crisis_timeline.events.registry import Payload
    from crisis_timeline.time import PartialTime
else:
    actors, claims, context, demands, forces, meetings, sources = (
        Lazily(f"crisis_timeline.events.{name}")
        for name in ("actors", "claims", "context", "demands", "forces", "meetings", "sources")
    )
    agreements, incidents, places = (
        Lazily(f"crisis_timeline.events.{n}") for n in ("agreements", "incidents", "places")
    )

RESPONDED_TO = {"claim": "ClaimMade", "demand": "DemandMade", "incident": "IncidentReported"}
"""In these stream families every other fact responds to the stream's first fact of this type
(a dispute to its claim, a rejection to its demand, a toll to its incident); the timeline never
shows it earlier."""


def world_time(event: Event, p: Payload) -> PartialTime:
    """When the fact happens in the world: the plan, the outcome, or else when it was reported."""
    match p:
        case meetings.MeetingHeld():
            return p.held
        case meetings.MeetingScheduled() | meetings.MeetingRescheduled():
            return p.scheduled
        case forces.ForceBuildUpReported() | forces.ForceWithdrawalReported() if p.period:
            return p.period
        case incidents.IncidentReported():
            return p.happened
        case agreements.AgreementSigned() if p.signed:
            return p.signed
    return event.occurred or event.reported


def summary(event: Event, p: Payload) -> str:
    """A line saying what the fact is."""
    text: str | None = happenings.summary(event)
    match p:
        case _ if text is not None:
            pass
        case meetings.MeetingRequested() | meetings.MeetingScheduled() | meetings.MeetingHeld():
            text = p.title
        case meetings.MeetingAgendaReported():
            text = "agenda: " + "; ".join(p.topics)
        case meetings.ReadoutExpected():
            text = f"readout by {', '.join(p.by)}"
        case meetings.ReadoutPublished():
            text = f"readout by {p.by}"
        case forces.ForceBuildUpReported() | forces.ForceWithdrawalReported():
            text = f"{p.size_text} ({p.location})"
        case (
            claims.ClaimMade()
            | claims.ClaimCorroborated()
            | claims.ClaimDisputed()
            | claims.ClaimConfirmed()
            | claims.ClaimRefuted()
            | claims.ClaimRetracted()
            | demands.DemandRejected()
            | demands.DemandAccepted()
        ):
            text = p.statement
        case demands.DemandMade():
            text = p.demand
        case context.HistoricalContextNoted():
            text = p.summary
    return text or event.type


def actors_of(p: Payload) -> list[str]:
    """The actor ids the fact names in its data (its payload's actor fields), in field order."""
    found: dict[str, None] = {}
    for field in getattr(type(p), "actor_fields", ()):
        value = getattr(p, field)
        for actor in value if isinstance(value, tuple) else [value] if value else []:
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
    return f"{_source_tag(event.reported.start, source_of(event))} {event.position:012d}"


@lru_cache(maxsize=4096)
def _source_tag(reported: datetime, source: str) -> str:
    """The tag's part shared by a source's facts (they are many, and reported at one time)."""
    return f"{_stamp(reported)} {source[:120]} {_digest(source)}"


def _stamp(t: datetime) -> str:
    """`f"{t:%Y%m%dT%H%M%S%f}"`, without strftime's cost (it runs for every event)."""
    if t.year < 1000:  # strftime does not pad these years to four digits on every platform
        return f"{t:%Y%m%dT%H%M%S%f}"
    return (
        f"{t.year}{t.month:02d}{t.day:02d}T{t.hour:02d}{t.minute:02d}{t.second:02d}"
        f"{t.microsecond:06d}"
    )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


@once_per_event
def timeline_row(e: Event) -> Row | None:
    """The fact placed in world time (sources, actors and places are not timeline facts)."""
    p = payload_of(e)
    if isinstance(p, (sources.SourceRegistered, actors.ActorIdentified, places.PlaceIdentified)):
        return None
    when = world_time(e, p)
    speaker = e.evidence[0].attributed_to if e.evidence else None
    entry = {
        "id": str(e.id),
        "stream": e.stream,
        "type": e.type,
        "when": time_json(when),
        "summary": summary(e, p),
        "actors": actors_of(p),
        "speaker": speaker,
        "attribution": attribution_of(e),
        "reported": time_json(e.reported),
        "source": source_of(e) or None,
    }
    # Even ranks: precision, coarse first. A response moved after what it responds to takes the
    # odd rank above.
    return Row(
        knowledge_tag(e), entry, sort_at=when.start, sort_rank=2 * PRECISION_RANK[when.precision]
    )


def timeline_rows(events: Sequence[Event]) -> list[Row]:
    """Every fact of the stream that still stands, placed in world time; a response that its own
    time would place before what it responds to comes after it instead."""
    standing = effective(events)
    rows = [(e, row) for e in standing if (row := timeline_row(e)) is not None]
    defining = RESPONDED_TO.get(stream_family(standing[0].stream)) if standing else None
    first = next((row for e, row in rows if e.type == defining), None)
    if first is None:
        return [row for _e, row in rows]
    out = []
    for e, row in rows:
        if e.type != defining and _before(row, first):
            # The key names what it follows: a row's identity across versions is its key and
            # content, and what it follows may change (the claim it answered retracted, another
            # standing).
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


VIEW = View(
    "timeline",
    None,
    timeline_rows,
    title="summary",
    columns=(
        "id",
        "stream",
        "type",
        "when",
        "summary",
        "actors",
        "speaker",
        "attribution",
        "reported",
        "source",
        "source_title",
    ),
    table_columns=("when", "type", "stream", "speaker", "summary"),
    filters=frozenset({"actor", "world_from", "world_to"}),
    row_of=timeline_row,
    folded=frozenset(RESPONDED_TO),
    # By world-time start, precision (coarse first), then knowledge order (knowledge_tag).
    actor_keys=("actors", "speaker"),
    world_keys=("when",),
    with_source_titles=True,
)


def timeline(engine: Engine, at: At, filters: Filters = Filters()) -> list[Content]:
    """Every fact as it stood at `at`, in world-time order."""
    return queries.view(engine, VIEW, at, filters)
