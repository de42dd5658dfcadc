"""PostgreSQL roles: a reader that can only SELECT, a writer that can only SELECT and INSERT events.

DESIGN §3: "on PostgreSQL also grants: a reader role can only SELECT, a writer role only
INSERT/SELECT". The refusals checked here are the grants' ("permission denied"), not the
append-only triggers' ("events are append-only"): each layer has to hold on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pgroles import Pg, pg  # noqa: F401  (pg is a fixture)
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from support import make_store, note

from crisis_timeline.cli.main import cli
from crisis_timeline.errors import ConfigError
from crisis_timeline.importers.acled import import_acled
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.roles import grant_roles
from crisis_timeline.store.schema import events as T

DENIED = "permission denied for table events"
ACLED = Path(__file__).parents[1] / "importers" / "data" / "acled-2022-02-28.csv"
CHANGES = (
    "UPDATE events SET recorded_by = 'mallory'",
    "DELETE FROM events",
    "TRUNCATE events",
)
GUARD_REMOVAL = {
    "DROP TRIGGER events_no_update_delete ON events": "must be owner of relation events",
    "ALTER TABLE events DISABLE TRIGGER ALL": "must be owner of table events",
}


def outcome(engine: Engine, statement: str) -> str:
    """'allowed', or the first line of the database's refusal."""
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    except DBAPIError as e:
        return str(e.orig).splitlines()[0]
    return "allowed"


def event_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(T)).scalar_one())


def check_reader(pg: Pg) -> None:
    with pg.engine(pg.reader) as engine:
        store = make_store(engine)
        assert [e.data["text"] for e in store.read()] == ["fact 1", "fact 2"]
        assert store.verify().ok
        tables = inspect(engine).get_table_names()
        assert {t: outcome(engine, f"SELECT count(*) FROM {t}") for t in tables} == dict.fromkeys(
            tables, "allowed"
        )
        # The writers' lock comes first: a reader cannot take it, so it cannot stall them.
        with pytest.raises(
            DBAPIError, match="permission denied for function pg_advisory_xact_lock"
        ):
            store.append("claim/a", [note("claim/a", "by the reader")], 2, recorded_by="reader")
        assert (
            outcome(engine, "SELECT pg_advisory_lock(1668442483)")
            == "permission denied for function pg_advisory_lock"
        )
        assert (
            outcome(engine, "SELECT pg_try_advisory_lock(1, 2)")
            == "permission denied for function pg_try_advisory_lock"
        )
        raw_insert = "INSERT INTO events SELECT * FROM events WHERE position = 1"
        assert {s: outcome(engine, s) for s in (raw_insert, *CHANGES)} == dict.fromkeys(
            (raw_insert, *CHANGES), DENIED
        )
        assert event_count(engine) == 2


def check_writer(pg: Pg) -> None:
    with pg.engine(pg.writer) as engine:
        store = make_store(engine)
        [appended] = store.append(
            "claim/a", [note("claim/a", "fact 3")], 2, recorded_by="writer"
        ).appended
        assert (appended.position, appended.version) == (3, 3)
        assert [e.data["text"] for e in store.read()] == ["fact 1", "fact 2", "fact 3"]
        expected = {**dict.fromkeys(CHANGES, DENIED), **GUARD_REMOVAL}
        assert {s: outcome(engine, s) for s in expected} == expected
        assert event_count(engine) == 3
        assert store.verify().ok


def test_granted_reader_only_selects_and_writer_only_appends_postgresql(pg: Pg) -> None:
    with pg.engine() as admin:
        granted = grant_roles(admin, reader=pg.reader, writer=pg.writer)
    assert granted == pg.granted_lines()
    check_reader(pg)
    check_writer(pg)


def test_a_granted_writer_imports_where_public_may_not_make_temporary_tables_postgresql(
    pg: Pg,
) -> None:
    """An import keeps its file's ids in a temporary table (store.first_lines): the grant gives
    the writer that right itself, not through PUBLIC, from which an administrator may take it."""
    pg.run("REVOKE TEMPORARY ON DATABASE {db} FROM PUBLIC", db=pg.dbname)
    with pg.engine() as admin:
        grant_roles(admin, reader=pg.reader, writer=pg.writer)
    with pg.engine(pg.writer) as engine:
        done = import_acled(EventStore(engine), ACLED, recorded_by="writer")
        assert (done.rows, done.new) == (4, 4)
    with pg.engine(pg.reader) as engine:
        refused = outcome(engine, "CREATE TEMPORARY TABLE t (x int)")
    assert refused.startswith("permission denied to create temporary tables in database")


def test_roles_have_no_access_before_the_grant_postgresql(pg: Pg) -> None:
    with pg.engine(pg.reader) as engine:
        assert outcome(engine, "SELECT count(*) FROM events") == DENIED


def test_grant_through_the_cli_postgresql(pg: Pg) -> None:
    result = CliRunner().invoke(
        cli, ["--db", pg.admin_url, "db", "grant", "--reader", pg.reader, "--writer", pg.writer]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == pg.granted_lines()
    check_reader(pg)
    check_writer(pg)


def test_grant_roles_refuses_sqlite(databases: Any) -> None:
    url = databases.url("sqlite")
    engine = open_engine(url)
    try:
        with pytest.raises(ConfigError, match="roles are a PostgreSQL feature"):
            grant_roles(engine, reader="analysts", writer="loader")
    finally:
        engine.dispose()
    result = CliRunner().invoke(cli, ["--db", url, "db", "grant", "--reader", "analysts"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: roles are a PostgreSQL feature; SQLite relies on file permissions\n"
    )
