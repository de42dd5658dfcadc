"""What each view's rows say, written plainly from DESIGN.md: the reference's rows (see
reference.py for what is visible, knowledge order, corrections and filters)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from crisis_timeline.events import Event
from crisis_timeline.events import claims as C
from crisis_timeline.events import meetings as M
from crisis_timeline.time import PRECISION_RANK, PartialTime, format_instant
from crisis_timeline.views import Content

Facts = list[tuple[Event, Any]]
Row = tuple[tuple[Any, ...], Content]
"""A row: where it sorts in its view, and what it shows."""
CLOSED = {"ClaimConfirmed": "confirmed", "ClaimRefuted": "refuted", "ClaimRetracted": "retracted"}
NUMBERS = re.compile(r"\d[\d,]*")


def source_of(e: Event) -> str:
    """The source of the event's first quote ('' for none)."""
    return e.evidence[0].source if e.evidence else ""


def json_of(t: PartialTime | None) -> dict[str, Any] | None:
    """A partial time in JSON."""
    return None if t is None else t.model_dump(mode="json")


def _evidence(e: Event) -> tuple[str | None, str | None, str | None]:
    """The first quote's source, speaker and attribution."""
    if not e.evidence:
        return None, None, None
    first = e.evidence[0]
    return first.source, first.attributed_to, first.attribution.value


def _sources(facts: Facts) -> list[str]:
    return list(dict.fromkeys(ev.source for e, _ in facts for ev in e.evidence))


def _first_reported(facts: Facts) -> datetime:
    return min(e.reported.start for e, _ in facts if e.reported.start is not None)


def _added(old: list[Any], new: Iterable[Any]) -> list[Any]:
    """old, then each value of new not already there (new's own repeats once)."""
    return list(dict.fromkeys([*old, *new]))


def meetings(stream: str, facts: Facts) -> list[Row]:
    """One row per meeting: its plan and its outcome apart."""
    described = [
        p
        for _, p in facts
        if isinstance(p, (M.MeetingRequested, M.MeetingScheduled, M.MeetingHeld))
    ]
    if not described:
        return []
    status, plan, held, where = None, None, None, None
    participants: list[str] = []
    observers: list[str] = []
    for _, p in facts:
        if isinstance(p, (M.MeetingRequested, M.MeetingScheduled, M.MeetingHeld)):
            participants = _added(participants, p.participants)
        if isinstance(p, M.MeetingHeld):
            status, held, where = "held", p.held, p.location or where
            observers = _added(observers, p.observers)
        elif status != "held" and isinstance(p, M.MeetingCancelled):
            status = "cancelled"
        elif isinstance(p, (M.MeetingScheduled, M.MeetingRescheduled)):
            status = "scheduled" if status != "held" else status
            plan = p.scheduled
            where = getattr(p, "location", None) or where
        elif isinstance(p, M.MeetingRequested) and status is None:
            status = "requested"
    requested = [p for _, p in facts if isinstance(p, M.MeetingRequested)]
    row = {
        "id": stream,
        "title": described[0].title,
        "kind": described[0].kind.value,
        "participants": participants,
        "requested_by": requested[-1].requested_by if requested else None,
        "status": status or "requested",
        "scheduled": json_of(plan),
        "held": json_of(held),
        "location": where,
        "observers": observers,
        "agenda": _added(
            [], [t for _, p in facts if isinstance(p, M.MeetingAgendaReported) for t in p.topics]
        ),
        "readouts_expected": _added(
            [], [b for _, p in facts if isinstance(p, M.ReadoutExpected) for b in p.by]
        ),
        "readouts": [
            {"by": p.by, "readout": p.readout, "summary": p.summary}
            for _, p in facts
            if isinstance(p, M.ReadoutPublished)
        ],
        "sources": _sources(facts),
    }
    when = held or plan
    start = when.start if when is not None else None
    return [((start is None, start or datetime.min, stream), row)]


def _response(e: Event, p: Any) -> dict[str, Any]:
    source, _speaker, attribution = _evidence(e)
    return {
        "by": p.by,
        "statement": p.statement,
        "source": source,
        "attribution": attribution,
        "reported": json_of(e.reported),
    }


def claims(stream: str, facts: Facts) -> list[Row]:
    """One row per claim, open until confirmed, refuted or retracted."""
    made = [(e, p) for e, p in facts if isinstance(p, C.ClaimMade)]
    if not made:
        return []
    e, claim = made[0]
    disputes = [_response(e, p) for e, p in facts if isinstance(p, C.ClaimDisputed)]
    support = [_response(e, p) for e, p in facts if isinstance(p, C.ClaimCorroborated)]
    closing = [(e, p) for e, p in facts if e.type in CLOSED]
    if closing:
        status = CLOSED[closing[-1][0].type]
    else:
        status = "disputed" if disputes else "corroborated" if support else "unverified"
    first = _first_reported(facts)
    row = {
        "id": stream,
        "statement": claim.statement,
        "modality": claim.modality.value,
        "claimant": claim.claimant,
        "about": list(claim.about),
        "attribution": _evidence(e)[2],
        "status": status,
        "open": not closing,
        "disputed_by": disputes,
        "corroborated_by": support,
        "closed_by": [{**_response(e, p), "type": e.type} for e, p in closing],
        "first_reported": format_instant(first),
        "sources": _sources(facts),
    }
    return [((first, stream), row)]


