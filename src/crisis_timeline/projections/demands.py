"""The demands view: one row per demand, and the answers to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from crisis_timeline.projections.base import (
    Row,
    effective,
    first_reported,
    first_start,
    response,
    sources_of,
)
from crisis_timeline.projections.payloads import Lazily, payload_of
from crisis_timeline.projections.view import View

if TYPE_CHECKING:
    from crisis_timeline.events import demands as ev
    from crisis_timeline.events.envelope import Event
else:
    ev = Lazily("crisis_timeline.events.demands")

STATUSES = ("made", "rejected", "accepted")


def demand_rows(events: Sequence[Event]) -> list[Row]:
    """The demand and the answers to it."""
    events = effective(events)
    facts = [(e, payload_of(e)) for e in events]
    made = next((p for _e, p in facts if isinstance(p, ev.DemandMade)), None)
    if made is None:
        return []
    answers = [(e, p) for e, p in facts if isinstance(p, (ev.DemandRejected, ev.DemandAccepted))]
    status = _answer(answers[-1][1]) if answers else "made"
    d = {
        "id": events[0].stream,
        "demand": made.demand,
        "by": made.by,
        "addressee": made.addressee,
        "status": status,
        "responses": [response(e, p.by, p.statement) | {"type": e.type} for e, p in answers],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(events[0].stream, d, sort_at=first_start(events), status=status)]


def _answer(p: ev.DemandRejected | ev.DemandAccepted) -> str:
    """The status an answer leaves the demand in."""
    match p:
        case ev.DemandRejected():
            return "rejected"
        case ev.DemandAccepted():
            return "accepted"


VIEW = View(
    "demands",
    frozenset({"demand"}),
    demand_rows,
    title="demand",
    columns=(
        "id",
        "demand",
        "by",
        "addressee",
        "status",
        "responses",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "status", "by", "addressee", "demand"),
    filters=frozenset({"status", "actor"}),
    statuses=STATUSES,
    actor_keys=("by", "addressee"),
    response_keys=("responses",),
)
