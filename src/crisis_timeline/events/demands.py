"""Demands: made by one party of another, then rejected or accepted."""

from __future__ import annotations

from typing import ClassVar

from crisis_timeline.events.common import ActorId, Fact, Text
from crisis_timeline.events.registry import registry


@registry.register("DemandMade")
class DemandMade(Fact):
    """A party demanded something."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by", "addressee")

    by: ActorId
    addressee: ActorId | None = None
    demand: Text


class _Answer(Fact):
    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: ActorId
    statement: str | None = None


@registry.register("DemandRejected")
class DemandRejected(_Answer):
    """The addressee refused the demand."""


@registry.register("DemandAccepted")
class DemandAccepted(_Answer):
    """The addressee agreed to the demand."""
