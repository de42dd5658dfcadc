"""Every view, registered once: adding a view is one module and one line here."""

from __future__ import annotations

from dataclasses import replace

from crisis_timeline.projections import (
    actors,
    claims,
    demands,
    forces,
    guard,
    meetings,
    sources,
    timeline,
)
from crisis_timeline.projections.view import View


def _guarded(view: View) -> View:
    """The view with folds that leave out, by name, an event they cannot take (guard.py)."""
    row_of = guard.guarded_row(view.name, view.row_of) if view.row_of else None
    return replace(view, fold=guard.guarded(view.name, view.fold), row_of=row_of)


VIEWS: dict[str, View] = {
    v.name: _guarded(v)
    for v in (
        meetings.VIEW,
        claims.VIEW,
        timeline.VIEW,
        actors.VIEW,
        forces.VIEW,
        demands.VIEW,
        sources.VIEW,
    )
}
"""Every view by name, in the order replay and diff show them; `crisis rebuild NAME` takes these."""

NAMES = tuple(VIEWS)
