"""Demands: made by one party of another, then rejected or accepted."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from crisis_timeline.events.common import ActorId, Fact, Text, stream_of
from crisis_timeline.events.registry import adding, registry


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
    answers: tuple[Annotated[str, Field(pattern=stream_of("demand"))], ...] = ()
    """Every demand this one answer responds to, when it answers several (its own included);
    the answer is recorded in each of their streams, so each demand's status follows it."""


@registry.register("DemandRejected", version=2)
class DemandRejected(_Answer):
    """The addressee refused the demand."""


@registry.register("DemandAccepted", version=2)
class DemandAccepted(_Answer):
    """The addressee agreed to the demand."""


for _name in ("DemandRejected", "DemandAccepted"):
    registry.upcaster(_name, 1)(adding(answers=[]))  # v2: answers
