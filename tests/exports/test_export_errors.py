"""Bad input to `crisis export`: one line, exit 1 (2 for usage), and no file, not even a part."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import Result
from exporting import run

from crisis_timeline.exports import output
from crisis_timeline.exports.output import OutputError, write_file

FORMATS = "csv, html, ics, plover, prov, timelinejs, timelinejs-csv"


def error_line(result: Result, status: int = 1) -> str:
    assert result.exit_code == status, (result.exit_code, result.output, result.exception)
    assert result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    return lines[0] if status == 1 and len(lines) == 1 else lines[-1]


def test_an_unknown_format_is_a_usage_error(seeded: str) -> None:
    result = run(["--db", seeded, "export", "pdf", "-o", "x.pdf"])
    assert error_line(result, 2) == f"Error: unknown format 'pdf' (one of {FORMATS})"
    assert result.stderr.startswith("Usage: crisis export ")


def test_an_unknown_claim_leaves_the_file_as_it_was(seeded: str, tmp_path: Path) -> None:
    target = tmp_path / "claim.json"
    target.write_text("before\n")
    result = run(["--db", seeded, "export", "prov", "claim/no-such-claim", "-o", str(target)])
    assert error_line(result) == "Error: no claim 'claim/no-such-claim'"
    assert target.read_text() == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claim.json"]


@pytest.mark.parametrize(
    "fmt",
    [
        ["ics"],
        ["timelinejs"],
        ["timelinejs-csv"],
        ["plover"],
        ["prov", "claim/x"],
        ["csv", "claims"],
    ],
)
def test_a_time_that_does_not_parse_names_the_option_and_writes_nothing(
    seeded: str, tmp_path: Path, fmt: list[str]
) -> None:
    target = tmp_path / "out"
    result = run(["--db", seeded, "export", *fmt, "--as-of", "next week", "-o", str(target)])
    assert error_line(result, 2).startswith(
        "Error: Invalid value for '--as-of': 'next week' is not a time (give e.g."
    )
    assert list(tmp_path.iterdir()) == []


def test_an_output_path_that_cannot_be_written(seeded: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "meetings.ics"
    assert error_line(run(["--db", seeded, "export", "ics", "-o", str(missing)])) == (
        f"Error: -o {missing}: cannot write: No such file or directory"
    )
    under_a_file = tmp_path / "plain-file" / "meetings.ics"
    (tmp_path / "plain-file").write_text("")
    assert error_line(run(["--db", seeded, "export", "ics", "-o", str(under_a_file)])) == (
        f"Error: -o {under_a_file}: cannot write: Not a directory"
    )
    assert (
        error_line(run(["--db", seeded, "export", "ics", "-o", str(tmp_path)]))
        == f"Error: -o {tmp_path}: is a directory"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-file"]


def test_csv_takes_only_the_views_own_filters(seeded: str) -> None:
    assert error_line(run(["--db", seeded, "export", "csv", "claims", "--upcoming"]), 2) == (
        "Error: --upcoming does not apply to the claims view"
    )
    assert error_line(
        run(["--db", seeded, "export", "csv", "meetings", "--status", "disputed"]), 2
    ) == (
        "Error: --status 'disputed' is not a status of meetings "
        "(one of requested, scheduled, held, cancelled)"
    )
    assert "Invalid value for '{meetings|claims|timeline|actors|forces|demands}'" in error_line(
        run(["--db", seeded, "export", "csv", "sources"]), 2
    )


def test_a_write_that_fails_half_way_leaves_no_part_and_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "timeline.json"
    target.write_bytes(b"old")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full_disk)
    with pytest.raises(OutputError, match=f"^-o {target}: cannot write: No space left on device$"):
        write_file(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.json"]


def test_a_new_file_gets_the_umasks_permissions_and_an_old_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    new, old = tmp_path / "new.ics", tmp_path / "old.ics"
    old.write_bytes(b"x")
    old.chmod(0o640)
    umask = os.umask(0o022)
    try:
        write_file(str(new), b"a")
        write_file(str(old), b"b")
    finally:
        os.umask(umask)
    assert (new.stat().st_mode & 0o777, old.stat().st_mode & 0o777) == (0o644, 0o640)
    assert (new.read_bytes(), old.read_bytes()) == (b"a", b"b")
