"""The `crisis` command line through CliRunner: exact output per format, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from uuid import UUID

import click
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text
from support import make_store, note

from crisis_timeline.cli.main import cli
from crisis_timeline.cli.options import App, pass_app
from crisis_timeline.events import Attribution, Event, Evidence, NewEvent, Payload, Registry
from crisis_timeline.store import migrate
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import parse_partial

# Keep the caller's environment out: each test says which variables it sets.
CLEAN_ENV: dict[str, str | None] = {"CRISIS_DB": None, "CRISIS_ANALYST": None}

CALL = "meeting/biden-putin-call-2021-12-30"
DENIAL = "claim/russia-denies-attack-plan"
ID_CALL = UUID("0f3a8a52-3d0c-4c1e-9a59-000000000001")
ID_DENIAL = UUID("0f3a8a52-3d0c-4c1e-9a59-000000000002")
ID_FLAG = UUID("0f3a8a52-3d0c-4c1e-9a59-000000000003")
GENESIS = "0" * 64
HEAD = migrate.head()  # the newest revision (tests/migrations checks it is the single head)
DAY_30 = {
    "start": "2021-12-30T00:00:00Z",
    "end": "2021-12-31T00:00:00Z",
    "precision": "day",
    "text": None,
}
DAY_31 = {
    "start": "2021-12-31T00:00:00Z",
    "end": "2022-01-01T00:00:00Z",
    "precision": "day",
    "text": None,
}

# A second event type, so that --type has something to tell apart from support's Noted.
flag_registry = Registry()


@flag_registry.register("Flagged")
class Flagged(Payload):
    """A test-only remark about a stream."""

    reason: str


def migrate_scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("crisis_timeline.migrations")))
    return ScriptDirectory.from_config(cfg)


def run(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="crisis", env={**CLEAN_ENV, **(env or {})})


def error_line(result: Result) -> str:
    """The one line of an exit-1 error; fails unless stdout is empty and stderr is one line."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def usage_error_line(result: Result, command: str) -> str:
    """The error line of an exit-2 usage error, after click's usage lines."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    usage, hint, blank, error = result.stderr.splitlines()
    assert usage.startswith(f"Usage: crisis {command} ")
    assert hint == f"Try 'crisis {command} --help' for help."
    assert blank == ""
    return error


def utc_z(value: datetime) -> str:
    """A stored recorded_at as JSON shows it: ISO 8601, UTC written as Z."""
    return value.isoformat().replace("+00:00", "Z")


def compact(value: Any) -> str:
    """Canonical JSON written independently of the code under test."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- init and db ---------------------------------------------------------------


