"""Opening a database from a path or a URL, with the settings each dialect needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from crisis_timeline.errors import ConfigError
from crisis_timeline.store.sqlite_files import (
    SQLITE_BUSY_TIMEOUT_S,
    SQLITE_CACHE_KIB,
    on_read_only_filesystem,
)


def database_url(location: str) -> URL:
    """A SQLAlchemy URL from a file path or a URL; postgresql:// means psycopg 3."""
    if "://" not in location:
        return URL.create("sqlite", database=str(Path(location).expanduser()))
    try:
        url = make_url(location)
        url.port  # noqa: B018  (a malformed host or port fails here, not on first connect)
    except (ArgumentError, ValueError):
        raise ConfigError(f"--db: not a database path or URL: {location!r}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"--db: unsupported database {url.get_backend_name()!r} "
            "(use a SQLite path or a postgresql:// URL)"
        )
    return url


def describe(url: URL) -> str:
    """The URL as shown to people: without the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def open_engine(location: str | URL, *, must_exist: bool = True) -> Engine:
    """An engine for a path or URL; a missing SQLite file is an error unless must_exist is False."""
    url = location if isinstance(location, URL) else database_url(location)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, must_exist)
    return create_engine(url, pool_pre_ping=True)


def open_reader(location: str) -> Engine:
    """An engine that cannot write: SQLite opened with mode=ro, PostgreSQL sessions read-only.

    On PostgreSQL the URL's role should be the reader of `crisis db grant`; every transaction is
    read-only whatever the role may do."""
    url = database_url(location)
    if url.get_backend_name() == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, connect_args={"options": "-c default_transaction_read_only=on"}
        )
    path = Path(url.database or "")
    if url.database in (None, "", ":memory:") or not path.is_file():
        raise ConfigError(f"--db: no database at {str(path)!r}; create it with 'crisis init'")
    if on_read_only_filesystem(path):
        return _immutable_engine(path)
    uri = URL.create(
        "sqlite", database=f"file:{path.resolve()}", query={"mode": "ro", "uri": "true"}
    )
    engine = create_engine(uri, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_reader_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_reader_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # No journal_mode pragma: a reader takes the file as its writers left it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def _sqlite_engine(url: URL, must_exist: bool) -> Engine:
    path = Path(url.database or "")
    if url.database not in (None, "", ":memory:"):
        if not path.parent.is_dir():
            raise ConfigError(f"--db: directory {str(path.parent)!r} does not exist")
        if must_exist and not path.exists():
            raise ConfigError(f"--db: no database at {str(path)!r}; create it with 'crisis init'")
    if on_read_only_filesystem(path):
        return _immutable_engine(path)
    # A small pool: each new connection pays for WAL and pragma setup once.
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _immutable_engine(path: Path) -> Engine:
    """A database on a read-only mount: SQLite cannot make the WAL's shared-memory file beside it,
    so it is opened immutable (nothing can change a file on a read-only mount). A write-ahead log
    left beside it holds commits the file lacks: refused rather than answering without them."""
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise ConfigError(
            f"--db: {str(path)!r} is on a read-only file system and its write-ahead log "
            f"{wal.name!r} was not checkpointed; open it once where it can be written, "
            "or copy both to a writable place"
        )
    url = URL.create(
        "sqlite", database=f"file:{path.resolve()}", query={"immutable": "1", "uri": "true"}
    )
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_read_only_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_read_only_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module so BEGIN IMMEDIATE is ours to issue.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Indexes of a large store are inserted into at random places (ids, stream names):
    # a page cache of 64 MiB instead of 2 MiB keeps their inner pages in memory.
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # REPLACE deletes the conflicting row without firing DELETE triggers unless recursive
    # triggers are on; the events_no_replace trigger refuses it for other clients too.
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # Writers ask for IMMEDIATE: the write lock is taken at BEGIN, where the busy
    # timeout applies, instead of failing on a lock upgrade halfway through.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")
