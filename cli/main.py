"""The `crisis` group: global options, and turning errors into one line and an exit status."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from datetime import tzinfo
from typing import Any

import click

from crisis_timeline.cli.commands import ALSO, COMMANDS
from crisis_timeline.cli.options import App, default_analyst, zone_option
from crisis_timeline.errors import CrisisError, UnsupportedFilterError


class CrisisGroup(click.Group):
    """A group whose commands report library errors as one line, exit status 1.

    Its commands are loaded when asked for (cli/commands.py says which module holds each):
    a command imports its own module only, and `--help` lists them all from the table."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = importlib.import_module(f"crisis_timeline.cli.{COMMANDS[cmd_name][0]}")
            for also in ALSO.get(cmd_name, ()):
                importlib.import_module(f"crisis_timeline.cli.{also}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._short_help(ctx, name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, ctx: click.Context, name: str, limit: int) -> str:
        if name in COMMANDS:
            # A command with that help alone says it as the command itself would.
            return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
        command = self.get_command(ctx, name)
        return "" if command is None else command.get_short_help_str(limit)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnsupportedFilterError as e:
            raise click.UsageError(str(e)) from None
        except CrisisError as e:
            raise click.ClickException(str(e)) from None
        except sqlite3.Error as e:  # the lean read path's, as SQLAlchemy's below would say it
            raise click.ClickException(f"database: {_first_line(e)}") from None
        except Exception as e:
            # psycopg's (the lean read path on PostgreSQL) and SQLAlchemy's errors, if they were
            # imported at all (a lean read never imports SQLAlchemy).
            psycopg = sys.modules.get("psycopg")
            if psycopg is not None and isinstance(e, psycopg.Error):
                raise click.ClickException(f"database: {_first_line(e)}") from None
            exc = sys.modules.get("sqlalchemy.exc")
            if exc is None or not isinstance(e, exc.DBAPIError):
                raise
            first = _first_line(e.orig) if e.orig else str(e).splitlines()[0]
            raise click.ClickException(f"database: {first}") from None


@click.group(cls=CrisisGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="CRISIS_DB",
    default="./crisis.db",
    show_default=True,
    metavar="PATH_OR_URL",
    help="SQLite file or SQLAlchemy URL (postgresql://user@host/db). Env: CRISIS_DB.",
)
@click.option(
    "--analyst",
    envvar="CRISIS_ANALYST",
    default=None,
    metavar="NAME",
    help="Who is recording (recorded_by). Env: CRISIS_ANALYST; default: the OS user.",
)
@click.option(
    "--tz",
    envvar="CRISIS_TZ",
    default="UTC",
    show_default=True,
    metavar="ZONE",
    callback=zone_option,
    help="Zone of times typed without one, of today/yesterday, and of times in tables "
    "(Europe/Kyiv, +02:00). Env: CRISIS_TZ.",
)
@click.version_option(package_name="crisis-timeline")
@click.pass_context
def cli(ctx: click.Context, db: str, analyst: str | None, tz: tzinfo) -> None:
    """Crisis Timeline: every fact of a developing crisis, with its evidence.

    \b
    Example:
        crisis --db ./crisis.db init
        crisis events --as-of 2021-12-30 --json
    """
    if analyst is not None and not analyst.strip():
        raise click.BadParameter(
            "must name who is recording, not be empty", param_hint="'--analyst'"
        )
    ctx.obj = App(db=db, analyst=analyst or default_analyst(), tz=tz)


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="crisis")
