"""A view command asks whether the projections named in `views.VIEWS` are behind the log
before it imports the runner: those names must be every projection's."""

from __future__ import annotations

from crisis_timeline.projections.catalog import PROJECTIONS
from crisis_timeline.views import VIEWS


def test_every_projection_is_a_view_and_every_view_a_projection() -> None:
    assert sorted(VIEWS) == sorted(PROJECTIONS)
