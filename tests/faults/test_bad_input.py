"""The bad-input corpus: every malformed or hostile input is refused with one line naming the
file (and the fact and field where there is one), exit status 1, nothing written, and soon.

The files live in corpus/, small edits of corpus/valid.yaml; inputs that cannot be kept as
files (a FIFO, /dev/zero, a 50 MB file, a directory) are made by the tests. The expected lines
are written by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from figures import FIGURES
from sqlalchemy import func, select, text

from crisis_timeline.cli.main import cli
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import events

CORPUS = Path(__file__).resolve().parent / "corpus"
TAG = "tag:yaml.org,2002:python/object/apply:os.system"
OUTSIDE = (
    f"resolves outside the fixture's folder '{CORPUS}'; "
    "move the text beside the fixture or pass it with --text"
)
SPAN = "fact 'talks-resume': evidence[0].quote: span"
OCCURRED = "fact 'talks-resume': occurred: not a partial time:"

REFUSED = {
    "malformed": "not valid YAML: line 5: expected ',' or ']', but got ':'",
    "binary": "not UTF-8 text (byte 0 of the file)",
    "empty": "expected a mapping with source, actors and facts",
    "deep-nesting": "line 1: nested more than 64 levels deep",
    "deep-list-in-correction": "line 33: nested more than 64 levels deep",
    "alias-bomb-in-changes": "more than 500,000 values once its aliases are expanded",
    "python-object": (
        f"not valid YAML: line 18: could not determine a constructor for the tag '{TAG}'"
    ),
    "duplicate-facts-key": "line 27: key 'facts' given twice in one mapping (first on line 13)",
    "duplicate-quote-key": "line 24: key 'quote' given twice in one mapping (first on line 23)",
    "nan": "fact 'talks-resume': data.statement: Input should be a valid string",
    "infinity": "fact 'troops': data.high: Input should be a finite number",
    "huge-int": (
        "line 30: integer 100000000000000000000000000000 is out of the 64-bit range the store keeps"
    ),
    "span-negative": f"{SPAN} [-5, 44] does not hold the quote (the text has 103 characters)",
    "span-reversed": f"{SPAN} [60, 12] does not hold the quote (the quote is at [29])",
    "span-past-the-text": f"{SPAN} [90, 139] does not hold the quote (the quote is at [29])",
    "zero-width-in-quote": (
        "fact 'talks-resume': evidence[0].quote: not found in source text; at [29, 77] it "
        "differs only in invisible characters; it has '' where the quote has '\\u200b'"
    ),
    "combining-in-quote": (
        "fact 'talks-resume': evidence[0].quote: not found in source text; at [29, 77] it "
        "differs only in combining marks; it has '' where the quote has '\\u0301'"
    ),
    "lone-surrogate": (
        "line 18: a value holds a lone surrogate ('\\ud800'), which UTF-8 cannot encode"
    ),
    "nul-in-title": "line 4: a value holds a NUL character",
    "year-0": f"{OCCURRED} '0000-01-10' (year 0 is out of range)",
    "year-10000": f"{OCCURRED} '10000-01-10'",
    "february-30": f"{OCCURRED} '2022-02-30' (day is out of range for month)",
    "offset-25-hours": f"{OCCURRED} '2022-01-10T10:00+25:00' (bad offset +25:00)",
    "reversed-range": f"{OCCURRED} '2022-01-10/2021-12-30' (range end is not after its start)",
    "sql-in-stream": (
        "fact 'talks-resume': stream: stream must look like 'family/name', "
        "e.g. 'meeting/biden-putin-call'"
    ),
    "path-traversal": f"source: text_file: '../../../../../../etc/passwd': {OUTSIDE}",
    "absolute-text-file": f"source: text_file: '/etc/hostname': {OUTSIDE}",
}


def crisis(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--analyst", "tester", *args])


def stored(url: str) -> int:
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())
    finally:
        engine.dispose()


def assert_refused(url: str, result: Result, line: str) -> None:
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"Error: {line}\n"
    assert stored(url) == 0
    FIGURES["bad inputs refused in one line, nothing written"] += 1


def test_the_corpus_holds_every_case_and_a_valid_file() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.yaml")) == sorted(
        [*REFUSED, "valid", "date-unquoted"]
    )


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_bad_file_is_refused_in_one_line(db_url: str, name: str) -> None:
    path = CORPUS / f"{name}.yaml"
    assert_refused(db_url, crisis(db_url, "load", str(path)), f"{path}: {REFUSED[name]}")


def test_the_valid_file_and_an_unquoted_date_load(db_url: str) -> None:
    """The corpus's files fail for their one edit: the file they are made from loads."""
    for name in ("valid", "date-unquoted"):
        result = crisis(db_url, "load", str(CORPUS / f"{name}.yaml"))
        assert (result.exit_code, result.stdout) == (0, "3 new, 0 already present (1 file)\n"), (
            result.output
        )


