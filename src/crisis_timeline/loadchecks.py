"""Checks of a load that keep facts out which no view would show, or which would break one.

- A fact's stream family must be its type's (`MeetingScheduled` goes in `meeting/…`): a
  meeting filed under `meetng/…` would vanish from `meetings` for good.
- A correction is validated against the type of the event it corrects: the corrected payload
  must validate, and the actors it names must exist (checked with every other actor reference).
- A place a fact points at (`place: place/kyiv`) must be identified (`PlaceIdentified`), in this
  load or stored, as actors must be.

Warned, not refused (`warnings`), since sources may be loaded in any order and every as-of
answer must be the same whatever that order:

- A dispute, corroboration or closing of a claim without the claim (`ClaimMade`); a reschedule,
  cancellation, agenda or readout of a meeting without the meeting (requested, scheduled or
  held); an answer to a demand without the demand; casualties without their incident; a
  lifting of sanctions never announced or imposed; a violation or end of an agreement never
  reached or signed; neither in this load nor stored. No view shows it until the entity's own
  source is loaded.
- A dispute whose `counter_claim` names a claim without its `ClaimMade` (REFERENCES).
- Evidence that names another source than its file's, not registered (yet).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pydantic

from crisis_timeline.events import registry
from crisis_timeline.events.common import Fact
from crisis_timeline.events.corrections import EventCorrected
from crisis_timeline.projections.meetings import DEFINING as MEETING_DEFINING
from crisis_timeline.store.event_store import EventStore

if TYPE_CHECKING:
    from crisis_timeline.fixture_model import Item, Parsed

FAMILIES: dict[str, str] = {
    "Source": "source",
    "Actor": "actor",
    "Meeting": "meeting",
    "Readout": "meeting",
    "Claim": "claim",
    "Force": "force",
    "Demand": "demand",
    "HistoricalContext": "context",
    "Incident": "incident",
    "Casualties": "incident",
    "Sanction": "sanction",
    "Agreement": "agreement",
    "Place": "place",
}
"""The stream family of each type, by the type name's prefix (corrections go in any family)."""
DEFINING: dict[str, frozenset[str]] = {
    "claim": frozenset({"ClaimMade"}),
    "meeting": frozenset(MEETING_DEFINING),
    "demand": frozenset({"DemandMade"}),
    "incident": frozenset({"IncidentReported"}),
    "sanction": frozenset({"SanctionAnnounced", "SanctionImposed"}),
    "agreement": frozenset({"AgreementReached", "AgreementSigned"}),
}
"""Per family, the types that make the entity a view shows; its other facts need one of them."""


def family_of(type_name: str) -> str | None:
    """The stream family a type's events belong to (None: any family)."""
    return next((f for prefix, f in FAMILIES.items() if type_name.startswith(prefix)), None)


def family_problem(type_name: str, stream: str) -> str | None:
    """Why a stream cannot hold events of this type, or None."""
    family = family_of(type_name)
    written, slash, name = stream.partition("/")
    if (
        family is None or written == family or not (slash and name)
    ):  # no family at all: the envelope says so
        return None
    return (
        f"stream: {type_name} goes in a '{family}/…' stream, not {stream!r}; "
        f"did you mean '{family}/{name}'?"
    )


def check(store: EventStore, parsed: Sequence[Parsed]) -> list[str]:
    """Problems of a load that need every file and the store (see the module's docstring)."""
    items = [i for p in parsed for i in p.items]
    corrections = [
        (i, EventCorrected.model_validate(i.event.data))
        for i in items
        if i.event.type == "EventCorrected"
    ]
    targets = _targets(store, items, {c.corrects for _, c in corrections})
    return [
        msg
        for i, c in corrections
        if (t := targets.get(c.corrects))
        for msg in _correction(i, c, *t)
    ] + _unknown_refs(store, items, places=True)


REFERENCES: dict[tuple[str, str], str] = {("ClaimDisputed", "counter_claim"): "ClaimMade"}
"""Fields that name another entity's stream, beside places: the type that must define it."""


def _unknown_refs(store: EventStore, items: Sequence[Item], places: bool) -> list[str]:
    """Places (or, `places` false, the other entities of REFERENCES) a fact names that nothing
    in this load or stored defines (one batched read)."""
    refs = [(i, name, value, defining) for i in items for name, value, defining in _refs(i, places)]
    defining_types = {d for *_, d in refs}
    defined = {i.event.stream for i in items if i.event.type in defining_types}
    wanted = {value for _, _, value, _ in refs} - defined
    known = defined | store.streams_holding(wanted, sorted(defining_types)) if wanted else defined
    return [
        f"{i.where}: data.{name}: unknown {value.split('/', 1)[0]} {value!r} "
        f"(no {defining} in this load or stored)"
        for i, name, value, defining in refs
        if value not in known
    ]


def _refs(item: Item, places: bool) -> list[tuple[str, str, str]]:
    """(field, the stream it names, the type defining that stream) of each such field set."""
    data, type_name = item.event.data, item.event.type
    if places:
        named = [(name, "PlaceIdentified") for name in _place_fields(type_name)]
    else:
        named = [(f, d) for (t, f), d in REFERENCES.items() if t == type_name]
    return [(name, v, d) for name, d in named if isinstance(v := data.get(name), str)]