def test_init_current_downgrade_and_uninitialised_error(databases: Any, backend: str) -> None:
    url = databases.empty_url(backend)

    result = run(["--db", url, "init"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{url}: schema at revision {HEAD}\n",
        "",
    )

    result = run(["--db", url, "db", "current"])
    assert (result.exit_code, result.stdout) == (0, f"database: {HEAD}; program: {HEAD}\n")

    result = run(["--db", url, "db", "downgrade", "base"])
    assert (result.exit_code, result.stdout) == (0, "schema at revision base\n")

    result = run(["--db", url, "db", "current"])
    assert (result.exit_code, result.stdout) == (
        0,
        f"database: base (not initialised); program: {HEAD}\n",
    )

    assert (
        error_line(run(["--db", url, "events"]))
        == "Error: database is not initialised; run 'crisis init'"
    )
    assert (
        error_line(run(["--db", url, "verify"]))
        == "Error: database is not initialised; run 'crisis init'"
    )

    result = run(["--db", url, "db", "upgrade"])
    assert (result.exit_code, result.stdout) == (0, f"schema at revision {HEAD}\n")
    result = run(["--db", url, "init"])
    assert (result.exit_code, result.stdout) == (0, f"{url}: schema at revision {HEAD}\n")


def test_a_database_behind_the_program(db_url: str) -> None:
    below = migrate_scripts().get_revision(HEAD).down_revision
    assert isinstance(below, str), "needs a revision below head"
    result = run(["--db", db_url, "db", "downgrade", below])
    assert (result.exit_code, result.stdout) == (0, f"schema at revision {below}\n")
    result = run(["--db", db_url, "db", "current"])
    assert (result.exit_code, result.stdout) == (0, f"database: {below}; program: {HEAD}\n")
    assert error_line(run(["--db", db_url, "events"])) == (
        f"Error: database schema is at revision {below}, this program needs {HEAD}; "
        "run 'crisis db upgrade'"
    )
    result = run(["--db", db_url, "db", "upgrade"])
    assert (result.exit_code, result.stdout) == (0, f"schema at revision {HEAD}\n")
    assert run(["--db", db_url, "events", "--json"]).stdout == "[]\n"


def test_a_database_ahead_of_the_program_gets_advice_that_works(
    engine: Engine, db_url: str
) -> None:
    with engine.begin() as conn:  # as if a newer release had migrated it
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    line = error_line(run(["--db", db_url, "events"]))
    assert "9999" in line
    if "run 'crisis db upgrade'" in line:
        result = run(["--db", db_url, "db", "upgrade"])
        assert result.exit_code == 0, f"{line!r} advises a command that fails: {result.exception!r}"


@pytest.mark.parametrize("direction", ["upgrade", "downgrade"])
def test_unknown_revision_is_a_one_line_error(db_url: str, direction: str) -> None:
    line = error_line(run(["--db", db_url, "db", direction, "nosuch"]))
    assert line.startswith("Error: ") and "'nosuch'" in line


# -- events: a history, then each format --------------------------------------


@pytest.fixture
def history(engine: Engine) -> list[Event]:
    """Three events on two streams, two types, reported on 30 and 31 December 2021."""
    call = note(
        CALL,
        "the call",
        id=ID_CALL,
        occurred=parse_partial("2021-12-30T15:30-05:00", text="3:30 p.m. ET"),
    )
    denial = note(DENIAL, 'no plan, "none at all"', id=ID_DENIAL)
    flag = NewEvent.of(
        Flagged(reason="time disputed"),
        id=ID_FLAG,
        stream=CALL,
        reported=parse_partial("2021-12-31"),
        evidence=(
            Evidence(
                source="source/test", quote="time disputed", attribution=Attribution.ANONYMOUS
            ),
        ),
    )
    notes = make_store(engine)
    stored = notes.append(CALL, [call], 0, recorded_by="ana").appended
    stored += notes.append(DENIAL, [denial], 0, recorded_by="ben").appended
    stored += (
        EventStore(engine, registry=flag_registry)
        .append(CALL, [flag], 1, recorded_by="ana")
        .appended
    )
    return stored


def expected_rows(stored: list[Event]) -> list[dict[str, Any]]:
    """What --json shows for the history, written out field by field."""
    call, denial, flag = stored
    return [
        {
            "position": 1,
            "id": str(ID_CALL),
            "stream": CALL,
            "version": 1,
            "type": "Noted",
            "schema_version": 1,
            "data": {"text": "the call"},
            "occurred": {
                "start": "2021-12-30T20:30:00Z",
                "end": "2021-12-30T20:31:00Z",
                "precision": "minute",
                "text": "3:30 p.m. ET",
            },
            "reported": DAY_30,
            "evidence": [
                {
                    "source": "source/test",
                    "quote": "the call",
                    "span": None,
                    "attributed_to": None,
                    "attribution": "reporter",
                }
            ],
            "recorded_at": utc_z(call.recorded_at),
            "recorded_by": "ana",
            "prev_hash": GENESIS,
            "hash": call.hash,
        },
        {
            "position": 2,
            "id": str(ID_DENIAL),
            "stream": DENIAL,
            "version": 1,
            "type": "Noted",
            "schema_version": 1,
            "data": {"text": 'no plan, "none at all"'},
            "occurred": None,
            "reported": DAY_30,
            "evidence": [
                {
                    "source": "source/test",
                    "quote": 'no plan, "none at all"',
                    "span": None,
                    "attributed_to": None,
                    "attribution": "reporter",
                }
            ],
            "recorded_at": utc_z(denial.recorded_at),
            "recorded_by": "ben",
            "prev_hash": call.hash,
            "hash": denial.hash,
        },
        {
            "position": 3,
            "id": str(ID_FLAG),
            "stream": CALL,
            "version": 2,
            "type": "Flagged",
            "schema_version": 1,
            "data": {"reason": "time disputed"},
            "occurred": None,
            "reported": DAY_31,
            "evidence": [
                {
                    "source": "source/test",
                    "quote": "time disputed",
                    "span": None,
                    "attributed_to": None,
                    "attribution": "anonymous",
                }
            ],
            "recorded_at": utc_z(flag.recorded_at),
            "recorded_by": "ana",
            "prev_hash": denial.hash,
            "hash": flag.hash,
        },
    ]


def test_events_json(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "events", "--json"])
    assert (result.exit_code, result.stderr) == (0, "")
    expected = expected_rows(history)
    assert json.loads(result.stdout) == expected
    assert result.stdout == "[\n" + ",\n".join(compact(row) for row in expected) + "\n]\n"


