"""Command lines that used to end in a traceback: each is one line and an exit status now."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crisis_timeline.cli.main import cli

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "reuters-2021-12-30-biden-putin-second-call.yaml"
)
TOO_BIG = str(2**63)
RANGE = "is not in the range"


def crisis(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["events", "--after", TOO_BIG],
            f"Error: Invalid value for '--after': {TOO_BIG} {RANGE} 0<=x<={2**63 - 1}.",
        ),
        (
            ["events", "--limit", TOO_BIG],
            f"Error: Invalid value for '--limit': {TOO_BIG} {RANGE} 1<=x<={2**63 - 1}.",
        ),
        (
            ["timeline", "--limit", TOO_BIG],
            f"Error: Invalid value for '--limit': {TOO_BIG} {RANGE} 1<=x<={2**63 - 1}.",
        ),
    ],
)
def test_numbers_beyond_64_bits_are_usage_errors(
    db_url: str, args: list[str], expected: str
) -> None:
    result = crisis("--db", db_url, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == expected
    assert "Traceback" not in result.output


def test_upcoming_meetings_at_the_start_of_time(db_url: str) -> None:
    assert crisis("--db", db_url, "--analyst", "t", "load", str(SEED)).exit_code == 0
    result = crisis("--db", db_url, "meetings", "--upcoming", "--as-of", "0001-01-01", "--json")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "[]\n", "")
    every = crisis(
        "--db", db_url, "meetings", "--upcoming", "--as-of", "0001-01-01", "--limit", "5", "--json"
    )
    assert (every.exit_code, every.stdout) == (0, "[]\n")


def test_an_unparsable_database_url_is_one_line() -> None:
    result = crisis("--db", "postgresql://[::1", "meetings")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --db: not a database path or URL: 'postgresql://[::1'\n",
    )


@pytest.mark.parametrize("analyst", ["", "   "])
def test_an_empty_analyst_is_refused_not_replaced(db_url: str, analyst: str) -> None:
    result = crisis("--db", db_url, "--analyst", analyst, "load", str(SEED))
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '--analyst': must name who is recording, not be empty"
    )
