"""Full-text search over quotes, statements and titles: search_entries, and its index.

One row per evidence item of every event (store/search_index.py fills it from the log, keeping
its position in projection_positions under 'search'). SQLite indexes `document` with an FTS5
table whose content is search_entries; PostgreSQL with a generated tsvector column, `vector`
(to_tsvector('simple', document)), and a GIN index on it. The 'search' position starts at 0,
so the next `crisis load` or `crisis search` indexes what the log already holds; going down
drops both the table and that position.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crisis_timeline.store.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Spelled out rather than imported from schema.py: a migration keeps what it did when written.
# content=[…] in brackets: the spelling by which Datasette finds the full-text table of a table.
FTS = (
    "CREATE VIRTUAL TABLE search_index USING fts5(document, content=[search_entries], "
    "content_rowid='id')"
)
# PostgreSQL keeps each row's words as a tsvector (a generated column, so ranking reads it
# rather than parsing every match again) and indexes that.
VECTOR = (
    "ALTER TABLE search_entries ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', document)) STORED"
)
GIN = "CREATE INDEX ix_search_entries_document ON search_entries USING gin (vector)"


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("attribution", sa.String(20), nullable=True),
        sa.Column("attributed_to", sa.String(200), nullable=True),
        sa.Column("reported", sa.Text(), nullable=False),
        sa.Column("reported_start", UTCDateTime(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("supersedes", sa.String(36), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint("position", "item", name=op.f("uq_search_entries_position_item")),
    )
    op.create_index("ix_search_entries_supersedes", "search_entries", ["supersedes"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(VECTOR)
        op.execute(GIN)
    else:
        op.execute(FTS)
    op.execute("DELETE FROM projection_positions WHERE name = 'search'")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_entries_document")
    else:
        op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_index("ix_search_entries_supersedes", table_name="search_entries")
    op.drop_table("search_entries")
    op.execute("DELETE FROM projection_positions WHERE name = 'search'")
