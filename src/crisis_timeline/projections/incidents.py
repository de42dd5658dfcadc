"""The incidents view: one row per incident, its kind (with ACLED's and PLOVER's names), who did
what to whom, where, and the latest toll known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.incident_kinds import ACTOR_ROLES, MAPPINGS, IncidentKind
from crisis_timeline.projections.base import (
    Row,
    effective,
    first_reported,
    partial,
    sources_of,
    union,
)
from crisis_timeline.projections.casualties import COUNTS, toll
from crisis_timeline.projections.happenings import provenance
from crisis_timeline.projections.payloads import Lazily
from crisis_timeline.projections.view import View
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event

ROLES = ("perpetrators", "targets", "assoc_actor1", "assoc_actor2")
"""Actor lists that every report of the incident adds to."""
FIRST = ("place", "location", "actor1", "actor2", "civilian_targeting", "external")
"""Fields the first report that gives them sets."""


def incident_rows(events: Sequence[Event]) -> list[Row]:
    """The incident as reported, with the latest figure of each count known."""
    events = effective(events)
    reports = [e for e in events if e.type == "IncidentReported"]
    if not reports:
        return []
    first = reports[0].data
    mapping = MAPPINGS[IncidentKind(first["kind"])]
    i: dict[str, Any] = {
        "id": reports[0].stream,
        "kind": first["kind"],
        "acled_event_type": mapping.event_type,
        "acled_sub_event_type": mapping.sub_event_type,
        "plover": mapping.plover,
        "description": first["description"],
        "happened": first["happened"],
    }
    for key in ROLES:
        i[key] = union([], [a for e in reports for a in e.data.get(key, [])])
    for key in FIRST:
        i[key] = next((e.data[key] for e in reports if e.data.get(key) is not None), None)
    i["tags"] = union([], [t for e in reports for t in e.data.get("tags", [])])
    i.update(_latest_toll(events))
    i["first_reported"], i["sources"] = first_reported(events), sources_of(events)
    when = partial(i["happened"])
    return [Row(i["id"], i, sort_at=when.start if when else None, status=i["kind"])]


def _latest_toll(events: Sequence[Event]) -> dict[str, Any]:
    """Each count from the last report that gives it, in knowledge order, with its provenance."""
    out: dict[str, Any] = {count: None for count in COUNTS}
    tolls = [e for e in events if e.type == "CasualtiesReported"]
    for e in tolls:
        for count in COUNTS:
            shown = toll(e.data.get(count))
            if shown is not None:
                where = provenance(e)
                out[count] = (
                    shown | {"by": e.data.get("by")} | {k: where[k] for k in ("source", "reported")}
                )
    out["casualty_reports"] = len(tolls)
    return out


VIEW = View(
    "incidents",
    frozenset({"incident"}),
    incident_rows,
    title="description",
    columns=(
        "id",
        "kind",
        "acled_event_type",
        "acled_sub_event_type",
        "plover",
        "description",
        "happened",
        "perpetrators",
        "targets",
        "actor1",
        "assoc_actor1",
        "actor2",
        "assoc_actor2",
        "place",
        "place_name",
        "coordinates",
        "location",
        "civilian_targeting",
        "tags",
        "external",
        *COUNTS,
        "casualty_reports",
        "first_reported",
        "sources",
    ),
    table_columns=("happened", "kind", "place_name", "killed", "injured", "description"),
    filters=frozenset({"status", "actor", "world_from", "world_to"}),
    statuses=tuple(k.value for k in IncidentKind),
    actor_keys=ACTOR_ROLES,
    world_keys=("happened",),
    status_key="kind",
    with_places=True,
)


def incidents(engine: Engine, at: At, filters: Filters = Filters()) -> list[Content]:
    """Every incident as known at `at`, by when it happened."""
    return queries.view(engine, VIEW, at, filters)
