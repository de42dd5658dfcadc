"""The sanctions view: one row per set of measures, announced, imposed, lifted, by whom."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import (
    Row,
    effective,
    first_reported,
    first_start,
    sources_of,
    union,
)
from crisis_timeline.projections.happenings import provenance
from crisis_timeline.projections.view import View

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event

DEFINING = frozenset({"SanctionAnnounced", "SanctionImposed"})
STATUSES = ("announced", "imposed", "partly_lifted", "lifted")


def sanction_rows(events: Sequence[Event]) -> list[Row]:
    """The measures, who imposes them on whom, and what of them was lifted, in knowledge order."""
    events = effective(events)
    if not any(e.type in DEFINING for e in events):
        return []
    s: dict[str, Any] = {"id": events[0].stream, "by": [], "against": [], "measures": []}
    s.update(status=None, effective=None, liftings=[], lifted_measures=[], lifted_by=[])
    for e in events:
        d = e.data
        if e.type in DEFINING:
            for key in ("by", "against", "measures"):
                s[key] = union(s[key], d[key])
            s["effective"] = d.get("effective") or s["effective"]
            s["status"] = _defined_status(s["status"], e.type)
        elif e.type == "SanctionLifted":
            s["liftings"].append(_lifting(e))
            s["lifted_by"] = union(s["lifted_by"], d["by"])
            s["lifted_measures"] = union(s["lifted_measures"], d["measures"] or s["measures"])
            whole = not d["measures"] or set(s["measures"]) <= set(s["lifted_measures"])
            s["status"] = "lifted" if whole else "partly_lifted"
    s["first_reported"], s["sources"] = first_reported(events), sources_of(events)
    return [Row(s["id"], s, sort_at=first_start(events), status=s["status"])]


def _defined_status(status: str | None, event_type: str) -> str:
    """Imposed measures stay imposed (or partly lifted) when more are announced; a new
    announcement after everything was lifted is an announcement again."""
    if event_type == "SanctionImposed":
        return "imposed"
    return "announced" if status in (None, "announced", "lifted") else status


def _lifting(e: Event) -> dict[str, Any]:
    return {
        "by": e.data["by"],
        "measures": e.data["measures"],
        "effective": e.data.get("effective"),
        "reason": e.data.get("reason"),
        **provenance(e),
    }


VIEW = View(
    "sanctions",
    frozenset({"sanction"}),
    sanction_rows,
    title="measures",
    columns=(
        "id",
        "by",
        "against",
        "measures",
        "status",
        "effective",
        "liftings",
        "lifted_measures",
        "lifted_by",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "status", "by", "against", "measures"),
    filters=frozenset({"status", "actor", "world_from", "world_to"}),
    statuses=STATUSES,
    actor_keys=("by", "against", "lifted_by"),
    world_keys=("effective", "first_reported"),
)
