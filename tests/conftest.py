"""Shared fixtures: a fresh, migrated database per test on SQLite and on PostgreSQL.

PostgreSQL runs for real in a throwaway cluster started once per session (as an
unprivileged user when the suite runs as root). If it cannot start, every PostgreSQL
test fails: a missing server never turns into a skip.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.testing.pgcluster import ClusterUnavailableError, ThrowawayCluster

BACKENDS = ("sqlite", "postgresql")

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_names = itertools.count()


class Databases:
    """Hands out fresh migrated databases, copied from a template migrated once per session."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self._cluster: ThrowawayCluster | None = None
        self._cluster_error: str | None = None
        self._sqlite_template: Path | None = None

    def url(self, backend: str) -> str:
        """The URL of a new, migrated, empty database."""
        name = f"t{os.getpid()}_{next(_names)}"
        if backend == "sqlite":
            return self._sqlite(name)
        return self._postgresql(name)

    def empty_url(self, backend: str) -> str:
        """The URL of a new database with no schema at all."""
        name = f"e{os.getpid()}_{next(_names)}"
        if backend == "sqlite":
            return str(self.tmp / f"{name}.db")
        cluster = self.cluster()
        cluster.create_database(name)
        return cluster.url(name)

    def _sqlite(self, name: str) -> str:
        if self._sqlite_template is None:
            template = self.tmp / "template.db"
            engine = open_engine(str(template), must_exist=False)
            migrate.upgrade(engine)
            engine.dispose()
            self._sqlite_template = template
        target = self.tmp / f"{name}.db"
        shutil.copyfile(self._sqlite_template, target)
        return str(target)

    def cluster(self) -> ThrowawayCluster:
        """The session's PostgreSQL cluster, started on first use."""
        if self._cluster_error:
            pytest.fail(f"PostgreSQL could not start: {self._cluster_error}")
        if self._cluster is None:
            cluster = ThrowawayCluster()
            try:
                cluster.start()
            except ClusterUnavailableError as e:
                self._cluster_error = str(e)
                pytest.fail(f"PostgreSQL could not start: {e}")
            cluster.create_database("crisis_template")
            engine = open_engine(cluster.url("crisis_template"))
            migrate.upgrade(engine)
            engine.dispose()
            self._cluster = cluster
        return self._cluster

    def _postgresql(self, name: str) -> str:
        cluster = self.cluster()
        cluster.create_database(name, template="crisis_template")
        return cluster.url(name)

    def drop(self, url: str) -> None:
        """Remove a database handed out earlier (its files, for PostgreSQL)."""
        if "://" in url and self._cluster is not None:
            self._cluster.drop_database(url.rsplit("/", 1)[1])
        elif "://" not in url:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.stop()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test using it runs on SQLite and on PostgreSQL (ids carry the backend name)."""
    return str(request.param)


@pytest.fixture
def db_url(databases: Databases, backend: str) -> Iterator[str]:
    """A fresh migrated database on the current backend, dropped afterwards."""
    url = databases.url(backend)
    yield url
    databases.drop(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = open_engine(db_url)
    yield eng
    eng.dispose()
