"""A payload is validated once: by its class when NewEvent.of wraps it (the loader's path). The
store validates every event that did not come that way, and a copy given other data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from support import Noted, make_store, note

from crisis_timeline.errors import ValidationError
from crisis_timeline.events import NewEvent
from crisis_timeline.events.registry import registry
from crisis_timeline.fixtures import parse_file

FIXTURES = sorted(Path(__file__).resolve().parents[2].joinpath("fixtures").glob("*.yaml"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_the_loaders_events_are_what_the_store_would_have_made_of_them(path: Path) -> None:
    parsed = parse_file(path, None)
    assert parsed.items and not parsed.problems
    for item in parsed.items:
        ev = item.event
        assert ev.validated_by(registry.payload_class(ev.type)), item.where
        assert registry.normalise(ev.type, ev.schema_version, ev.data) == ev.data, item.where


def test_a_copy_with_other_data_is_validated_by_the_store(engine: Engine) -> None:
    good = note("claim/a", "fact")
    forged = good.model_copy(update={"data": {"text": 42}})
    with pytest.raises(ValidationError, match=f"event {good.id}: Noted: text"):
        make_store(engine).append("claim/a", [forged], None, recorded_by="ana")
    assert make_store(engine).head_position() == 0


def test_an_event_built_field_by_field_is_validated_by_the_store(engine: Engine) -> None:
    good = note("claim/a", "fact")
    built = NewEvent(**{**good.model_dump(), "data": {"words": "fact"}})
    assert not built.validated_by(Noted)
    with pytest.raises(ValidationError, match=f"event {good.id}"):
        make_store(engine).append("claim/a", [built], None, recorded_by="ana")
    assert make_store(engine).head_position() == 0
