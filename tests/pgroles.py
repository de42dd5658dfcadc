"""A fresh PostgreSQL database with a reader and a writer role, for the role tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import pytest
from psycopg import sql
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from support import make_store, note

from crisis_timeline.store.engine import open_engine
from crisis_timeline.testing.pgcluster import SUPERUSER


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
            f"{self.writer}: SELECT, INSERT on events; read-model tables writable; "
            "temporary tables (an import's scratch)",
            f"advisory locks: only {self.writer}, {SUPERUSER} (and superusers) may take them",
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


@contextmanager
def roles(databases: Any) -> Iterator[Pg]:
    """A fresh database and two new LOGIN roles, dropped afterwards (roles are cluster-wide)."""
    pg = Pg(databases)
    for role in (pg.reader, pg.writer):
        pg.run("CREATE ROLE {role} LOGIN", role=role)
    try:
        yield pg
    finally:
        for role in (pg.reader, pg.writer):
            pg.run("DROP OWNED BY {role}", role=role)
            pg.run("DROP ROLE {role}", role=role)


@pytest.fixture
def pg(databases: Any) -> Iterator[Pg]:
    """Roles on a database holding two test events (not granted yet)."""
    with roles(databases) as pg:
        with pg.engine() as admin:
            store = make_store(admin)
            for i in (1, 2):
                store.append("claim/a", [note("claim/a", f"fact {i}")], i - 1, recorded_by="admin")
        yield pg
