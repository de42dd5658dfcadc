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
from crisis_timeline.projections.view import View

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event

ANSWERS = {"DemandRejected": "rejected", "DemandAccepted": "accepted"}
"""The answers to a demand, and the status each leaves it in."""


def demand_rows(events: Sequence[Event]) -> list[Row]:
    """The demand and the answers to it."""
    events = effective(events)
    made = next((e for e in events if e.type == "DemandMade"), None)
    if made is None:
        return []
    answers = [e for e in events if e.type in ANSWERS]
    status = ANSWERS[answers[-1].type] if answers else "made"
    d = {
        "id": made.stream,
        "demand": made.data["demand"],
        "by": made.data["by"],
        "addressee": made.data.get("addressee"),
        "status": status,
        "responses": [response(e) | {"type": e.type} for e in answers],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(d["id"], d, sort_at=first_start(events), status=status)]


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
    statuses=("made", *ANSWERS.values()),
    actor_keys=("by", "addressee"),
    response_keys=("responses",),
)
