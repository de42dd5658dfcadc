"""The whole CLI as each PostgreSQL role of `crisis db grant`: the writer loads, rebuilds,
verifies and reads; the reader reads every view, also while the views lag, and never writes.
And a load never fails after its events were committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pgroles import Pg, roles
from sqlalchemy import Engine, func, select, text

from crisis_timeline import loading
from crisis_timeline.cli.main import cli
from crisis_timeline.errors import CrisisError
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import events, projection_positions, projection_versions
from crisis_timeline.store.transactions import APPEND_LOCK

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
MINIMAL = ROOT / "tests" / "loader" / "data" / "minimal.yaml"
VIEW_COMMANDS = (
    ["meetings"],
    ["meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z"],
    ["claims", "--open"],
    ["timeline"],
    ["actors"],
    ["forces"],
    ["demands"],
    ["replay", "--as-of", "2021-12-30"],
    ["diff", "2021-12-29", "2021-12-31"],
    ["audit", "claim/russia-pulling-back-10000-troops"],
    ["events", "--limit", "3"],
    ["verify"],
)


def crisis(url: str, *args: str, **env: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--analyst", "tester", *args], env=env)


def snapshot(engine: Engine) -> tuple[Any, ...]:
    """Everything a command could have written: the log and the projections."""
    with engine.connect() as conn:
        counts = tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (events, projection_versions)
        )
        standing = sorted(conn.execute(select(projection_positions)).all())
    return (*counts, standing)


def test_every_command_as_writer_then_as_reader_postgresql(databases: Any) -> None:
    with roles(databases) as pg:
        assert (
            crisis(
                pg.admin_url, "db", "grant", "--reader", pg.reader, "--writer", pg.writer
            ).exit_code
            == 0
        )
        writer, reader = (pg.cluster.url(pg.dbname, user=r) for r in (pg.writer, pg.reader))

        loaded = crisis(writer, "load", str(SEED))
        assert (loaded.exit_code, loaded.stderr) == (0, ""), loaded.output
        assert crisis(writer, "rebuild").exit_code == 0
        for args in VIEW_COMMANDS:
            assert crisis(writer, *args).exit_code == 0, args
            result = crisis(reader, *args)
            assert (result.exit_code, result.stderr) == (0, ""), (args, result.output)
        assert_reader_never_writes(pg, reader)


def assert_reader_never_writes(pg: Pg, reader: str) -> None:
    with pg.engine() as admin:
        before = snapshot(admin)
        refused = {
            "load": crisis(reader, "load", str(MINIMAL)),
            "rebuild": crisis(reader, "rebuild"),
        }
        for name, result in refused.items():
            assert result.exit_code == 1, name
            assert len(result.stderr.splitlines()) == 1 and "permission denied" in result.stderr, (
                name,
                result.stderr,
            )
        assert snapshot(admin) == before


def test_reader_answers_from_lagging_views_and_says_how_far_behind_postgresql(
    databases: Any,
) -> None:
    with roles(databases) as pg:
        assert (
            crisis(
                pg.admin_url, "db", "grant", "--reader", pg.reader, "--writer", pg.writer
            ).exit_code
            == 0
        )
        writer, reader = (pg.cluster.url(pg.dbname, user=r) for r in (pg.writer, pg.reader))
        assert crisis(writer, "load", str(SEED)).exit_code == 0
        current = crisis(reader, "claims", "--json").stdout
        with pg.engine() as admin:  # loaded without catching up: the views do not know them yet
            store = EventStore(admin)
            head = store.head_position()
            late = loading.load(store, [MINIMAL], recorded_by="admin").appended
            before = snapshot(admin)

        result = crisis(reader, "claims", "--json")

        assert result.exit_code == 0
        assert result.stdout == current  # what the views hold: a plain array, no extra keys
        assert result.stderr == (
            f"note: views are {late} events behind the log (at position {head} of {head + late}); "
            "a writer's next load or rebuild catches them up\n"
        )
        with pg.engine() as admin:
            assert snapshot(admin) == before
        assert crisis(writer, "claims", "--json").stderr == ""  # a writer catches them up
        with pg.engine() as admin:
            assert snapshot(admin) != before


def test_writer_waits_for_the_lock_a_bounded_time_postgresql(databases: Any) -> None:
    with roles(databases) as pg:
        assert crisis(pg.admin_url, "db", "grant", "--writer", pg.writer).exit_code == 0
        writer = pg.cluster.url(pg.dbname, user=pg.writer)
        with pg.engine() as admin, admin.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": APPEND_LOCK})
            result = crisis(writer, "load", str(SEED), CRISIS_LOCK_TIMEOUT="1")
            holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": APPEND_LOCK})
            assert snapshot(admin)[0] == 0
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: another writer has held the write lock for more than 1 s; nothing was written "
            "(try again, or wait longer with CRISIS_LOCK_TIMEOUT=SECONDS)\n"
        )


def test_a_load_whose_catch_up_fails_reports_its_committed_events(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What was appended stays appended: the load says so (exit 0) and warns that the views lag."""

    def refused(self: Any, progress: Any = None) -> int:
        raise CrisisError("permission denied for sequence projection_versions_id_seq")

    monkeypatch.setattr(ProjectionRunner, "catch_up", refused)
    result = crisis(db_url, "load", str(SEED))

    assert (result.exit_code, result.stdout) == (0, "49 new, 0 already present (1 file)\n")
    assert result.stderr == (
        "warning: the events are stored, but the views were not updated: "
        "permission denied for sequence projection_versions_id_seq\n"
    )
