"""What every answer's X-Crisis-Behind says is read again whenever the database may have changed
(on SQLite, when its files have; never from a key a commit may share), and the page's static
files are revalidated by their entity tags."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest
from serving import get, served
from sqlalchemy import Engine
from support import make_store, note

from crisis_timeline.store.engine import open_reader
from crisis_timeline.web import behind as behind_module
from crisis_timeline.web.behind import Behind


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each read of the views' positions, as it happens."""
    reads: list[int] = []
    real = behind_module.standing

    def reading(engine: Engine, names: Any) -> Any:
        reads.append(1)
        return real(engine, names)

    monkeypatch.setattr(behind_module, "standing", reading)
    return reads


def test_a_commit_is_seen_by_the_next_answer(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counted(monkeypatch)
    monkeypatch.setattr(behind_module, "SETTLED_NS", 0)  # trust any key: the files' own change
    watch = Behind(open_reader(db_url))
    assert watch().lag == 0
    make_store(engine).append("note/a", [note("note/a", "one")], 0, recorded_by="test")
    assert watch().lag == 1  # never caught up: one event the views have not taken in
    make_store(engine).append("note/a", [note("note/a", "two")], 1, recorded_by="test")
    assert watch().lag == 2
    first = len(reads)
    assert watch().lag == 2
    kept = len(reads) == first  # nothing written since: SQLite's files unchanged
    assert kept == (engine.url.get_backend_name() == "sqlite")


def test_files_changed_a_moment_ago_are_read_again(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counted(monkeypatch)
    watch = Behind(open_reader(db_url))
    make_store(engine).append("note/a", [note("note/a", "one")], 0, recorded_by="test")
    for _ in range(3):
        assert watch().lag == 1
    assert len(reads) == 3  # written within the second: a second commit could share the key


def status_of(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as e:  # urllib reports a 304 as an error
        return e.code


def test_static_files_answer_304_to_their_tag(db_url: str) -> None:
    with served(db_url) as base:
        status, headers, _ = get(base, "/static/page.js")
        assert status == 200 and headers["etag"]
        tag = {"If-None-Match": headers["etag"]}
        assert status_of(base + "/static/page.js", tag) == 304
        assert status_of(base + "/static/axis.js", tag) == 200  # another file, another tag


def test_remembered_answers_are_computed_again_after_a_commit(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(behind_module, "SETTLED_NS", 0)
    watch, computed = Behind(open_reader(db_url)), []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    answers = [watch.remember("n", compute), watch.remember("n", compute)]
    make_store(engine).append("note/a", [note("note/a", "one")], 0, recorded_by="test")
    answers.append(watch.remember("n", compute))
    sqlite = engine.url.get_backend_name() == "sqlite"
    assert answers == ([1, 1, 2] if sqlite else [1, 2, 3])  # PostgreSQL: computed every time
