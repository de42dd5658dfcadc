"""The casualties view: every toll reported of an incident, one row per report, never
overwritten, so that "what was the toll as known on day X, and by whom" is an as-of query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, attribution_of, per_event, source_of
from crisis_timeline.projections.forces import inferred
from crisis_timeline.projections.payloads import Lazily, time_json
from crisis_timeline.projections.timeline import knowledge_tag
from crisis_timeline.projections.view import View
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event

COUNTS = ("killed", "injured", "missing")


def toll(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A count as the views show it: the words, low, high, and whether they are read from the
    words rather than stated ("dozens" is 24–99, inferred)."""
    if value is None:
        return None
    low, high = value.get("low"), value.get("high")
    return {
        "text": value["text"],
        "low": low,
        "high": high,
        "inferred": inferred(value["text"], low, high),
    }


def casualty_row(e: Event) -> Row | None:
    """One reported toll of an incident: its counts, who gave them, and from which source."""
    if e.type != "CasualtiesReported":
        return None
    d = e.data
    report: dict[str, Any] = {
        "id": str(e.id),
        "incident": e.stream,
        "by": d.get("by"),
        **{count: toll(d.get(count)) for count in COUNTS},
        "reported": time_json(e.reported),
        "source": source_of(e) or None,
        "attribution": attribution_of(e),
    }
    # Keyed in knowledge order, so that each incident's reports read as they became known.
    return Row(knowledge_tag(e), report, sort_at=e.reported.start)


casualty_rows = per_event(casualty_row)
"""Each reported toll that still stands."""


VIEW = View(
    "casualties",
    frozenset({"incident"}),
    casualty_rows,
    title="incident",
    columns=("id", "incident", "by", *COUNTS, "reported", "source", "attribution"),
    table_columns=("reported", "incident", *COUNTS, "by", "source"),
    filters=frozenset({"actor", "world_from", "world_to"}),
    row_of=casualty_row,
    actor_keys=("by",),
    world_keys=("reported",),
)


def casualty_reports(engine: Engine, at: At, filters: Filters = Filters()) -> list[Content]:
    """Every toll reported as known at `at`, in the order they became known."""
    return queries.view(engine, VIEW, at, filters)
