"""The INSERT guard as migration 0007 left it: it raises FAIL and the store inserts OR FAIL,
and still nothing of a refused batch stays (DESIGN §3: the log is append-only)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import DBAPIError
from support import execute, make_store, note

from crisis_timeline.store.bulk import insert_rows
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import events as T
from crisis_timeline.store.transactions import APPEND_LOCK, write_transaction


def stored_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(T).order_by(T.c.position)).mappings()]


def three_events(engine: Engine) -> list[dict[str, Any]]:
    store = make_store(engine)
    for i in range(3):
        store.append("claim/a", [note("claim/a", f"fact {i}")], None, recorded_by="ana")
    return stored_rows(engine)


def test_a_collision_inside_a_batch_leaves_nothing(engine: Engine) -> None:
    before = three_events(engine)
    fresh = {**before[2], "position": 4, "version": 4, "id": "00000000-0000-4000-8000-000000000004"}
    clash = {**before[0], "position": 5, "version": 5}  # the id of position 1 again
    with pytest.raises(DBAPIError):
        with write_transaction(engine, APPEND_LOCK) as conn:
            insert_rows(conn, T, [fresh, clash], or_fail=True)
    assert stored_rows(engine) == before


@pytest.mark.parametrize("verb", ["OR IGNORE", "OR FAIL", "OR ABORT", "OR ROLLBACK"])
def test_every_conflict_clause_is_refused_sqlite(databases: Any, verb: str) -> None:
    engine = open_engine(databases.url("sqlite"))
    try:
        before = three_events(engine)
        again = {**before[1], "recorded_by": "mallory"}
        with pytest.raises(DBAPIError, match="events are append-only: REPLACE refused"):
            execute(engine, insert(T).prefix_with(verb).values(**again))
        assert stored_rows(engine) == before
    finally:
        engine.dispose()
