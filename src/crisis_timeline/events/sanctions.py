"""Sanctions: announced, imposed and lifted, by whom, against whom, which measures."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from crisis_timeline.events.common import ActorId, Fact, Text
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


class _Measures(Fact):
    actor_fields: ClassVar[tuple[str, ...]] = ("by", "against")

    by: tuple[ActorId, ...] = Field(min_length=1)
    against: tuple[ActorId, ...] = Field(min_length=1)
    measures: tuple[Text, ...] = Field(min_length=1)
    effective: PartialTime | None = None
    """When the measures take (or took) effect, as the source gives it."""


@registry.register("SanctionAnnounced")
class SanctionAnnounced(_Measures):
    """Measures were announced (not yet in force)."""


@registry.register("SanctionImposed")
class SanctionImposed(_Measures):
    """Measures are in force."""


@registry.register("SanctionLifted")
class SanctionLifted(Fact):
    """Measures were lifted: those named, or all of them when none are named."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: tuple[ActorId, ...] = Field(min_length=1)
    measures: tuple[Text, ...] = ()
    effective: PartialTime | None = None
    reason: str | None = None
