"""A meeting's lifecycle: requested, scheduled, rescheduled, cancelled, held, agenda, readouts."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from crisis_timeline.events.common import ActorId, Fact, PlaceId, SourceId, Text
from crisis_timeline.events.registry import adding, registry
from crisis_timeline.time import PartialTime


class MeetingKind(StrEnum):
    CALL = "call"
    VIDEO_CALL = "video_call"
    MEETING = "meeting"
    SESSION = "session"
    CONFERENCE = "conference"
    SUMMIT = "summit"


class _Described(Fact):
    """What a meeting is, given by whichever event first speaks of it."""

    actor_fields: ClassVar[tuple[str, ...]] = ("participants",)

    title: Text
    kind: MeetingKind
    participants: tuple[ActorId, ...] = ()


@registry.register("MeetingRequested")
class MeetingRequested(_Described):
    """Someone asked for the meeting."""

    actor_fields: ClassVar[tuple[str, ...]] = ("participants", "requested_by")

    requested_by: ActorId


class Duration(BaseModel):
    """How long a meeting lasted, in minutes, and the words as written ("lasted 50 minutes")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minutes: int = Field(gt=0)
    text: str | None = None


@registry.register("MeetingScheduled", version=2)
class MeetingScheduled(_Described):
    """The meeting was set for a time (the plan, not what happened)."""

    place_fields: ClassVar[tuple[str, ...]] = ("place",)

    scheduled: PartialTime
    location: str | None = None
    place: PlaceId | None = None
    sequence_note: str | None = None


registry.upcaster("MeetingScheduled", 1)(adding(place=None))  # v2: place


@registry.register("MeetingRescheduled")
class MeetingRescheduled(Fact):
    """The planned time changed."""

    scheduled: PartialTime
    reason: str | None = None


@registry.register("MeetingCancelled")
class MeetingCancelled(Fact):
    """The meeting will not take place."""

    reason: str | None = None


@registry.register("MeetingHeld", version=2)
class MeetingHeld(_Described):
    """The meeting took place; the envelope's `occurred` is when it actually happened."""

    actor_fields: ClassVar[tuple[str, ...]] = ("participants", "observers")
    place_fields: ClassVar[tuple[str, ...]] = ("place",)

    held: PartialTime
    location: str | None = None
    place: PlaceId | None = None
    observers: tuple[ActorId, ...] = ()
    duration: Duration | None = None


registry.upcaster("MeetingHeld", 1)(adding(place=None, duration=None))  # v2: place, duration


@registry.register("MeetingAgendaReported")
class MeetingAgendaReported(Fact):
    """Topics the meeting is expected to cover, as described."""

    topics: tuple[Text, ...]


@registry.register("ReadoutExpected")
class ReadoutExpected(Fact):
    """Who is expected to publish a summary of the meeting."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: tuple[ActorId, ...]


@registry.register("ReadoutPublished")
class ReadoutPublished(Fact):
    """A summary of the meeting was published."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by",)

    by: ActorId
    readout: SourceId | None = None
    summary: str | None = None
