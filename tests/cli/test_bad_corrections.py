"""Corrections cannot poison the store: a loaded correction shows; a bad one stored through
the store's API is named in one line and left out, and every view and rebuild still answer
(both backends)."""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from click.testing import Result
from sqlalchemy import Engine
from test_view_commands import ROOT, run

from crisis_timeline.events import Attribution, Evidence, NewEvent
from crisis_timeline.events.corrections import EventCorrected
from crisis_timeline.fixtures import fact_id
from crisis_timeline.store.event_store import ANY_VERSION, EventStore
from crisis_timeline.time import parse_partial

DATA = ROOT / "tests" / "loader" / "data"
MEETING = "meeting/biden-putin-call-2021-12-30"
SCHEDULED = fact_id("test-minimal-reuters", "call-scheduled")
BAD_ID = UUID("6b1d2a52-0000-4000-8000-00000000bad1")
VIEW_COMMANDS = [
    ["meetings"],
    ["meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z"],
    ["claims"],
    ["claims", "--open"],
    ["timeline"],
    ["actors"],
    ["forces"],
    ["demands"],
    ["replay", "--as-of", "2022-01-01"],
    ["diff", "2021-12-29", "2022-01-01"],
    ["events"],
    ["verify"],
]


def answered(result: Result) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    assert "Traceback" not in result.output
    return result.stdout


def scheduled_call(db: str) -> dict[str, str]:
    [call] = json.loads(answered(run(["--db", db, "meetings", "--json"])))
    return {"start": call["scheduled"]["start"], "text": call["scheduled"]["text"]}


def test_a_loaded_correction_shows_in_every_view(db_url: str) -> None:
    answered(run(["--db", db_url, "load", str(DATA / "minimal.yaml")]))
    answered(run(["--db", db_url, "load", str(DATA / "correction.yaml")]))
    # correction.yaml: "It was scheduled for 3:35 p.m. ET (2035 GMT)."
    assert scheduled_call(db_url) == {
        "start": "2021-12-30T20:35:00Z",
        "text": "3:35 p.m. ET (2035 GMT)",
    }
    for args in VIEW_COMMANDS:
        answered(
            run(
                ["--db", db_url, *args, "--json"]
                if args[0] not in ("verify",)
                else ["--db", db_url, *args]
            )
        )


@pytest.fixture
def poisoned(db_url: str, engine: Engine) -> str:
    """minimal.yaml, then a correction the loader would refuse, stored through the store's API."""
    answered(run(["--db", db_url, "load", str(DATA / "minimal.yaml")]))
    bad = NewEvent.of(
        EventCorrected(
            corrects=SCHEDULED,
            reason="forged",
            changes={"scheduled": "Thursday-ish", "participants": ["actor/nobody"]},
        ),
        id=BAD_ID,
        stream=MEETING,
        reported=parse_partial("2021-12-31"),
        evidence=(
            Evidence(
                source="source/test-minimal-reuters", quote="x", attribution=Attribution.REPORTER
            ),
        ),
    )
    EventStore(engine).append(MEETING, [bad], ANY_VERSION, recorded_by="api")
    return db_url


WARNING = (
    f"warning: event {BAD_ID} (position 13, EventCorrected in {MEETING}) does not apply to event "
    f"{SCHEDULED} (MeetingScheduled): scheduled: not a partial time: 'Thursday-ish'; "
    "the views leave the correction out"
)


def test_a_bad_stored_correction_is_named_once_and_left_out(poisoned: str) -> None:
    first = run(["--db", poisoned, "meetings", "--json"])  # catches the views up: the warning, once
    assert answered(first) and first.stderr == WARNING + "\n"
    # the call as minimal.yaml scheduled it: 3:30 p.m. ET (2030 GMT)
    assert scheduled_call(poisoned) == {
        "start": "2021-12-30T20:30:00Z",
        "text": "3:30 p.m. ET (2030 GMT)",
    }
    for args in VIEW_COMMANDS:
        result = run(["--db", poisoned, *args])
        answered(result)
        assert result.stderr == "", args  # the views were caught up: nothing more to say
    rebuilt = run(["--db", poisoned, "rebuild"])
    assert answered(rebuilt) == "rebuilt all projections from 13 events\n"
    assert rebuilt.stderr == WARNING + "\n"


def test_a_bad_stored_correction_does_not_stop_a_rebuild_first(poisoned: str) -> None:
    rebuilt = run(["--db", poisoned, "rebuild", "meetings"])
    assert (
        answered(rebuilt) == "rebuilt meetings from 13 events\n"
        and rebuilt.stderr == WARNING + "\n"
    )
    claims = json.loads(answered(run(["--db", poisoned, "claims", "--json"])))
    assert [c["id"] for c in claims] == [
        "claim/moment-of-crisis",
        "claim/russia-plans-to-attack-ukraine",
    ]
