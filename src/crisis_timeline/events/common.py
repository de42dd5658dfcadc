"""Pieces shared by the vocabulary: the base of every fact, codes, ratings, actor references."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from crisis_timeline.events.registry import Payload

_ACTOR_ID = re.compile(r"^actor/[a-z0-9][a-z0-9-]*$")
_SOURCE_ID = re.compile(r"^source/[a-z0-9][a-z0-9.-]*$")


def _actor_id(value: str) -> str:
    if not _ACTOR_ID.match(value):
        raise ValueError(f"not an actor id (actor/<slug>): {value!r}")
    return value


def _source_id(value: str) -> str:
    if not _SOURCE_ID.match(value):
        raise ValueError(f"not a source id (source/<slug>): {value!r}")
    return value


ActorId = Annotated[str, AfterValidator(_actor_id)]
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

    code: EventCode | None = None
