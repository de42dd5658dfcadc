"""Upcoming meetings by span class: meetings' rows carry their scheduled start as sort_at, its
span class as sort_rank (time.span_class) and its end in a new column, sort_until; the status
index leads with sort_rank and carries sort_until.

`meetings --upcoming` then reads, for each span class, the meetings going on at T in that
class's own window and the first ones starting after T, from index entries alone, instead of
every scheduled meeting ending after T. Other views keep sort_rank 0 and no sort_until, so
their walks are unchanged. The meetings projection's rows are dropped with its position: the
next command rebuilds them (a projection at position 0 is rebuilt from the log), both ways.

On PostgreSQL, projection_versions.key takes the "C" collation (byte order, as Python orders
strings): a page is cut in SQL by (sort_at, sort_rank, key), and under a language collation
its ties would fall otherwise than in the view's order ("claim/_x" before "claim/1").

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crisis_timeline.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Spelled out rather than imported from schema.py: a migration keeps what it did when written.
NOW = "recorded_until IS NULL"
NAME = "ix_projection_versions_now_status"
BEFORE = ["projection", "status", "sort_at", "sort_rank", "key", "known_from", "known_until"]
AFTER = [
    "projection",
    "status",
    "sort_rank",
    "sort_at",
    "key",
    "known_from",
    "known_until",
    "sort_until",
]


def _status_index(columns: list[str]) -> None:
    op.create_index(
        NAME,
        "projection_versions",
        columns,
        sqlite_where=sa.text(NOW),
        postgresql_where=sa.text(NOW),
    )


def _forget_meetings() -> None:
    op.execute("DELETE FROM projection_versions WHERE projection = 'meetings'")
    op.execute("DELETE FROM projection_positions WHERE name = 'meetings'")


def _key_collation(collation: str | None) -> None:
    if op.get_context().dialect.name == "postgresql":
        op.alter_column(
            "projection_versions",
            "key",
            type_=sa.String(200, collation=collation),
            existing_nullable=False,
        )


def upgrade() -> None:
    op.drop_index(NAME, table_name="projection_versions")
    op.add_column("projection_versions", sa.Column("sort_until", UTCDateTime(), nullable=True))
    _key_collation("C")
    _status_index(AFTER)
    _forget_meetings()


def downgrade() -> None:
    op.drop_index(NAME, table_name="projection_versions")
    with op.batch_alter_table("projection_versions") as table:
        table.drop_column("sort_until")
    _key_collation(None)
    _status_index(BEFORE)
    _forget_meetings()
