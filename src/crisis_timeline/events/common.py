"""Pieces shared by the vocabulary: the base of every fact, codes, ratings, actor references."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from crisis_timeline.events.registry import Payload

_ACTOR_ID = re.compile(r"^actor/[a-z0-9][a-z0-9-]*$")
_SOURCE_ID = re.compile(r"^source/[a-z0-9][a-z0-9.-]*$")
_PLACE_ID = re.compile(r"^place/[a-z0-9][a-z0-9.-]*$")


def _actor_id(value: str) -> str:
    if not _ACTOR_ID.match(value):
        raise ValueError(f"not an actor id (actor/<slug>): {value!r}")
    return value


def _source_id(value: str) -> str:
    if not _SOURCE_ID.match(value):
        raise ValueError(f"not a source id (source/<slug>): {value!r}")
    return value


def _place_id(value: str) -> str:
    if not _PLACE_ID.match(value):
        raise ValueError(f"not a place id (place/<slug>): {value!r}")
    return value


def stream_of(family: str) -> str:
    """The pattern of a stream id of one family, e.g. 'claim/<name>'."""
    return rf"^{family}/[^\s/]\S*$"


def check_range(low: int | None, high: int | None) -> None:
    """Refuse a low/high estimate whose low exceeds its high (either may be open: None)."""
    if low is not None and high is not None and low > high:
        raise ValueError("low must not exceed high")


ActorId = Annotated[str, AfterValidator(_actor_id)]
PlaceId = Annotated[str, AfterValidator(_place_id)]
SourceId = Annotated[str, AfterValidator(_source_id)]
Text = Annotated[str, Field(min_length=1)]


class Codebook(StrEnum):
    PLOVER = "PLOVER"
    CAMEO = "CAMEO"


class EventCode(BaseModel):
    """A code from a political-event codebook, to exchange the data with ACLED, GDELT, POLECAT."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    codebook: Codebook
    version: Text
    code: Text
    label: str | None = None
    mode: str | None = None
    """PLOVER's mode of the category, e.g. 'phone' for CONSULT, 'troops' for MOBILIZE."""


class Fact(Payload):
    """Base of every payload in the vocabulary: an optional event code, and its actor fields."""

    actor_fields: ClassVar[tuple[str, ...]] = ()
    """Names of fields that hold actor ids (a str or a list), checked against known actors."""
    place_fields: ClassVar[tuple[str, ...]] = ()
    """Names of fields that hold a place id, checked against the places identified."""

    code: EventCode | None = None
