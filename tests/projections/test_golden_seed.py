"""Golden tests: the seed fixture loaded, every view as of several moments.

Every expected value below was written by hand from the article
(fixtures/sources/reuters-2021-12-30-biden-putin-second-call.txt) and the fixture's
documented conventions (README "JSON keys"), never by running the code under test.
Spans were counted from the text with str.index on neighbouring phrases; fact ids follow
the documented rule (uuid5 of "<source id>:<fact key>") computed with the standard library.
Each test runs on SQLite and on PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from crisis_timeline import loading, queries
from crisis_timeline.audit import audit
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventFilter, EventStore
from crisis_timeline.views import At, Filters

NAME = "reuters-2021-12-30-biden-putin-second-call"
ROOT = Path(__file__).resolve().parents[2]  # this repository
FIXTURE = ROOT / "fixtures" / f"{NAME}.yaml"
TEXT_FILE = ROOT / "fixtures" / "sources" / f"{NAME}.txt"
SOURCE = f"source/{NAME}"
SHA256 = "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6"
FACT_NAMESPACE = uuid.UUID(
    "3b0c6f1e-8d0e-5a52-9a40-6c1f0f6c9e21"
)  # the loader's namespace for fact ids
VIEW_NAMES = ("meetings", "claims", "timeline", "actors", "forces", "demands", "sources")

# Knowledge times. A bare date on the command line is the end of that day, UTC.
END_OF_29 = datetime(2021, 12, 29, 23, 59, 59, 999999, tzinfo=UTC)
NOON_30 = datetime(2021, 12, 30, 12, 0, tzinfo=UTC)
END_OF_30 = datetime(2021, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)
END_OF_31 = datetime(2021, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
NOON_JAN_11 = datetime(2022, 1, 11, 12, 0, tzinfo=UTC)
END_OF_JAN_12 = datetime(2022, 1, 12, 23, 59, 59, 999999, tzinfo=UTC)

# The article's publication day as a partial time: every fact's `reported`.
REPORTED_30 = {
    "start": "2021-12-30T00:00:00Z",
    "end": "2021-12-31T00:00:00Z",
    "precision": "day",
    "text": "2021-12-30",
}


def fact_id(key: str) -> str:
    """A fixture fact's event id: uuid5 of "<source id>:<key>" (README, `events`.`id`)."""
    return str(uuid.uuid5(FACT_NAMESPACE, f"{NAME}:{key}"))


