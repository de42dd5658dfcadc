"""The actors view: one row per actor as identified, with every source that names them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, effective, first_reported, sources_of, union
from crisis_timeline.projections.payloads import Lazily, payload_of
from crisis_timeline.projections.view import View
from crisis_timeline.views import At

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events import actors as ev
    from crisis_timeline.events.envelope import Event
else:
    ev = Lazily("crisis_timeline.events.actors")


def actor_rows(events: Sequence[Event]) -> list[Row]:
    """The actor as identified, with every source that names them."""
    events = effective(events)
    ids = [p for e in events if isinstance(p := payload_of(e), ev.ActorIdentified)]
    if not ids:
        return []
    a: dict[str, Any] = {
        "id": events[0].stream,
        "name": ids[0].name,
        "kind": ids[0].kind.value,
        "description": next((p.description for p in ids if p.description), None),
        "titles": union([], [t for p in ids for t in p.titles]),
        "affiliation": next((p.affiliation for p in ids if p.affiliation), None),
        "aliases": union([], [n for p in ids for n in p.aliases]),
    }
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