def test_events_nl(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "events", "--nl"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected_rows(history)
    assert result.stdout == "".join(compact(row) + "\n" for row in expected_rows(history))


def test_events_csv(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "events", "--csv"])
    assert (result.exit_code, result.stderr) == (0, "")
    header, *_ = result.stdout.splitlines()
    # Partial times in four columns each (README, CSV), so that a spreadsheet sorts by start.
    assert header == (
        "position,id,stream,version,type,schema_version,data,"
        "occurred_start,occurred_end,occurred_precision,occurred_text,"
        "reported_start,reported_end,reported_precision,reported_text,evidence,"
        "recorded_at,recorded_by,prev_hash,hash"
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert rows == [
        [
            str(r["position"]),
            r["id"],
            r["stream"],
            str(r["version"]),
            r["type"],
            "1",
            compact(r["data"]),
            *time_cells(r["occurred"]),
            *time_cells(r["reported"]),
            compact(r["evidence"]),
            r["recorded_at"],
            r["recorded_by"],
            r["prev_hash"],
            r["hash"],
        ]
        for r in expected_rows(history)
    ]


def time_cells(value: dict[str, Any] | None) -> list[str]:
    """A partial time's four CSV cells: start, end, precision, text (empty for null)."""
    if value is None:
        return ["", "", "", ""]
    return [value[k] or "" for k in ("start", "end", "precision", "text")]


def test_events_table_is_the_default(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "events"])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = [line.split() for line in result.stdout.splitlines()]
    call, denial, flag = history
    assert lines == [
        [
            "position",
            "stream",
            "version",
            "type",
            "occurred",
            "reported",
            "recorded_at",
            "recorded_by",
        ],
        [
            "1",
            CALL,
            "1",
            "Noted",
            "2021-12-30T20:30Z",
            "2021-12-30",
            utc_z(call.recorded_at),
            "ana",
        ],
        ["2", DENIAL, "1", "Noted", "2021-12-30", utc_z(denial.recorded_at), "ben"],
        ["3", CALL, "2", "Flagged", "2021-12-31", utc_z(flag.recorded_at), "ana"],
    ]
    assert run(["--db", db_url, "events", "--table"]).stdout == result.stdout


@pytest.mark.parametrize(
    ("options", "positions"),
    [
        (["--stream", CALL], [1, 3]),
        (["--stream", DENIAL], [2]),
        (["--stream", "claim/nobody-said-this"], []),
        (["--type", "Flagged"], [3]),
        (["--type", "Noted"], [1, 2]),
        (["--type", "Noted", "--type", "Flagged"], [1, 2, 3]),
        (["--stream", CALL, "--type", "Noted"], [1]),
        (["--as-of", "2021-12-29"], []),
        (["--as-of", "2021-12-30"], [1, 2]),
        (["--as-of", "2021-12-30T23:59Z"], [1, 2]),
        (["--as-of", "2021-12-31T00:00Z"], [1, 2, 3]),
        (["--limit", "2"], [1, 2]),
        (["--after", "1", "--limit", "1"], [2]),
        (["--after", "3"], []),
    ],
    ids=lambda v: "_".join(v) if isinstance(v, list) and v and isinstance(v[0], str) else None,
)
def test_events_filters(
    db_url: str, history: list[Event], options: list[str], positions: list[int]
) -> None:
    result = run(["--db", db_url, "events", "--json", *options])
    assert (result.exit_code, result.stderr) == (0, "")
    expected = [row for row in expected_rows(history) if row["position"] in positions]
    assert json.loads(result.stdout) == expected
    if not positions:
        assert result.stdout == "[]\n"


def test_events_recorded_before(db_url: str, history: list[Event]) -> None:
    first = utc_z(history[0].recorded_at)
    result = run(["--db", db_url, "events", "--nl", "--recorded-before", first])
    assert [json.loads(line)["position"] for line in result.stdout.splitlines()] == [1]
    result = run(["--db", db_url, "events", "--nl", "--recorded-before", "2021-12-31"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_events_table_with_nothing_to_show(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "events", "--as-of", "2021-12-29"])
    assert (result.exit_code, result.stdout) == (0, "(no rows)\n")


# -- verify --------------------------------------------------------------------


def test_verify_a_good_store(db_url: str, history: list[Event]) -> None:
    result = run(["--db", db_url, "verify"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "ok: 3 events, hash chain intact\n",
        "",
    )


def test_verify_an_empty_store(db_url: str) -> None:
    result = run(["--db", db_url, "verify"])
    assert (result.exit_code, result.stdout) == (0, "ok: 0 events, hash chain intact\n")


def test_verify_names_the_forged_position(
    engine: Engine, db_url: str, backend: str, history: list[Event]
) -> None:
    with engine.begin() as conn:  # forging needs the append-only trigger out of the way
        if backend == "sqlite":
            conn.execute(text("DROP TRIGGER events_no_update"))
        else:
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_no_update_delete"))
        conn.execute(text("""UPDATE events SET data = '{"text":"forged"}' WHERE position = 2"""))
    assert error_line(run(["--db", db_url, "verify"])) == (
        "Error: hash chain broken at position 2: stored content does not match its hash"
    )


# -- errors --------------------------------------------------------------------


def test_missing_directory() -> None:
    assert error_line(run(["--db", "/nonexistent/dir/x.db", "events"])) == (
        "Error: --db: directory '/nonexistent/dir' does not exist"
    )


def test_missing_file_is_not_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        tmp_path
    )  # an isolated filesystem (CliRunner.isolated_filesystem is deprecated)
    assert error_line(run(["--db", "./missing.db", "events"])) == (
        "Error: --db: no database at 'missing.db'; create it with 'crisis init'"
    )
    assert os.listdir(tmp_path) == []


def test_unsupported_database() -> None:
    assert error_line(run(["--db", "mysql://x/y", "events"])) == (
        "Error: --db: unsupported database 'mysql' (use a SQLite path or a postgresql:// URL)"
    )


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 100)
    assert (
        error_line(run(["--db", str(path), "events"])) == "Error: database: file is not a database"
    )


