"""Every command's help has one summary line and an Example block, and every example line runs,
exit 0 with an answer, against a database loaded with the seed (both backends)."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from sqlalchemy import text
from test_view_commands import ROOT, run, seeded_db  # noqa: F401  (seeded_db is a fixture)

from crisis_timeline.cli.main import cli
from crisis_timeline.store.engine import open_engine

EXAMPLE_ROLES = ("analysts_ro", "loader")  # the roles `db grant`'s example names


def commands(
    cmd: click.Command = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from commands(sub, (*path, name))


def examples(cmd: click.Command) -> list[list[str]]:
    """The example's command lines, as arguments after `crisis`."""
    block = (cmd.help or "").split("Example:", 1)[1]
    lines = [shlex.split(line) for line in block.strip().splitlines()]
    assert lines and all(line[0] == "crisis" for line in lines), block
    return [line[1:] for line in lines]


def on(db: str, args: list[str]) -> list[str]:
    """The arguments with --db pointing at `db`, the repository's files (fixtures/…, tests/…) named
    in full, and a shell redirection (> file) dropped."""
    if ">" in args:
        args = args[: args.index(">")]
    if args[:1] == ["--db"]:
        args = args[2:]
    return [
        "--db",
        db,
        *(str(ROOT / a) if a.startswith(("fixtures/", "tests/")) else a for a in args),
    ]


def answer_status(app: Any, host: str, port: int, **_: Any) -> None:
    """In place of uvicorn.run: the served app's answer to one request, on standard output."""
    from fastapi.testclient import TestClient

    assert host == "127.0.0.1" and port == 8000
    click.echo(TestClient(app).get("/api/status").text)


def test_every_command_has_a_summary_and_an_example() -> None:
    for path, cmd in commands():
        summary = (cmd.help or "").strip().splitlines()
        assert summary and summary[0].endswith("."), path
        assert examples(cmd), path


def test_every_help_example_runs_on_the_seed(
    seeded_db: str,
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    monkeypatch.chdir(tmp_path)  # files the examples write (-o meetings.ics) land here
    monkeypatch.setattr(
        "uvicorn.run", answer_status
    )  # `crisis serve` answers one request, then returns
    engine = open_engine(seeded_db)
    if backend == "postgresql":
        with engine.begin() as conn:
            for role in EXAMPLE_ROLES:
                conn.execute(text(f"CREATE ROLE {role}"))
    try:
        for path, cmd in commands():
            for args in examples(cmd):
                if "grant" in path and backend != "postgresql":
                    continue  # roles are PostgreSQL's: the example names a postgresql:// database
                result = run(on(seeded_db, args))
                assert result.exit_code == 0, (args, result.output)
                assert "Traceback" not in result.output
                answer = result.stdout.strip() or (
                    "written" if "-o" in args else ""
                )  # export -o FILE
                assert answer and answer not in ("[]", "(no rows)"), (args, result.stdout)
    finally:
        if backend == "postgresql":
            with engine.begin() as conn:
                for role in EXAMPLE_ROLES:
                    conn.execute(text(f"DROP OWNED BY {role}"))
                    conn.execute(text(f"DROP ROLE {role}"))
        engine.dispose()


def test_replay_and_diff_offer_no_csv_and_say_they_print_an_object() -> None:
    for name in ("replay", "diff"):
        help_text = run([name, "--help"]).stdout
        assert "--csv" not in help_text and "One JSON object" in help_text, name
    assert "One JSON object" in run(["audit", "--help"]).stdout


def test_two_output_formats_are_a_usage_error(seeded_db: str) -> None:  # noqa: F811
    result = run(["--db", seeded_db, "meetings", "--json", "--csv"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: --json and --csv: give one output format"


def test_an_unknown_event_type_is_a_usage_error_naming_the_closest(seeded_db: str) -> None:  # noqa: F811
    result = run(["--db", seeded_db, "events", "--type", "ClaimMad"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--type': unknown type 'ClaimMad'; "
        "did you mean ClaimMade or ClaimRetracted or ClaimRefuted?"
    )


def test_verify_rebuild_and_db_current_speak_json(seeded_db: str) -> None:  # noqa: F811
    verified = json.loads(run(["--db", seeded_db, "verify", "--json"]).stdout)
    assert {k: verified[k] for k in ("ok", "checked", "bad_position", "reason")} == {
        "ok": True,
        "checked": 49,
        "bad_position": None,
        "reason": None,
    }
    assert json.loads(run(["--db", seeded_db, "rebuild", "claims", "--json"]).stdout) == {
        "events": 49,
        "rebuilt": ["claims"],
    }
    current = run(["--db", seeded_db, "db", "current", "--json"]).stdout
    assert current.startswith('{"database":"0') and '"program":"0' in current


def test_the_readme_quick_start_takes_a_new_user_to_a_first_own_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's first block's crisis lines, on a fresh ./crisis.db (make demo: test_demo.py)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Quick start.**", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    steps = [
        shlex.split(part)
        for line in block.splitlines()
        for part in line.split("&&")
        if part.strip().startswith("crisis")
    ]
    assert [s[:2] for s in steps] == [
        ["crisis", "init"],
        ["crisis", "load"],
        ["crisis", "meetings"],
    ]
    monkeypatch.chdir(tmp_path)  # ./crisis.db, the default, lands here
    for step in steps:
        args = [str(ROOT / a) if a.startswith("fixtures/") else a for a in step[1:]]
        if "*" in "".join(args):
            args = [a for a in args if "*" not in a] + sorted(
                str(p) for p in (ROOT / "fixtures").glob("*.yaml")
            )
        result = run(args)
        assert result.exit_code == 0, (step, result.output)
    assert (
        "meeting/biden-putin-call-2021-12-30" in result.stdout and (tmp_path / "crisis.db").exists()
    )
