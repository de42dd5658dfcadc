"""The database refuses to change events; and when the guard is removed, verify names the damage.

DESIGN §3: triggers refuse UPDATE and DELETE on `events` (and TRUNCATE on PostgreSQL);
`hash = sha256(prev_hash + canonical JSON of the event)` is a chain in position order, and
`crisis verify` walks it and names the first position that fails.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import DBAPIError
from support import drop_guard, execute, make_store, note

from crisis_timeline import canonical
from crisis_timeline.cli.main import cli
from crisis_timeline.store import codec
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import events as T
from crisis_timeline.time import parse_partial

EVENTS = 5


def append_history(store: EventStore, count: int = EVENTS) -> None:
    """`count` events alternating over two streams, each with an occurred time."""
    for i in range(count):
        stream = ("claim/a", "meeting/b")[i % 2]
        ev = note(
            stream,
            f"fact {i + 1}",
            reported=f"2021-12-{10 + i}",
            occurred=parse_partial(f"2021-12-0{1 + i}"),
        )
        store.append(stream, [ev], None, recorded_by="ana")


def stored_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(T).order_by(T.c.position)).mappings()]


def crisis_verify(db_url: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, "verify"])


@pytest.fixture
def store(engine: Engine) -> EventStore:
    store = make_store(engine)
    append_history(store)
    return store


# -- the database refuses ----------------------------------------------------------

REFUSED = {
    "update all": ("UPDATE events SET data = '{}'", "UPDATE"),
    "update one": ("UPDATE events SET recorded_by = 'mallory' WHERE position = 2", "UPDATE"),
    "delete all": ("DELETE FROM events", "DELETE"),
    "delete last": (f"DELETE FROM events WHERE position = {EVENTS}", "DELETE"),
    "upsert": (
        (
            "INSERT INTO events SELECT * FROM events WHERE position = 1 "
            "ON CONFLICT (position) DO UPDATE SET data = '{}'"
        ),
        "(UPDATE|REPLACE)",  # SQLite's trigger on the colliding INSERT answers first
    ),
}


@pytest.mark.parametrize("statement, verb", REFUSED.values(), ids=REFUSED.keys())
def test_changing_events_is_refused_and_changes_nothing(
    engine: Engine, store: EventStore, statement: str, verb: str
) -> None:
    before = stored_rows(engine)
    with pytest.raises(DBAPIError, match=f"events are append-only: {verb} refused"):
        execute(engine, statement)
    assert stored_rows(engine) == before
    assert store.verify().ok


def test_truncate_is_refused_postgresql(databases: Any) -> None:
    engine = open_engine(databases.url("postgresql"))
    try:
        append_history(make_store(engine))
        before = stored_rows(engine)
        with pytest.raises(DBAPIError, match="events are append-only: TRUNCATE refused"):
            execute(engine, "TRUNCATE events")
        assert stored_rows(engine) == before
    finally:
        engine.dispose()


def test_insert_or_replace_is_refused_sqlite(databases: Any) -> None:
    # REPLACE deletes the conflicting row; SQLite fires DELETE triggers for that only
    # when PRAGMA recursive_triggers is on.
    engine = open_engine(databases.url("sqlite"))
    try:
        append_history(make_store(engine))
        before = stored_rows(engine)
        forged = {**before[1], "data": canonical.dumps({"text": "rewritten"})}
        with pytest.raises(DBAPIError, match="events are append-only"):
            execute(engine, insert(T).prefix_with("OR REPLACE").values(**forged))
        assert stored_rows(engine) == before
    finally:
        engine.dispose()


# -- tamper evidence: the guard dropped by hand --------------------------------------

TAMPERED = {
    "data": (
        {"data": canonical.dumps({"text": "rewritten"})},
        "stored content does not match its hash",
    ),
    "recorded_by": ({"recorded_by": "mallory"}, "stored content does not match its hash"),
    "recorded_at": (
        {"recorded_at": datetime(2030, 1, 1, tzinfo=UTC)},
        "stored content does not match its hash",
    ),
    "version": ({"version": 99}, "stored content does not match its hash"),
    "reported_start": (
        {"reported_start": datetime(2020, 1, 1, tzinfo=UTC)},
        "indexed time columns disagree with the hashed times",
    ),
    "occurred_start": (
        {"occurred_start": datetime(2020, 1, 1, tzinfo=UTC)},
        "indexed time columns disagree with the hashed times",
    ),
}


@pytest.mark.parametrize("values, reason", TAMPERED.values(), ids=TAMPERED.keys())
def test_altering_a_column_is_caught_at_its_position(
    engine: Engine, store: EventStore, values: dict[str, Any], reason: str
) -> None:
    drop_guard(engine, "UPDATE")
    execute(engine, update(T).where(T.c.position == 3).values(**values))
    check = store.verify()
    assert (check.ok, check.bad_position, check.reason, check.checked) == (False, 3, reason, 2)
    assert store.verify(until=2).ok


def test_cli_verify_names_the_altered_position(
    db_url: str, engine: Engine, store: EventStore
) -> None:
    intact = crisis_verify(db_url)
    assert (intact.exit_code, intact.stdout) == (0, f"ok: {EVENTS} events, hash chain intact\n")
    drop_guard(engine, "UPDATE")
    execute(engine, 'UPDATE events SET data = \'{"text": "rewritten"}\' WHERE position = 3')
    broken = crisis_verify(db_url)
    assert broken.exit_code == 1
    assert broken.stdout == ""
    assert (
        broken.stderr
        == "Error: hash chain broken at position 3: stored content does not match its hash\n"
    )


def test_a_row_rehashed_after_editing_breaks_the_next_link(
    engine: Engine, store: EventStore
) -> None:
    drop_guard(engine, "UPDATE")
    row = {**stored_rows(engine)[2], "data": canonical.dumps({"text": "rewritten"})}
    forged_hash = canonical.chain_hash(row["prev_hash"], codec.hash_document(row))
    execute(engine, update(T).where(T.c.position == 3).values(data=row["data"], hash=forged_hash))
    check = store.verify()
    assert (check.bad_position, check.reason) == (
        4,
        "prev_hash does not match the hash of the previous event",
    )


def test_deleting_the_last_event_leaves_a_valid_shorter_chain(
    engine: Engine, store: EventStore
) -> None:
    # A hash chain alone cannot tell a truncated log from a shorter one.
    drop_guard(engine, "DELETE")
    execute(engine, f"DELETE FROM events WHERE position = {EVENTS}")
    check = store.verify()
    assert (check.ok, check.checked) == (True, EVENTS - 1)


@pytest.mark.parametrize("deleted", [1, 3])
def test_deleting_an_earlier_event_names_the_missing_position(
    db_url: str, engine: Engine, store: EventStore, deleted: int
) -> None:
    drop_guard(engine, "DELETE")
    execute(engine, f"DELETE FROM events WHERE position = {deleted}")
    check = store.verify()
    reason = f"position {deleted} is missing (the next stored is {deleted + 1})"
    assert (check.ok, check.bad_position, check.reason) == (False, deleted, reason)
    result = crisis_verify(db_url)
    assert result.exit_code == 1
    assert f"hash chain broken at position {deleted}: {reason}" in result.stderr
