"""One write transaction for a large import (store.appending) on PostgreSQL: the planner's
statistics are renewed inside it, or they would describe the table as it was before the
transaction (empty, for a first import) and every chunk's stream lookups would scan the whole
growing table (an ACLED import of 100k rows ran at 297 rows/s that way, 3,853 since)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from support import reported

from crisis_timeline.events.claims import ClaimMade, Modality
from crisis_timeline.store import appending as appending_module
from crisis_timeline.store.appending import appending
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import Batch, EventStore


def claim(i: int) -> Batch:
    payload = ClaimMade(statement=f"claim {i}", modality=Modality.ASSERTION, claimant=None)
    return Batch(f"claim/c{i}", [reported(f"claim/c{i}", payload)], 0)


def test_a_long_import_renews_the_statistics_it_plans_by(
    databases: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appending_module, "FIRST_ANALYZE", 10, raising=False)
    engine = open_engine(databases.url("postgresql"))
    try:
        store = EventStore(engine)
        with appending(store, recorded_by="test") as into:
            for i in range(0, 40, 5):
                into.append_batches([claim(j) for j in range(i, i + 5)])
            conn = into._conn  # the import's own transaction: what its next lookups plan by
            rows = conn.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = 'events'")
            ).scalar_one()
        assert rows >= 10  # seen by ANALYZE within the transaction (-1 or 0 before it)
        assert store.head_position() == 40
    finally:
        engine.dispose()
