"""Commands load on demand: the table in cli/commands.py names every command, its module and
its help, and a command imports only its own module."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from crisis_timeline.cli.commands import COMMANDS
from crisis_timeline.cli.main import cli

MODULES = sorted({module for module, _ in COMMANDS.values()})


def every_command() -> dict[str, tuple[str, click.Command]]:
    found: dict[str, tuple[str, click.Command]] = {}
    for module in MODULES:
        for command in importlib.import_module(f"crisis_timeline.cli.{module}").COMMANDS:
            assert command.name is not None
            found[command.name] = (module, command)
    return found


def test_the_table_names_every_command_its_module_and_help() -> None:
    commands = every_command()
    assert sorted(commands) == sorted(COMMANDS)
    for name, (module, command) in commands.items():
        assert COMMANDS[name][0] == module, name
        for limit in (20, 45, 70, 200):
            shown = click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
            assert shown == command.get_short_help_str(limit), (name, limit)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_help_lists_every_command_as_the_commands_say_it(width: int) -> None:
    listed = CliRunner().invoke(cli, ["--help"], terminal_width=width)
    assert listed.exit_code == 0, listed.output
    ctx = click.Context(cli, terminal_width=width)
    formatter = ctx.make_formatter()
    commands = every_command()
    limit = formatter.width - 6 - max(len(n) for n in commands)
    rows = [(n, commands[n][1].get_short_help_str(limit)) for n in sorted(commands)]
    with formatter.section("Commands"):
        formatter.write_dl(rows)
    assert listed.output.endswith(formatter.getvalue())


def _imported(*args: str) -> set[str]:
    script = (
        "import sys\n"
        "from crisis_timeline.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules "
        "if m.startswith('crisis_timeline.cli.'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CRISIS_DB", "CRISIS_ANALYST")}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False
    )
    return set(eval(done.stderr.strip().splitlines()[-1]))  # noqa: S307 (our own repr)


def test_help_imports_no_command_module() -> None:
    assert not _imported("--help") & {f"crisis_timeline.cli.{m}" for m in MODULES}


def test_a_command_imports_its_own_module_only() -> None:
    loaded = _imported("quote", "--help") & {f"crisis_timeline.cli.{m}" for m in MODULES}
    assert loaded == {"crisis_timeline.cli.quote"}


def test_a_group_loaded_alone_has_every_subcommand() -> None:
    """A group whose subcommands other modules add (export html) has them when loaded alone."""
    commands = every_command()  # every module imported: every subcommand added
    for name, (_, command) in commands.items():
        if not isinstance(command, click.Group):
            continue
        script = (
            "import click, sys\n"
            "from crisis_timeline.cli.main import cli\n"
            f"group = cli.get_command(click.Context(cli), {name!r})\n"
            "sys.stdout.write(repr(sorted(group.commands)))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        assert eval(done.stdout) == sorted(command.commands), name  # noqa: S307 (our own repr)
