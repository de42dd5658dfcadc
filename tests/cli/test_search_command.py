"""`crisis search` through CliRunner on the seed fixture: formats, its help's example, errors.

Expected streams, spans and keys are written by hand from the article and the README's
documented keys. Each test runs on SQLite and on PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crisis_timeline.cli.main import cli
from crisis_timeline.cli.search import COLUMNS
from crisis_timeline.store import search_index
from crisis_timeline.store.engine import open_engine

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
README = ROOT / "README.md"
CLEAN_ENV: dict[str, str | None] = {"CRISIS_DB": None, "CRISIS_ANALYST": None}
PULLBACK = [
    ("claim/russia-pulling-back-10000-troops", "ClaimMade", [2144, 2252]),
    ("force/russia-ukraine-border", "ForceWithdrawalReported", [2144, 2252]),
    ("claim/russia-pulling-back-10000-troops", "ClaimDisputed", [2105, 2307]),
]


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], prog_name="crisis", env=CLEAN_ENV)


@pytest.fixture
def seeded_db(db_url: str) -> str:
    assert run(db_url, "--analyst", "test", "load", str(FIXTURE)).exit_code == 0
    return db_url


def test_search_in_every_format(seeded_db: str) -> None:
    found = json.loads(run(seeded_db, "search", "10,000 troops", "--json").stdout)
    assert [(r["stream"], r["type"], r["span"]) for r in found] == PULLBACK
    assert [list(r) for r in found] == [sorted(COLUMNS)] * 3  # canonical JSON: keys sorted
    lines = run(seeded_db, "search", "10,000 troops", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == found
    table = list(csv.reader(io.StringIO(run(seeded_db, "search", "10,000 troops", "--csv").stdout)))
    # CSV gives the partial time `reported` four columns (README, CSV)
    flat = [
        part
        for c in COLUMNS
        for part in (
            [f"reported_{p}" for p in ("start", "end", "precision", "text")]
            if c == "reported"
            else [c]
        )
    ]
    assert (table[0], [row[2] for row in table[1:]]) == (flat, [s for s, _t, _sp in PULLBACK])
    text = run(seeded_db, "search", "10,000 troops").stdout.splitlines()
    assert text[0].split() == ["rank", "stream", "type", "span", "attribution", "quote"]
    assert [line.split()[:4] for line in text[1:]] == [
        [str(i), s, t, f"{sp[0]}-{sp[1]}"] for i, (s, t, sp) in enumerate(PULLBACK, 1)
    ]


def test_load_indexes_what_it_appended(seeded_db: str) -> None:
    engine = open_engine(seeded_db)
    try:
        assert search_index.lag(engine) == 0
    finally:
        engine.dispose()


def test_as_of_limit_and_rebuild(seeded_db: str) -> None:
    assert (
        run(seeded_db, "search", "10,000 troops", "--as-of", "2021-12-29").stdout == "(no rows)\n"
    )
    assert len(json.loads(run(seeded_db, "search", "troops", "--limit", "2", "--json").stdout)) == 2
    rebuilt = run(seeded_db, "rebuild", "search")
    assert (rebuilt.exit_code, rebuilt.stdout) == (0, "rebuilt search from 49 events\n")
    found = json.loads(run(seeded_db, "search", "10,000 troops", "--json").stdout)
    assert [(r["stream"], r["type"], r["span"]) for r in found] == PULLBACK


def test_the_help_example_works(seeded_db: str) -> None:
    help_text = run(seeded_db, "search", "--help").stdout
    assert (
        help_text.splitlines()[2].strip()
        == "Search the facts' quotes, statements and titles; best matches first."
    )
    examples = re.findall(r"^\s+crisis (search .+)$", help_text, flags=re.M)
    assert len(examples) == 2
    for example in examples:
        result = run(seeded_db, *shlex.split(example))
        assert result.exit_code == 0 and result.stdout.strip() not in ("", "[]", "(no rows)"), (
            example
        )


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", '"'], "Error: '\"' has no letters or digits to search for"),
        (["search"], 'Error: give the words to search for, e.g. crisis search "10,000 troops"'),
    ],
)
def test_nothing_to_search_for_is_one_line(seeded_db: str, args: list[str], message: str) -> None:
    result = run(seeded_db, *args)
    assert (result.exit_code, result.stdout, result.stderr.splitlines()) == (1, "", [message])


def test_query_syntax_never_reaches_the_database(seeded_db: str) -> None:
    for words in ('NEAR("troops', "troops AND (", "'; DROP TABLE events; --", "*"):
        result = run(seeded_db, "search", words)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, words
    assert len(json.loads(run(seeded_db, "search", "troops", "--json").stdout)) == 5


def test_search_and_its_keys_are_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "| `search WORDS…`" in readme
    paragraph = readme.split("**`search`**", 1)[1].split("\n\n", 1)[0]
    keys = [k for k in re.findall(r"`([a-z_]+)`", paragraph) if k in COLUMNS]
    assert list(dict.fromkeys(keys)) == list(COLUMNS)
