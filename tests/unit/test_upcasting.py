"""Old schema versions are upcast on read, never rewritten: tested with a test-only type."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from crisis_timeline.errors import ValidationError
from crisis_timeline.events import NewEvent, Payload, Registry
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import events
from crisis_timeline.time import parse_partial


def registry_at(version: int) -> Registry:
    """The same test-only type as three releases of the program would define it."""
    reg = Registry()
    if version == 1:

        @reg.register("Sighting", version=1)
        class SightingV1(Payload):
            place: str

    else:

        @reg.register("Sighting", version=version)
        class SightingV3(Payload):
            location: str
            confidence: str

        @reg.upcaster("Sighting", 1)
        def rename_place(data: dict) -> dict:  # type: ignore[type-arg]
            return {"location": data["place"]}

        @reg.upcaster("Sighting", 2)
        def add_confidence(data: dict) -> dict:  # type: ignore[type-arg]
            return {**data, "confidence": "unknown"}

    return reg


def test_upcasters_chain_from_any_old_version() -> None:
    reg = registry_at(3)
    decoded = reg.decode("Sighting", 1, {"place": "Yelnya"})
    assert decoded.model_dump() == {"location": "Yelnya", "confidence": "unknown"}
    assert reg.decode("Sighting", 2, {"location": "Yelnya"}).model_dump() == {
        "location": "Yelnya",
        "confidence": "unknown",
    }
    assert (
        reg.decode("Sighting", 3, {"location": "Yelnya", "confidence": "high"}).model_dump()[
            "confidence"
        ]
        == "high"
    )


def test_a_missing_upcaster_or_a_future_version_is_an_error() -> None:
    reg = Registry()

    @reg.register("Sighting", version=2)
    class Sighting(Payload):
        location: str

    with pytest.raises(ValidationError, match="no upcaster for Sighting from schema_version 1"):
        reg.decode("Sighting", 1, {"place": "x"})
    with pytest.raises(
        ValidationError, match="Sighting schema_version 3 is newer than this program's 2"
    ):
        reg.decode("Sighting", 3, {"location": "x"})


def test_new_events_must_use_the_current_version() -> None:
    with pytest.raises(ValidationError, match="new events must use schema_version 3"):
        registry_at(3).normalise("Sighting", 1, {"place": "x"})


def test_stored_rows_keep_their_version_and_are_upcast_on_read(engine: Engine) -> None:
    old = EventStore(engine, registry=registry_at(1))
    event = NewEvent(
        stream="force/yelnya",
        type="Sighting",
        schema_version=1,
        data={"place": "Yelnya"},
        reported=parse_partial("2021-11-01"),
    )
    old.append("force/yelnya", [event], 0, recorded_by="test")

    new = EventStore(engine, registry=registry_at(3))
    [stored] = list(new.read())
    assert (stored.schema_version, stored.data) == (1, {"place": "Yelnya"})
    assert new.registry.decode(stored.type, stored.schema_version, stored.data).model_dump() == {
        "location": "Yelnya",
        "confidence": "unknown",
    }
    with engine.connect() as conn:
        row = conn.execute(select(events.c.schema_version, events.c.data)).one()
    assert tuple(row) == (1, '{"place":"Yelnya"}')
    assert new.verify().ok
