"""The INSERT guard on SQLite raises FAIL instead of ABORT; the store inserts events OR FAIL.

A trigger that may ABORT makes SQLite open a statement journal for every INSERT on the table,
so that it can undo the row's statement: that, not the trigger's check, halved the insert rate
(measured at 100k rows: 0.4-0.6x the plain insert with ABORT, 0.8-0.87x with FAIL and INSERT OR
FAIL). FAIL needs no undo here: the trigger runs BEFORE the row is written, so a refused INSERT,
INSERT OR REPLACE or upsert has changed nothing of the row it refuses, and each row of a batch
is its own statement. The store's append is one transaction, rolled back whole when any row of
it fails, so a collision inside a batch still leaves nothing. UPDATE and DELETE keep ABORT: no
insert fires them.

PostgreSQL has no INSERT guard to change: it has no INSERT OR REPLACE, and an upsert's UPDATE
fires the UPDATE trigger, so its guard costs an insert nothing. The step is SQLite's only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Spelled out rather than imported from schema.py: a migration keeps what it did when written.
REPLACE_GUARD = (
    "CREATE TRIGGER events_no_replace BEFORE INSERT ON events "
    "WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position OR id = NEW.id "
    "OR (stream = NEW.stream AND version = NEW.version)) "
    "BEGIN SELECT RAISE({action}, 'events are append-only: REPLACE refused'); END"
)


def _guard(action: str) -> None:
    if op.get_context().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS events_no_replace")
    op.execute(REPLACE_GUARD.format(action=action))


def upgrade() -> None:
    _guard("FAIL")


def downgrade() -> None:
    _guard("ABORT")
