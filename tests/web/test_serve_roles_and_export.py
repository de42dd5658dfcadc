"""`crisis serve` as PostgreSQL's reader role, a SQLite file the server cannot change, and
`crisis export html` refusing a store too large for one file (nothing written)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pgroles import roles
from serving import SEED, crisis, get, served

from crisis_timeline.cli.main import cli


def test_serves_as_the_reader_role(databases: Any) -> None:
    with roles(databases) as pg:
        assert crisis(pg.admin_url, "load", str(SEED)).returncode == 0
        assert (
            crisis(
                pg.admin_url, "db", "grant", "--reader", pg.reader, "--writer", pg.writer
            ).returncode
            == 0
        )
        with served(pg.cluster.url(pg.dbname, user=pg.reader)) as base:
            status, headers, rows = get(
                base, "/api/views/meetings?upcoming=true&as_of=2021-12-30T23:59Z"
            )
        assert status == 200 and headers["x-crisis-behind"] == "0"
        assert [r["id"] for r in rows] == [
            "meeting/us-russia-security-talks-2022-01-10",
            "meeting/russia-nato-session-2022-01-12",
            "meeting/european-security-conference-2022-01-13",
        ]


def test_the_sqlite_file_is_unchanged(tmp_path: Path, databases: Any) -> None:
    db = databases.url("sqlite")
    assert crisis(db, "load", str(SEED)).returncode == 0
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    with served(db) as base:
        for path in (
            "/api/replay",
            "/api/audit/claim/russia-pulling-back-10000-troops",
            "/api/page",
            "/",
        ):
            assert get(base, path)[0] == 200
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before


def test_export_html_refuses_a_store_too_large(
    seeded_sqlite: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crisis_timeline.web import page

    monkeypatch.setattr(
        page, "MAX_MOMENTS", 3
    )  # the seed's facts are reported, and its meetings end, at more times
    target = tmp_path / "page.html"
    result = CliRunner().invoke(
        cli, ["--db", seeded_sqlite, "export", "html", "-o", str(target)], prog_name="crisis"
    )
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert re.fullmatch(
        r"Error: the store has \d+ knowledge times, "
        r"more than one file holds \(3\); crisis serve shows it",
        line,
    )
    assert not target.exists()


@pytest.fixture
def seeded_sqlite(databases: Any) -> str:
    db = str(databases.url("sqlite"))
    assert crisis(db, "load", str(SEED)).returncode == 0
    return db
