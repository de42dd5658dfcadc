"""The store's contract, one suite on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, func, select
from support import make_store, note

from crisis_timeline import canonical
from crisis_timeline.errors import ConcurrencyError, EventIdConflictError, ValidationError
from crisis_timeline.store.event_store import ANY_VERSION, Batch, EventFilter
from crisis_timeline.store.schema import events as events_table
from crisis_timeline.time import parse_partial


def count_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def test_append_assigns_versions_positions_and_chain(engine: Engine) -> None:
    store = make_store(engine)
    first = store.append(
        "claim/a", [note("claim/a", "one"), note("claim/a", "two")], 0, recorded_by="ana"
    )
    second = store.append("meeting/b", [note("meeting/b", "three")], 0, recorded_by="ben")
    assert [(e.stream, e.version, e.position) for e in first.appended + second.appended] == [
        ("claim/a", 1, 1),
        ("claim/a", 2, 2),
        ("meeting/b", 1, 3),
    ]
    stored = list(store.read())
    assert stored == first.appended + second.appended
    assert stored[0].prev_hash == canonical.GENESIS_HASH
    assert [e.prev_hash for e in stored[1:]] == [e.hash for e in stored[:-1]]
    assert [e.recorded_by for e in stored] == ["ana", "ana", "ben"]
    assert all(e.recorded_at.tzinfo is UTC for e in stored)
    assert store.verify().ok and store.verify().checked == 3


def test_round_trip_keeps_every_envelope_field(engine: Engine) -> None:
    store = make_store(engine)
    new = note(
        "meeting/call",
        "the call",
        reported="2021-12-30",
        occurred=parse_partial("2021-12-30T15:30-05:00", text="3:30 p.m. ET"),
    )
    [stored] = store.append("meeting/call", [new], 0, recorded_by="ana").appended
    [read] = list(store.read())
    assert read == stored
    assert read.content() == new.content()
    assert read.occurred is not None and read.occurred.start == datetime(
        2021, 12, 30, 20, 30, tzinfo=UTC
    )
    assert read.occurred.text == "3:30 p.m. ET"


def test_stale_expected_version_raises_and_writes_nothing(engine: Engine) -> None:
    store = make_store(engine)
    store.append("claim/a", [note("claim/a", "one")], 0, recorded_by="ana")
    with pytest.raises(
        ConcurrencyError, match="stream 'claim/a' is at version 1, not the expected 0"
    ):
        store.append_batches(
            [
                Batch("claim/b", [note("claim/b", "new stream")], 0),
                Batch("claim/a", [note("claim/a", "stale")], 0),
            ],
            recorded_by="ana",
        )
    assert count_rows(engine) == 1
    assert store.stream_version("claim/b") == 0


def test_expected_version_ahead_of_stream_is_refused(engine: Engine) -> None:
    store = make_store(engine)
    with pytest.raises(ConcurrencyError, match="at version 0, not the expected 3"):
        store.append("claim/a", [note("claim/a", "gap")], 3, recorded_by="ana")
    assert count_rows(engine) == 0


def test_any_version_appends_at_the_end(engine: Engine) -> None:
    store = make_store(engine)
    store.append("claim/a", [note("claim/a", "one")], ANY_VERSION, recorded_by="ana")
    result = store.append("claim/a", [note("claim/a", "two")], ANY_VERSION, recorded_by="ana")
    assert [e.version for e in result.appended] == [2]


def test_same_id_same_content_is_a_no_op(engine: Engine) -> None:
    store = make_store(engine)
    ev = note("claim/a", "one", key="k1")
    store.append("claim/a", [ev], 0, recorded_by="ana")
    again = store.append("claim/a", [ev], 0, recorded_by="someone else")
    assert again.appended == [] and again.already_present == 1
    assert count_rows(engine) == 1


def test_same_id_other_content_is_an_error_naming_the_id(engine: Engine) -> None:
    store = make_store(engine)
    ev = note("claim/a", "one", key="k1")
    store.append("claim/a", [ev], 0, recorded_by="ana")
    changed = note("claim/a", "one, edited", key="k1")
    with pytest.raises(
        EventIdConflictError, match=f"event {ev.id} is already stored with different content"
    ):
        store.append("claim/a", [changed], 1, recorded_by="ana")
    assert count_rows(engine) == 1


def test_invalid_payload_is_refused_before_writing(engine: Engine) -> None:
    store = make_store(engine)
    bad = note("claim/a", "x").model_copy(update={"data": {"text": 5}})
    with pytest.raises(ValidationError, match=r"Noted: text: Input should be a valid string"):
        store.append("claim/a", [note("claim/a", "ok"), bad], 0, recorded_by="ana")
    unknown = note("claim/a", "x").model_copy(update={"type": "Nope"})
    with pytest.raises(ValidationError, match="unknown event type 'Nope'"):
        store.append("claim/a", [unknown], 0, recorded_by="ana")
    assert count_rows(engine) == 0


def test_event_for_another_stream_is_refused(engine: Engine) -> None:
    store = make_store(engine)
    with pytest.raises(ValidationError, match="is for stream 'claim/b', not 'claim/a'"):
        store.append("claim/a", [note("claim/b", "x")], 0, recorded_by="ana")


def test_reads_come_in_batches_never_the_whole_log(engine: Engine) -> None:
    store = make_store(engine, batch_size=3)
    for i in range(10):
        store.append("claim/a", [note("claim/a", f"n{i}")], i, recorded_by="ana")
    selects: list[str] = []

    def spy(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", spy)
    try:
        positions = [e.position for e in store.read()]
    finally:
        event.remove(engine, "before_cursor_execute", spy)
    assert positions == list(range(1, 11))
    assert len(selects) == 4  # 3 + 3 + 3 + 1
    assert all("LIMIT" in s.upper() for s in selects)


def test_filters(engine: Engine) -> None:
    store = make_store(engine, batch_size=2)
    store.append("claim/a", [note("claim/a", "dec", reported="2021-12-30")], 0, recorded_by="ana")
    store.append(
        "meeting/m", [note("meeting/m", "jan", reported="2022-01-05")], 0, recorded_by="ana"
    )
    store.append(
        "claim/a", [note("claim/a", "jan", reported="2022-01-10T12:00Z")], 1, recorded_by="ana"
    )

    def positions(**kw: object) -> list[int]:
        return [e.position for e in store.read(EventFilter(**kw))]  # type: ignore[arg-type]

    assert positions(stream="claim/a") == [1, 3]
    assert positions(types=["Noted"]) == [1, 2, 3]
    assert positions(types=["Other"]) == []
    assert positions(after=1, until=2) == [2]
    assert positions(as_of=datetime(2022, 1, 5, tzinfo=UTC)) == [1, 2]
    assert positions(as_of=datetime(2022, 1, 10, 12, tzinfo=UTC)) == [1, 2, 3]
    assert positions(as_of=datetime(2021, 12, 29, 23, 59, tzinfo=UTC)) == []
    assert positions(recorded_before=datetime.now(UTC) - timedelta(days=1)) == []
    assert positions(recorded_before=datetime.now(UTC) + timedelta(seconds=1)) == [1, 2, 3]
    assert [e.position for e in store.read(limit=2)] == [1, 2]
