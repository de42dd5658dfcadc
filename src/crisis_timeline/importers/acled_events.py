"""An ACLED row as facts: the incident, its toll, and the actors and place it names.

The README's "Importing ACLED and PLOVER" section is the column-by-column account of this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from crisis_timeline.events import Attribution, Evidence, NewEvent
from crisis_timeline.events.actors import ActorIdentified, ActorKind
from crisis_timeline.events.incident_kinds import acled_kind
from crisis_timeline.events.incidents import CasualtiesReported, ExternalRef, IncidentReported, Toll
from crisis_timeline.events.places import Coordinates, GeoPrecision, PlaceIdentified, PlaceKind
from crisis_timeline.importers import acled_codebook as book
from crisis_timeline.importers.acled_rows import AcledRow
from crisis_timeline.importers.common import Pending, named_id, new_event, slug
from crisis_timeline.importers.countries import alpha2_of_numeric
from crisis_timeline.time import PartialTime, Precision, parse_partial

DATASET = "ACLED"
ACLED_ACTOR = "actor/acled"
"""ACLED itself: the coder every imported row's notes are attributed to."""
FACTS = ("incident", "casualties")
"""What a row tells, each an event of its incident stream (its id made of the ACLED id and this)."""
ORGANISATIONS = {"State forces", "External/Other forces"}
"""Actor types identified as organisations; the others (rebels, militias, rioters,
protesters, civilians) as groups."""


@dataclass(frozen=True)
class Facts:
    """What a row says, before it meets the store: the incident and its toll."""

    stream: str
    incident: IncidentReported
    casualties: CasualtiesReported


def incident_stream(event_id: str) -> str:
    """The incident stream of an ACLED event id: 'UKR1001' is incident/acled-ukr1001."""
    return f"incident/acled-{slug(event_id, limit=150)}"


def facts(row: AcledRow, pending: Pending, source: str) -> Facts:
    """The row's incident and toll; the actors and place it names are identified in `pending`."""
    actor1 = _actor(row, row.actor1, row.inter1, pending, source)
    actor2 = _actor(row, row.actor2, row.inter2, pending, source) if row.actor2 else None
    assoc1 = tuple(_actor(row, n, None, pending, source) for n in row.assoc_actor_1)
    assoc2 = tuple(_actor(row, n, None, pending, source) for n in row.assoc_actor_2)
    against_civilians = row.event_type == "Violence against civilians"
    incident = IncidentReported(
        kind=acled_kind(row.event_type, row.sub_event_type),
        description=row.notes,
        happened=happened(row.day.isoformat(), row.time_precision, row.raw.fields["event_date"]),
        perpetrators=(actor1,) if against_civilians else (),
        targets=(actor2,) if against_civilians and actor2 else (),
        actor1=actor1,
        assoc_actor1=assoc1,
        actor2=actor2,
        assoc_actor2=assoc2,
        place=_place(row, pending, source),
        location=row.location,
        civilian_targeting=row.civilian_targeting,
        tags=row.tags,
        outlets=row.outlets,
        external=ExternalRef(dataset=DATASET, id=row.event_id),
    )
    n = str(row.fatalities)
    toll = CasualtiesReported(
        by=ACLED_ACTOR, killed=Toll(text=n, low=row.fatalities, high=row.fatalities)
    )
    pending.identify(ACLED_ACTOR, lambda: _acled_identified(row, source))
    return Facts(incident_stream(row.event_id), incident, toll)


def evidence(row: AcledRow, source: str, quote: str, *, last: bool = False) -> tuple[Evidence, ...]:
    """The quote as it stands in the row (the last occurrence for notes, which come late),
    its code-point span in the file, attributed to ACLED as the coder."""
    at = row.raw.text.rfind(quote) if last else row.raw.text.find(quote)
    span = (row.raw.offset + at, row.raw.offset + at + len(quote)) if at >= 0 else None
    return (
        Evidence(
            source=source,
            quote=quote,
            span=span,
            attributed_to=ACLED_ACTOR,
            attribution=Attribution.NAMED,
        ),
    )


@lru_cache(maxsize=4096)
def happened(day: str, precision: int, words: str) -> PartialTime:
    """World time: event_date widened by time_precision (acled_codebook.world_interval)."""

    return parse_partial(book.world_interval(date.fromisoformat(day), precision), words)


@lru_cache(maxsize=4096)
def known_at(when: datetime) -> PartialTime:
    """Knowledge time: ACLED's timestamp, to the second."""
    return PartialTime(
        start=when,
        end=when + timedelta(seconds=1),
        precision=Precision.SECOND,
        text=f"ACLED timestamp {int(when.timestamp())}",
    )


def _actor(row: AcledRow, name: str, inter: str | None, pending: Pending, source: str) -> str:
    stream = named_id("actor", "acled", name)

    def identified() -> NewEvent:
        """The actor as the row names it (called only if it is not identified yet)."""
        kind = ActorKind.ORGANISATION if inter in ORGANISATIONS else ActorKind.GROUP
        what = f"ACLED actor type: {inter}" if inter else "named by ACLED as an associated actor"
        payload = ActorIdentified(name=name, kind=kind, description=what)
        return _identification(payload, stream, row, source, name)

    pending.identify(stream, identified)
    return stream


def _place(row: AcledRow, pending: Pending, source: str) -> str:
    where = (
        row.iso,
        *(a or "" for a in row.admin),
        row.location,
        str(row.coordinates),
        str(row.geo_precision),
    )
    stream = named_id("place", "acled", "|".join(where))

    def identified() -> NewEvent:
        """The place as the row gives it (called only if it is not identified yet)."""
        payload = PlaceIdentified(
            name=row.location,
            kind=PlaceKind.CITY,
            country_code=alpha2_of_numeric(row.iso),
            admin1=row.admin[0],
            admin2=row.admin[1],
            admin3=row.admin[2],
            coordinates=_point(row),
        )
        return _identification(payload, stream, row, source, row.location)

    pending.identify(stream, identified)
    return stream


def _point(row: AcledRow) -> Coordinates | None:
    if not row.coordinates or not row.geo_precision:
        return None
    lat, lon = row.coordinates
    precision = GeoPrecision(row.geo_precision)
    return Coordinates(latitude=lat, longitude=lon, precision=precision, source=DATASET)


def _identification(
    payload: ActorIdentified | PlaceIdentified, stream: str, row: AcledRow, source: str, quote: str
) -> NewEvent:
    return new_event(
        payload,
        stream,
        ("acled", stream),
        reported=known_at(row.timestamp),
        evidence=evidence(row, source, quote),
    )


def _acled_identified(row: AcledRow, source: str) -> NewEvent:
    payload = ActorIdentified(
        name=DATASET,
        kind=ActorKind.ORGANISATION,
        description=(
            f"Armed Conflict Location & Event Data (ACLED Codebook {book.CODEBOOK_VERSION}): "
            "the coder of imported rows"
        ),
    )
    return new_event(payload, ACLED_ACTOR, ("acled", ACLED_ACTOR), reported=known_at(row.timestamp))
