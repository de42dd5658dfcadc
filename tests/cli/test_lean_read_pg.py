"""The lean read path on PostgreSQL (crisis_timeline.lean.pg) answers as queries.view does, for
every view and filter, on the seed and invasion fixtures at several times; its statements are
what the generator makes of reading.py's; it hands over to the full path whenever it must; and a
view command answered by it never imports SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text
from test_lean_read import FIXTURES, assert_answers_as_queries_view

from crisis_timeline.cli.main import cli
from crisis_timeline.lean import generate
from crisis_timeline.lean import pg as lean_pg
from crisis_timeline.lean.answer import open_read
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.queries import view as query_view
from crisis_timeline.store.engine import open_engine
from crisis_timeline.views import At, Filters

NOON = At(datetime(2021, 12, 30, 12, tzinfo=UTC))


@pytest.fixture(scope="module")
def loaded(databases: Any) -> Iterator[tuple[str, Engine]]:
    url = databases.url("postgresql")
    done = CliRunner().invoke(cli, ["--db", url, "--analyst", "test", "load", *FIXTURES])
    assert done.exit_code == 0, done.output
    engine = open_engine(url)
    yield url, engine
    engine.dispose()


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_lean_path_answers_as_queries_view(loaded: tuple[str, Engine], name: str) -> None:
    assert_answers_as_queries_view(*loaded, name)


def test_the_upcoming_meetings_at_noon_are_the_articles(loaded: tuple[str, Engine]) -> None:
    lean = open_read(loaded[0], VIEWS["meetings"], NOON, Filters(upcoming=True, limit=4))
    assert lean is not None
    assert [m["id"] for m in lean.rows][:1] == ["meeting/biden-putin-call-2021-12-30"]


def test_the_statements_are_what_the_generator_makes() -> None:
    assert generate.PG_TARGET.read_text(encoding="utf-8") == generate.source(generate.PG_TARGET)


def test_what_the_lean_path_leaves_to_the_full_one(loaded: tuple[str, Engine]) -> None:
    url, _ = loaded
    meetings = VIEWS["meetings"]
    t = datetime(2021, 12, 30, 12, tzinfo=UTC)
    assert open_read(url, meetings, At(t, t), Filters()) is None  # --recorded-before
    assert open_read(url, meetings, At(t), Filters(stream="meeting/x")) is None
    assert open_read("mysql://nobody@localhost/x", meetings, At(t), Filters()) is None
    unreachable = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert open_read(unreachable, meetings, At(t), Filters()) is None  # the full path says why


def test_a_database_without_the_schema_goes_to_the_full_path(databases: Any) -> None:
    bare = databases.empty_url("postgresql")
    assert open_read(bare, VIEWS["meetings"], NOON, Filters()) is None


@pytest.fixture
def behind(loaded: tuple[str, Engine]) -> Iterator[str]:
    """The store with its views' positions one event short of the log, put back afterwards."""
    url, engine = loaded
    lower = "UPDATE projection_positions SET position = position - 1"
    with engine.begin() as conn:
        conn.execute(text(lower))
    try:
        yield url
    finally:
        with engine.begin() as conn:
            conn.execute(text(lower.replace("- 1", "+ 1")))


def test_views_behind_go_to_the_full_path_when_the_role_may_catch_them_up(behind: str) -> None:
    assert open_read(behind, VIEWS["meetings"], NOON, Filters()) is None


def test_a_reader_of_views_behind_is_answered_with_the_note(
    behind: str, loaded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lean_pg, "_may_write", lambda conn: False)  # as a reader role
    lean = open_read(behind, VIEWS["meetings"], NOON, Filters(upcoming=True))
    assert lean is not None and lean.standing.lag == 1
    wanted = query_view(loaded[1], VIEWS["meetings"], NOON, Filters(upcoming=True))
    assert list(lean.rows) == wanted


def test_a_view_command_on_postgresql_imports_no_sqlalchemy(loaded: tuple[str, Engine]) -> None:
    script = (
        "import sys\n"
        "from crisis_timeline.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "found = sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy')\n"
        "sys.stderr.write(repr(found))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CRISIS_DB", "CRISIS_ANALYST")}
    args = ["--db", loaded[0], "meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z", "--json"]
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False
    )
    assert '"meeting/biden-putin-call-2021-12-30"' in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_a_database_error_on_the_lean_path_is_one_line(
    loaded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while the rows are read (here: a statement the server refuses) is one line."""
    broken = dict(lean_pg.STATEMENTS)
    for key, (_, names, bound) in broken.items():
        broken[key] = ("SELECT * FROM no_such_table", names, bound)
    monkeypatch.setattr(lean_pg, "STATEMENTS", broken)
    done = CliRunner().invoke(cli, ["--db", loaded[0], "meetings", "--json"])
    assert done.exit_code == 1
    assert done.stderr == 'Error: database: relation "no_such_table" does not exist\n'


def test_a_walk_streams_through_a_server_side_cursor(loaded: tuple[str, Engine]) -> None:
    """A view's walk is fetched BATCH rows at a time, as the full path's is: `crisis timeline`
    on a large store prints its first row before the rest is read. Its rows are those the same
    statement gives when fetched all at once."""
    import psycopg

    from crisis_timeline.reading import walk_query

    query = walk_query(VIEWS["timeline"], NOON, Filters(), 1, False)
    values = {"as_of": NOON.as_of, "recorded_before": None, "status": None, "stream": None}
    with psycopg.connect(lean_pg.libpq_url(loaded[0]) or "") as conn:
        reader = lean_pg.PgReader(conn)
        walked = reader.run(query, values)
        assert isinstance(walked, psycopg.ServerCursor)
        streamed = [tuple(row) for row in walked]
        at_once = [tuple(row) for row in reader.execute(lean_pg.STATEMENTS[query.key], values)]
    assert len(streamed) > 1
    assert streamed == at_once
