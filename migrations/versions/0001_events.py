"""The append-only events table, and the triggers that refuse UPDATE and DELETE.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crisis_timeline.store.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
    f"BEGIN SELECT RAISE(ABORT, 'events are append-only: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
] + [
    # INSERT OR REPLACE would delete the conflicting row without a DELETE trigger firing
    # (unless the client turned recursive_triggers on): refuse the collision itself.
    "CREATE TRIGGER events_no_replace BEFORE INSERT ON events "
    "WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position OR id = NEW.id "
    "OR (stream = NEW.stream AND version = NEW.version)) "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: REPLACE refused'); END"
]

PG_FUNCTION = """
CREATE FUNCTION crisis_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
PG_TRIGGERS = [
    "CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION crisis_events_append_only()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION crisis_events_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("occurred", sa.Text(), nullable=True),
        sa.Column("occurred_start", UTCDateTime(), nullable=True),
        sa.Column("occurred_end", UTCDateTime(), nullable=True),
        sa.Column("reported", sa.Text(), nullable=False),
        sa.Column("reported_start", UTCDateTime(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
        sa.UniqueConstraint("stream", "version", name=op.f("uq_events_stream_version")),
    )
    op.create_index("ix_events_type_position", "events", ["type", "position"])
    op.create_index("ix_events_reported_start", "events", ["reported_start"])
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for statement in PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_no_truncate ON events")
        op.execute("DROP TRIGGER IF EXISTS events_no_update_delete ON events")
        op.execute("DROP FUNCTION IF EXISTS crisis_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_no_replace")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
    op.drop_index("ix_events_recorded_at", table_name="events")
    op.drop_index("ix_events_reported_start", table_name="events")
    op.drop_index("ix_events_type_position", table_name="events")
    op.drop_table("events")
