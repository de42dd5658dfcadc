"""View rules beside the seed's golden answers: filters a view does not take, the horizon of an
open-ended plan, the sources view, views made by older folds, answers that stream. Expected
values written by hand; each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update
from support import reported

from crisis_timeline import canonical, loading, queries
from crisis_timeline.errors import UnsupportedFilterError
from crisis_timeline.events.meetings import MeetingKind, MeetingScheduled
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import projection_positions as P
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.time import parse_partial
from crisis_timeline.views import At, Filters

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
SOURCE = "source/reuters-2021-12-30-biden-putin-second-call"


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    loading.load(EventStore(engine), [FIXTURE], recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine


@pytest.mark.parametrize(
    ("view", "filters", "name"),
    [
        ("timeline", Filters(open_only=True), "open_only"),
        ("timeline", Filters(status="held"), "status"),
        ("claims", Filters(upcoming=True), "upcoming"),
        ("actors", Filters(world_from=datetime(2021, 1, 1, tzinfo=UTC)), "world_from"),
        ("demands", Filters(open_only=True), "open_only"),
        ("sources", Filters(actor="actor/russia"), "actor"),
    ],
)
def test_a_filter_the_view_does_not_take_is_refused(
    seeded: Engine, view: str, filters: Filters, name: str
) -> None:
    with pytest.raises(UnsupportedFilterError, match=f"the {view} view has no filter '{name}'"):
        queries.view(seeded, view, At(), filters)


def test_an_open_ended_plan_is_overdue_after_the_horizon(engine: Engine) -> None:
    # "after 8 October": upcoming for 30 days from its start (README), then overdue.
    plan = MeetingScheduled(
        title="talks", kind=MeetingKind.MEETING, scheduled=parse_partial("after 2021-10-08")
    )
    EventStore(engine).append(
        "meeting/talks", [reported("meeting/talks", plan, "2021-10-01")], 0, recorded_by="test"
    )
    ProjectionRunner(engine).catch_up()
    start = datetime(2021, 10, 9, tzinfo=UTC)  # "after 2021-10-08": from the end of the 8th on
    for at, upcoming, overdue in (
        (start + timedelta(days=29, hours=23), True, False),
        (start + timedelta(days=30), False, True),
        (datetime(2026, 1, 1, tzinfo=UTC), False, True),
    ):
        assert [
            m["id"] for m in queries.view(engine, "meetings", At(as_of=at), Filters(upcoming=True))
        ] == (["meeting/talks"] if upcoming else []), at
        assert [m["overdue"] for m in queries.view(engine, "meetings", At(as_of=at))] == [
            overdue
        ], at
        page = queries.view(engine, "meetings", At(as_of=at), Filters(upcoming=True, limit=5))
        assert [m["id"] for m in page] == (["meeting/talks"] if upcoming else []), at


def test_the_sources_view(seeded: Engine) -> None:
    # The fixture's source block: Reuters, its headline, 30 December 2021, no URL, rated B2.
    [row] = queries.view(seeded, "sources", At(as_of=datetime(2021, 12, 30, 23, tzinfo=UTC)))
    assert {k: v for k, v in row.items() if k != "rating"} == {
        "id": SOURCE,
        "publisher": "Reuters",
        "title": "Biden, Putin to hold second call this month as Ukraine tensions simmer",
        "byline": ["Jarrett Renshaw"],
        "dateline": "WILMINGTON, Del./MOSCOW",
        "published": {
            "start": "2021-12-30T00:00:00Z",
            "end": "2021-12-31T00:00:00Z",
            "precision": "day",
            "text": "2021-12-30",
        },
        "url": None,
        "language": "en",
        "sha256": "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6",
        "retrieved": None,
    }
    assert (
        row["rating"]["reliability"],
        row["rating"]["credibility"],
        row["rating"]["rated_by"],
    ) == ("B", 2, "Crisis Timeline seed fixture")
    assert queries.view(seeded, "sources", At(as_of=datetime(2021, 12, 29, tzinfo=UTC))) == []


def test_views_made_by_older_folds_are_rebuilt(seeded: Engine) -> None:
    """A database whose views an older version made: positions under the plain names (as
    before fold versions) and timeline rows without actors. The next catch-up rebuilds them."""
    answer = {name: queries.view(seeded, name) for name in VIEWS}
    with seeded.begin() as conn:
        head = conn.execute(select(P.c.position)).scalars().first()
        conn.execute(P.delete())
        conn.execute(insert(P), [{"name": name, "position": head} for name in VIEWS])
        for row_id, content in conn.execute(
            select(V.c.id, V.c.content).where(V.c.projection == "timeline")
        ).all():
            old = {
                k: v
                for k, v in canonical.loads(content).items()
                if k not in ("actors", "speaker", "attribution")
            }
            conn.execute(update(V).where(V.c.id == row_id).values(content=canonical.dumps(old)))
    assert ProjectionRunner(seeded).catch_up() == head
    assert {name: queries.view(seeded, name) for name in VIEWS} == answer
    with seeded.connect() as conn:
        assert len(conn.execute(select(P.c.name)).all()) == len(VIEWS)  # the old names are gone


def test_a_view_streams_its_rows(seeded: Engine, monkeypatch: Any) -> None:
    """The first row of a whole view is given before the rest is read (decoded)."""
    decoded = []
    loads = canonical.loads
    monkeypatch.setattr(canonical, "loads", lambda text: decoded.append(1) or loads(text))
    rows = queries.stream(seeded, "timeline", At())
    first = next(rows)
    assert first["summary"] == "Russia seized Ukraine’s Crimea peninsula in 2014."
    assert len(decoded) < 28  # the timeline holds 28 facts
    assert len([first, *rows]) == 28


def test_a_refused_filter_is_refused_before_anything_is_read(engine: Engine) -> None:
    with pytest.raises(UnsupportedFilterError):
        queries.stream(engine, "actors", At(), Filters(open_only=True))  # not even iterated


def test_the_search_index_keeps_its_position_under_its_own_name(seeded: Engine) -> None:
    """Fold versions tag the views' projections only: an upgraded search index is not refilled."""
    from crisis_timeline.projections import positions

    with seeded.begin() as conn:
        positions.set_positions(conn, ["search"], 7)
        assert positions.positions(conn, ["search"]) == {"search": 7}
        assert conn.execute(select(P.c.position).where(P.c.name == "search")).scalar_one() == 7
