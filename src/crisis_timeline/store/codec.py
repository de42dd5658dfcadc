"""Events to rows and back, and the document each row's hash covers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from crisis_timeline import canonical
from crisis_timeline.events.envelope import (
    Attribution,
    Event,
    Evidence,
    NewEvent,
    format_recorded_at,
)
from crisis_timeline.time import partial_from_json, partial_json

Row = dict[str, Any]

_NEW_EVENT_FIELDS = tuple(NewEvent.model_fields)
CONTENT_COLUMNS = (
    "id",
    "stream",
    "type",
    "schema_version",
    "data",
    "occurred",
    "reported",
    "evidence",
)
JSON_COLUMNS = ("data", "occurred", "reported", "evidence")


def new_row(
    event: NewEvent, *, version: int, position: int, recorded_at: datetime, recorded_by: str
) -> tuple[Row, str]:
    """The row for a new event, without its hashes, and the canonical JSON its hash covers.

    The event's data must be normalised (JSON values only), as the store makes it before this.
    """
    doc = content_json(event)
    occurred = event.occurred
    row = {
        "position": position,
        "id": doc["id"],
        "stream": event.stream,
        "version": version,
        "type": event.type,
        "schema_version": event.schema_version,
        "data": canonical.dumps(doc["data"]),
        "occurred": None if occurred is None else canonical.dumps(doc["occurred"]),
        "occurred_start": None if occurred is None else occurred.start,
        "occurred_end": None if occurred is None else occurred.end,
        "reported": canonical.dumps(doc["reported"]),
        "reported_start": event.reported.start,
        "evidence": canonical.dumps(doc["evidence"]),
        "recorded_at": recorded_at,
        "recorded_by": recorded_by,
    }
    doc.update(
        position=position,
        version=version,
        recorded_at=format_recorded_at(recorded_at),
        recorded_by=recorded_by,
    )
    return row, canonical.dumps(doc)


def content_json(event: NewEvent) -> dict[str, Any]:
    """`event.content()` built directly, for an event whose data holds JSON values only.

    The store's append path: pydantic's serialiser costs more than the rest of a row."""
    occurred = event.occurred
    return {
        "id": str(event.id),
        "stream": event.stream,
        "type": event.type,
        "schema_version": event.schema_version,
        "data": event.data,
        "occurred": None if occurred is None else partial_json(occurred),
        "reported": partial_json(event.reported),
        "evidence": [
            {
                "source": e.source,
                "quote": e.quote,
                "span": None if e.span is None else list(e.span),
                "attributed_to": e.attributed_to,
                "attribution": e.attribution.value,
            }
            for e in event.evidence
        ],
    }


def content_of(row: Row) -> dict[str, Any]:
    """The caller-supplied part of a stored row, comparable with NewEvent.content()."""
    doc = {k: row[k] for k in CONTENT_COLUMNS}
    for key in JSON_COLUMNS:
        doc[key] = None if doc[key] is None else canonical.loads(doc[key])
    return doc


def hash_document(row: Row) -> str:
    """Canonical JSON of everything a row's hash covers (all but prev_hash and hash)."""
    doc = content_of(row)
    doc.update(
        position=row["position"],
        version=row["version"],
        recorded_at=format_recorded_at(row["recorded_at"]),
        recorded_by=row["recorded_by"],
    )
    return canonical.dumps(doc)


def derived_columns_agree(row: Row) -> bool:
    """Do the indexed time columns say what the hashed JSON says?"""
    reported = partial_from_json(canonical.loads(row["reported"]))
    if row["reported_start"] != reported.start:
        return False
    if row["occurred"] is None:
        return row["occurred_start"] is None and row["occurred_end"] is None
    occurred = partial_from_json(canonical.loads(row["occurred"]))
    return (row["occurred_start"], row["occurred_end"]) == (occurred.start, occurred.end)


def with_data(event: NewEvent, data: dict[str, Any]) -> NewEvent:
    """The event with its data replaced by the normalised form of the same data."""
    return _trusted(NewEvent, **{**_new_event_fields(event), "data": data})


def stored_event(event: NewEvent, row: Row) -> Event:
    """The stored event of a new event just written as row (no second validation)."""
    return _trusted(
        Event,
        **_new_event_fields(event),
        version=row["version"],
        position=row["position"],
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def event_of(row: Mapping[Any, Any]) -> Event:
    """The stored event of a row (trusted: the store validated it on the way in).

    Built without a second validation; partial times come from a cache, since the same few
    recur across thousands of events.
    """
    occurred = row["occurred"]
    return _trusted(
        Event,
        id=UUID(row["id"]),
        stream=row["stream"],
        version=row["version"],
        type=row["type"],
        schema_version=row["schema_version"],
        data=canonical.loads(row["data"]),
        occurred=None if occurred is None else partial_from_json(canonical.loads(occurred)),
        reported=partial_from_json(canonical.loads(row["reported"])),
        evidence=_evidence(row["evidence"]),
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
        position=row["position"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


_ATTRIBUTION = {a.value: a for a in Attribution}


def _evidence(text: str) -> tuple[Evidence, ...]:
    return tuple(
        _trusted(
            Evidence,
            source=e["source"],
            quote=e["quote"],
            span=None if e["span"] is None else tuple(e["span"]),
            attributed_to=e["attributed_to"],
            attribution=_ATTRIBUTION[e["attribution"]],
        )
        for e in canonical.loads(text)
    )


def _new_event_fields(event: NewEvent) -> dict[str, Any]:
    """The NewEvent fields of an event (of a stored Event too), as they are."""
    return {name: event.__dict__[name] for name in _NEW_EVENT_FIELDS}


_M = TypeVar("_M", bound=BaseModel)


def _trusted(cls: type[_M], **values: Any) -> _M:
    """A model from values the store itself validated and wrote, every field given.

    What `model_construct` does, without its per-field checks for aliases and defaults:
    reading events is the hot path of every rebuild and catch-up. The codec round-trip
    tests hold the result equal to a validated model."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    private = _private_defaults(cls)
    object.__setattr__(model, "__pydantic_private__", None if private is None else dict(private))
    return model


@lru_cache(maxsize=None)
def _private_defaults(cls: type[BaseModel]) -> dict[str, Any] | None:
    """A model's private attributes at their defaults, as validation sets them (None: none)."""
    found = {name: attr.get_default() for name, attr in cls.__private_attributes__.items()}
    return found or None