def test_unreachable_postgresql() -> None:
    line = error_line(run(["--db", "postgresql://nobody@127.0.0.1:1/none", "events"]))
    assert line.startswith("Error: database: ")


def test_bad_as_of() -> None:
    error = usage_error_line(run(["--db", "./x.db", "events", "--as-of", "tomorrow"]), "events")
    assert error.startswith(
        "Error: Invalid value for '--as-of': 'tomorrow' is not a time (give e.g. 2021, "
    )


def test_bad_recorded_before() -> None:
    error = usage_error_line(
        run(["--db", "./x.db", "events", "--recorded-before", "2021-13-01"]), "events"
    )
    assert error.startswith("Error: Invalid value for '--recorded-before': '2021-13-01'")


def test_unknown_option() -> None:
    error = usage_error_line(run(["--db", "./x.db", "events", "--bogus"]), "events")
    assert error.startswith("Error: No such option") and "--bogus" in error


# -- --analyst and --db reach the App ------------------------------------------


@click.command()
@pass_app
def whoami(app: App) -> None:
    """Echo what the group put in the App."""
    click.echo(f"{app.analyst} {app.db}")


# The real group's options and callback, with one probe command instead of the real ones.
probe = click.Group("crisis", params=cli.params, callback=cli.callback, commands={"whoami": whoami})


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--analyst", "ana"], {}, "ana ./crisis.db"),
        ([], {"CRISIS_ANALYST": "ben"}, "ben ./crisis.db"),
        (["--analyst", "ana"], {"CRISIS_ANALYST": "ben"}, "ana ./crisis.db"),
        ([], {"LOGNAME": "carla", "USER": "carla"}, "carla ./crisis.db"),
        ([], {"CRISIS_DB": "/data/crisis.db", "LOGNAME": "carla"}, "carla /data/crisis.db"),
        (
            ["--db", "/srv/x.db"],
            {"CRISIS_DB": "/data/crisis.db", "LOGNAME": "carla"},
            "carla /srv/x.db",
        ),
    ],
)
def test_analyst_and_db_reach_the_app(args: list[str], env: dict[str, str], expected: str) -> None:
    result = CliRunner().invoke(probe, [*args, "whoami"], env={**CLEAN_ENV, **env})
    assert (result.exit_code, result.stdout) == (0, expected + "\n")


# -- help ----------------------------------------------------------------------


def walk(
    command: click.Command, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


def lacking_help(group: click.Group) -> list[str]:
    """Commands whose --help has no summary line or no 'Example:' block with a command in it."""
    missing = []
    for path, command in walk(group, ("crisis",)):
        result = CliRunner().invoke(group, [*path[1:], "--help"], prog_name="crisis", env=CLEAN_ENV)
        body = result.stdout.split("\n\n", 1)[-1]
        summary = (command.help or "").strip().splitlines()
        after = body.split("Example:", 1)[-1].strip().splitlines()
        has_example = "Example:" in body and bool(after) and after[0].startswith("crisis ")
        if result.exit_code != 0 or not summary or not has_example:
            missing.append(" ".join(path))
    return missing


def test_every_command_has_help_with_an_example() -> None:
    found = {" ".join(path) for path, _ in walk(cli, ("crisis",))}
    assert {
        "crisis",
        "crisis init",
        "crisis db",
        "crisis db upgrade",
        "crisis db downgrade",
        "crisis db current",
        "crisis db grant",
        "crisis events",
        "crisis verify",
    } <= found
    assert lacking_help(cli) == []


def test_the_help_check_catches_a_command_without_an_example() -> None:
    @click.group()
    def top() -> None:
        """Top.

        \b
        Example:
            crisis sub
        """

    @top.group()
    def sub() -> None:
        """Sub, with an example.

        \b
        Example:
            crisis sub bare
        """

    @sub.command()
    def bare() -> None:
        """Does something; shows no example."""

    assert lacking_help(top) == ["crisis sub bare"]
