"""Agreements: ceasefires and deals, reached, signed, violated, ended."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from crisis_timeline.events.common import ActorId, Fact, PlaceId, Text, stream_of
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


class AgreementKind(StrEnum):
    CEASEFIRE = "ceasefire"
    DEAL = "deal"
    TREATY = "treaty"
    OTHER = "other"


class _Described(Fact):
    """What the agreement is, given by whichever event first speaks of it."""

    actor_fields: ClassVar[tuple[str, ...]] = ("parties",)

    title: Text
    kind: AgreementKind
    parties: tuple[ActorId, ...] = ()
    """The parties as the source names them (none when it does not)."""
    terms: tuple[Text, ...] = ()
    effective: PartialTime | None = None


@registry.register("AgreementReached")
class AgreementReached(_Described):
    """The parties agreed (it may not be signed yet)."""


@registry.register("AgreementSigned")
class AgreementSigned(_Described):
    """The agreement was signed."""

    actor_fields: ClassVar[tuple[str, ...]] = ("parties", "signatories")
    place_fields: ClassVar[tuple[str, ...]] = ("place",)

    signed: PartialTime | None = None
    signatories: tuple[ActorId, ...] = ()
    place: PlaceId | None = None
    location: str | None = None


@registry.register("AgreementViolated")
class AgreementViolated(Fact):
    """Someone broke the agreement, or is said to have; it still stands."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by", "accused_by")

    by: tuple[ActorId, ...] = ()
    accused_by: ActorId | None = None
    statement: str | None = None
    incident: str | None = Field(default=None, pattern=stream_of("incident"))
    """The incident stream that broke it, when it is recorded."""


@registry.register("AgreementEnded")
class AgreementEnded(Fact):
    """The agreement no longer holds (expired, withdrawn from, superseded)."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: ActorId | None = None
    reason: str | None = None
