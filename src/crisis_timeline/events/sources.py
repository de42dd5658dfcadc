"""Sources: where facts come from, and how far to trust them (Admiralty / NATO system)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from crisis_timeline.events.common import Fact, Text
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


class Reliability(StrEnum):
    """Source reliability: A completely reliable … E unreliable, F cannot be judged."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class AdmiraltyRating(BaseModel):
    """Reliability of the source (A–F), credibility of the information (1–6), who rated and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reliability: Reliability
    credibility: int = Field(ge=1, le=6)
    rated_by: Text
    rationale: Text

    @property
    def code(self) -> str:
        """The usual short form, e.g. 'B2'."""
        return f"{self.reliability}{self.credibility}"


@registry.register("SourceRegistered")
class SourceRegistered(Fact):
    """A source document entered the record."""

    publisher: Text
    title: Text
    byline: tuple[str, ...] = ()
    dateline: str | None = None
    published: PartialTime
    retrieved: datetime | None = None
    url: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    language: str = "en"
    rating: AdmiraltyRating
