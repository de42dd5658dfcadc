"""The event envelope: what every fact carries besides its typed payload."""

from __future__ import annotations

import builtins
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_serializer,
    field_validator,
)

from crisis_timeline.events.registry import Payload
from crisis_timeline.time import PartialTime

STREAM_PATTERN = re.compile(r"[a-z][a-z0-9_-]*/[^\s/\x00][^\s\x00]*")
MAX_NAME = 200
"""The longest stream or recorded_by the events table holds (VARCHAR(200) on PostgreSQL)."""


class Attribution(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    UNATTRIBUTED = "unattributed"
    REPORTER = "reporter"


class Evidence(BaseModel):
    """Exact words from a source, where they stand in it, and who said them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    quote: str = Field(min_length=1)
    span: tuple[int, int] | None = None
    attributed_to: str | None = None
    attribution: Attribution

    @field_validator("span")
    @classmethod
    def _ordered(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v is not None and not 0 <= v[0] < v[1]:
            raise ValueError("span must be [start, end) with 0 <= start < end")
        return v


class _Validated:
    """NewEvent.of's mark: which payload class validated which data dict.

    Equal to anything: pydantic compares private attributes in ==, and the mark must never make
    two events with the same fields unequal."""

    __slots__ = ("payload_class", "data")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, payload_class: type[Payload], data: dict[str, Any]) -> None:
        self.payload_class, self.data = payload_class, data

    def __eq__(self, other: object) -> bool:
        return True


class NewEvent(BaseModel):
    """An event as the caller hands it to the store: everything but what the store sets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UUID = Field(default_factory=uuid4)
    stream: str = Field(max_length=MAX_NAME)
    type: str
    schema_version: int = Field(default=1, ge=1)
    data: dict[str, Any]
    occurred: PartialTime | None = None
    reported: PartialTime
    evidence: tuple[Evidence, ...] = ()
    _validated: _Validated | None = PrivateAttr(default=None)
    """Set by `of`: the payload class that validated `data`, and that very dict."""

    @field_validator("stream")
    @classmethod
    def _stream_shape(cls, v: str) -> str:
        if not STREAM_PATTERN.fullmatch(v):
            raise ValueError("stream must look like 'family/name', e.g. 'meeting/biden-putin-call'")
        return v

    @field_validator("reported")
    @classmethod
    def _reported_has_start(cls, v: PartialTime) -> PartialTime:
        if v.start is None:
            raise ValueError("reported must have a start: when the fact became knowable")
        return v

    @classmethod
    def of(cls, payload: Payload, **envelope: Any) -> NewEvent:
        """Wrap a typed payload: `NewEvent.of(MeetingHeld(...), stream=..., reported=...)`."""
        event = cls(
            type=payload.type_name,
            schema_version=payload.schema_version,
            data=payload.model_dump(mode="json"),
            **envelope,
        )
        event._validated = _Validated(type(payload), event.data)
        return event

    def validated_by(self, payload_class: builtins.type[Payload]) -> bool:
        """Is `data` the JSON form of a payload of this class, as `of` made it? Then the store
        need not validate it again. A copy with other data (model_copy) or an event built any
        other way is not: the store validates those."""
        mark = self._validated
        if mark is None:
            return False
        return (
            mark.payload_class is payload_class
            and mark.data is self.data
            and self.type == payload_class.type_name
            and self.schema_version == payload_class.schema_version
        )

    def content(self) -> dict[str, Any]:
        """The fields that make two appends of one id the same event."""
        return self.model_dump(mode="json")


class Event(NewEvent):
    """A stored event: the full envelope, as the store recorded and chained it."""

    version: int = Field(ge=1)
    position: int = Field(ge=1)
    recorded_at: datetime
    recorded_by: str
    prev_hash: str
    hash: str

    @field_validator("recorded_at")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("recorded_at must carry a time zone")
        return v.astimezone(UTC)

    @field_serializer("recorded_at", when_used="json")
    def _as_hashed(self, v: datetime) -> str:
        # In JSON exactly as the hash covers it, microseconds always, so that anyone can
        # recompute the chain from `crisis events --json` (pydantic drops zero microseconds).
        return format_recorded_at(v)

    def content(self) -> dict[str, Any]:
        """The caller-supplied part of this event (see NewEvent.content)."""
        return self.model_dump(mode="json", include=set(NewEvent.model_fields))


def format_recorded_at(value: datetime) -> str:
    """System time as hashed and shown: UTC, microseconds, 'Z'."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
