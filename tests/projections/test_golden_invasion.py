"""Golden tests: the seed and the 24 February 2022 fixture loaded, the views before and after.

Every expected value was written by hand from the two texts
(fixtures/sources/crisis-timeline-2022-02-24-russia-invades-ukraine.txt and the seed's Reuters
text) and the fixtures' documented conventions, never by running the code under test.
Both backends (the `engine` fixture).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from crisis_timeline import loading, queries
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.views import At, Filters

ROOT = Path(__file__).resolve().parents[2]
NAME = "crisis-timeline-2022-02-24-russia-invades-ukraine"
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
INVASION = ROOT / "fixtures" / f"{NAME}.yaml"
SOURCE = f"source/{NAME}"
FACT_NAMESPACE = uuid.UUID("3b0c6f1e-8d0e-5a52-9a40-6c1f0f6c9e21")

END_OF_FEB_23 = datetime(2022, 2, 23, 23, 59, 59, 999999, tzinfo=UTC)
NOON_FEB_24 = datetime(2022, 2, 24, 12, 0, tzinfo=UTC)
REPORTED_24 = {
    "start": "2022-02-24T00:00:00Z",
    "end": "2022-02-25T00:00:00Z",
    "precision": "day",
    "text": "Feb 24",
}
DENIAL = "claim/russia-denies-planning-to-attack-ukraine"
FEAR = "claim/moscow-plans-to-attack-ukraine"


def fact_id(key: str) -> str:
    return str(uuid.uuid5(FACT_NAMESPACE, f"{NAME}:{key}"))


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    loading.load(EventStore(engine), [INVASION, SEED], recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine


def view(engine: Engine, name: str, as_of: datetime, **filters: Any) -> list[dict[str, Any]]:
    return queries.view(engine, name, At(as_of=as_of), Filters(**filters))


def claim(engine: Engine, claim_id: str, as_of: datetime) -> dict[str, Any]:
    [found] = [c for c in view(engine, "claims", as_of) if c["id"] == claim_id]
    return found


def test_before_the_invasion_the_denial_stood_and_the_fear_was_disputed(loaded: Engine) -> None:
    denial, fear = claim(loaded, DENIAL, END_OF_FEB_23), claim(loaded, FEAR, END_OF_FEB_23)
    assert (denial["status"], denial["open"], denial["closed_by"]) == ("unverified", True, [])
    assert (fear["status"], fear["open"], fear["closed_by"]) == ("disputed", True, [])


def test_the_invasion_refutes_the_denial(loaded: Engine) -> None:
    denial = claim(loaded, DENIAL, NOON_FEB_24)
    assert (denial["status"], denial["open"]) == ("refuted", False)
    assert denial["closed_by"] == [
        {
            "by": None,
            "statement": "Russian forces invaded Ukraine early on Thursday.",
            "source": SOURCE,
            "attribution": "reporter",
            "reported": REPORTED_24,
            "type": "ClaimRefuted",
        }
    ]
    assert denial["sources"] == ["source/reuters-2021-12-30-biden-putin-second-call", SOURCE]


def test_the_invasion_confirms_the_western_fear(loaded: Engine) -> None:
    fear = claim(loaded, FEAR, NOON_FEB_24)
    assert (fear["status"], fear["open"]) == ("confirmed", False)
    [closing] = fear["closed_by"]
    assert closing["type"] == "ClaimConfirmed" and closing["statement"] == (
        "Thursday's assault bore out warnings from the United States and its allies that Russia "
        "could invade at any moment."
    )
    # Russia's dispute of 30 December stays on record.
    assert [d["by"] for d in fear["disputed_by"]] == ["actor/russia"]
    assert all(
        c["id"] not in (DENIAL, FEAR) for c in view(loaded, "claims", NOON_FEB_24, open_only=True)
    )
