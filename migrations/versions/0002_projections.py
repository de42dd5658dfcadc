"""Bitemporal projection tables and the positions the projections have applied.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crisis_timeline.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projection_versions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("projection", sa.String(30), nullable=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("known_from", UTCDateTime(), nullable=False),
        sa.Column("known_until", UTCDateTime(), nullable=True),
        sa.Column("recorded_from", UTCDateTime(), nullable=False),
        sa.Column("recorded_until", UTCDateTime(), nullable=True),
        sa.Column("sort_at", UTCDateTime(), nullable=True),
        sa.Column("sort_rank", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(30), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projection_versions")),
    )
    op.create_index(
        "ix_projection_versions_stream", "projection_versions", ["projection", "stream"]
    )
    op.create_index(
        "ix_projection_versions_sort",
        "projection_versions",
        ["projection", "sort_at", "sort_rank", "key"],
    )
    op.create_index(
        "ix_projection_versions_known", "projection_versions", ["projection", "known_from"]
    )
    op.create_table(
        "projection_positions",
        sa.Column("name", sa.String(30), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_projection_positions")),
    )


def downgrade() -> None:
    op.drop_table("projection_positions")
    op.drop_index("ix_projection_versions_known", table_name="projection_versions")
    op.drop_index("ix_projection_versions_sort", table_name="projection_versions")
    op.drop_index("ix_projection_versions_stream", table_name="projection_versions")
    op.drop_table("projection_versions")
