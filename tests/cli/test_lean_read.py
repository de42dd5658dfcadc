"""The lean read path (crisis_timeline.lean) answers as queries.view does, for every view and
filter, on the seed and invasion fixtures at several times; its statements are what the
generator makes of reading.py's; it hands over to the full path whenever it must."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from crisis_timeline.cli.main import cli
from crisis_timeline.lean import generate
from crisis_timeline.lean import read as lean_read
from crisis_timeline.lean.read import open_read
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.view import View
from crisis_timeline.queries import view as query_view
from crisis_timeline.store.engine import open_engine
from crisis_timeline.views import At, Filters

FIXTURES = sorted(str(p) for p in (Path(__file__).parents[2] / "fixtures").glob("*.yaml"))
TIMES = [
    None,
    datetime(2021, 12, 29, 23, 59, 59, tzinfo=UTC),
    datetime(2021, 12, 30, 12, tzinfo=UTC),
    datetime(2022, 1, 11, tzinfo=UTC),
    datetime(2022, 2, 24, 12, tzinfo=UTC),
    datetime(2022, 3, 1, tzinfo=UTC),
]
CLOCK = datetime(2022, 1, 5, tzinfo=UTC)
""""Now" for the answers without --as-of, pinned so that both paths judge at one instant."""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    path = str(tmp_path_factory.mktemp("lean") / "crisis.db")
    runner = CliRunner()
    for args in (["init"], ["load", *FIXTURES]):
        done = runner.invoke(cli, ["--db", path, "--analyst", "test", *args])
        assert done.exit_code == 0, done.output
    engine = open_engine(path)
    yield path, engine
    engine.dispose()


def filters_of(view: View, engine: Engine) -> list[Filters]:
    """Every filter the view takes, alone and with a page, with values found in the store."""
    rows = query_view(engine, view, At(clock=CLOCK))
    actors = sorted({a for r in rows for k in view.actor_keys for a in _listed(r.get(k))})
    shapes = [Filters(), Filters(limit=2), Filters(limit=3, offset=2), Filters(offset=1)]
    if "upcoming" in view.supported:
        shapes += [Filters(upcoming=True), Filters(upcoming=True, limit=1)]
        shapes += [Filters(upcoming=True, limit=2, offset=1)]
    if "open_only" in view.supported:
        shapes += [Filters(open_only=True), Filters(open_only=True, limit=2)]
    if "status" in view.supported:
        statuses = view.statuses or tuple(sorted({str(r.get(view.status_key)) for r in rows}))
        shapes += [Filters(status=s) for s in statuses]
        shapes += [Filters(status=statuses[0], limit=1)]
    if "actor" in view.supported and actors:
        shapes += [Filters(actor=actors[0]), Filters(actor=actors[-1], limit=1)]
    if "world_from" in view.supported:
        shapes += [
            Filters(world_from=datetime(2021, 12, 30, tzinfo=UTC)),
            Filters(world_to=datetime(2022, 1, 1, tzinfo=UTC), limit=2),
        ]
    return shapes


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def assert_answers_as_queries_view(location: str, engine: Engine, name: str) -> None:
    """The lean path at `location` answers every filter of the view at every time as
    queries.view does through `engine` (the same database)."""
    view = VIEWS[name]
    asked = 0
    for f in filters_of(view, engine):
        for as_of in TIMES:
            at = At(as_of, clock=None if as_of else CLOCK)
            lean = open_read(location, view, at, f)
            assert lean is not None, (name, f, as_of)
            assert not lean.standing.lag
            assert list(lean.rows) == query_view(engine, view, at, f), (name, f, as_of)
            asked += 1
    assert asked >= 4 * len(TIMES)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_lean_path_answers_as_queries_view(loaded: tuple[str, Engine], name: str) -> None:
    assert_answers_as_queries_view(*loaded, name)


def test_answers_are_not_empty_where_the_fixtures_say_something(
    loaded: tuple[str, Engine],
) -> None:
    path, _ = loaded
    at = At(datetime(2021, 12, 30, 12, tzinfo=UTC))
    for name in ("meetings", "claims", "timeline", "actors", "sources"):
        lean = open_read(path, VIEWS[name], at, Filters())
        assert lean is not None and list(lean.rows), name
    lean = open_read(path, VIEWS["meetings"], at, Filters(upcoming=True))
    assert lean is not None
    assert [m["id"] for m in lean.rows][:1] == ["meeting/biden-putin-call-2021-12-30"]


def test_the_statements_are_what_the_generator_makes() -> None:
    assert generate.TARGET.read_text(encoding="utf-8") == generate.source()


def test_what_the_lean_path_leaves_to_the_full_one(
    loaded: tuple[str, Engine], tmp_path: Path
) -> None:
    path, _ = loaded
    meetings = VIEWS["meetings"]
    t = datetime(2021, 12, 30, 12, tzinfo=UTC)
    assert open_read(path, meetings, At(t, t), Filters()) is None  # --recorded-before
    assert open_read(path, meetings, At(t), Filters(stream="meeting/x")) is None
    assert open_read(f"sqlite:///{path}", meetings, At(t), Filters()) is None
    assert open_read(str(tmp_path / "none.db"), meetings, At(t), Filters()) is None
    bare = tmp_path / "bare.db"
    sqlite3.connect(bare).close()
    assert open_read(str(bare), meetings, At(t), Filters()) is None  # no schema
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert open_read(str(garbage), meetings, At(t), Filters()) is None


def _behind(path: str, tmp_path: Path) -> str:
    """A copy of the store whose views lack the newest event (its position record lowered)."""
    copy = tmp_path / "behind.db"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE projection_positions SET position = position - 1")
    return str(copy)


def test_views_behind_the_log_go_to_the_full_path_when_it_may_catch_them_up(
    loaded: tuple[str, Engine], tmp_path: Path
) -> None:
    copy = _behind(loaded[0], tmp_path)
    assert open_read(copy, VIEWS["meetings"], At(), Filters()) is None


def test_a_reader_of_views_behind_is_answered_with_the_note(
    loaded: tuple[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, engine = loaded
    copy = _behind(path, tmp_path)
    monkeypatch.setattr(lean_read, "may_write_file", lambda path: False)  # as a reader
    at = At(datetime(2021, 12, 30, 12, tzinfo=UTC))
    lean = open_read(copy, VIEWS["meetings"], at, Filters(upcoming=True))
    assert lean is not None and lean.standing.lag == 1
    assert list(lean.rows) == query_view(engine, VIEWS["meetings"], at, Filters(upcoming=True))
    done = CliRunner().invoke(cli, ["--db", copy, "meetings", "--upcoming", "--json"])
    assert done.exit_code == 0
    assert done.stderr.startswith("note: views are 1 events behind the log (at position ")


def test_a_database_error_on_the_lean_path_is_one_line(
    loaded: tuple[str, Engine], tmp_path: Path
) -> None:
    copy = tmp_path / "broken.db"
    with sqlite3.connect(loaded[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE projection_versions")
    done = CliRunner().invoke(cli, ["--db", str(copy), "meetings", "--json"])
    assert done.exit_code == 1
    assert done.stderr == "Error: database: no such table: projection_versions\n"