def test_an_unquoted_yaml_date_is_the_same_partial_time_as_the_string(db_url: str) -> None:
    crisis(db_url, "load", str(CORPUS / "date-unquoted.yaml"))
    crisis(db_url, "load", str(CORPUS / "valid.yaml"))
    result = crisis(db_url, "events", "--type", "SourceRegistered", "--json")
    published = [e["data"]["published"] for e in json.loads(result.stdout)]
    day = {
        "start": "2022-01-06T00:00:00Z",
        "end": "2022-01-07T00:00:00Z",
        "precision": "day",
        "text": None,
    }
    assert published == [day, day]


def special_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Inputs that are not regular files, or too large: the path, and the reason expected."""
    fifo = tmp / "fifo.yaml"
    os.mkfifo(fifo)
    folder = tmp / "folder.yaml"
    folder.mkdir()
    huge = tmp / "huge.yaml"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB of zeros that take no disk
    return {
        "fifo": (fifo, "not a regular file (a FIFO)"),
        "directory": (folder, "not a regular file (a directory)"),
        "dev-zero": (Path("/dev/zero"), "not a regular file (a device)"),
        "50-mb": (huge, "larger than the 8,388,608 bytes allowed"),
        "missing": (tmp / "missing.yaml", "cannot read: No such file or directory"),
    }


@pytest.mark.timeout(30)
def test_special_and_huge_files_are_refused_without_reading_them(
    db_url: str, tmp_path: Path
) -> None:
    for path, reason in special_files(tmp_path).values():
        assert_refused(db_url, crisis(db_url, "load", str(path)), f"{path}: {reason}")


@pytest.mark.timeout(30)
def test_special_files_as_source_text_are_refused(db_url: str, tmp_path: Path) -> None:
    valid = CORPUS / "valid.yaml"
    files = special_files(tmp_path)
    directory, _ = files.pop("directory")
    files["50-mb"] = (
        files["50-mb"][0],
        "larger than the 16,777,216 bytes allowed",
    )  # texts may be larger
    for path, reason in files.values():
        result = crisis(db_url, "load", "--text", str(path), str(valid))
        assert_refused(db_url, result, f"{valid}: source: text_file: '{path}': {reason}")
    usage = crisis(
        db_url, "load", "--text", str(directory), str(valid)
    )  # click's own check: a usage error
    assert (
        usage.exit_code == 2
        and usage.stderr.splitlines()[-1]
        == f"Error: Invalid value for '--text': File '{directory}' is a directory."
    )
    fixture = tmp_path / "fixture.yaml"
    os.mkfifo(tmp_path / "article.txt")
    fixture.write_text((CORPUS / "valid.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = crisis(db_url, "load", str(fixture))
    assert_refused(
        db_url, result, f"{fixture}: source: text_file: 'article.txt': not a regular file (a FIFO)"
    )


def test_a_megabyte_title_is_refused(db_url: str, tmp_path: Path) -> None:
    valid = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    path = tmp_path / "title.yaml"
    path.write_text(
        valid.replace("title: Talks to resume", "title: " + "x" * 1_000_000), encoding="utf-8"
    )
    result = crisis(db_url, "load", "--text", str(CORPUS / "article.txt"), str(path))
    assert_refused(
        db_url, result, f"{path}: line 4: a value of 1,000,000 characters (at most 65,536)"
    )


def test_a_span_error_shows_no_text_of_the_file(db_url: str, tmp_path: Path) -> None:
    """A span pointing at another file's contents names offsets, never the characters there."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3, encoding="utf-8")
    result = crisis(db_url, "load", "--text", str(secret), str(CORPUS / "span-negative.yaml"))
    assert "root" not in result.stderr
    assert result.exit_code == 1


def test_a_thousand_bad_facts_stop_after_fifty_problems(db_url: str, tmp_path: Path) -> None:
    valid = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    facts = "".join(
        f"  - {{key: bad-{i}, type: ClaimMade, stream: claim/bad-{i}, data: {{}}, "
        "evidence: [{quote: Kyiv was not consulted, attribution: reporter}]}\n"
        for i in range(1000)
    )
    path = tmp_path / "many.yaml"
    path.write_text(valid + facts, encoding="utf-8")
    result = crisis(db_url, "load", "--text", str(CORPUS / "article.txt"), str(path))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and stored(db_url) == 0
    # Two problems per fact (statement and modality missing), then the loader stops.
    assert lines[0] == f"Error: {path}: fact 'bad-0': data.statement: Field required"
    assert lines[49] == f"{path}: fact 'bad-24': data.modality: Field required"
    assert lines[50:] == ["... and 1 more problem not shown"]


def test_a_database_of_a_newer_schema_is_refused(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff0000ffff'"))
    engine.dispose()
    result = crisis(db_url, "load", str(CORPUS / "valid.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: database schema is at revision ffff0000ffff, which this program does not know"
    )
    assert len(result.stderr.splitlines()) == 1


def test_a_database_where_nothing_can_be_created_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["--db", "/proc/crisis.db", "init"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
