"""Pages are cut in SQL by (sort_at, sort_rank, key); the view orders ties by id as Python orders
strings (by code point). On PostgreSQL the key column is collated "C" so that the two agree in a
database whose default collation is a language's (here ICU's en-US, which puts "_" before digits
and "a" before "B"). Expected orders written by hand: "1" < "B" < "_" < "a" by code point."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Protocol
from uuid import uuid4

import pytest
from psycopg import sql
from sqlalchemy import Engine, text
from support import reported

from crisis_timeline import queries
from crisis_timeline.events.claims import ClaimMade, Modality
from crisis_timeline.events.meetings import MeetingKind, MeetingScheduled
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.testing.pgcluster import ThrowawayCluster
from crisis_timeline.time import parse_partial
from crisis_timeline.views import At, Filters


class Databases(Protocol):  # the session fixture of tests/conftest.py
    def url(self, backend: str) -> str: ...
    def cluster(self) -> ThrowawayCluster: ...
    def drop(self, url: str) -> None: ...


NAMES = ("B", "a", "_x", "1")
IN_ORDER = ["1", "B", "_x", "a"]
AT = At(as_of=datetime(2022, 1, 5, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "postgresql-icu"])
def engine(request: pytest.FixtureRequest, databases: Databases) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = databases.url("sqlite")
    else:
        cluster = databases.cluster()
        name = f"icu_{uuid4().hex[:12]}"
        cluster.execute(
            sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu "
                "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
            ).format(sql.Identifier(name))
        )
        url = cluster.url(name)
    engine = open_engine(url, must_exist=False)
    if request.param != "sqlite":
        migrate.upgrade(engine)
        with engine.connect() as conn:  # the database's own order differs from Python's
            assert conn.execute(
                text("SELECT 'claim/_x' < 'claim/1' AND 'claim/a' < 'claim/B'")
            ).scalar_one()
    yield engine
    engine.dispose()
    databases.drop(url)


def test_pages_break_ties_by_id_as_the_view_does(engine: Engine) -> None:
    store = EventStore(engine)
    for name in NAMES:
        store.append(
            f"claim/{name}",
            [reported(f"claim/{name}", ClaimMade(statement=name, modality=Modality.ASSERTION))],
            0,
            recorded_by="test",
        )
        meeting = MeetingScheduled(
            title=name, kind=MeetingKind.CALL, scheduled=parse_partial("2022-01-10")
        )
        store.append(
            f"meeting/{name}", [reported(f"meeting/{name}", meeting)], 0, recorded_by="test"
        )
    ProjectionRunner(engine).catch_up()

    for page in range(1, len(NAMES) + 1):
        claims = queries.view(engine, "claims", AT, Filters(open_only=True, limit=page))
        meetings = queries.view(engine, "meetings", AT, Filters(upcoming=True, limit=page))
        assert [c["id"] for c in claims] == [f"claim/{n}" for n in IN_ORDER[:page]]
        assert [m["id"] for m in meetings] == [f"meeting/{n}" for n in IN_ORDER[:page]]
