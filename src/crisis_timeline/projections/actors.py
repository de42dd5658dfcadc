"""The actors view: one row per actor as identified, with every source that names them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline import queries
from crisis_timeline.projections.base import Row, effective, first_reported, sources_of, union
from crisis_timeline.projections.view import View
from crisis_timeline.views import At

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event


def actor_rows(events: Sequence[Event]) -> list[Row]:
    """The actor as identified, with every source that names them."""
    events = effective(events)
    ids = [e for e in events if e.type == "ActorIdentified"]
    if not ids:
        return []
    a: dict[str, Any] = {
        "id": ids[0].stream,
        "name": ids[0].data["name"],
        "kind": ids[0].data["kind"],
    }
    for key in ("description", "affiliation"):
        a[key] = next((e.data[key] for e in ids if e.data.get(key)), None)
    for key in ("titles", "aliases"):
        a[key] = union([], [v for e in ids for v in e.data.get(key, [])])
    a["first_reported"], a["sources"] = first_reported(events), sources_of(events)
    return [Row(a["id"], a, status=a["kind"])]


VIEW = View(
    "actors",
    frozenset({"actor"}),
    actor_rows,
    title="name",
    columns=(
        "id",
        "name",
        "kind",
        "description",
        "titles",
        "affiliation",
        "aliases",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "kind", "name", "description"),
    filters=frozenset({"actor"}),
    actor_keys=("id", "affiliation"),
)


def actor_names(engine: Engine, at: At) -> dict[str, str]:
    """Each actor's name as identified at `at`, by actor id."""
    return {row["id"]: row["name"] for row in queries.view(engine, VIEW, at)}
