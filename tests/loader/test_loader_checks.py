"""Facts refused because no view would show them, or because they would break one (both backends).

Each case is a small edit of `data/minimal.yaml` or `data/correction.yaml` (which corrects the
call's time in minimal.yaml); the expected lines are written by hand from those files.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from test_loader_behaviour import CORRECTION, MINIMAL, doc_of, load, rows, write

from crisis_timeline.fixtures import FixtureError

MEETING = "meeting/biden-putin-call-2021-12-30"
CLAIM = "claim/russia-plans-to-attack-ukraine"


def refused(engine: Engine, *paths: Path) -> list[str]:
    """The problems of a load that must write nothing."""
    before = rows(engine)
    with pytest.raises(FixtureError) as info:
        load(engine, *paths)
    assert rows(engine) == before
    return info.value.problems


def fact(doc: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in doc["facts"] if f["key"] == key)
    return found


def extra_fact(doc: dict[str, Any], like: str, **changes: Any) -> dict[str, Any]:
    """A copy of fact `like` with a new key and these fields replaced, added to doc."""
    new = copy.deepcopy(fact(doc, like)) | changes
    doc["facts"].append(new)
    return new


def test_a_stream_family_that_is_not_the_types(engine: Engine, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    fact(doc, "call-scheduled")["stream"] = "meetng/biden-putin-call-2021-12-30"
    path = write(tmp_path / "m.yaml", doc)
    assert refused(engine, path) == [
        f"{path}: fact 'call-scheduled': stream: MeetingScheduled goes in a 'meeting/…' stream, not "
        "'meetng/biden-putin-call-2021-12-30'; did you mean 'meeting/biden-putin-call-2021-12-30'?"
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"scheduled": "Thursday-ish"}, "data.changes.scheduled: not a partial time: 'Thursday-ish' "
                                        "(as a change to a MeetingScheduled)"),
        ({"colour": "red"}, "data.changes.colour: Extra inputs are not permitted (as a change to a MeetingScheduled)"),
        ({"participants": ["actor/biden", "actor/nobody"]}, "data.changes.participants: unknown actor 'actor/nobody'"),
    ],
    ids=["unparsable-time", "unknown-field", "unknown-actor"],
)
def test_a_correction_is_checked_as_the_event_it_corrects(
    engine: Engine, tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    load(engine, MINIMAL)
    doc = doc_of(CORRECTION)
    fact(doc, "call-time-corrected")["data"]["changes"] = changes
    path = write(tmp_path / "c.yaml", doc)
    assert refused(engine, path) == [f"{path}: fact 'call-time-corrected': {problem}"]
    # the same in one load with the corrected file
    assert refused(engine, MINIMAL, path) == [f"{path}: fact 'call-time-corrected': {problem}"]


def test_a_good_correction_still_loads(engine: Engine) -> None:
    load(engine, MINIMAL)
    assert load(engine, CORRECTION).appended == 4


def test_a_dispute_of_a_claim_never_made(engine: Engine, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    extra_fact(doc, "russia-denies-attack-plan", key="denial-disputed", type="ClaimDisputed",
               stream="claim/never-made", data={"by": "actor/biden", "statement": "it is not so"})
    path = write(tmp_path / "d.yaml", doc)
    assert refused(engine, path) == [
        f"{path}: fact 'denial-disputed': stream: no ClaimMade in 'claim/never-made' (in this load or stored); "
        "a ClaimDisputed of it would show in no view: load the claim's source with this file"
    ]


def test_a_dispute_of_a_claim_already_stored_loads(engine: Engine, tmp_path: Path) -> None:
    load(engine, MINIMAL)
    doc = doc_of(MINIMAL)
    doc["source"]["id"] = "test-later"
    doc["actors"], doc["facts"] = [], []
    first = doc_of(MINIMAL)
    doc["facts"].append(copy.deepcopy(fact(first, "russia-denies-attack-plan")) | {
        "key": "denial-disputed", "type": "ClaimDisputed", "stream": CLAIM,
        "data": {"by": "actor/biden", "statement": "it is not so"}})
    assert load(engine, write(tmp_path / "later.yaml", doc)).appended == 2  # its source, the dispute


def test_a_reschedule_of_no_meeting(engine: Engine, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    extra_fact(doc, "call-scheduled", key="call-moved", type="MeetingRescheduled", stream="meeting/no-such-call",
               data={"scheduled": "2021-12-31"})
    path = write(tmp_path / "r.yaml", doc)
    assert refused(engine, path) == [
        f"{path}: fact 'call-moved': stream: no MeetingHeld or MeetingRequested or MeetingScheduled in "
        "'meeting/no-such-call' (in this load or stored); a MeetingRescheduled of it would show in no view: "
        "load the meeting's source with this file"
    ]


def test_evidence_citing_a_source_that_does_not_exist(engine: Engine, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    evidence = fact(doc, "moment-of-crisis")["evidence"][0]
    evidence["source"] = "source/nowhere"
    path = write(tmp_path / "s.yaml", doc)
    assert refused(engine, path) == [
        f"{path}: fact 'moment-of-crisis': evidence[0].source: unknown source 'source/nowhere' "
        "(not registered in this load or stored)"
    ]