def _place_fields(type_name: str) -> tuple[str, ...]:
    cls = registry.payload_class(type_name)
    return cls.place_fields if issubclass(cls, Fact) else ()


def warnings(store: EventStore, parsed: Sequence[Parsed]) -> list[str]:
    """Facts of a load that no view shows yet (see the module's docstring)."""
    items = [i for p in parsed for i in p.items]
    return (
        _orphans(store, items)
        + _unknown_refs(store, items, places=False)
        + _foreign_sources(store, items)
    )


def _targets(
    store: EventStore, items: Sequence[Item], ids: set[UUID]
) -> dict[UUID, tuple[str, dict[str, Any]]]:
    """The type and data of each event corrected, from this load or the store (one batched read)."""
    found = {i.event.id: (i.event.type, i.event.data) for i in items if i.event.id in ids}
    stored = store.events_by_id(str(t) for t in ids - set(found))
    found.update(
        {e.id: (e.type, registry.upcast(e.type, e.schema_version, e.data)) for e in stored.values()}
    )
    return found


def _correction(
    item: Item, change: EventCorrected, type_name: str, data: dict[str, Any]
) -> list[str]:
    """The corrected payload validates against its type; its actors join the item's references.

    (A correction whose target is missing or in another stream is the loader's own check.)"""
    if type_name in ("EventCorrected", "EventRetracted"):
        return [
            f"{item.where}: data.corrects: corrects a {type_name}; "
            "correct the original event instead"
        ]
    from crisis_timeline.fixture_model import (  # the loader's wording of pydantic's errors
        error_loc,
        error_msg,
    )

    try:
        payload = registry.payload_class(type_name).model_validate({**data, **change.changes})
    except pydantic.ValidationError as e:
        return [
            f"{item.where}: data.changes.{error_loc(err['loc'])}: {error_msg(err)} "
            f"(as a change to a {type_name})"
            for err in e.errors()
        ]
    if isinstance(payload, Fact):
        for name in set(payload.actor_fields) & set(change.changes):
            value = getattr(payload, name)
            for actor in value if isinstance(value, tuple) else (value,):
                if actor is not None:
                    item.actor_refs.append((f"data.changes.{name}", actor))
    return []


def _orphans(store: EventStore, items: Sequence[Item]) -> list[str]:
    """Facts about an entity that neither this load nor the store defines."""
    defined = {
        i.event.stream
        for i in items
        if i.event.type in DEFINING.get(i.event.stream.split("/")[0], ())
    }
    needy = [i for i in items if _needs_definition(i) and i.event.stream not in defined]
    stored = store.streams_holding(
        {i.event.stream for i in needy}, sorted(set().union(*DEFINING.values()))
    )
    problems = []
    for i in (i for i in needy if i.event.stream not in stored):
        family = i.event.stream.split("/")[0]
        wanted = " or ".join(sorted(DEFINING[family]))
        problems.append(
            f"{i.where}: stream: no {wanted} in {i.event.stream!r} (in this load or stored); "
            f"no view shows this {i.event.type} until the {family}'s source is loaded"
        )
    return problems


def _needs_definition(item: Item) -> bool:
    family = item.event.stream.split("/")[0]
    return (
        family in DEFINING
        and item.event.type not in DEFINING[family]
        and family_of(item.event.type) == family
    )


def _foreign_sources(store: EventStore, items: Sequence[Item]) -> list[str]:
    """Evidence citing a source that is not registered (in this load or the store)."""
    registered = {i.event.stream for i in items if i.event.type == "SourceRegistered"}
    cited = [
        (i, n, ev.source)
        for i in items
        for n, ev in enumerate(i.event.evidence)
        if ev.source not in registered
    ]
    known = {
        s for s, version in store.stream_versions({c[2] for c in cited}).items() if version > 0
    }
    return [
        f"{i.where}: evidence[{n}].source: source {source!r} is not registered "
        "(in this load or stored) yet"
        for i, n, source in cited
        if source not in known
    ]


def cross_check(store: EventStore, parsed: Sequence[Parsed]) -> list[str]:
    """Problems that need every file and the store: unknown actors, missing correction targets."""
    declared = {a for p in parsed for a in p.actors}
    in_load = {i.event.id: i.event.stream for p in parsed for i in p.items}
    problems: list[str] = []
    referenced = {actor for p in parsed for i in p.items for _, actor in i.actor_refs} - declared
    known_in_store = {a for a, version in store.stream_versions(referenced).items() if version > 0}
    for item in (i for p in parsed for i in p.items):
        for field_name, actor in item.actor_refs:
            if actor not in declared and actor not in known_in_store:
                problems.append(f"{item.where}: {field_name}: unknown actor {actor!r}")
        if item.target is not None:
            problems += _check_target(store, item, in_load)
    return problems


def _check_target(store: EventStore, item: Item, in_load: dict[UUID, str]) -> list[str]:
    assert item.target is not None
    stream, target = item.target
    found = in_load.get(target) or store.streams_of([str(target)]).get(str(target), "")
    if not found:
        name, written = item.target_ref
        ref = f"{written!r}, id {target}" if written and written != str(target) else str(target)
        return [
            f"{item.where}: data.{name or 'corrects'}: the event it refers to ({ref}) "
            f"is not stored in {stream!r}"
        ]
    if found != stream:
        return [f"{item.where}: stream: must be {found!r}, the stream of the event it corrects"]
    return []
