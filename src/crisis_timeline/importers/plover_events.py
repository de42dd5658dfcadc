"""A PLOVER record as facts: an incident (ASSAULT, COERCE, PROTEST, MOBILIZE) or an EventCoded,
with the actors, place and source it names identified once."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from crisis_timeline.events import Attribution, Evidence, NewEvent
from crisis_timeline.events.actors import ActorIdentified, ActorKind
from crisis_timeline.events.coded import EventCoded
from crisis_timeline.events.common import Codebook, EventCode
from crisis_timeline.events.incident_kinds import plover_kind
from crisis_timeline.events.incidents import ExternalRef, IncidentReported
from crisis_timeline.events.places import Coordinates, GeoPrecision, PlaceIdentified, PlaceKind
from crisis_timeline.events.sources import SourceRegistered
from crisis_timeline.importers.common import NOT_RATED, Pending, event_id, named_id, new_event, slug
from crisis_timeline.importers.countries import alpha2_of_alpha3
from crisis_timeline.importers.plover_records import Entity, Record

DATASET = "PLOVER"
INCIDENTS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
ACTOR_ID = re.compile(r"^actor/[a-z0-9][a-z0-9-]*$")
SOURCE_ID = re.compile(r"^source/[a-z0-9][a-z0-9.-]*$")
RESOLUTION = {5: PlaceKind.SITE, 4: PlaceKind.CITY, 3: PlaceKind.REGION, 2: PlaceKind.REGION}
"""Mordecai's resolution of a location (5 sub-city … 1 country) as a kind of place."""


def record_id(record: Record) -> UUID:
    """The event id of a record: its own id when that is a UUID (as `crisis export plover`
    writes them), so that the export imports back to the same events; else made from it."""
    try:
        return UUID(record.id)
    except ValueError:
        return event_id("plover", record.id)


def fact(record: Record, pending: Pending, file_source: str) -> NewEvent:
    """The record's event; what it names is identified in `pending`."""
    actors = tuple(_actor(e, record, pending) for e in record.actors)
    recipients = tuple(_actor(e, record, pending) for e in record.recipients)
    place, location = _place(record, pending)
    code = EventCode(
        codebook=Codebook.PLOVER, version=record.version, code=record.category, mode=record.mode
    )
    summary = record.text or f"{record.category} ({record.id})"
    external = ExternalRef(dataset=DATASET, id=record.id)
    uuid = record_id(record)
    payload: IncidentReported | EventCoded
    if record.category in INCIDENTS:
        payload = IncidentReported(
            kind=plover_kind(record.category), description=summary, happened=record.when,
            perpetrators=actors, targets=recipients, place=place, location=location,
            tags=record.context, external=external, code=code,
        )  # fmt: skip
        stream = f"incident/plover-{slug(str(uuid), limit=40)}"
    else:
        payload = EventCoded(
            code=code, summary=summary, happened=record.when, by=actors, about=recipients,
            place=place, location=location, context=record.context, external=external,
        )  # fmt: skip
        stream = f"coded/plover-{slug(str(uuid), limit=40)}"
    return NewEvent.of(
        payload,
        id=uuid,
        stream=stream,
        occurred=record.when,
        reported=record.known,
        evidence=_evidence(record, pending, file_source),
    )


def _actor(entity: Entity, record: Record, pending: Pending) -> str:
    stream = entity.actor_id
    if stream is None or not ACTOR_ID.match(stream):
        stream = named_id("actor", "plover", entity.name)

    def identified() -> NewEvent:
        payload = ActorIdentified(
            name=entity.name, kind=ActorKind.GROUP, description=_said("PLOVER", entity.note)
        )
        return new_event(payload, stream, ("plover", stream), reported=record.known)

    pending.identify(stream, identified)
    return stream


def _said(what: str, note: str | None) -> str:
    return f"from a {what} record ({note})" if note else f"from a {what} record"


def _place(record: Record, pending: Pending) -> tuple[str | None, str | None]:
    loc = record.place or {}
    name = loc.get("resolved_place") or loc.get("extracted_place")
    if not isinstance(name, str) or not name.strip():
        return None, None
    stream = named_id("place", "plover", repr(sorted(loc.items())))

    def identified() -> NewEvent:
        payload = PlaceIdentified(
            name=name,
            kind=RESOLUTION.get(loc.get("resolution") or 4, PlaceKind.COUNTRY),
            country_code=alpha2_of_alpha3(str(loc.get("country_code") or "")),
            admin1=loc.get("province"),
            admin2=loc.get("district"),
            coordinates=_point(loc),
        )
        return new_event(payload, stream, ("plover", stream), reported=record.known)

    pending.identify(stream, identified)
    return stream, str(loc.get("extracted_place") or name)


def _point(loc: dict[str, Any]) -> Coordinates | None:
    lat, lon = loc.get("lat"), loc.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    return Coordinates(latitude=lat, longitude=lon, precision=GeoPrecision.PLACE, source=DATASET)


def _evidence(record: Record, pending: Pending, file_source: str) -> tuple[Evidence, ...]:
    """The record's text from the source it cites, or else the record's own line in the file."""
    citation = record.cite.get("citation")
    if record.text and isinstance(citation, str) and citation.strip():
        source = _cited_source(record, citation.strip(), pending)
        quote, span = record.text, record.span
    else:
        source, quote = file_source, record.text_of_line
        span = (record.offset, record.offset + len(quote))
    ev = Evidence(
        source=source, quote=quote, span=span, attributed_to=None, attribution=Attribution.REPORTER
    )
    return (ev,)


def _cited_source(record: Record, citation: str, pending: Pending) -> str:
    stream = citation if SOURCE_ID.match(citation) else named_id("source", "plover", citation)
    cite = record.cite

    def registered() -> NewEvent:
        payload = SourceRegistered(
            publisher=str(cite.get("publication") or "not named in the PLOVER record"),
            title=str(cite.get("title") or citation),
            url=cite.get("url") if isinstance(cite.get("url"), str) else None,
            published=record.known,
            rating=NOT_RATED,
        )
        return new_event(payload, stream, ("plover", stream), reported=record.known)

    pending.identify(stream, registered)
    return stream
