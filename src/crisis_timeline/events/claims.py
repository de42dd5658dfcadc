"""Claims: what someone said is so, and what others then said of it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from crisis_timeline.events.common import ActorId, Fact, Text, stream_of
from crisis_timeline.events.registry import adding, registry


class Modality(StrEnum):
    ASSERTION = "assertion"
    DENIAL = "denial"
    DEMAND = "demand"
    WARNING = "warning"
    POSITION = "position"
    EXPECTATION = "expectation"
    COMPARISON = "comparison"


@registry.register("ClaimMade")
class ClaimMade(Fact):
    """Someone (or an unattributed report) said something is so."""

    actor_fields: ClassVar[tuple[str, ...]] = ("claimant", "about")

    statement: Text
    modality: Modality
    claimant: ActorId | None = None
    about: tuple[ActorId, ...] = ()


class _Response(Fact):
    """Someone's response to a claim."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: ActorId | None = None
    statement: str | None = None


@registry.register("ClaimCorroborated")
class ClaimCorroborated(_Response):
    """Support for the claim from another party or source."""


@registry.register("ClaimDisputed", version=2)
class ClaimDisputed(_Response):
    """Someone questioned or contradicted the claim; it stays open."""

    counter_claim: str | None = Field(default=None, pattern=stream_of("claim"))
    """The claim stream of what the disputer asserts instead (a denial, say), if recorded."""


registry.upcaster("ClaimDisputed", 1)(adding(counter_claim=None))  # v2: counter_claim


@registry.register("ClaimConfirmed")
class ClaimConfirmed(_Response):
    """The claim was shown to be true; it is closed."""


@registry.register("ClaimRefuted")
class ClaimRefuted(_Response):
    """The claim was shown to be false; it is closed."""


@registry.register("ClaimRetracted")
class ClaimRetracted(_Response):
    """The claimant withdrew the claim; it is closed."""
