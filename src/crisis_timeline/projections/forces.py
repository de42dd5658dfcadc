"""The forces view: every reported size of a force, one row per report, as a range over time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, attribution_of, per_event, source_of
from crisis_timeline.projections.payloads import Lazily, once_per_event, payload_of, time_json
from crisis_timeline.projections.view import View
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events import forces as ev
    from crisis_timeline.events.envelope import Event
else:
    ev = Lazily("crisis_timeline.events.forces")

DIRECTIONS = ("build_up", "withdrawal")
_NUMBER = re.compile(r"\d[\d,]*")


def inferred(size_text: str, low: int | None, high: int | None) -> bool:
    """Are low and high read from the words ("tens of thousands"), not numbers the words state?"""
    stated = {int(n.replace(",", "")) for n in _NUMBER.findall(size_text) if n.replace(",", "")}
    return any(v is not None and v not in stated for v in (low, high))


@once_per_event
def force_row(e: Event) -> Row | None:
    """A reported size of a force: a range, a period, and who reported it."""
    p = payload_of(e)
    match p:
        case ev.ForceBuildUpReported():
            direction = "build_up"
        case ev.ForceWithdrawalReported():
            direction = "withdrawal"
        case _:
            return None
    period = p.period or e.occurred
    report: dict[str, Any] = {
        "id": str(e.id),
        "stream": e.stream,
        "direction": direction,
        "actor": p.actor,
        "location": p.location,
        "size_text": p.size_text,
        "low": p.low,
        "high": p.high,
        "inferred": inferred(p.size_text, p.low, p.high),
        "unit": p.unit,
        "period": None if period is None else time_json(period),
        "reported": time_json(e.reported),
        "source": source_of(e) or None,
        "attribution": attribution_of(e),
        "claim": p.claim,
    }
    return Row(report["id"], report, sort_at=e.reported.start, status=direction)


force_rows = per_event(force_row)
"""Each reported size of a force that still stands."""


VIEW = View(
    "forces",
    frozenset({"force"}),
    force_rows,
    title="size_text",
    columns=(
        "id",
        "stream",
        "direction",
        "actor",
        "location",
        "size_text",
        "low",
        "high",
        "inferred",
        "unit",
        "period",
        "reported",
        "source",
        "attribution",
        "claim",
    ),
    table_columns=("reported", "direction", "actor", "size", "size_text", "location", "source"),
    filters=frozenset({"status", "actor", "world_from", "world_to"}),
    statuses=DIRECTIONS,
    row_of=force_row,
    actor_keys=("actor",),
    world_keys=("period",),
    status_key="direction",
)


def force_reports(engine: Engine, at: At, filters: Filters = Filters()) -> list[Content]:
    """Every reported size of a force as it stood at `at`, by report."""
    return queries.view(engine, VIEW, at, filters)
