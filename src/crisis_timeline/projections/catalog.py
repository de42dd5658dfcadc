"""The read models, by name."""

from __future__ import annotations

from crisis_timeline.events import registry
from crisis_timeline.projections import guard
from crisis_timeline.projections.base import CORRECTIONS, Projection
from crisis_timeline.projections.entities import actor_rows, claim_rows, demand_rows, meeting_rows
from crisis_timeline.projections.per_event import (
    RESPONDED_TO,
    force_row,
    force_rows,
    timeline_row,
    timeline_rows,
)
from crisis_timeline.projections.sources import source_rows


def _types(*prefixes: str) -> frozenset[str]:
    return frozenset(n for n in registry.names() if n.startswith(prefixes)) | CORRECTIONS


def _guarded(p: Projection) -> Projection:
    """The projection with folds that leave out, by name, an event they cannot take (guard.py)."""
    row_of = guard.guarded_row(p.name, p.row_of) if p.row_of else None
    return Projection(p.name, p.families, p.types, guard.guarded(p.name, p.fold), row_of, p.folded)


PROJECTIONS: dict[str, Projection] = {
    p.name: _guarded(p)
    for p in (
        Projection("meetings", frozenset({"meeting"}), _types("Meeting", "Readout"), meeting_rows),
        Projection("claims", frozenset({"claim"}), _types("Claim"), claim_rows),
        Projection("actors", frozenset({"actor"}), _types("Actor"), actor_rows),
        Projection("demands", frozenset({"demand"}), _types("Demand"), demand_rows),
        Projection("forces", frozenset({"force"}), _types("Force"), force_rows, force_row),
        Projection(
            "timeline",
            None,
            frozenset(registry.names()),
            timeline_rows,
            timeline_row,
            frozenset(RESPONDED_TO),
        ),
        Projection("sources", frozenset({"source"}), _types("Source"), source_rows),
    )
}
"""Every projection; `crisis rebuild NAME` takes these names."""
