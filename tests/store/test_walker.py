"""store.walker: a rebuild of a long log walks its hash chain in a child process while it folds,
and commits only once every position up to its head verifies; a child that cannot answer is
walked again here, and one whose rebuild was given up is stopped."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select, update
from support import drop_guard, execute

from crisis_timeline.cli.main import cli
from crisis_timeline.store import chain, walker
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import events as T
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.store.schema import search_entries as S

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "reuters-2021-12-30-biden-putin-second-call.yaml"
)
BROKEN = "hash chain broken at position 7: stored content does not match its hash"


def crisis(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--analyst", "tester", *args])


@pytest.fixture
def seeded(db_url: str) -> Iterator[tuple[str, Engine]]:
    assert crisis(db_url, "load", str(SEED)).exit_code == 0
    engine = open_engine(db_url)
    yield db_url, engine
    engine.dispose()


@pytest.fixture
def in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every log walked in a child, and never here: a walk here fails the test."""

    def not_here(*_args: Any, **_kwargs: Any) -> chain.ChainCheck:
        raise AssertionError("the chain was walked in the rebuilding process")

    monkeypatch.setattr(walker, "BESIDE_FROM", 0)
    monkeypatch.setattr(walker.chain, "walk", not_here)


def tampered(engine: Engine) -> None:
    """Position 7's data changed in place, its hash left as it was."""
    drop_guard(engine, "UPDATE")
    execute(engine, update(T).where(T.c.position == 7).values(data='{"tampered": true}'))


def view_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        query = select(V.c.projection, V.c.stream, V.c.key, V.c.content).order_by(V.c.id)
        return [tuple(r) for r in conn.execute(query)]


def test_the_child_walks_an_intact_chain_and_the_rebuild_commits(
    seeded: tuple[str, Engine], in_a_child: None
) -> None:
    url, engine = seeded
    before = sorted(view_rows(engine))
    result = crisis(url, "rebuild")
    assert result.exit_code == 0, result.stderr
    after = view_rows(engine)
    assert sorted(after) == before and after != []


def test_a_chain_the_child_finds_broken_refuses_the_rebuild_and_nothing_is_written(
    seeded: tuple[str, Engine], in_a_child: None
) -> None:
    url, engine = seeded
    before = view_rows(engine)
    tampered(engine)
    result = crisis(url, "rebuild")
    assert result.exit_code == 1
    assert result.stderr == f"Error: not rebuilt: {BROKEN}\n"
    assert view_rows(engine) == before


@pytest.mark.parametrize(
    "child",
    [
        "import sys; sys.exit(3)",
        "print('no answer')",
        "import sys; sys.stdin.close(); print('{\"checked\": 1}')",
        'print(\'{"checked": 49, "bad_position": null, "reason": "", "head": [49]}\')',
    ],
    ids=["fails", "not JSON", "keys missing", "head cut short"],
)
def test_a_child_that_does_not_answer_is_walked_again_here(
    seeded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    url, engine = seeded
    monkeypatch.setattr(walker, "BESIDE_FROM", 0)
    monkeypatch.setattr(walker, "COMMAND", [sys.executable, "-c", child])
    walked_here: list[int | None] = []
    walk = chain.walk

    def counted(engine: Engine, *, until: int | None = None, **kwargs: Any) -> chain.ChainCheck:
        walked_here.append(until)
        return walk(engine, until=until, **kwargs)

    monkeypatch.setattr(walker.chain, "walk", counted)
    before = view_rows(engine)
    tampered(engine)
    result = crisis(url, "rebuild")
    assert (result.exit_code, result.stderr) == (1, f"Error: not rebuilt: {BROKEN}\n")
    assert walked_here == [49]
    assert view_rows(engine) == before


def test_a_short_log_is_walked_here_with_no_child_started(
    seeded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, engine = seeded
    started: list[Any] = []
    monkeypatch.setattr(walker.subprocess, "Popen", lambda *a, **k: started.append(a))
    tampered(engine)
    result = crisis(url, "rebuild")
    assert (result.exit_code, result.stderr) == (1, f"Error: not rebuilt: {BROKEN}\n")
    assert started == []


def test_a_walk_whose_work_was_given_up_is_stopped(
    seeded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    _url, engine = seeded
    monkeypatch.setattr(walker, "BESIDE_FROM", 0)
    monkeypatch.setattr(walker, "COMMAND", [sys.executable, "-c", "import time; time.sleep(60)"])
    children: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def kept(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        children.append(popen(*args, **kwargs))
        return children[-1]

    monkeypatch.setattr(walker.subprocess, "Popen", kept)
    with pytest.raises(ZeroDivisionError), walker.walking(engine, 49):
        1 / 0  # noqa: B018  (the rebuild fails on its own)
    assert len(children) == 1 and children[0].returncode is not None


def test_the_child_is_told_the_database_on_stdin_not_on_its_command_line(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PostgreSQL URL may hold a password: other users of the machine can read argv."""
    seen = tmp_path / "seen"
    script = f"import sys; open({str(seen)!r}, 'w').write(repr(sys.argv) + sys.stdin.read())"
    monkeypatch.setattr(walker, "BESIDE_FROM", 0)
    monkeypatch.setattr(walker, "COMMAND", [sys.executable, "-c", script])
    engine = open_engine(db_url)
    try:
        walker.Walk(engine, 0).result()
    finally:
        engine.dispose()
    argv, job = seen.read_text().split("]", 1)
    secret = engine.url.render_as_string(hide_password=False)
    assert secret not in argv and f'"url": "{secret}"' in job


@pytest.mark.parametrize("beside", [False, True], ids=["walked here", "walked in a child"])
def test_the_search_index_alone_is_not_rebuilt_from_a_broken_chain(
    seeded: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch, beside: bool
) -> None:
    url, engine = seeded
    if beside:
        monkeypatch.setattr(walker, "BESIDE_FROM", 0)
    with engine.connect() as conn:
        indexed = sorted(tuple(r) for r in conn.execute(select(S)))
    tampered(engine)
    result = crisis(url, "rebuild", "search")
    assert (result.exit_code, result.stderr) == (1, f"Error: not rebuilt: {BROKEN}\n")
    with engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(S))) == indexed != []
