"""store.bulk.insert_rows: many rows in one go (the driver's executemany on SQLite, COPY on
PostgreSQL), with the same answers and the same refusals as a plain INSERT."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from support import make_store, note

from crisis_timeline.errors import CrisisError
from crisis_timeline.store.bulk import insert_rows
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import projection_versions as V

KYIV = timezone(timedelta(hours=2))


def view_row(key: str, content: str, **times: Any) -> dict[str, Any]:
    return {
        "projection": "timeline",
        "stream": "claim/a",
        "key": key,
        "known_from": times.get("known_from", datetime(2021, 12, 30, 12, tzinfo=UTC)),
        "known_until": times.get("known_until"),
        "recorded_from": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        "recorded_until": None,
        "sort_at": times.get("sort_at"),
        "sort_rank": 0,
        "status": None,
        "content": content,
        "sort_until": None,
    }


def stored(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        query = select(V.c.key, V.c.content, V.c.known_from, V.c.known_until, V.c.sort_at)
        return [tuple(r) for r in conn.execute(query.order_by(V.c.key))]


def test_text_and_times_arrive_as_given(engine: Engine) -> None:
    """COPY's text format escapes tabs, newlines and backslashes; the rows must not show it."""
    awkward = 'tab\there\nnew line \\N back\\slash "quoted" \u00e9\u4e2d \U0001f600 \\.'
    rows = [
        view_row("a", awkward, sort_at=datetime(2022, 1, 10, 9, tzinfo=KYIV)),
        view_row(
            "b",
            "",
            known_from=datetime(2021, 12, 30, 14, tzinfo=KYIV),
            known_until=datetime(2022, 1, 1, tzinfo=UTC),
        ),
        view_row("c", "\\N"),
    ]
    with engine.begin() as conn:
        insert_rows(conn, V, rows)
    assert stored(engine) == [
        (
            "a",
            awkward,
            datetime(2021, 12, 30, 12, tzinfo=UTC),
            None,
            datetime(2022, 1, 10, 7, tzinfo=UTC),
        ),
        ("b", "", datetime(2021, 12, 30, 12, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC), None),
        ("c", "\\N", datetime(2021, 12, 30, 12, tzinfo=UTC), None, None),
    ]


def test_a_naive_time_is_refused_and_nothing_is_written(engine: Engine) -> None:
    rows = [view_row("a", "x"), view_row("b", "y", sort_at=datetime(2022, 1, 10))]
    # PostgreSQL through SQLAlchemy's INSERT wrapped it in a StatementError; COPY raises it as is.
    with (
        pytest.raises((ValueError, StatementError), match="naive datetime"),
        engine.begin() as conn,
    ):
        insert_rows(conn, V, rows)
    assert stored(engine) == []


def test_a_broken_unique_key_raises_integrity_error(engine: Engine) -> None:
    """As an INSERT's would: the store's backstop for writers that bypass the lock needs it."""
    first = {**view_row("a", "x"), "id": 7}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_rows(conn, V, [first, {**view_row("b", "y"), "id": 7}])
    assert stored(engine) == []
    with engine.begin() as conn:
        insert_rows(conn, V, [first])
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_rows(conn, V, [{**view_row("c", "z"), "id": 7}])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(V)).scalar_one() == 1


def test_an_append_that_collides_with_a_stale_head_writes_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer that took no lock stored position 1 after this append read the head: the
    positions' key refuses the rows, and the append says so and leaves the log as it was."""
    store = make_store(engine)
    store.append("claim/a", [note("claim/a", "one")], 0, recorded_by="ana")
    monkeypatch.setattr(EventStore, "_head", lambda self, conn: (0, "0" * 64, None))
    with pytest.raises(CrisisError, match="collided with a writer that bypassed"):
        store.append("claim/b", [note("claim/b", "two")], 0, recorded_by="ben")
    monkeypatch.undo()
    assert [e.stream for e in store.read()] == ["claim/a"]
    assert store.verify().ok