@pytest.fixture
def seeded(engine: Engine) -> tuple[Engine, EventStore]:
    store = EventStore(engine)
    loading.load(store, [FIXTURE], recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine, store


def view(engine: Engine, name: str, as_of: datetime, **filters: Any) -> list[dict[str, Any]]:
    return queries.view(engine, name, At(as_of=as_of), Filters(**filters))


# -- meetings, written out in full ----------------------------------------------------------

# "set to speak ... on Thursday" (30 Dec 2021) "at 3:30 p.m. ET (2030 GMT)"; "requested by Putin";
# topics: "rising tensions over Ukraine topping the agenda" and the officials' "range of topics";
# "Both the White House and the Kremlin are expected to provide their summaries".
CALL_30 = {
    "id": "meeting/biden-putin-call-2021-12-30",
    "title": "Biden-Putin call",
    "kind": "call",
    "participants": ["actor/joe-biden", "actor/vladimir-putin"],
    "requested_by": "actor/vladimir-putin",
    "status": "scheduled",
    "overdue": False,
    "scheduled": {
        "start": "2021-12-30T20:30:00Z",
        "end": "2021-12-30T20:31:00Z",
        "precision": "minute",
        "text": "on Thursday … at 3:30 p.m. ET (2030 GMT)",
    },
    "held": None,
    "location": None,
    "observers": [],
    "agenda": [
        "rising tensions over Ukraine",
        "upcoming security talks next month",
        "the tense situation in Europe",
        "ongoing talks with Iran over its nuclear program",
    ],
    "readouts_expected": ["actor/white-house", "actor/kremlin"],
    "readouts": [],
    "sources": [SOURCE],
}

# "ahead of a Jan. 10 U.S.-Russia security meeting"
TALKS_JAN_10 = {
    "id": "meeting/us-russia-security-talks-2022-01-10",
    "title": "U.S.-Russia security meeting",
    "kind": "meeting",
    "participants": ["actor/united-states", "actor/russia"],
    "requested_by": None,
    "status": "scheduled",
    "overdue": False,
    "scheduled": {
        "start": "2022-01-10T00:00:00Z",
        "end": "2022-01-11T00:00:00Z",
        "precision": "day",
        "text": "Jan. 10",
    },
    "held": None,
    "location": None,
    "observers": [],
    "agenda": [],
    "readouts_expected": [],
    "readouts": [],
    "sources": [SOURCE],
}

# "followed by a Russia-NATO session on Jan. 12"
SESSION_JAN_12 = {
    "id": "meeting/russia-nato-session-2022-01-12",
    "title": "Russia-NATO session",
    "kind": "session",
    "participants": ["actor/russia", "actor/nato"],
    "requested_by": None,
    "status": "scheduled",
    "overdue": False,
    "scheduled": {
        "start": "2022-01-12T00:00:00Z",
        "end": "2022-01-13T00:00:00Z",
        "precision": "day",
        "text": "on Jan. 12",
    },
    "held": None,
    "location": None,
    "observers": [],
    "agenda": [],
    "readouts_expected": [],
    "readouts": [],
    "sources": [SOURCE],
}

# "a broader conference including Moscow, Washington and other European countries slated for
# Jan. 13"
CONFERENCE_JAN_13 = {
    "id": "meeting/european-security-conference-2022-01-13",
    "title": "broader conference including Moscow, Washington and other European countries",
    "kind": "conference",
    "participants": ["actor/russia", "actor/united-states", "actor/other-european-countries"],
    "requested_by": None,
    "status": "scheduled",
    "overdue": False,
    "scheduled": {
        "start": "2022-01-13T00:00:00Z",
        "end": "2022-01-14T00:00:00Z",
        "precision": "day",
        "text": "slated for Jan. 13",
    },
    "held": None,
    "location": None,
    "observers": [],
    "agenda": [],
    "readouts_expected": [],
    "readouts": [],
    "sources": [SOURCE],
}

# The picture caption: Biden "holds secure video call with Russia’s President Vladimir Putin",
# "Secretary of State Antony Blinken listens with other officials", "from the Situation Room at
# the White House in Washington, U.S., December 7, 2021." Nothing says when it was planned.
VIDEO_CALL_DEC_7 = {
    "id": "meeting/biden-putin-video-call-2021-12-07",
    "title": "Biden-Putin secure video call",
    "kind": "video_call",
    "participants": ["actor/joe-biden", "actor/vladimir-putin"],
    "requested_by": None,
    "status": "held",
    "overdue": False,
    "scheduled": None,
    "held": {
        "start": "2021-12-07T00:00:00Z",
        "end": "2021-12-08T00:00:00Z",
        "precision": "day",
        "text": "December 7, 2021",
    },
    "location": "the Situation Room at the White House in Washington, U.S.",
    "observers": ["actor/antony-blinken", "actor/other-officials"],
    "agenda": [],
    "readouts_expected": [],
    "readouts": [],
    "sources": [SOURCE],
}

UPCOMING_ON_30 = [CALL_30, TALKS_JAN_10, SESSION_JAN_12, CONFERENCE_JAN_13]


def overdue(meeting: dict[str, Any]) -> dict[str, Any]:
    return {**meeting, "overdue": True}


# -- 1. before publication: nothing ----------------------------------------------------------


def test_nothing_is_known_before_the_article_was_published(
    seeded: tuple[Engine, EventStore],
) -> None:
    engine, _ = seeded
    for name in VIEW_NAMES:
        assert view(engine, name, END_OF_29) == [], name
    assert view(engine, "meetings", END_OF_29, upcoming=True) == []
    assert view(engine, "claims", END_OF_29, open_only=True) == []
    assert queries.replay(engine, At(as_of=END_OF_29)) == {
        "meetings": [],
        "claims": [],
        "timeline": [],
        "actors": [],
        "forces": [],
        "demands": [],
        "sources": [],
    }


# -- 2. meetings -----------------------------------------------------------------------------


def test_upcoming_meetings_on_the_day_of_the_call(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    assert view(engine, "meetings", NOON_30, upcoming=True) == UPCOMING_ON_30


def test_all_meetings_on_the_day_of_the_call(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    # World-time order: the held 7 December call first; none overdue at noon on the 30th.
    assert view(engine, "meetings", NOON_30) == [VIDEO_CALL_DEC_7, *UPCOMING_ON_30]


def test_the_call_is_overdue_once_its_time_passed_unreported(
    seeded: tuple[Engine, EventStore],
) -> None:
    engine, _ = seeded
    call = [m for m in view(engine, "meetings", NOON_30) if m["id"] == CALL_30["id"]]
    assert call == [CALL_30]

    # Scheduled 20:30-20:31Z on the 30th; by the end of the 31st nothing says it was held.
    assert view(engine, "meetings", END_OF_31) == [
        VIDEO_CALL_DEC_7,
        overdue(CALL_30),
        TALKS_JAN_10,
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]
    assert view(engine, "meetings", END_OF_31, upcoming=True) == [
        TALKS_JAN_10,
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]


def test_meetings_in_january(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    # At noon on 11 January: the call and the 10 January meeting have passed with no report
    # that they were held; 12 and 13 January are still ahead.
    assert view(engine, "meetings", NOON_JAN_11) == [
        VIDEO_CALL_DEC_7,
        overdue(CALL_30),
        overdue(TALKS_JAN_10),
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]
    assert view(engine, "meetings", NOON_JAN_11, upcoming=True) == [
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]
    assert view(engine, "meetings", NOON_JAN_11, status="held") == [VIDEO_CALL_DEC_7]


# -- 3. claims -------------------------------------------------------------------------------

# "Russia denies planning to attack Ukraine" — Russia's own words, named; nothing confirms or
# disputes it.
RUSSIA_DENIAL = {
    "id": "claim/russia-denies-planning-to-attack-ukraine",
    "statement": "Russia is not planning to attack Ukraine.",
    "modality": "denial",
    "claimant": "actor/russia",
    "about": ["actor/russia", "actor/ukraine"],
    "attribution": "named",
    "status": "unverified",
    "open": True,
    "disputed_by": [],
    "corroborated_by": [],
    "closed_by": [],
    "first_reported": "2021-12-30T00:00:00Z",
    "sources": [SOURCE],
}

# "a report over the weekend that Russia would be pulling back about 10,000 troops" — no source
# named; "Other U.S. officials said that despite [it] ... they had seen little evidence".
PULLBACK_REPORT = {
    "id": "claim/russia-pulling-back-10000-troops",
    "statement": "Russia would be pulling back about 10,000 troops from its border with Ukraine.",
    "modality": "assertion",
    "claimant": None,
    "about": ["actor/russia"],
    "attribution": "unattributed",
    "status": "disputed",
    "open": True,
    "disputed_by": [
        {
            "by": "actor/other-us-officials",
            "statement": "They had seen little evidence to support that so far.",
            "source": SOURCE,
            "attribution": "anonymous",
            "reported": REPORTED_30,
        }
    ],
    "corroborated_by": [],
    "closed_by": [],
    "first_reported": "2021-12-30T00:00:00Z",
    "sources": [SOURCE],
}

# (id, modality, claimant, attribution, status) for every claim of the article, in the
# documented order (first_reported, then id: all were first reported on the 30th).
CLAIMS_ON_30 = [
    (
        "claim/biden-pushing-direct-diplomacy",
        "position",
        "actor/joe-biden",
        "reporter",
        "unverified",
    ),
    (
        "claim/moment-of-crisis-given-russian-build-up",
        "assertion",
        "actor/unnamed-us-official",
        "anonymous",
        "unverified",
    ),
    ("claim/moscow-plans-to-attack-ukraine", "warning", "actor/the-west", "reporter", "disputed"),
    (
        "claim/putin-compares-tensions-to-cuban-missile-crisis",
        "comparison",
        "actor/vladimir-putin",
        "named",
        "unverified",
    ),
    (
        "claim/russia-denies-planning-to-attack-ukraine",
        "denial",
        "actor/russia",
        "named",
        "unverified",
    ),
    ("claim/russia-pulling-back-10000-troops", "assertion", None, "unattributed", "disputed"),
    (
        "claim/russia-right-to-move-troops-on-own-soil",
        "position",
        "actor/russia",
        "named",
        "unverified",
    ),
    (
        "claim/us-concerns-have-not-ebbed",
        "assertion",
        "actor/senior-biden-administration-official",
        "anonymous",
        "unverified",
    ),
    (
        "claim/us-warns-economic-action-and-nato-reinforcement",
        "warning",
        "actor/us-officials",
        "anonymous",
        "unverified",
    ),
    ("claim/west-re-arming-ukraine", "assertion", "actor/russia", "named", "unverified"),
]


def test_open_claims_on_the_day_of_publication(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    rows = view(engine, "claims", END_OF_30, open_only=True)
    assert [
        (r["id"], r["modality"], r["claimant"], r["attribution"], r["status"]) for r in rows
    ] == CLAIMS_ON_30
    assert all(r["open"] for r in rows)
    # Nothing in the article confirms, refutes or retracts a claim: open == all.
    assert view(engine, "claims", END_OF_30) == rows

    by_id = {r["id"]: r for r in rows}
    assert by_id[RUSSIA_DENIAL["id"]] == RUSSIA_DENIAL
    assert by_id[PULLBACK_REPORT["id"]] == PULLBACK_REPORT
    # "amid Western fears that Moscow plans to attack Ukraine" /
    # "Russia denies planning to attack Ukraine"
    assert by_id["claim/moscow-plans-to-attack-ukraine"]["disputed_by"] == [
        {
            "by": "actor/russia",
            "statement": "Russia denies planning to attack Ukraine.",
            "source": SOURCE,
            "attribution": "named",
            "reported": REPORTED_30,
        }
    ]
    assert view(engine, "claims", END_OF_30, status="disputed") == [
        by_id["claim/moscow-plans-to-attack-ukraine"],
        PULLBACK_REPORT,
    ]


def test_a_page_of_claims_is_the_start_of_the_whole_answer(
    seeded: tuple[Engine, EventStore],
) -> None:
    """--limit on claims is pushed into SQL (an index walk in (sort_at, key) order); each page
    must be the first rows of the answer Python orders, with and without the SQL filters."""
    engine, _ = seeded
    for filters in ({}, {"open_only": True}, {"status": "disputed"}, {"status": "unverified"}):
        whole = view(engine, "claims", END_OF_30, **filters)
        assert whole, filters
        for limit in range(1, len(whole) + 2):
            assert view(engine, "claims", END_OF_30, limit=limit, **filters) == whole[:limit], (
                filters,
                limit,
            )
    assert [r["id"] for r in view(engine, "claims", END_OF_30, open_only=True, limit=3)] == [
        c[0] for c in CLAIMS_ON_30[:3]
    ]


# -- 4. forces and demands -------------------------------------------------------------------


def test_forces_on_the_day_of_publication(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    assert view(engine, "forces", END_OF_30) == [
        {  # "massing tens of thousands of troops near its border … in the past two months"
            "id": fact_id("russian-build-up-near-ukraine-border"),
            "stream": "force/russia-ukraine-border",
            "direction": "build_up",
            "actor": "actor/russia",
            "location": "near Russia’s border with Ukraine",
            "size_text": "tens of thousands of troops",
            "low": 20000,
            "high": 99999,
            "inferred": True,  # neither number is in the words
            "unit": "troops",
            # two months back from the 30th, to the end of the 30th
            "period": {
                "start": "2021-10-30T00:00:00Z",
                "end": "2021-12-31T00:00:00Z",
                "precision": "day",
                "text": "in the past two months",
            },
            "reported": REPORTED_30,
            "source": SOURCE,
            "attribution": "reporter",
            "claim": None,
        },
        {  # "a report over the weekend that Russia would be pulling back about 10,000 troops"
            "id": fact_id("reported-pullback-about-10000-troops"),
            "stream": "force/russia-ukraine-border",
            "direction": "withdrawal",
            "actor": "actor/russia",
            "location": "Russia’s border with Ukraine",
            "size_text": "about 10,000 troops",
            "low": 9000,
            "high": 11000,
            "inferred": True,  # "about 10,000": 9,000 and 11,000 are not in the words
            "unit": "troops",
            "period": None,
            "reported": REPORTED_30,
            "source": SOURCE,
            "attribution": "unattributed",
            "claim": "claim/russia-pulling-back-10000-troops",
        },
    ]


def test_demands_on_the_day_of_publication(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    nato = {
        "id": "demand/no-further-nato-expansion-eastwards",
        "demand": "legally-binding guarantees NATO will not expand further eastwards",
        "by": "actor/russia",
        "addressee": "actor/the-west",
        "status": "rejected",
        "responses": [
            {
                "by": "actor/united-states",
                "statement": "Washington regards some of his demands, including restrictions on "
                "NATO expansion, as non-starters.",
                "source": SOURCE,
                "attribution": "named",
                "reported": REPORTED_30,
                "type": "DemandRejected",
            }
        ],
        "first_reported": "2021-12-30T00:00:00Z",
        "sources": [SOURCE],
    }
    weapons = {
        "id": "demand/no-offensive-weapons-in-ukraine-or-neighbours",
        "demand": "certain offensive weapons will not be deployed to Ukraine or other "
        "neighboring countries",
        "by": "actor/russia",
        "addressee": "actor/the-west",
        "status": "made",
        "responses": [],
        "first_reported": "2021-12-30T00:00:00Z",
        "sources": [SOURCE],
    }
    assert view(engine, "demands", END_OF_30) == [nato, weapons]
    assert view(engine, "demands", END_OF_30, status="rejected") == [nato]


# -- 5. timeline -----------------------------------------------------------------------------

D30 = "2021-12-30T00:00:00Z"
# (fact key, type, stream, when.start, when.precision) in world-time order: interval start, then
# precision (coarse first), then knowledge order: reported (the 30th for all), source (one), and
# the order the loader appended the source's facts. Facts with no world time of their own fall
# back to the day they were reported (the 30th); that block follows the file (checked against
# the YAML in the test). The rejection of NATO's expansion comes after the demand it answers.
TIMELINE_ON_30 = [
    (
        "crimea-seizure-2014",
        "HistoricalContextNoted",
        "context/crimea-seizure-2014",
        "2014-01-01T00:00:00Z",
        "year",
    ),
    (
        "russian-build-up-near-ukraine-border",
        "ForceBuildUpReported",
        "force/russia-ukraine-border",
        "2021-10-30T00:00:00Z",
        "day",
    ),
    (
        "biden-putin-video-call-2021-12-07-held",
        "MeetingHeld",
        "meeting/biden-putin-video-call-2021-12-07",
        "2021-12-07T00:00:00Z",
        "day",
    ),
    # "over the weekend" before Thursday 30 December: Saturday 25 and Sunday 26
    (
        "weekend-report-russia-pulling-back-troops",
        "ClaimMade",
        "claim/russia-pulling-back-10000-troops",
        "2021-12-25T00:00:00Z",
        "day",
    ),
    ("putin-requested-call", "MeetingRequested", "meeting/biden-putin-call-2021-12-30", D30, "day"),
    (
        "call-2021-12-30-agenda-ukraine",
        "MeetingAgendaReported",
        "meeting/biden-putin-call-2021-12-30",
        D30,
        "day",
    ),
    (
        "call-2021-12-30-agenda-officials",
        "MeetingAgendaReported",
        "meeting/biden-putin-call-2021-12-30",
        D30,
        "day",
    ),
    (
        "call-2021-12-30-readouts-expected",
        "ReadoutExpected",
        "meeting/biden-putin-call-2021-12-30",
        D30,
        "day",
    ),
    (
        "reported-pullback-about-10000-troops",
        "ForceWithdrawalReported",
        "force/russia-ukraine-border",
        D30,
        "day",
    ),
    (
        "russia-backs-separatists-eastern-ukraine",
        "HistoricalContextNoted",
        "context/russia-backing-separatists-eastern-ukraine",
        D30,
        "day",
    ),
    (
        "western-fear-moscow-plans-attack",
        "ClaimMade",
        "claim/moscow-plans-to-attack-ukraine",
        D30,
        "day",
    ),
    (
        "russia-disputes-attack-plans",
        "ClaimDisputed",
        "claim/moscow-plans-to-attack-ukraine",
        D30,
        "day",
    ),
    (
        "russia-denies-planning-attack",
        "ClaimMade",
        "claim/russia-denies-planning-to-attack-ukraine",
        D30,
        "day",
    ),
    (
        "russia-right-to-move-troops",
        "ClaimMade",
        "claim/russia-right-to-move-troops-on-own-soil",
        D30,
        "day",
    ),
    ("west-re-arming-ukraine", "ClaimMade", "claim/west-re-arming-ukraine", D30, "day"),
    ("us-concerns-not-ebbed", "ClaimMade", "claim/us-concerns-have-not-ebbed", D30, "day"),
    (
        "us-officials-see-little-evidence-of-pullback",
        "ClaimDisputed",
        "claim/russia-pulling-back-10000-troops",
        D30,
        "day",
    ),
    (
        "us-official-moment-of-crisis",
        "ClaimMade",
        "claim/moment-of-crisis-given-russian-build-up",
        D30,
        "day",
    ),
    (
        "us-warns-economic-action-nato-reinforcement",
        "ClaimMade",
        "claim/us-warns-economic-action-and-nato-reinforcement",
        D30,
        "day",
    ),
    (
        "biden-pushing-direct-diplomacy",
        "ClaimMade",
        "claim/biden-pushing-direct-diplomacy",
        D30,
        "day",
    ),
    (
        "putin-compares-to-cuban-missile-crisis",
        "ClaimMade",
        "claim/putin-compares-tensions-to-cuban-missile-crisis",
        D30,
        "day",
    ),
    (
        "russia-demands-no-nato-expansion",
        "DemandMade",
        "demand/no-further-nato-expansion-eastwards",
        D30,
        "day",
    ),
    (
        "us-rejects-nato-expansion-restrictions",
        "DemandRejected",
        "demand/no-further-nato-expansion-eastwards",
        D30,
        "day",
    ),
    (
        "russia-demands-no-offensive-weapons",
        "DemandMade",
        "demand/no-offensive-weapons-in-ukraine-or-neighbours",
        D30,
        "day",
    ),
    (
        "biden-putin-call-2021-12-30-scheduled",
        "MeetingScheduled",
        "meeting/biden-putin-call-2021-12-30",
        "2021-12-30T20:30:00Z",
        "minute",
    ),
    (
        "us-russia-security-talks-2022-01-10-scheduled",
        "MeetingScheduled",
        "meeting/us-russia-security-talks-2022-01-10",
        "2022-01-10T00:00:00Z",
        "day",
    ),
    (
        "russia-nato-session-2022-01-12-scheduled",
        "MeetingScheduled",
        "meeting/russia-nato-session-2022-01-12",
        "2022-01-12T00:00:00Z",
        "day",
    ),
    (
        "european-security-conference-2022-01-13-scheduled",
        "MeetingScheduled",
        "meeting/european-security-conference-2022-01-13",
        "2022-01-13T00:00:00Z",
        "day",
    ),
]
TITLE = "Biden, Putin to hold second call this month as Ukraine tensions simmer"


def test_the_hand_written_timeline_block_follows_the_fixture_file() -> None:
    same_day = [key for key, *_, start, _p in TIMELINE_ON_30 if start == D30]
    assert len(same_day) == 20
    facts = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["facts"]
    # The loader appends a source stream by stream, in the order the file first names each, and
    # each stream's facts in file order (this file happens to keep each stream's facts together).
    first_named: dict[str, int] = {}
    for i, fact in enumerate(facts):
        first_named.setdefault(fact["stream"], i)
    appended = [
        f["key"]
        for i, f in sorted(enumerate(facts), key=lambda p: (first_named[p[1]["stream"]], p[0]))
    ]
    assert appended == [f["key"] for f in facts]
    assert same_day == [key for key in appended if key in same_day]


def test_a_page_of_the_timeline_is_the_start_of_the_whole_answer(
    seeded: tuple[Engine, EventStore],
) -> None:
    engine, _ = seeded
    for as_of in (END_OF_30, NOON_JAN_11):
        whole = view(engine, "timeline", as_of)
        for limit in (1, 2, 5, 20, len(whole), len(whole) + 1):
            assert view(engine, "timeline", as_of, limit=limit) == whole[:limit], (as_of, limit)


def test_timeline_in_world_time_order(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    rows = view(engine, "timeline", END_OF_30)
    got = [
        (r["id"], r["type"], r["stream"], r["when"]["start"], r["when"]["precision"]) for r in rows
    ]
    assert got == [(fact_id(k), t, s, start, p) for k, t, s, start, p in TIMELINE_ON_30]
    assert all(r["source"] == SOURCE and r["reported"] == REPORTED_30 for r in rows)
    assert all(r["source_title"] == TITLE for r in rows)
    by_key = {k: r for (k, *_), r in zip(TIMELINE_ON_30, rows, strict=True)}
    # "which the White House said was requested by Putin": the call's participants and who asked.
    request = by_key["putin-requested-call"]
    assert (request["actors"], request["speaker"], request["attribution"]) == (
        ["actor/joe-biden", "actor/vladimir-putin"],
        "actor/white-house",
        "named",
    )
    # "Washington regards some of his demands ... as non-starters": the United States answers.
    rejection = by_key["us-rejects-nato-expansion-restrictions"]
    assert (rejection["actors"], rejection["speaker"]) == (
        ["actor/united-states"],
        "actor/united-states",
    )
    # "a report over the weekend": nobody is named as saying it.
    weekend = by_key["weekend-report-russia-pulling-back-troops"]
    assert (weekend["actors"], weekend["speaker"], weekend["attribution"]) == (
        ["actor/russia"],
        None,
        "unattributed",
    )
    # "its seizure of Ukraine’s Crimea peninsula in 2014", in the outlet's own words.
    crimea = by_key["crimea-seizure-2014"]
    assert (crimea["actors"], crimea["speaker"]) == (
        ["actor/russia", "actor/ukraine"],
        "actor/reuters",
    )
    assert by_key["crimea-seizure-2014"]["when"] == {
        "start": "2014-01-01T00:00:00Z",
        "end": "2015-01-01T00:00:00Z",
        "precision": "year",
        "text": "in 2014",
    }
    assert by_key["weekend-report-russia-pulling-back-troops"]["when"] == {
        "start": "2021-12-25T00:00:00Z",
        "end": "2021-12-27T00:00:00Z",
        "precision": "day",
        "text": "over the weekend",
    }
    assert by_key["biden-putin-call-2021-12-30-scheduled"]["when"] == CALL_30["scheduled"]


def test_timeline_by_actor(seeded: tuple[Engine, EventStore]) -> None:
    engine, _ = seeded
    putin = [r["id"] for r in view(engine, "timeline", END_OF_30, actor="actor/vladimir-putin")]
    # He takes part in the 7 December call and the 30 December call (requested, scheduled), and
    # compares the tensions to the Cuban Missile Crisis.
    assert putin == [
        fact_id(k)
        for k in (
            "biden-putin-video-call-2021-12-07-held",
            "putin-requested-call",
            "putin-compares-to-cuban-missile-crisis",
            "biden-putin-call-2021-12-30-scheduled",
        )
    ]
    # What the White House said: that Putin requested the call (its second quote: the photo credit).
    assert [r["id"] for r in view(engine, "timeline", END_OF_30, actor="actor/white-house")] == [
        fact_id("putin-requested-call"),
        fact_id("call-2021-12-30-readouts-expected"),
    ]


# -- 6. audit --------------------------------------------------------------------------------

WEEKEND_QUOTE = (
    "a report over the weekend that Russia would be pulling back about 10,000 troops "
    "from its border with Ukraine"
)
DISPUTE_QUOTE = (
    "Other U.S. officials said that despite a report over the weekend that Russia would be "
    "pulling back about 10,000 troops from its border with Ukraine, they had seen little "
    "evidence to support that so far."
)
# The paragraph "U.S. concerns have not ebbed ..." starts at 2006; its first sentence and the
# space after it are 99 code points, so "Other U.S. officials said ..." starts at 2105 and runs
# 202 code points (to 2307); the weekend report starts 39 code points in
# ("Other U.S. officials said that despite " is 39 long), at 2144, and runs 108 (to 2252).
DISPUTE_SPAN = [2105, 2307]
WEEKEND_SPAN = [2144, 2252]

READER_SOURCE = {
    "id": SOURCE,
    "publisher": "Reuters",
    "title": "Biden, Putin to hold second call this month as Ukraine tensions simmer",
    "byline": ["Jarrett Renshaw"],
    "dateline": "WILMINGTON, Del./MOSCOW",
    "published": REPORTED_30,
    "url": None,
    "sha256": SHA256,
}


def test_spans_are_where_the_quotes_stand_in_the_article() -> None:
    text = TEXT_FILE.read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == SHA256
    paragraph = text.index("U.S. concerns have not ebbed in recent weeks")
    assert paragraph == 2006
    assert (
        len(
            "U.S. concerns have not ebbed in recent weeks, according to a senior Biden "
            "administration official. "
        )
        == 99
    )
    assert len("Other U.S. officials said that despite ") == 39
    assert text[2105:2307] == DISPUTE_QUOTE and text.count(DISPUTE_QUOTE) == 1
    assert text[2144:2252] == WEEKEND_QUOTE and text.count(WEEKEND_QUOTE) == 1


def test_audit_of_the_weekend_pullback_report(seeded: tuple[Engine, EventStore]) -> None:
    engine, store = seeded
    doc = audit(
        engine,
        store,
        "claim/russia-pulling-back-10000-troops",
        At(as_of=END_OF_30),
        [TEXT_FILE.parent],
    )
    assert set(doc) == {"stream", "view", "row", "view_check", "history", "chain"}
    assert doc["row"] == PULLBACK_REPORT
    assert doc["view_check"] == {"ok": True, "reason": None}

    made, disputed = doc["history"]
    # Positions: the source (1), the 20 actors (2-21), then the facts in file order; the weekend
    # report is the 20th fact and the officials' dispute the 21st.
    assert made["position"] == 41 and disputed["position"] == 42
    assert made["id"] == fact_id("weekend-report-russia-pulling-back-troops")
    assert disputed["id"] == fact_id("us-officials-see-little-evidence-of-pullback")
    assert made["type"] == "ClaimMade" and disputed["type"] == "ClaimDisputed"
    assert made["data"] == {
        "statement": "Russia would be pulling back about 10,000 troops from its border with "
        "Ukraine.",
        "modality": "assertion",
        "claimant": None,
        "about": ["actor/russia"],
        "code": None,
    }
    assert disputed["data"] == {
        "by": "actor/other-us-officials",
        "statement": "They had seen little evidence to support that so far.",
        "code": None,
        "counter_claim": None,
    }
    assert made["reported"] == REPORTED_30 and disputed["reported"] == REPORTED_30
    assert made["occurred"] == {
        "start": "2021-12-25T00:00:00Z",
        "end": "2021-12-27T00:00:00Z",
        "precision": "day",
        "text": "over the weekend",
    }
    assert disputed["occurred"] is None

    for entry in (made, disputed):
        assert entry["recorded_by"] == "test"
        assert entry["chain_verified"] is True
        assert len(entry["hash"]) == 64 and int(entry["hash"], 16) >= 0
        assert entry["recorded_at"].endswith("Z")
        [evidence] = entry["evidence"]
        source = evidence["source"]
        assert {k: source[k] for k in READER_SOURCE} == READER_SOURCE
        assert (source["position"], source["chain_verified"]) == (
            1,
            True,
        )  # the source is registered first
        assert (source["rating"]["reliability"], source["rating"]["credibility"]) == ("B", 2)
        assert source["rating"]["rated_by"] == "Crisis Timeline seed fixture"
    assert disputed["prev_hash"] == made["hash"]  # adjacent positions

    # The weekend report is quoted from within the officials' sentence, the dispute's quote.
    assert {k: v for k, v in made["evidence"][0].items() if k != "source"} == {
        "quote": WEEKEND_QUOTE,
        "span": WEEKEND_SPAN,
        "attributed_to": None,
        "attribution": "unattributed",
        "sentence": DISPUTE_QUOTE,
        "in_text": True,
    }
    assert {k: v for k, v in disputed["evidence"][0].items() if k != "source"} == {
        "quote": DISPUTE_QUOTE,
        "span": DISPUTE_SPAN,
        "attributed_to": "actor/other-us-officials",
        "attribution": "anonymous",
        "sentence": DISPUTE_QUOTE,
        "in_text": True,
    }
    # The claim's own two events and the source's registration (position 1), with their links;
    # the head (the last of the 49 events) anchors them, and `crisis verify` walks everything.
    head = next(iter(store.read(EventFilter(after=48))))
    assert doc["chain"] == {
        "ok": True,
        "scope": "links",
        "checked": 3,
        "first_bad_position": None,
        "reason": None,
        "head": {"position": 49, "hash": head.hash},
    }


# -- 7. diff ---------------------------------------------------------------------------------

ACTOR_IDS = sorted(
    f"actor/{k}"
    for k in (
        "united-states",
        "russia",
        "ukraine",
        "iran",
        "white-house",
        "kremlin",
        "nato",
        "reuters",
        "joe-biden",
        "vladimir-putin",
        "antony-blinken",
        "the-west",
        "separatists-eastern-ukraine",
        "other-european-countries",
        "senior-biden-administration-official",
        "other-us-officials",
        "unnamed-us-official",
        "us-officials",
        "officials",
        "other-officials",
    )
)
EVENT_TYPES_IN_SEED = {
    "SourceRegistered": 1,
    "ActorIdentified": 20,
    "MeetingHeld": 1,
    "MeetingRequested": 1,
    "MeetingScheduled": 4,
    "MeetingAgendaReported": 2,
    "ReadoutExpected": 1,
    "ForceBuildUpReported": 1,
    "ForceWithdrawalReported": 1,
    "HistoricalContextNoted": 2,
    "ClaimMade": 10,
    "ClaimDisputed": 2,
    "DemandMade": 2,
    "DemandRejected": 1,
}


def test_diff_across_publication_day(seeded: tuple[Engine, EventStore]) -> None:
    engine, store = seeded
    doc = queries.diff(engine, store, At(as_of=END_OF_29), At(as_of=END_OF_30))
    assert (doc["from"], doc["to"]) == (
        "2021-12-29T23:59:59.999999Z",
        "2021-12-30T23:59:59.999999Z",
    )
    assert len(doc["events"]) == 49
    assert Counter(e["type"] for e in doc["events"]) == EVENT_TYPES_IN_SEED
    assert [e["position"] for e in doc["events"]] == list(range(1, 50))

    views = doc["views"]
    assert set(views) == set(VIEW_NAMES)
    for name, change in views.items():
        assert change["changed"] == [] and change["disappeared"] == [], name
    appeared = {name: [r["id"] for r in change["appeared"]] for name, change in views.items()}
    assert appeared["meetings"] == [m["id"] for m in (VIDEO_CALL_DEC_7, *UPCOMING_ON_30)]
    assert appeared["claims"] == [c[0] for c in CLAIMS_ON_30]
    assert appeared["timeline"] == [fact_id(k) for k, *_ in TIMELINE_ON_30]
    assert appeared["actors"] == ACTOR_IDS
    assert appeared["forces"] == [
        fact_id("russian-build-up-near-ukraine-border"),
        fact_id("reported-pullback-about-10000-troops"),
    ]
    assert appeared["demands"] == [
        "demand/no-further-nato-expansion-eastwards",
        "demand/no-offensive-weapons-in-ukraine-or-neighbours",
    ]
    # what appeared is exactly each view as of the later time
    later = queries.replay(engine, At(as_of=END_OF_30))
    assert {name: change["appeared"] for name, change in views.items()} == later


# -- 8. load order ---------------------------------------------------------------------------

LATER_TEXT = (
    "Biden and Putin spoke by phone on Dec. 30. The call began at 3:35 p.m. ET (2035 GMT), "
    "five minutes after the scheduled time.\n"
)
LATER_ID = "example-2022-01-11-call-held"


def write_later_fixture(tmp_path: Path) -> Path:
    """A second, made-up source published 2022-01-11: the 30 December call was held at 20:35Z."""
    (tmp_path / "later.txt").write_text(LATER_TEXT, encoding="utf-8")
    digest = hashlib.sha256(LATER_TEXT.encode("utf-8")).hexdigest()
    path = tmp_path / "later.yaml"
    path.write_text(
        f"""\
source:
  id: {LATER_ID}
  publisher: Example Wire
  title: Biden and Putin spoke on Dec. 30
  published: {{value: "2022-01-11", text: "2022-01-11"}}
  sha256: {digest}
  text_file: later.txt
  rating: {{reliability: C, credibility: 3, rated_by: test, rationale: a made-up source for a test}}
facts:
  - key: call-held
    type: MeetingHeld
    stream: meeting/biden-putin-call-2021-12-30
    occurred: {{value: "2021-12-30T20:35Z", text: "3:35 p.m. ET (2035 GMT)"}}
    data:
      title: Biden-Putin call
      kind: call
      held: {{value: "2021-12-30T20:35Z", text: "3:35 p.m. ET (2035 GMT)"}}
    evidence:
      - quote: "The call began at 3:35 p.m. ET (2035 GMT)"
        attribution: reporter
""",
        encoding="utf-8",
    )
    return path


def load_in_order(engine: Engine, paths: list[Path]) -> None:
    store = EventStore(engine)
    for path in paths:  # one load and one catch-up per source, so the second may arrive late
        loading.load(store, [path], recorded_by="test")
        ProjectionRunner(engine).catch_up()


def test_meetings_do_not_depend_on_load_order(
    engine: Engine, databases: Any, backend: str, tmp_path: Path
) -> None:
    later = write_later_fixture(tmp_path)
    load_in_order(engine, [FIXTURE, later])
    reversed_engine = open_engine(databases.url(backend))
    try:
        load_in_order(reversed_engine, [later, FIXTURE])
        for t in (END_OF_29, NOON_30, END_OF_31, NOON_JAN_11, END_OF_JAN_12):
            assert view(engine, "meetings", t) == view(reversed_engine, "meetings", t), t
            assert queries.replay(engine, At(as_of=t)) == queries.replay(
                reversed_engine, At(as_of=t)
            ), t
    finally:
        reversed_engine.dispose()

    # Before the later source was published the call is overdue, as with the seed alone.
    assert view(engine, "meetings", END_OF_31) == [
        VIDEO_CALL_DEC_7,
        overdue(CALL_30),
        TALKS_JAN_10,
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]
    # Once it is known: held at 20:35Z, the plan (20:30Z) kept apart; 10 January still unreported.
    held_call = {
        **CALL_30,
        "status": "held",
        "held": {
            "start": "2021-12-30T20:35:00Z",
            "end": "2021-12-30T20:36:00Z",
            "precision": "minute",
            "text": "3:35 p.m. ET (2035 GMT)",
        },
        "sources": [SOURCE, f"source/{LATER_ID}"],
    }
    assert view(engine, "meetings", END_OF_JAN_12) == [
        VIDEO_CALL_DEC_7,
        held_call,
        overdue(TALKS_JAN_10),
        SESSION_JAN_12,
        CONFERENCE_JAN_13,
    ]
