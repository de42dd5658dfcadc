"""kill -9 of a load (while it parses and appends, and once its events are committed, during
catch-up), of a rebuild and of a migration: afterwards the store is as before or fully loaded,
the chain verifies, a re-load succeeds and the views equal a rebuild.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from figures import FIGURES
from sqlalchemy import Engine, text
from workload import assert_log_well_formed, base_fixture, big_fixture, count, crisis

from crisis_timeline import queries
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.migrate import MIGRATION_LOCK
from crisis_timeline.store.transactions import APPEND_LOCK, PROJECTION_LOCK
from crisis_timeline.views import At

pytestmark = pytest.mark.slow

BIG_FACTS = 600
PARSING_S = 0.3
LATER = At(datetime(2030, 1, 1, tzinfo=UTC))


def killed(proc: subprocess.Popen[str], when: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Kill the process with SIGKILL as soon as `when()` holds; False if it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if when():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.01)
    proc.communicate()
    return False


def after(seconds: float) -> Callable[[], bool]:
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def writing(engine: Engine, lock: int) -> Callable[[], bool]:
    """True while another process is inside a write transaction holding `lock` (on SQLite,
    any write transaction: the database has one write lock)."""

    def holds() -> bool:
        if engine.dialect.name == "postgresql":
            query = text(
                "SELECT count(*) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :k AND granted"
            )
            with engine.connect() as conn:
                return bool(conn.execute(query, {"k": lock}).scalar_one())
        probe = sqlite3.connect(str(engine.url.database), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # "database is locked": a writer is in its transaction
            return True
        finally:
            probe.close()

    return holds


def views(engine: Engine) -> str:
    """Every view at a time after everything, as canonical text."""
    return json.dumps(queries.replay(engine, LATER), sort_keys=True, default=str)


def assert_sound(engine: Engine, allowed_counts: set[int]) -> None:
    """All or nothing, a verified chain, and views (once caught up) equal to a rebuild."""
    assert count(engine) in allowed_counts
    assert_log_well_formed(engine)
    assert EventStore(engine).verify().ok
    runner = ProjectionRunner(engine)
    runner.catch_up()
    caught_up = views(engine)
    runner.rebuild()
    assert views(engine) == caught_up


@pytest.fixture
def loaded_base(db_url: str, tmp_path: Path) -> Any:
    engine = open_engine(db_url)
    assert crisis(db_url, "load", str(base_fixture(tmp_path))).wait(timeout=120) == 0
    yield db_url, engine, count(engine)
    engine.dispose()


def test_a_load_killed_at_any_point_is_all_or_nothing(loaded_base: Any, tmp_path: Path) -> None:
    url, engine, before = loaded_base
    big = big_fixture(tmp_path, "fault-big", BIG_FACTS)
    full = before + BIG_FACTS + 3  # the source and its two actors
    appending = writing(engine, APPEND_LOCK)
    moments = [("while parsing", after(PARSING_S))] + [
        ("while appending", lambda: appending() and count(engine) == before)
    ] * 2
    moments += [("once committed", lambda: count(engine) > before)]
    for name, moment in moments:
        if count(engine) > before:
            break  # a kill came too late: the rest would find the file loaded
        if not killed(crisis(url, "load", str(big)), moment):
            FIGURES["crash: load ended before the kill"] += 1
        else:
            got = "nothing stored" if count(engine) == before else "all stored"
            lag = ProjectionRunner(engine).lag()
            FIGURES[f"crash: load killed {name}: {got}{', views behind' if lag else ''}"] += 1
        assert_sound(engine, {before, full})
    reload = crisis(url, "load", str(big))
    assert reload.wait(timeout=180) == 0, reload.communicate()
    assert_sound(engine, {full})


def test_a_rebuild_killed_halfway_changes_nothing(loaded_base: Any, tmp_path: Path) -> None:
    url, engine, _ = loaded_base
    assert (
        crisis(url, "load", str(big_fixture(tmp_path, "fault-big", BIG_FACTS))).wait(timeout=180)
        == 0
    )
    standing = views(engine)
    for _ in range(2):
        stopped = killed(crisis(url, "rebuild"), writing(engine, PROJECTION_LOCK))
        FIGURES[
            "crash: rebuild killed while writing" if stopped else "crash: rebuild ended first"
        ] += 1
        assert views(engine) == standing
    assert_sound(engine, {count(engine)})


def test_a_migration_killed_halfway_leaves_a_database_init_can_finish(
    databases: Any, backend: str
) -> None:
    url = databases.empty_url(backend)
    engine = open_engine(url, must_exist=False)
    try:
        for _ in range(2):
            stopped = killed(crisis(url, "init"), writing(engine, MIGRATION_LOCK))
            FIGURES[
                "crash: migration killed while migrating"
                if stopped
                else "crash: migration ended first"
            ] += 1
        assert crisis(url, "init").wait(timeout=120) == 0
        assert migrate.current(engine) == migrate.head()
        assert count(engine) == 0
    finally:
        engine.dispose()
