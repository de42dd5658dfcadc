"""Background that a source gives: earlier events it recalls."""

from __future__ import annotations

from typing import ClassVar

from crisis_timeline.events.common import ActorId, Fact, Text
from crisis_timeline.events.registry import registry


@registry.register("HistoricalContextNoted")
class HistoricalContextNoted(Fact):
    """A past event the source recalls; the envelope's `occurred` says when it happened."""

    actor_fields: ClassVar[tuple[str, ...]] = ("actors",)

    summary: Text
    actors: tuple[ActorId, ...] = ()
