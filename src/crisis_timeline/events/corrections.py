"""Corrections and retractions: new events that supersede earlier ones; nothing is edited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crisis_timeline.events.common import Fact, Text
from crisis_timeline.events.registry import registry


@registry.register("EventCorrected")
class EventCorrected(Fact):
    """An earlier event in the same stream is superseded: `changes` replace fields of its data."""

    corrects: UUID
    reason: Text
    changes: dict[str, Any]


@registry.register("EventRetracted")
class EventRetracted(Fact):
    """An earlier event in the same stream no longer stands."""

    retracts: UUID
    reason: Text
