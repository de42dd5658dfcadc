"""Partial indexes over the projection rows still recorded, for flat as-of queries.

Walks in a view's order (pages) and by status (upcoming meetings, status filters) over the rows
with recorded_until IS NULL, carrying the knowledge-time bounds. The (projection, known_from)
index goes: no query searches by it any more (queries.unindexed), and it cost every write.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Spelled out rather than imported from schema.py: a migration keeps what it did when written.
NOW = "recorded_until IS NULL"
INDEXES = {
    "ix_projection_versions_now_sort": [
        "projection",
        "sort_at",
        "sort_rank",
        "key",
        "known_from",
        "known_until",
        "status",
    ],
    "ix_projection_versions_now_status": [
        "projection",
        "status",
        "sort_at",
        "sort_rank",
        "key",
        "known_from",
        "known_until",
    ],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(
            name,
            "projection_versions",
            columns,
            sqlite_where=sa.text(NOW),
            postgresql_where=sa.text(NOW),
        )
    op.drop_index("ix_projection_versions_known", table_name="projection_versions")


def downgrade() -> None:
    op.create_index(
        "ix_projection_versions_known", "projection_versions", ["projection", "known_from"]
    )
    for name in reversed(INDEXES):
        op.drop_index(name, table_name="projection_versions")
