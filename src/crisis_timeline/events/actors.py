"""Actors: people, states, organisations, and anonymous groups as the source describes them."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from crisis_timeline.events.common import ActorId, Fact, Text
from crisis_timeline.events.registry import registry


class ActorKind(StrEnum):
    PERSON = "person"
    STATE = "state"
    ORGANISATION = "organisation"
    GROUP = "group"
    ANONYMOUS = "anonymous"


@registry.register("ActorIdentified")
class ActorIdentified(Fact):
    """An actor appears in a source: a name, or for anonymous ones the description used."""

    actor_fields: ClassVar[tuple[str, ...]] = ("affiliation",)

    name: Text
    kind: ActorKind
    description: str | None = None
    titles: tuple[str, ...] = ()
    affiliation: ActorId | None = None
    aliases: tuple[str, ...] = ()
