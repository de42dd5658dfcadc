"""Incidents: what happened at a place and time (battles, strikes, protests …) and their tolls."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crisis_timeline.events.common import ActorId, Fact, PlaceId, Text, check_range
from crisis_timeline.events.incident_kinds import ACTOR_ROLES, IncidentKind
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


class ExternalRef(BaseModel):
    """The row of a dataset a fact comes from, e.g. ACLED's event_id_cnty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset: Text
    id: Text


@registry.register("IncidentReported")
class IncidentReported(Fact):
    """Something happened: its kind, who did it to whom, where and when (`happened`)."""

    actor_fields: ClassVar[tuple[str, ...]] = ACTOR_ROLES
    place_fields: ClassVar[tuple[str, ...]] = ("place",)

    kind: IncidentKind
    description: Text
    happened: PartialTime
    perpetrators: tuple[ActorId, ...] = ()
    targets: tuple[ActorId, ...] = ()
    actor1: ActorId | None = None
    """ACLED's actor1 (the initiator, where there is one), as coded."""
    assoc_actor1: tuple[ActorId, ...] = ()
    actor2: ActorId | None = None
    assoc_actor2: tuple[ActorId, ...] = ()
    place: PlaceId | None = None
    location: str | None = None
    """The place in the source's words, with or without a place id."""
    civilian_targeting: bool | None = None
    tags: tuple[Text, ...] = ()
    outlets: tuple[Text, ...] = ()
    """The outlets a dataset names as its sources for the fact (ACLED's `source` column)."""
    external: ExternalRef | None = None


class Toll(BaseModel):
    """A count read from the words: "at least 40" is 40 to None (no upper bound given)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: Text
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Toll:
        check_range(self.low, self.high)
        return self


@registry.register("CasualtiesReported")
class CasualtiesReported(Fact):
    """A toll of the incident as one source knew it; a later figure is a new report."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: ActorId | None = None
    """Who gave the figures (a ministry, a hospital), when the source names them."""
    killed: Toll | None = None
    injured: Toll | None = None
    missing: Toll | None = None

    @model_validator(mode="after")
    def _some_count(self) -> CasualtiesReported:
        if self.killed is None and self.injured is None and self.missing is None:
            raise ValueError("give at least one of killed, injured, missing")
        return self
