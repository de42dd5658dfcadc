"""The read-only SQL views of migration 0005, on SQLite (also through Datasette) and PostgreSQL.

Expected rows were written by hand from the seed fixture (fixtures/reuters-…yaml) and the
README's rules for the views (partial times as four columns, lists joined with '; '), never by
running the code under test. `overdue` and `upcoming` are judged at the database's present: the
seed's meetings all lie in the past of any run of this suite.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from support import reported

from crisis_timeline import loading, queries
from crisis_timeline.events.meetings import MeetingKind, MeetingScheduled
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.roles import grant_roles
from crisis_timeline.time import parse_partial

NAME = "reuters-2021-12-30-biden-putin-second-call"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / f"{NAME}.yaml"
SOURCE = f"source/{NAME}"
FACT_NAMESPACE = uuid.UUID(
    "3b0c6f1e-8d0e-5a52-9a40-6c1f0f6c9e21"
)  # the loader's namespace for fact ids
VIEWS = ("meetings", "claims", "timeline", "actors", "forces", "demands")
NO_TIME = {"start": None, "end": None, "precision": None, "text": None}
DAY_30 = {
    "start": "2021-12-30T00:00:00Z",
    "end": "2021-12-31T00:00:00Z",
    "precision": "day",
    "text": "2021-12-30",
}


def flat(name: str, when: dict[str, Any]) -> dict[str, Any]:
    return {f"{name}_{part}": value for part, value in when.items()}


def day(iso: str, following: str, words: str) -> dict[str, Any]:
    return {
        "start": f"{iso}T00:00:00Z",
        "end": f"{following}T00:00:00Z",
        "precision": "day",
        "text": words,
    }


def meeting(
    id_: str,
    title: str,
    kind: str,
    status: str,
    scheduled: dict[str, Any],
    held: dict[str, Any],
    participants: str,
    **rest: Any,
) -> dict[str, Any]:
    row = {
        "id": id_,
        "title": title,
        "kind": kind,
        "status": status,
        "overdue": status == "scheduled",
        "upcoming": False,
        **flat("scheduled", scheduled),
        **flat("held", held),
        "participants": participants,
        "requested_by": None,
        "location": None,
        "observers": None,
        "agenda": None,
        "readouts_expected": None,
        "readouts_by": None,
        "sources": SOURCE,
    }
    return {**row, **rest}


MEETINGS = [
    meeting(
        "meeting/biden-putin-video-call-2021-12-07",
        "Biden-Putin secure video call",
        "video_call",
        "held",
        NO_TIME,
        day("2021-12-07", "2021-12-08", "December 7, 2021"),
        "actor/joe-biden; actor/vladimir-putin",
        location="the Situation Room at the White House in Washington, U.S.",
        observers="actor/antony-blinken; actor/other-officials",
    ),
    meeting(
        "meeting/biden-putin-call-2021-12-30",
        "Biden-Putin call",
        "call",
        "scheduled",
        {
            "start": "2021-12-30T20:30:00Z",
            "end": "2021-12-30T20:31:00Z",
            "precision": "minute",
            "text": "on Thursday … at 3:30 p.m. ET (2030 GMT)",
        },
        NO_TIME,
        "actor/joe-biden; actor/vladimir-putin",
        requested_by="actor/vladimir-putin",
        agenda="rising tensions over Ukraine; upcoming security talks next month; "
        "the tense situation in Europe; ongoing talks with Iran over its nuclear program",
        readouts_expected="actor/white-house; actor/kremlin",
    ),
    meeting(
        "meeting/us-russia-security-talks-2022-01-10",
        "U.S.-Russia security meeting",
        "meeting",
        "scheduled",
        day("2022-01-10", "2022-01-11", "Jan. 10"),
        NO_TIME,
        "actor/united-states; actor/russia",
    ),
    meeting(
        "meeting/russia-nato-session-2022-01-12",
        "Russia-NATO session",
        "session",
        "scheduled",
        day("2022-01-12", "2022-01-13", "on Jan. 12"),
        NO_TIME,
        "actor/russia; actor/nato",
    ),
    meeting(
        "meeting/european-security-conference-2022-01-13",
        "broader conference including Moscow, Washington and other European countries",
        "conference",
        "scheduled",
        day("2022-01-13", "2022-01-14", "slated for Jan. 13"),
        NO_TIME,
        "actor/russia; actor/united-states; actor/other-european-countries",
    ),
]
PULLBACK_CLAIM = {
    "id": "claim/russia-pulling-back-10000-troops",
    "statement": "Russia would be pulling back about 10,000 troops from its border with Ukraine.",
    "modality": "assertion",
    "claimant": None,
    "about": "actor/russia",
    "attribution": "unattributed",
    "status": "disputed",
    "open": True,
    "disputes": 1,
    "disputed_by": "actor/other-us-officials",
    "corroborations": 0,
    "corroborated_by": None,
    "closed_by": None,
    "first_reported": "2021-12-30T00:00:00Z",
    "sources": SOURCE,
}
FORCES = sorted(
    [
        {
            "id": str(uuid.uuid5(FACT_NAMESPACE, f"{NAME}:russian-build-up-near-ukraine-border")),
            "stream": "force/russia-ukraine-border",
            "direction": "build_up",
            "actor": "actor/russia",
            "location": "near Russia’s border with Ukraine",
            "size_text": "tens of thousands of troops",
            "low": 20000,
            "high": 99999,
            "unit": "troops",
            **flat("period", day("2021-10-30", "2021-12-31", "in the past two months")),
            **flat("reported", DAY_30),
            "source": SOURCE,
            "attribution": "reporter",
            "claim": None,
        },
        {
            "id": str(uuid.uuid5(FACT_NAMESPACE, f"{NAME}:reported-pullback-about-10000-troops")),
            "stream": "force/russia-ukraine-border",
            "direction": "withdrawal",
            "actor": "actor/russia",
            "location": "Russia’s border with Ukraine",
            "size_text": "about 10,000 troops",
            "low": 9000,
            "high": 11000,
            "unit": "troops",
            **flat("period", NO_TIME),
            **flat("reported", DAY_30),
            "source": SOURCE,
            "attribution": "unattributed",
            "claim": "claim/russia-pulling-back-10000-troops",
        },
    ],
    key=lambda r: r["id"],
)
SOURCE_ROW = {
    "id": SOURCE,
    "publisher": "Reuters",
    "title": "Biden, Putin to hold second call this month as Ukraine tensions simmer",
    "byline": "Jarrett Renshaw",
    "dateline": "WILMINGTON, Del./MOSCOW",
    **flat("published", DAY_30),
    "url": None,
    "sha256": "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6",
    "language": "en",
    "rating": "B2",
    "reliability": "B",
    "credibility": 2,
    "rated_by": "Crisis Timeline seed fixture",
    "retrieved": None,
}
RATIONALE = ("B (usually reliable): Reuters is an international wire service", "so not 1.")


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    loading.load(EventStore(engine), [FIXTURE], recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine


def select_all(engine: Engine, view: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(f"SELECT * FROM {view}")).mappings()]


def datasette_rows(path: str, view: str) -> list[dict[str, Any]]:
    """The view as Datasette's JSON API serves it (its own Python API, no server)."""
    from datasette.app import Datasette

    async def fetch() -> list[dict[str, Any]]:
        response = await Datasette([path]).client.get(
            f"/{Path(path).stem}/{view}.json?_shape=array&_size=max"
        )
        assert response.status_code == 200, response.text
        return list(response.json())

    return asyncio.run(fetch())


