"""Loading the new vocabulary: places checked like actors, stream families, orphans warned,
and events stored under schema version 1 loaded again after the upgrade (both backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
from sqlalchemy import Engine
from test_loader_behaviour import MINIMAL, doc_of, load, rows, write
from test_loader_checks import refused, warned

from crisis_timeline.errors import EventIdConflictError
from crisis_timeline.events import NewEvent, Payload, Registry
from crisis_timeline.events.meetings import MeetingHeld
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import parse_partial

QUOTE = "massing tens of thousands of troops near its border with Ukraine in the past two months"


def incident(**data: Any) -> dict[str, Any]:
    """A fact of the minimal fixture's text: the build-up recorded as a mobilisation."""
    return {
        "key": "massing",
        "type": "IncidentReported",
        "stream": "incident/massing-near-ukraine",
        "data": {
            "kind": "mobilize",
            "description": "Russia massed troops near its border with Ukraine.",
            "happened": {"value": "2021-10-30/2021-12-30", "text": "in the past two months"},
            "perpetrators": ["actor/russia"],
            **data,
        },
        "evidence": [{"quote": QUOTE, "attribution": "reporter"}],
    }


def place(key: str = "border") -> dict[str, Any]:
    return {
        "key": f"place-{key}",
        "type": "PlaceIdentified",
        "stream": f"place/{key}",
        "data": {"name": "Russia–Ukraine border", "kind": "region"},
        "evidence": [{"quote": QUOTE, "attribution": "reporter"}],
    }


def with_facts(tmp_path: Path, *facts: dict[str, Any]) -> Path:
    doc = doc_of(MINIMAL)
    doc["facts"] += list(facts)
    return write(tmp_path / "m.yaml", doc)


def test_an_unknown_place_is_refused_naming_the_field(engine: Engine, tmp_path: Path) -> None:
    path = with_facts(tmp_path, incident(place="place/border"))
    assert refused(engine, path) == [
        f"{path}: fact 'massing': data.place: unknown place 'place/border' "
        "(no PlaceIdentified in this load or stored)"
    ]


def test_a_place_identified_in_the_load_or_stored_is_known(engine: Engine, tmp_path: Path) -> None:
    first = with_facts(tmp_path, place())
    load(engine, first)
    second = tmp_path / "later"
    second.mkdir()
    doc = doc_of(MINIMAL)
    doc["source"]["id"] = "test-minimal-later"
    doc["facts"] = [incident(place="place/border")]
    report = load(engine, write(second / "m.yaml", doc))
    assert report.warnings == ()
    assert [r["type"] for r in rows(engine)][-1] == "IncidentReported"


def test_casualties_go_in_the_incidents_stream(engine: Engine, tmp_path: Path) -> None:
    toll = {
        "key": "toll",
        "type": "CasualtiesReported",
        "stream": "claim/massing",
        "data": {"killed": {"text": "at least 40", "low": 40}},
        "evidence": [{"quote": QUOTE, "attribution": "reporter"}],
    }
    path = with_facts(tmp_path, toll)
    assert refused(engine, path) == [
        f"{path}: fact 'toll': stream: CasualtiesReported goes in a 'incident/…' stream, not "
        "'claim/massing'; did you mean 'incident/massing'?"
    ]


def test_casualties_of_no_incident_are_warned(engine: Engine, tmp_path: Path) -> None:
    toll = {
        "key": "toll",
        "type": "CasualtiesReported",
        "stream": "incident/elsewhere",
        "data": {"killed": {"text": "dozens", "low": 24, "high": 99}},
        "evidence": [{"quote": QUOTE, "attribution": "reporter"}],
    }
    path = with_facts(tmp_path, toll)
    assert warned(engine, path) == [
        f"{path}: fact 'toll': stream: no IncidentReported in 'incident/elsewhere' (in this load "
        "or stored); no view shows this CasualtiesReported until the incident's source is loaded"
    ]


def version_1_registry() -> Registry:
    """MeetingHeld as the program defined it before place and duration (schema version 1)."""
    fields = {
        n: (f.annotation, f)
        for n, f in MeetingHeld.model_fields.items()
        if n not in ("place", "duration")
    }
    old = Registry()
    old.register("MeetingHeld", 1)(
        pydantic.create_model("MeetingHeldV1", __base__=Payload, **fields)
    )  # type: ignore[call-overload]
    return old


def held(**data: Any) -> MeetingHeld:
    return MeetingHeld.model_validate(
        {"title": "Biden-Putin call", "kind": "call", "held": "2021-12-30T20:35Z", **data}
    )


def test_an_event_stored_at_version_1_loaded_again_appends_nothing(engine: Engine) -> None:
    payload = held(location="by phone")
    v1_data = payload.model_dump(mode="json", exclude={"place", "duration"})
    envelope = {"stream": "meeting/call", "reported": parse_partial("2021-12-30")}
    old = NewEvent(type="MeetingHeld", schema_version=1, data=v1_data, **envelope)  # type: ignore[arg-type]
    EventStore(engine, registry=version_1_registry()).append(
        "meeting/call", [old], 0, recorded_by="t"
    )

    again = NewEvent.of(payload, id=old.id, **envelope)
    result = EventStore(engine).append("meeting/call", [again], None, recorded_by="t")
    assert (result.appended, result.already_present) == ([], 1)
    changed = NewEvent.of(
        held(location="by phone", duration={"minutes": 50}), id=old.id, **envelope
    )
    with pytest.raises(EventIdConflictError):
        EventStore(engine).append("meeting/call", [changed], None, recorded_by="t")
    [stored] = rows(engine)
    assert (stored["schema_version"], json.loads(stored["data"])) == (1, v1_data)
