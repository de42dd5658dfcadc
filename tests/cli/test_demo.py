"""`make demo` (.ci/demo) makes its own database and never touches one it did not make."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_view_commands import FIXTURE, ROOT, ok, run


def demo(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "demo"), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


# The seed's 49 events (its source, 20 actors, 28 facts) and the 24 February 2022 fixture's 21
# (its source, 10 actors, 10 facts): the demo loads every fixture.
DEMO_EVENTS = 49 + 21


def events_by(db: Path) -> list[str]:
    return ok(run(["--db", str(db), "events", "--nl"])).splitlines()


def test_the_demo_makes_its_own_database_and_says_how_to_get_crisis_on_path(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = demo(db)
    assert first.returncode == 0, first.stderr
    assert len(events_by(db)) == DEMO_EVENTS
    assert first.stdout.rstrip().splitlines()[-6:-3] == [
        f"The demo's database is {db}; your own work goes in ./crisis.db, the default, "
        "which the demo never touches.",
        "crisis is installed in .venv/bin. To have it on your PATH:",
        "    . .venv/bin/activate        (this shell; or: pipx install .  for every shell)",
    ]
    again = demo(db)  # its own database: made again from scratch
    assert again.returncode == 0, again.stderr
    assert len(events_by(db)) == DEMO_EVENTS


def test_the_demo_leaves_a_database_with_someone_elses_events_alone(tmp_path: Path) -> None:
    db = tmp_path / "crisis.db"
    ok(run(["--db", str(db), "init"]))
    ok(run(["--db", str(db), "--analyst", "ana", "load", str(FIXTURE)]))
    before = events_by(db)
    refused = demo(db)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr == (
        f"make demo: {db} holds 49 events the demo did not all record; leaving it alone "
        "(give another: make demo DB=./other.db)\n"
    )
    assert events_by(db) == before and len(before) == 49


def test_the_demo_leaves_a_file_that_is_not_its_database_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n")
    refused = demo(notes)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith(
        f"make demo: {notes} exists and is not a database the demo made"
    )
    assert notes.read_text() == "my notes\n"


def test_make_demo_installs_the_program_without_the_test_extras() -> None:
    makefile = (ROOT / "Makefile").read_text()
    rule = makefile.split("$(DEMO_STAMP): pyproject.toml\n", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet -e .\n" in rule + "\n" and "[test]" not in rule
    assert "demo: $(DEMO_STAMP)\n" in makefile and "DB ?= ./demo.db\n" in makefile
