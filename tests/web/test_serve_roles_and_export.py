"""`crisis serve` as PostgreSQL's reader role, and a SQLite file the server cannot change
(`crisis export html`'s bounds are in test_export_html_bounds.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pgroles import roles
from serving import SEED, crisis, get, served


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
