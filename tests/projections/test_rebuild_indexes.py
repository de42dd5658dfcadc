"""A full rebuild on SQLite drops the view table's indexes, fills the table, then builds them
again, all in one transaction: afterwards the indexes are exactly the migrated ones, and a
rebuild that fails half-way leaves the rows and the indexes as they were."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select
from support import reported

from crisis_timeline.events.claims import ClaimDisputed, ClaimMade, Modality
from crisis_timeline.projections import rebuilding
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import projection_versions as V


def loaded(engine: Engine) -> ProjectionRunner:
    store = EventStore(engine)
    for i in range(5):
        stream = f"claim/c{i}"
        events = [
            reported(
                stream,
                ClaimMade(statement=f"claim {i}", modality=Modality.ASSERTION),
                f"2021-12-{10 + i}",
            ),
            reported(stream, ClaimDisputed(statement="no"), f"2021-12-{20 + i}"),
        ]
        store.append(stream, events, 0, recorded_by="test")
    runner = ProjectionRunner(engine)
    runner.catch_up()
    return runner


def indexes(engine: Engine) -> list[dict[str, Any]]:
    """Name, columns, uniqueness and the partial indexes' condition (as text) of each index."""
    found = [
        {**ix, "dialect_options": {k: str(v) for k, v in ix.get("dialect_options", {}).items()}}
        for ix in inspect(engine).get_indexes(V.name)
    ]
    return sorted(found, key=lambda ix: str(ix["name"]))


def rows(engine: Engine) -> list[tuple[Any, ...]]:
    columns = [c for c in V.c if c.name not in ("id", "recorded_from", "recorded_until")]
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(*columns)))


def test_a_full_rebuild_leaves_the_migrated_indexes_and_the_same_rows(engine: Engine) -> None:
    runner = loaded(engine)
    before_indexes, before_rows = indexes(engine), rows(engine)
    assert {ix["name"] for ix in before_indexes} == {ix.name for ix in V.indexes}
    assert sum("recorded_until IS NULL" in str(ix["dialect_options"]) for ix in before_indexes) == 2

    assert runner.rebuild() == 10

    assert indexes(engine) == before_indexes
    assert rows(engine) == before_rows


def test_a_rebuild_that_fails_half_way_changes_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = loaded(engine)
    before_indexes, before_rows = indexes(engine), rows(engine)
    folds = 0
    real = rebuilding.bitemporal_versions

    def failing(*args: Any) -> Any:
        nonlocal folds
        folds += 1
        if folds == 3:
            raise RuntimeError("a fold fails")
        return real(*args)

    monkeypatch.setattr(rebuilding, "bitemporal_versions", failing)
    with pytest.raises(RuntimeError, match="a fold fails"):
        runner.rebuild()

    assert indexes(engine) == before_indexes
    assert rows(engine) == before_rows


def secure_delete(conn: Any) -> int:
    return int(conn.connection.driver_connection.execute("PRAGMA secure_delete").fetchone()[0])


def test_a_rebuild_frees_the_view_tables_pages_without_zeroing_them_sqlite(
    databases: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The system's SQLite overwrites freed pages (secure_delete on); the view rows are
    # disposable, so a rebuild turns that off for itself and puts it back afterwards.
    from crisis_timeline.store.engine import open_engine

    engine = open_engine(databases.url("sqlite"))
    try:
        runner = loaded(engine)
        with engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA secure_delete = ON")
        seen: list[int] = []
        real = rebuilding.fold_all

        def spy(conn: Any, *args: Any) -> None:
            seen.append(secure_delete(conn))
            real(conn, *args)

        monkeypatch.setattr(rebuilding, "fold_all", spy)
        assert runner.rebuild() == 10
        assert seen == [0]
        with engine.connect() as conn:
            assert secure_delete(conn) == 1
    finally:
        engine.dispose()
