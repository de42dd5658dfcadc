"""Events that carry a PLOVER code, as JSON lines in the PLOVER data fields.

Fields follow the PLOVER manual's JSON table: id, date, time, enddate, actor, recipient, event,
mode, context, text, text_info, cite_info (with the codebook), coder, coded_date. An incident
without a code of its own takes its kind's PLOVER category (incident_kinds.MAPPINGS). Events
without a PLOVER code are left out and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from crisis_timeline import canonical
from crisis_timeline.events.envelope import Event
from crisis_timeline.exports import Document
from crisis_timeline.exports.common import Context, is_range, last_instant, standing_events
from crisis_timeline.incident_kinds import MAPPINGS, PLOVER_VERSION, IncidentKind
from crisis_timeline.projections.base import partial
from crisis_timeline.projections.timeline import timeline
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import PRECISION_RANK, PartialTime, Precision
from crisis_timeline.views import At, Content, Filters

ANSWERS = {
    "DemandRejected",
    "DemandAccepted",
    "ClaimDisputed",
    "ClaimCorroborated",
    "ClaimConfirmed",
    "ClaimRefuted",
    "ClaimRetracted",
}
"""Events whose recipient is whoever made the demand or claim they answer."""


def plover_lines(
    engine: Engine, store: EventStore, at: At = At(), filters: Filters = Filters()
) -> Document:
    """Every PLOVER-coded fact of the timeline at `at`, one JSON object a line, in its order."""
    rows = timeline(engine, at, filters)
    events = standing_events(store, [r["stream"] for r in rows], at)
    context = Context.read(engine, at, events.values())
    lines, left_out = [], 0
    for row in rows:
        event = events.get(row["id"])
        code = plover_code(event) if event else {}
        if event is None or code.get("codebook") != "PLOVER":
            left_out += 1
            continue
        makers = _makers(events.values(), event.stream)
        lines.append(canonical.dumps(record(row, event, code, context, makers)) + "\n")
    note = f"{left_out} event(s) without a PLOVER code left out" if left_out else ""
    return Document("".join(lines).encode("utf-8"), note)


def record(
    row: Content, event: Event, code: dict[str, Any], context: Context, makers: list[str]
) -> dict[str, Any]:
    """One PLOVER record of a coded event."""
    when = partial(row["when"])
    actors, recipients = participants(event, makers)
    first = event.evidence[0] if event.evidence else None
    source = context.sources.get(first.source, {}) if first else {}
    return {
        "id": str(event.id),
        **_dates(when),
        "actor": [_entity(a, context) for a in actors],
        "recipient": [_entity(a, context) for a in recipients],
        "event": [code["code"]],
        "mode": [code["mode"]] if code.get("mode") else [],
        "context": [],
        "text": first.quote if first else None,
        "text_info": {"start": first.span[0], "end": first.span[1]}
        if first and first.span
        else None,
        "cite_info": {
            "citation": first.source if first else None,
            "title": source.get("title"),
            "publication": source.get("publisher"),
            "url": source.get("url"),
            "codebook": f"{code['codebook'].lower()}-{code['version']}",
        },
        "coder": event.recorded_by,
        "coded_date": event.recorded_at.date().isoformat(),
    }


def plover_code(event: Event) -> dict[str, Any]:
    """The event's own code; for an incident without one, its kind's PLOVER category."""
    code: dict[str, Any] = event.data.get("code") or {}
    if not code and event.type == "IncidentReported":
        category = MAPPINGS[IncidentKind(event.data["kind"])].plover
        if category is not None:
            code = {"codebook": "PLOVER", "version": PLOVER_VERSION, "code": category}
    return code


def _dates(when: PartialTime | None) -> dict[str, str | None]:
    """date (YYYY-MM-DD of the start), time (of day, when known finer than a day) and enddate
    (the last day of a time longer than its unit, or of an open start)."""
    out: dict[str, str | None] = {"date": None, "time": None, "enddate": None}
    if when is None:
        return out
    last = last_instant(when)
    if when.start is not None:
        out["date"] = when.start.date().isoformat()
        if PRECISION_RANK[when.precision] > PRECISION_RANK[Precision.DAY] and not is_range(when):
            out["time"] = when.start.strftime("%H:%M:%S") + "Z"
    if last is not None and (is_range(when) or when.start is None):
        out["enddate"] = last.date().isoformat()
    return out


def participants(event: Event, makers: Sequence[str]) -> tuple[list[str], list[str]]:
    """Who acted, and towards whom: the fact's own actor fields (an incident's perpetrators and
    targets); for an answer to a demand or claim, the recipient is who made it."""
    d = event.data
    if event.type == "IncidentReported":  # the doers and those done to, as the roles say
        doers = d["perpetrators"] or [a for a in [d["actor1"], *d["assoc_actor1"]] if a]
        done_to = d["targets"] or [a for a in [d["actor2"], *d["assoc_actor2"]] if a]
        return list(doers), [a for a in dict.fromkeys(done_to) if a not in doers]
    by = d.get("by") or d.get("actor") or d.get("claimant")
    parts = list(d.get("participants", []))
    actors = ([by] if isinstance(by, str) else list(by or [])) or parts[:1]
    if d.get("addressee"):
        recipients = [d["addressee"]]
    elif d.get("against"):  # sanctions
        recipients = list(d["against"])
    elif event.type in ANSWERS:
        recipients = [m for m in makers if m not in actors]
    else:
        others = [*parts, *d.get("about", []), *d.get("targets", [])]
        recipients = [a for a in others if a not in actors]
    return actors, list(dict.fromkeys(recipients))


def _makers(events: Any, stream: str) -> list[str]:
    """Who made the demand or claim of a stream (by or claimant of its DemandMade / ClaimMade)."""
    found = [
        e.data.get("by") or e.data.get("claimant")
        for e in events
        if e.stream == stream and e.type in ("DemandMade", "ClaimMade")
    ]
    return [m for m in found if m]


def _entity(actor_id: str, context: Context) -> dict[str, str]:
    """A PLOVER entity object: the actor's name as text, and this store's id for it."""
    return {"entity_text": context.actors.get(actor_id, actor_id), "actor_id": actor_id}