def check_seed_rows(read: Any) -> None:
    """The hand-written rows, read by `read(view)`."""
    assert read("meetings_now") == MEETINGS
    claims = read("claims_now")
    assert (len(claims), [c for c in claims if c["id"] == PULLBACK_CLAIM["id"]]) == (
        10,
        [PULLBACK_CLAIM],
    )
    assert read("forces_now") == FORCES
    (source,) = read("sources")
    assert {k: v for k, v in source.items() if k != "rationale"} == SOURCE_ROW
    assert source["rationale"].startswith(RATIONALE[0]) and source["rationale"].endswith(
        RATIONALE[1]
    )
    assert (len(read("timeline_now")), len(read("actors_now")), len(read("demands_now"))) == (
        28,
        20,
        2,
    )


def test_the_views_hold_the_seed_rows(seeded: Engine) -> None:
    check_seed_rows(lambda view: select_all(seeded, view))


def test_datasette_serves_the_seed_rows(seeded: Engine, backend: str) -> None:
    if backend != "sqlite":
        return  # Datasette reads SQLite files; PostgreSQL is checked through SQL above
    check_seed_rows(lambda view: datasette_rows(str(seeded.url.database), view))


def test_each_view_has_the_commands_rows_in_the_commands_order(seeded: Engine) -> None:
    for name in VIEWS:
        assert [r["id"] for r in select_all(seeded, f"{name}_now")] == [
            r["id"] for r in queries.view(seeded, name)
        ], name


def test_the_views_refuse_writes(seeded: Engine) -> None:
    for statement in (
        "DELETE FROM meetings_now",
        "UPDATE claims_now SET status = 'x'",
        "DELETE FROM sources",
    ):
        with pytest.raises(DBAPIError), seeded.begin() as conn:
            conn.execute(text(statement))
    assert len(select_all(seeded, "meetings_now")) == 5


def test_overdue_and_upcoming_are_judged_at_the_present(engine: Engine) -> None:
    store = EventStore(engine)
    plans = {
        "meeting/past": "2021-12-30",
        "meeting/future": "2999-01-01",
        "meeting/open-ended": "after 2021-12-30",
    }
    for stream, when in plans.items():
        payload = MeetingScheduled(
            title=stream, kind=MeetingKind.CALL, scheduled=parse_partial(when)
        )
        store.append(stream, [reported(stream, payload)], 0, recorded_by="test")
    ProjectionRunner(engine).catch_up()
    found = {r["id"]: (r["overdue"], r["upcoming"]) for r in select_all(engine, "meetings_now")}
    assert found == {
        "meeting/past": (True, False),
        "meeting/future": (False, True),
        "meeting/open-ended": (False, True),
    }


def test_the_reader_and_writer_roles_may_read_the_views(databases: Any) -> None:
    cluster, url = databases.cluster(), databases.url("postgresql")
    dbname, suffix = url.rsplit("/", 1)[1], uuid.uuid4().hex[:10]
    roles = (f"ct_view_reader_{suffix}", f"ct_view_writer_{suffix}")
    for role in roles:
        cluster.execute(f'CREATE ROLE "{role}" LOGIN', dbname=dbname)
    try:
        admin = open_engine(url)
        grant_roles(admin, reader=roles[0], writer=roles[1])
        admin.dispose()
        for role in roles:
            engine = open_engine(cluster.url(dbname, user=role))
            assert [len(select_all(engine, f"{view}_now")) for view in VIEWS] == [0] * len(VIEWS), (
                role
            )
            with pytest.raises(DBAPIError), engine.begin() as conn:
                conn.execute(text("DELETE FROM meetings_now"))
            engine.dispose()
    finally:
        for role in roles:
            cluster.execute(f'DROP OWNED BY "{role}"', dbname=dbname)
            cluster.execute(f'DROP ROLE "{role}"', dbname=dbname)
        databases.drop(url)
