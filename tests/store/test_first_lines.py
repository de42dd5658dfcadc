"""store.first_lines: the line each key of an imported file was first on, kept by the database
in the import's transaction (an import of any size holds no file-wide dict of its ids)."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, Engine, text

from crisis_timeline.store.first_lines import first_lines


def temporary_tables(conn: Connection) -> list[str]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_temp_master WHERE type = 'table'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname LIKE 'pg_temp%'"
    return [str(name) for name in conn.execute(text(query)).scalars()]


def test_each_key_has_the_line_it_was_first_on_in_any_chunk(engine: Engine) -> None:
    with engine.begin() as conn, first_lines(conn) as first:
        assert first.of([("UKR1", 2), ("UKR2", 3), ("UKR1", 4)]) == {"UKR1": 2, "UKR2": 3}
        assert first.of([("UKR3", 5), ("UKR2", 6)]) == {"UKR3": 5, "UKR2": 3}
        assert first.of([]) == {}
        assert first.of([("UKR1", 7), ("UKR3", 8), ("UKR4", 9)]) == {
            "UKR1": 2,
            "UKR3": 5,
            "UKR4": 9,
        }


def test_more_keys_in_a_chunk_than_one_in_list_holds(engine: Engine) -> None:
    """A chunk of 2000 rows asks in several IN lists (store.chunks, 500 values each)."""
    keys = [f"id-{i:05}" for i in range(1203)]
    with engine.begin() as conn, first_lines(conn) as first:
        assert first.of((k, i + 2) for i, k in enumerate(keys)) == {
            k: i + 2 for i, k in enumerate(keys)
        }
        again = first.of((k, 5000 + i) for i, k in enumerate(reversed(keys)))
        assert again == {k: i + 2 for i, k in enumerate(keys)}


def test_the_table_is_gone_when_the_import_ends_and_each_import_starts_empty(
    engine: Engine,
) -> None:
    with engine.begin() as conn:
        with first_lines(conn) as first:
            first.of([("UKR1", 2)])
            assert len(temporary_tables(conn)) == 1
        assert temporary_tables(conn) == []
        with first_lines(conn) as first:
            assert first.of([("UKR1", 9)]) == {"UKR1": 9}
    with engine.connect() as conn:
        assert temporary_tables(conn) == []


def test_a_failed_import_takes_the_table_back_with_its_rollback(engine: Engine) -> None:
    with pytest.raises(ZeroDivisionError):
        with engine.begin() as conn, first_lines(conn) as first:
            first.of([("UKR1", 2)])
            1 / 0
    with engine.connect() as conn:
        assert temporary_tables(conn) == []
