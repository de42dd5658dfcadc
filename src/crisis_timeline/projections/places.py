"""The places view: one row per place as identified, with the most precise point given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, effective, first_reported, sources_of, union
from crisis_timeline.projections.payloads import Lazily
from crisis_timeline.projections.view import View
from crisis_timeline.views import At, Content

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event

KINDS = ("country", "region", "city", "site")
FIRST = ("country_code", "admin1", "admin2", "admin3", "within")
"""Fields the first source that gives them sets."""


def place_rows(events: Sequence[Event]) -> list[Row]:
    """The place as identified: its name and kind from the first source, its point the most
    precise one given (the first of those), aliases from all."""
    events = effective(events)
    ids = [e for e in events if e.type == "PlaceIdentified"]
    if not ids:
        return []
    p: dict[str, Any] = {
        "id": ids[0].stream,
        "name": ids[0].data["name"],
        "kind": ids[0].data["kind"],
    }
    for key in FIRST:
        p[key] = next((e.data[key] for e in ids if e.data.get(key)), None)
    points = [e.data["coordinates"] for e in ids if e.data.get("coordinates")]
    p["coordinates"] = min(points, key=lambda c: c["precision"]) if points else None
    p["aliases"] = union([], [a for e in ids for a in e.data.get("aliases", [])])
    p["first_reported"], p["sources"] = first_reported(events), sources_of(events)
    return [Row(p["id"], p, status=p["kind"])]


VIEW = View(
    "places",
    frozenset({"place"}),
    place_rows,
    title="name",
    columns=(
        "id",
        "name",
        "kind",
        "country_code",
        "admin1",
        "admin2",
        "admin3",
        "coordinates",
        "within",
        "aliases",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "kind", "country_code", "coordinates", "name"),
    filters=frozenset({"status"}),
    statuses=KINDS,
    status_key="kind",
)


def places(engine: Engine, at: At) -> list[Content]:
    """Every place as identified at `at`, by id."""
    return queries.view(engine, VIEW, at)
