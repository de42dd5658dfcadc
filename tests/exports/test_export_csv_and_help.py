"""`crisis export csv VIEW` is `crisis VIEW --csv` (one code path), and every export's help
example runs on the seed."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from exporting import CLEAN_ENV, ok, run

from crisis_timeline.cli.export import export
from crisis_timeline.cli.main import cli

CASES = [
    ["meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z"],
    ["meetings", "--status", "held"],
    ["claims", "--open", "--actor", "actor/russia"],
    ["claims", "--limit", "3"],
    ["timeline", "--from", "2021-12-01", "--to", "2021-12-31"],
    ["actors", "--as-of", "2021-12-30"],
    ["forces", "--actor", "actor/russia"],
    ["demands", "--status", "rejected"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_csv_of_a_view_is_the_views_own_csv(seeded: str, args: list[str]) -> None:
    exported = ok(run(["--db", seeded, "export", "csv", *args]))
    assert exported == ok(run(["--db", seeded, *args, "--csv"]))
    assert len(exported.splitlines()) > 1  # a header and rows


def test_every_help_example_runs(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    examples = []
    for name, command in [("", export), *sorted(export.commands.items())]:
        help_text = command.help or ""
        block = help_text.split("Example:", 1)[1]
        examples += [
            line.strip()
            for line in block.strip().splitlines()
            if line.strip().startswith("crisis ")
        ]
    assert len(examples) >= 8
    for line in examples:
        args = shlex.split(line)[1:]
        result = CliRunner().invoke(cli, ["--db", seeded, *args], prog_name="crisis", env=CLEAN_ENV)
        assert result.exit_code == 0, (line, result.output)
        if "-o" in args:
            assert os.path.getsize(args[args.index("-o") + 1]) > 0, line
