"""PostgreSQL roles: a reader that can only SELECT, a writer that can only SELECT and INSERT events.

DESIGN §3: "on PostgreSQL also grants: a reader role can only SELECT, a writer role only
INSERT/SELECT". The refusals checked here are the grants' ("permission denied"), not the
append-only triggers' ("events are append-only"): each layer has to hold on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import pytest
from click.testing import CliRunner
from psycopg import sql
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from crisis_timeline.cli.main import cli
from crisis_timeline.errors import ConfigError
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.roles import grant_roles
from crisis_timeline.store.schema import events as T
from support import make_store, note

DENIED = "permission denied for table events"
CHANGES = (
    "UPDATE events SET recorded_by = 'mallory'",
    "DELETE FROM events",
    "TRUNCATE events",
)
GUARD_REMOVAL = {
    "DROP TRIGGER events_no_update_delete ON events": "must be owner of relation events",
    "ALTER TABLE events DISABLE TRIGGER ALL": "must be owner of table events",
}


class Pg:
    """One fresh migrated PostgreSQL database, and two new LOGIN roles on its cluster."""

    def __init__(self, databases: Any) -> None:
        self.cluster = databases.cluster()
        self.admin_url = databases.url("postgresql")
        self.dbname = str(make_url(self.admin_url).database)
        suffix = uuid4().hex[:10]
        # Mixed case and a hyphen: the role names only work if they are quoted.
        self.reader, self.writer = f"ct-Reader-{suffix}", f"ct_writer_{suffix}"

    def run(self, statement: str, **names: str) -> None:
        """Run `statement` as the superuser, with {name} placeholders quoted as identifiers."""
        query = sql.SQL(statement).format(**{k: sql.Identifier(v) for k, v in names.items()})
        self.cluster.execute(query, dbname=self.dbname)

    def granted_lines(self) -> list[str]:
        """What grant_roles reports for these roles: every table of the migrated schema."""
        with self.engine() as admin:
            tables = sorted(inspect(admin).get_table_names())
        return [
            f"{self.reader}: SELECT on {', '.join(tables)}",
            f"{self.writer}: SELECT, INSERT on events; read-model tables writable",
        ]

    @contextmanager
    def engine(self, role: str | None = None) -> Iterator[Engine]:
        """An engine connected as `role` (as the superuser when None)."""
        url = self.admin_url if role is None else self.cluster.url(self.dbname, user=role)
        engine = open_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.fixture
def pg(databases: Any) -> Iterator[Pg]:
    pg = Pg(databases)
    for role in (pg.reader, pg.writer):
        pg.run("CREATE ROLE {role} LOGIN", role=role)
    with pg.engine() as admin:
        store = make_store(admin)
        for i in (1, 2):
            store.append("claim/a", [note("claim/a", f"fact {i}")], i - 1, recorded_by="admin")
    yield pg
    for role in (pg.reader, pg.writer):  # roles are cluster-wide: leave none behind
        pg.run("DROP OWNED BY {role}", role=role)
        pg.run("DROP ROLE {role}", role=role)


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
        assert {t: outcome(engine, f"SELECT count(*) FROM {t}") for t in tables} == dict.fromkeys(tables, "allowed")
        with pytest.raises(DBAPIError, match=DENIED):
            store.append("claim/a", [note("claim/a", "by the reader")], 2, recorded_by="reader")
        raw_insert = "INSERT INTO events SELECT * FROM events WHERE position = 1"
        assert {s: outcome(engine, s) for s in (raw_insert, *CHANGES)} == dict.fromkeys((raw_insert, *CHANGES), DENIED)
        assert event_count(engine) == 2


def check_writer(pg: Pg) -> None:
    with pg.engine(pg.writer) as engine:
        store = make_store(engine)
        [appended] = store.append("claim/a", [note("claim/a", "fact 3")], 2, recorded_by="writer").appended
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


def test_roles_have_no_access_before_the_grant_postgresql(pg: Pg) -> None:
    with pg.engine(pg.reader) as engine:
        assert outcome(engine, "SELECT count(*) FROM events") == DENIED


def test_grant_through_the_cli_postgresql(pg: Pg) -> None:
    result = CliRunner().invoke(cli, ["--db", pg.admin_url, "db", "grant", "--reader", pg.reader, "--writer", pg.writer])
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
    assert result.stderr == "Error: roles are a PostgreSQL feature; SQLite relies on file permissions\n"