def demands(stream: str, facts: Facts) -> list[Row]:
    """One row per demand and its answers."""
    made = [p for e, p in facts if e.type == "DemandMade"]
    if not made:
        return []
    answers = [(e, p) for e, p in facts if e.type in ("DemandRejected", "DemandAccepted")]
    first = _first_reported(facts)
    row = {
        "id": stream,
        "demand": made[0].demand,
        "by": made[0].by,
        "addressee": made[0].addressee,
        "status": answers[-1][0].type.removeprefix("Demand").lower() if answers else "made",
        "responses": [{**_response(e, p), "type": e.type} for e, p in answers],
        "first_reported": format_instant(first),
        "sources": _sources(facts),
    }
    return [((first, stream), row)]


def actors(stream: str, facts: Facts) -> list[Row]:
    """One row per actor as identified."""
    named = [p for e, p in facts if e.type == "ActorIdentified"]
    if not named:
        return []
    row = {
        "id": stream,
        "name": named[0].name,
        "kind": named[0].kind.value,
        "description": next((p.description for p in named if p.description), None),
        "titles": _added([], [t for p in named for t in p.titles]),
        "affiliation": next((p.affiliation for p in named if p.affiliation), None),
        "aliases": _added([], [a for p in named for a in p.aliases]),
        "first_reported": format_instant(_first_reported(facts)),
        "sources": _sources(facts),
    }
    return [((stream,), row)]


def sources(stream: str, facts: Facts) -> list[Row]:
    """One row per registered source."""
    registered = [p for e, p in facts if e.type == "SourceRegistered"]
    if not registered:
        return []
    dumped = registered[0].model_dump(mode="json")
    keys = ("publisher", "title", "byline", "dateline", "url", "language", "sha256", "retrieved")
    row = {"id": stream, **{k: dumped[k] for k in keys}}
    row |= {"published": dumped["published"], "rating": dumped["rating"]}
    start = registered[0].published.start
    return [((start is not None, start or datetime.min, stream), row)]


def forces(stream: str, facts: Facts) -> list[Row]:
    """One row per reported force size."""
    out: list[Row] = []
    for e, p in facts:
        direction = {"ForceBuildUpReported": "build_up", "ForceWithdrawalReported": "withdrawal"}
        if e.type not in direction:
            continue
        stated = {int(n.replace(",", "")) for n in NUMBERS.findall(p.size_text) if n != ","}
        source, _speaker, attribution = _evidence(e)
        row = {
            "id": str(e.id),
            "stream": stream,
            "direction": direction[e.type],
            "actor": p.actor,
            "location": p.location,
            "size_text": p.size_text,
            "low": p.low,
            "high": p.high,
            "inferred": any(n is not None and n not in stated for n in (p.low, p.high)),
            "unit": p.unit,
            "period": json_of(p.period or e.occurred),
            "reported": json_of(e.reported),
            "source": source,
            "attribution": attribution,
            "claim": p.claim,
        }
        out.append(((e.reported.start, str(e.id)), row))
    return out


def timeline(stream: str, facts: Facts) -> list[Row]:
    """One row per fact in world time; a response never before what it answers."""
    placed: list[list[Any]] = []
    for e, p in facts:
        if e.type in ("SourceRegistered", "ActorIdentified", "PlaceIdentified"):
            continue
        when = _world_time(e, p)
        order = (e.reported.start, source_of(e), e.position)
        key = (
            when.start is not None,
            when.start or datetime.min,
            2 * PRECISION_RANK[when.precision],
        )
        placed.append([e, key + (order,), _timeline_row(e, p, when)])
    # A response never comes before what it responds to (DESIGN.md §1: a refutation may be
    # known before its claim): it is placed just after it.
    answered = {"claim": "ClaimMade", "demand": "DemandMade", "incident": "IncidentReported"}.get(
        stream.split("/")[0]
    )
    first = next((item for item in placed if item[0].type == answered), None)
    for item in placed:
        if first is not None and item[0].type != answered and item[1] < first[1]:
            item[1] = first[1][:2] + (first[1][2] + 1, item[1][3])
    return [(key, row) for _e, key, row in placed]


def _world_time(e: Event, p: Any) -> PartialTime:
    """The plan, the outcome, a force report's period; else when it occurred or was reported."""
    for field in ("held", "scheduled", "period", "happened", "signed"):
        if getattr(p, field, None) is not None:
            return getattr(p, field)  # type: ignore[no-any-return]
    return e.occurred or e.reported


def _timeline_row(e: Event, p: Any, when: PartialTime) -> Content:
    source, speaker, attribution = _evidence(e)
    named: list[str] = []
    for field in getattr(type(p), "actor_fields", ()):
        value = getattr(p, field)
        named = _added(named, value if isinstance(value, tuple) else [value] if value else [])
    return {
        "id": str(e.id),
        "stream": e.stream,
        "type": e.type,
        "when": json_of(when),
        "summary": _summary(e, p),
        "actors": named,
        "speaker": speaker,
        "attribution": attribution,
        "reported": json_of(e.reported),
        "source": source,
    }


def _summary(e: Event, p: Any) -> str:
    from crisis_timeline.testing.reference_happenings import summary

    if (happening := summary(e, p)) is not None:
        return happening
    if e.type == "MeetingAgendaReported":
        return "agenda: " + "; ".join(p.topics)
    if e.type in ("ForceBuildUpReported", "ForceWithdrawalReported"):
        return f"{p.size_text} ({p.location})"
    if e.type in ("ReadoutExpected", "ReadoutPublished"):
        return "readout by " + (p.by if isinstance(p.by, str) else ", ".join(p.by))
    for field in ("statement", "summary", "demand", "title"):
        if getattr(p, field, None):
            return str(getattr(p, field))
    return e.type
