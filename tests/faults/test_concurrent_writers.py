"""Writers at the same time: loads of different sources that share streams all succeed, every
file's events are stored once, positions and stream versions run without gaps, the chain
verifies and the views equal a rebuild. Also concurrent `crisis init` of one database.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from figures import FIGURES
from sqlalchemy import Engine
from workload import (
    SHARED_CLAIM,
    assert_log_well_formed,
    base_fixture,
    crisis,
    expected_ids,
    stored,
    writer_fixture,
)

from crisis_timeline import loading
from crisis_timeline.cli.main import cli
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import AppendResult, Batch, EventStore

WRITERS, ROUNDS = 4, 3


def finished(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    """Each process's exit status and stderr, once all have ended."""
    return [(p.wait(timeout=180), p.communicate()[1]) for p in procs]


@pytest.fixture
def engine_of(db_url: str) -> Any:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


class Interleaved(EventStore):
    """A store on which another load commits just before this one appends (at its last read of
    the shared streams' versions, or at the append itself): the race of two processes, made
    deterministic."""

    def __init__(self, engine: Engine, other: Path) -> None:
        super().__init__(engine)
        self.other: Path | None = other

    def stream_versions(self, streams: Iterable[str]) -> dict[str, int]:
        wanted = set(streams)
        found = super().stream_versions(wanted)
        if SHARED_CLAIM in wanted:
            self._other_load()
        return found

    def append_batches(self, batches: Sequence[Batch], *, recorded_by: str) -> AppendResult:
        self._other_load()
        return super().append_batches(batches, recorded_by=recorded_by)

    def _other_load(self) -> None:
        if self.other is not None:
            other, self.other = self.other, None
            loading.load(EventStore(self.engine), [other], recorded_by="t")


def test_a_stream_moved_on_since_this_load_read_it_takes_its_events_after(
    db_url: str,
    engine_of: Engine,
    tmp_path: Path,
) -> None:
    loading.load(EventStore(engine_of), [base_fixture(tmp_path)], recorded_by="t")
    store = Interleaved(engine_of, writer_fixture(tmp_path, 2, 0))

    report = loading.load(store, [writer_fixture(tmp_path, 1, 0)], recorded_by="t")

    assert report.appended == 8  # source, two actors, two shared facts, three claims
    assert [r["version"] for r in stored(engine_of) if r["stream"] == SHARED_CLAIM] == [1, 2, 3]
    assert_log_well_formed(engine_of)


@pytest.mark.slow
def test_writers_in_rounds_sharing_streams_all_succeed(
    db_url: str, engine_of: Engine, tmp_path: Path
) -> None:
    files = [base_fixture(tmp_path)]
    assert finished([crisis(db_url, "load", str(files[0]))]) == [(0, "")]
    for round_ in range(ROUNDS):
        batch = [writer_fixture(tmp_path, w, round_) for w in range(WRITERS)]
        outcomes = finished([crisis(db_url, "load", str(f)) for f in batch])
        assert outcomes == [(0, "")] * WRITERS
        files += batch

    ids = [r["id"] for r in stored(engine_of)]
    assert sorted(ids) == sorted(set().union(*(expected_ids(f) for f in files)))
    assert_log_well_formed(engine_of)
    assert_views_equal_a_rebuild(db_url)
    FIGURES[
        f"concurrent: loads of {WRITERS} writers x {ROUNDS} rounds sharing streams, all succeeded"
    ] += WRITERS * ROUNDS


def assert_views_equal_a_rebuild(url: str) -> None:
    """What catch-up built is what a rebuild from scratch builds; and the chain verifies."""

    def replay() -> str:
        p = crisis(url, "replay", "--as-of", "2030-01-01", "--json")
        out, err = p.communicate(timeout=180)
        assert (p.returncode, err) == (0, "")
        return out

    caught_up = replay()
    assert finished([crisis(url, "verify"), crisis(url, "rebuild")]) == [(0, ""), (0, "")]
    assert replay() == caught_up


@pytest.mark.slow
def test_concurrent_init_of_one_database_all_succeed(databases: Any, backend: str) -> None:
    url = databases.empty_url(backend)
    outcomes = finished([crisis(url, "init") for _ in range(4)])
    assert [status for status, _ in outcomes] == [0] * 4, outcomes
    assert finished([crisis(url, "db", "current")])[0][0] == 0


def test_a_writer_gives_up_on_a_lock_held_too_long_sqlite(databases: Any, tmp_path: Path) -> None:
    """(PostgreSQL: test_roles_cli, as the writer role.)"""
    url = databases.url("sqlite")
    holder = sqlite3.connect(url, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, stuck in its transaction
    try:
        result = CliRunner().invoke(
            cli,
            ["--db", url, "--analyst", "t", "load", str(base_fixture(tmp_path))],
            env={"CRISIS_LOCK_TIMEOUT": "0.5"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: another writer has held the write lock for more than 0.5 s; nothing was written "
        "(try again, or wait longer with CRISIS_LOCK_TIMEOUT=SECONDS)\n"
    )
    assert stored(open_engine(url)) == []
