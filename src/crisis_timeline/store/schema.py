"""The tables, in SQLAlchemy Core. Alembic migrations create them; create_all is for tests only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeDecorator

from crisis_timeline.store.sqlite_files import sqlite_text
from crisis_timeline.timepoints import CACHE_SIZE

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both dialects (SQLite keeps them as naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return sqlite_text
        return super().bind_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return sqlite_datetime
        return super().result_processor(dialect, coltype)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # Only PostgreSQL comes here: SQLite's processors above bypass both methods.
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC)  # type: ignore[no-any-return]  # timestamptz: always aware


@lru_cache(maxsize=CACHE_SIZE)
def sqlite_datetime(value: str | None) -> datetime | None:
    """An instant as SQLite stores it (sqlite_text), read back as an aware UTC datetime."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


events = Table(
    "events",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("id", String(36), nullable=False),
    Column("stream", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(100), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("occurred", Text, nullable=True),
    Column("occurred_start", UTCDateTime, nullable=True),
    Column("occurred_end", UTCDateTime, nullable=True),
    Column("reported", Text, nullable=False),
    Column("reported_start", UTCDateTime, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("id"),
    UniqueConstraint("stream", "version"),
    Index("ix_events_type_position", "type", "position"),
    Index("ix_events_reported_start", "reported_start"),
    Index("ix_events_recorded_at", "recorded_at"),
)
"""The append-only log. JSON columns hold canonical JSON text, exactly what was hashed."""

NOW = "recorded_until IS NULL"
"""The partial indexes' condition: versions not superseded in system time."""
NOW_SORT_COLUMNS = (
    "projection",
    "sort_at",
    "sort_rank",
    "key",
    "known_from",
    "known_until",
    "status",
)
NOW_STATUS_COLUMNS = (
    "projection",
    "status",
    "sort_rank",
    "sort_at",
    "key",
    "known_from",
    "known_until",
    "sort_until",
)

projection_versions = Table(
    "projection_versions",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("projection", String(30), nullable=False),
    Column("stream", String(200), nullable=False),
    # Byte order on PostgreSQL whatever the database's collation: pages are cut in SQL by
    # (sort_at, sort_rank, key) and must agree with Python's order of the same ids.
    Column(
        "key", String(200).with_variant(String(200, collation="C"), "postgresql"), nullable=False
    ),
    Column("known_from", UTCDateTime, nullable=False),
    Column("known_until", UTCDateTime, nullable=True),
    Column("recorded_from", UTCDateTime, nullable=False),
    Column("recorded_until", UTCDateTime, nullable=True),
    Column("sort_at", UTCDateTime, nullable=True),
    Column("sort_rank", Integer, nullable=False),
    Column("status", String(30), nullable=True),
    Column("content", Text, nullable=False),
    Column("sort_until", UTCDateTime, nullable=True),
    Index("ix_projection_versions_stream", "projection", "stream"),
    Index("ix_projection_versions_sort", "projection", "sort_at", "sort_rank", "key"),
    # Rows still recorded (system time "now", what almost every query asks), in two orders; the
    # knowledge-time bounds and status ride along so that a walk checks them without the row.
    Index(
        "ix_projection_versions_now_sort",
        *NOW_SORT_COLUMNS,
        sqlite_where=text(NOW),
        postgresql_where=text(NOW),
    ),
    Index(
        "ix_projection_versions_now_status",
        *NOW_STATUS_COLUMNS,
        sqlite_where=text(NOW),
        postgresql_where=text(NOW),
    ),
)
"""Each view's rows, versioned in knowledge time and system time. Disposable: rebuilt from events.

A page (timeline, claims) walks ix_projection_versions_now_sort in the view's order and stops
after the page; status filters (meetings --upcoming, --status) walk
ix_projection_versions_now_status, within a sort_rank (for meetings, the span class of their
scheduled time). Queries with --recorded-before use the full indexes."""

projection_positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(30), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
"""The last event position each projection has applied (written with its rows)."""

search_entries = Table(
    "search_entries",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("position", BigInteger, nullable=False),
    Column("item", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("stream", String(200), nullable=False),
    Column("type", String(100), nullable=False),
    Column("words", Text, nullable=False),
    Column("quote", Text, nullable=True),
    Column("span_start", Integer, nullable=True),
    Column("span_end", Integer, nullable=True),
    Column("source", String(200), nullable=True),
    Column("attribution", String(20), nullable=True),
    Column("attributed_to", String(200), nullable=True),
    Column("reported", Text, nullable=False),
    Column("reported_start", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("supersedes", String(36), nullable=True),
    Column("document", Text, nullable=False),
    UniqueConstraint("position", "item"),
    Index("ix_search_entries_supersedes", "supersedes"),
)
"""What `crisis search` searches: one row per evidence item of every event (one row, no quote,
for an event without evidence), with the event's own words (titles, statements) beside the
quote. `document` is both, folded to lower-case words without accents or punctuation: the one
text either database's full-text index reads, so that both split it into the same words. On
PostgreSQL the table also has a generated tsvector column of it (SEARCH_VECTOR, migration 0006).
Disposable: rebuilt from events (store/search_index.py)."""

SEARCH_FTS = "search_index"
"""SQLite: the FTS5 table over search_entries.document (external content, same rowids)."""
SEARCH_VECTOR = "vector"
"""PostgreSQL: search_entries' generated column to_tsvector('simple', document)."""
SEARCH_GIN = "ix_search_entries_document"
"""PostgreSQL: the GIN index on that column."""


def in_metadata(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """For alembic's comparisons: leave out what the migrations make beyond the metadata (the
    full-text table and its shadow tables, the tsvector column and its GIN index: one dialect's
    each, which the metadata of both cannot describe)."""
    if type_ == "column":
        return not (name == SEARCH_VECTOR and parent_names.get("table_name") == search_entries.name)
    return not (
        name and (name == SEARCH_GIN or name == SEARCH_FTS or name.startswith(SEARCH_FTS + "_"))
    )


SCHEMA_REVISION = "0007"
"""The alembic head this program needs; a test holds it equal to the migrations' head."""


REVISIONS = "SELECT version_num FROM alembic_version"
"""The revisions alembic records a database at."""


def schema_is_current(engine: Engine) -> bool:
    """Is the database at SCHEMA_REVISION? (A quick check that needs no alembic import.)"""
    try:
        with engine.connect() as conn:
            revisions = conn.execute(text(REVISIONS)).scalars().all()
    except DBAPIError:
        return False
    return revisions == [SCHEMA_REVISION]


EVENT_FIELDS = (
    "position",
    "id",
    "stream",
    "version",
    "type",
    "schema_version",
    "data",
    "occurred",
    "reported",
    "evidence",
    "recorded_at",
    "recorded_by",
    "prev_hash",
    "hash",
)
"""The columns of a stored event that make an Event (what event_of reads), in the log's order."""
