"""Folds that survive one bad stored event: the event is named and left out, the rest stands.

The log is append-only, so an event no fold can take (stored before a check existed, or a
corrupt row) would otherwise stop every view for good. The guard finds the first event the
fold fails on, warns naming it and its position (FoldWarning), and folds the stream without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from crisis_timeline.errors import CrisisError

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event
from crisis_timeline.projections.base import Fold, FoldWarning, Row, RowOf

FOLD_ERRORS = (CrisisError, LookupError, TypeError, ValueError, AttributeError)
"""What a fold raises on data it cannot read (pydantic's ValidationError is a ValueError)."""


def guarded(name: str, fold: Fold) -> Fold:
    """The fold of view `name`, leaving out (with a warning) each event it cannot take."""

    def safe(events: Sequence[Event]) -> list[Row]:
        try:
            return fold(events)
        except FOLD_ERRORS as e:
            bad = _first_failing(fold, events) or events[-1]
            _warn(name, bad, e)
            return safe([x for x in events if x is not bad])

    return safe


def guarded_row(name: str, row_of: RowOf) -> RowOf:
    """The one-event row of view `name`, or None (with a warning) for an event it cannot take."""

    def safe(event: Event) -> Row | None:
        try:
            return row_of(event)
        except FOLD_ERRORS as e:
            _warn(name, event, e)
            return None

    return safe


def _first_failing(fold: Fold, events: Sequence[Event]) -> Event | None:
    """The event whose arrival makes the fold fail (only called once a fold has failed)."""
    for n in range(1, len(events) + 1):
        try:
            fold(events[:n])
        except FOLD_ERRORS:
            return events[n - 1]
    return None


def _warn(name: str, event: Event, error: Exception) -> None:
    why = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    warnings.warn(
        FoldWarning(
            f"view {name}: event {event.id} (position {event.position}, {event.type} in {event.stream}) cannot be "
            f"folded ({type(error).__name__}: {why}); the view leaves it out"
        ),
        stacklevel=3,
    )
