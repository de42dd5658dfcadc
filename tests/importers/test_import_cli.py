"""`crisis import acled|plover`: what it says, its exit status, and its errors (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from support import ok, run

DATA = Path(__file__).parent / "data"


def test_import_acled_then_a_revised_export_with_deletions(db_url: str) -> None:
    first = run(["--db", db_url, "import", "acled", str(DATA / "acled-2022-02-28.csv")])
    # 4 incidents and 4 tolls, ACLED and 7 actors it names, 4 places, the file: 21 events.
    assert ok(first) == "4 rows: 4 new, 0 revised, 0 unchanged; 21 events appended\n"
    second = run(
        [
            "--db",
            db_url,
            "import",
            "acled",
            str(DATA / "acled-2022-03-07.csv"),
            "--deleted",
            str(DATA / "acled-deleted-2022-03-10.csv"),
        ]
    )
    # UKR1005 and its toll, 2 corrections of UKR1002, the file; 2 retractions of UKR1003, the list.
    assert ok(second) == (
        "5 rows: 1 new, 1 revised, 3 unchanged, 1 deleted (1 not imported before); "
        "8 events appended\n"
    )


def test_a_bad_row_is_one_line_and_exit_status_1(db_url: str) -> None:
    bad = DATA / "acled-bad.csv"
    result = run(["--db", db_url, "import", "acled", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}:3: time_precision: '4': expected 1 (the day), "
        "2 (about a week around the date), 3 (the month)\n"
    )
    assert "Traceback" not in result.output


def test_import_plover(db_url: str) -> None:
    result = run(["--db", db_url, "import", "plover", str(DATA / "plover-2022-02-24.jsonl")])
    # 3 events, 6 actors, 2 places, the 3 sources cited and the file: 15 events.
    assert ok(result) == "3 records: 3 new, 0 already present; 15 events appended\n"


def test_a_missing_file_is_a_usage_error(db_url: str, tmp_path: Path) -> None:
    result = run(["--db", db_url, "import", "plover", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_report_lists_the_bad_rows_and_exit_status_is_1(db_url: str, tmp_path: Path) -> None:
    bad, report = DATA / "plover-bad.jsonl", tmp_path / "report.txt"
    result = run(["--db", db_url, "import", "plover", str(bad), "--report", str(report)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: 4 bad rows, listed in {report}; nothing written\n"
    assert len(report.read_text(encoding="utf-8").splitlines()) == 4
    assert json.loads(ok(run(["--db", db_url, "events", "--json"]))) == []


def test_imported_incidents_stand_on_the_timeline_at_their_world_time(db_url: str) -> None:
    ok(run(["--db", db_url, "import", "acled", str(DATA / "acled-2022-02-28.csv")]))
    rows = json.loads(ok(run(["--db", db_url, "timeline", "--json"])))
    when = {r["stream"]: r["when"] for r in rows if r["type"] == "IncidentReported"}
    # UKR1003: 26 February at time precision 2, the week around it (23 February to 1 March).
    assert when["incident/acled-ukr1003"]["start"] == "2022-02-23T00:00:00Z"
    assert when["incident/acled-ukr1003"]["end"] == "2022-03-02T00:00:00Z"
    assert when["incident/acled-ukr1004"]["precision"] == "month"
