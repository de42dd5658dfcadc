"""Which index SQLite's planner takes for the reads whose speed depends on it. A stream's rows
(audit's view check) must come by the (projection, stream) index: walking the sort index reads
the whole view to find them (an audit took 64 ms at 100k events that way, 8 ms by the stream).
A stream's events of a type (a source's registration) come by the stream too: the type index
walks every event of the type in the log (30 ms an audit at 1M events, 4 ms by the stream).
A page of upcoming meetings walks the status index class by class, up to the start the page
reaches, found first on the sort index (upcoming.py).
The load's checks of which streams hold a defining event, and catch-up's of which hold a
correction, ask about hundreds of streams at once: they go by the stream too. By the type index
they walked every event of the types, so a load at 1M events ran at a third of its speed at 10k."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from support import ok, run

from crisis_timeline import queries
from crisis_timeline.store.engine import open_engine
from crisis_timeline.views import At, Filters

FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures/reuters-2021-12-30-biden-putin-second-call.yaml"
)
PULLBACK = "claim/russia-pulling-back-10000-troops"
NOON = At(as_of=datetime(2021, 12, 30, 12, tzinfo=UTC))


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if "FROM projection_versions" in sql or "FROM events" in sql:
            seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plans(engine: Engine, seen: list[tuple[str, Any]]) -> list[str]:
    """SQLite's query plan of each statement seen, as one text each."""
    out = []
    with engine.connect() as conn:
        for sql, params in seen:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            out.append("\n".join(str(r[-1]) for r in rows))
    return out


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Engine]:
    db = str(tmp_path / "plans.db")
    ok(run(["--db", db, "init"]))
    ok(run(["--db", db, "--analyst", "test", "load", str(FIXTURE)]))
    engine = open_engine(db)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("at", [At(), NOON], ids=["now", "as-of"])
def test_a_streams_rows_come_by_the_stream_index(seeded: Engine, at: At) -> None:
    with statements(seeded) as seen:
        rows = queries.view(seeded, "claims", at, Filters(stream=PULLBACK))
    assert [r["id"] for r in rows] == [PULLBACK]
    assert seen, "the view was read"
    for plan in plans(seeded, seen):
        assert "ix_projection_versions_stream" in plan, plan
        assert "_sort" not in plan, plan  # neither sort index


def test_a_page_of_upcoming_meetings_walks_the_status_index(seeded: Engine) -> None:
    with statements(seeded) as seen:
        rows = queries.view(seeded, "meetings", NOON, Filters(upcoming=True, limit=2))
    assert len(rows) == 2
    # The bound of what is to come, the walks, then the page's contents by id.
    bound, walks, *_ = plans(seeded, seen)
    assert "ix_projection_versions_now_sort (projection=? AND sort_at>?)" in bound, bound
    assert "TEMP B-TREE" not in bound, bound  # walked in start order, not sorted
    assert walks.count("ix_projection_versions_now_status") >= 2, walks
    assert "_sort" not in walks, walks


def test_a_streams_events_of_a_type_come_by_the_stream(seeded: Engine) -> None:
    from crisis_timeline.store.event_store import EventFilter, EventStore

    source = "source/" + FIXTURE.stem
    wanted = EventFilter(stream=source, types=("SourceRegistered",))
    with statements(seeded) as seen:
        found = list(EventStore(seeded).read(wanted, limit=1))
    assert [e.type for e in found] == ["SourceRegistered"]
    (plan,) = plans(seeded, seen)
    assert "ix_events_type_position" not in plan, plan
    assert "stream" in plan, plan


MANY = [f"claim/asked-{n}" for n in range(400)] + [PULLBACK]
"""As many streams as a load's checks ask about at once (a load of 50 sources)."""


def test_which_streams_hold_a_type_is_found_by_the_stream(seeded: Engine) -> None:
    from crisis_timeline.loadchecks import DEFINING
    from crisis_timeline.store.event_store import EventStore

    types = sorted(set().union(*DEFINING.values()))
    with statements(seeded) as seen:
        found = EventStore(seeded).streams_holding(MANY, types)
    assert found == {PULLBACK}
    (plan,) = plans(seeded, seen)
    assert "ix_events_type_position" not in plan, plan
    assert "(stream=?)" in plan, plan


def test_which_streams_hold_a_correction_is_found_by_the_stream(seeded: Engine) -> None:
    from crisis_timeline.projections.runner import _corrected

    with statements(seeded) as seen, seeded.connect() as conn:
        found = _corrected(conn, MANY, until=10**9)
    assert found == set()  # the article corrects nothing
    assert seen, "the log was read"
    for plan in plans(seeded, seen):
        assert "ix_events_type_position" not in plan, plan
        assert "(stream=?)" in plan, plan
