"""Facts refused because they would break a view or never show in one, and facts warned about
because no view shows them yet (sources load in any order) (both backends).

Each case is a small edit of `data/minimal.yaml` or `data/correction.yaml` (which corrects the
call's time in minimal.yaml); the expected lines are written by hand from those files.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from test_loader_behaviour import CORRECTION, MINIMAL, crisis, doc_of, load, rows, write

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
        f"{path}: fact 'call-scheduled': stream: MeetingScheduled goes in a 'meeting/…' stream, "
        "not 'meetng/biden-putin-call-2021-12-30'; "
        "did you mean 'meeting/biden-putin-call-2021-12-30'?"
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"scheduled": "Thursday-ish"},
            "data.changes.scheduled: not a partial time: 'Thursday-ish' "
            "(as a change to a MeetingScheduled)",
        ),
        (
            {"colour": "red"},
            "data.changes.colour: Extra inputs are not permitted "
            "(as a change to a MeetingScheduled)",
        ),
        (
            {"participants": ["actor/biden", "actor/nobody"]},
            "data.changes.participants: unknown actor 'actor/nobody'",
        ),
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


def warned(engine: Engine, *paths: Path) -> list[str]:
    """The warnings of a load that must succeed."""
    return list(load(engine, *paths).warnings)


def dispute(key: str, stream: str, **data: str) -> Callable[[dict[str, Any]], None]:
    """An edit adding a ClaimDisputed by Biden, quoted as the denial is."""

    def edit(doc: dict[str, Any]) -> None:
        data_ = {"by": "actor/biden", **data}
        extra_fact(
            doc,
            "russia-denies-attack-plan",
            key=key,
            type="ClaimDisputed",
            stream=stream,
            data=data_,
        )

    return edit


dispute_of_a_claim_never_made = dispute(
    "denial-disputed", "claim/never-made", statement="it is not so"
)
dispute_countering_with_a_claim_never_made = dispute(
    "denial-countered", CLAIM, counter_claim="claim/never-made"
)


def reschedule_of_no_meeting(doc: dict[str, Any]) -> None:
    extra_fact(
        doc,
        "call-scheduled",
        key="call-moved",
        type="MeetingRescheduled",
        stream="meeting/no-such-call",
        data={"scheduled": "2021-12-31"},
    )


def evidence_from_no_source(doc: dict[str, Any]) -> None:
    fact(doc, "moment-of-crisis")["evidence"][0]["source"] = "source/nowhere"


@pytest.mark.parametrize(
    ("edit", "warning"),
    [
        (
            dispute_of_a_claim_never_made,
            "fact 'denial-disputed': stream: no ClaimMade in 'claim/never-made' "
            "(in this load or stored); no view shows this ClaimDisputed until the claim's source "
            "is loaded",
        ),
        (
            reschedule_of_no_meeting,
            "fact 'call-moved': stream: no MeetingHeld or MeetingRequested or MeetingScheduled in "
            "'meeting/no-such-call' (in this load or stored); no view shows this "
            "MeetingRescheduled until the meeting's source is loaded",
        ),
        (
            dispute_countering_with_a_claim_never_made,
            "fact 'denial-countered': data.counter_claim: unknown claim 'claim/never-made' "
            "(no ClaimMade in this load or stored)",
        ),
        (
            evidence_from_no_source,
            "fact 'moment-of-crisis': evidence[0].source: source 'source/nowhere' "
            "is not registered (in this load or stored) yet",
        ),
    ],
    ids=[
        "dispute-of-no-claim",
        "reschedule-of-no-meeting",
        "counter-claim-never-made",
        "evidence-from-no-source",
    ],
)
def test_a_fact_no_view_shows_yet_is_loaded_with_a_warning(
    engine: Engine, tmp_path: Path, edit: Callable[[dict[str, Any]], None], warning: str
) -> None:
    doc = doc_of(MINIMAL)
    edit(doc)
    path = write(tmp_path / "w.yaml", doc)
    assert warned(engine, path) == [f"{path}: {warning}"]


def later_dispute(tmp_path: Path) -> Path:
    """A later source disputing minimal.yaml's denial (its speaker declared again)."""
    doc = doc_of(MINIMAL)
    doc["source"]["id"] = "test-later"
    doc["actors"] = [a for a in doc["actors"] if a["key"] == "biden"]
    doc["facts"] = [
        copy.deepcopy(fact(doc, "russia-denies-attack-plan"))
        | {
            "key": "denial-disputed",
            "type": "ClaimDisputed",
            "stream": CLAIM,
            "data": {"by": "actor/biden", "statement": "it is not so"},
        }
    ]
    return write(tmp_path / "later.yaml", doc)


def test_a_dispute_with_its_claim_in_the_same_load_is_not_warned(
    engine: Engine, tmp_path: Path
) -> None:
    assert warned(engine, later_dispute(tmp_path), MINIMAL) == []


def test_a_dispute_loaded_before_its_claim_is_warned_and_loaded(
    engine: Engine, tmp_path: Path
) -> None:
    """Sources load in any order: the dispute first is a warning, then the claim's source loads."""
    later = later_dispute(tmp_path)
    assert len(warned(engine, later)) == 1
    assert warned(engine, MINIMAL) == []
    assert (
        warned(engine, later) == [] and load(engine, later).appended == 0
    )  # now the claim is stored


def test_crisis_load_prints_each_warning_on_stderr(db_url: str, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    evidence_from_no_source(doc)
    path = write(tmp_path / "s.yaml", doc)
    result = crisis(db_url, "load", str(path))
    assert (result.exit_code, result.stdout) == (0, "12 new, 0 already present (1 file)\n")
    assert result.stderr == (
        f"warning: {path}: fact 'moment-of-crisis': evidence[0].source: source 'source/nowhere' "
        "is not registered (in this load or stored) yet\n"
    )
