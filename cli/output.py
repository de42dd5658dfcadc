"""Output formats shared by every query command: a table, JSON, JSON lines, CSV."""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from crisis_timeline import canonical

F = TypeVar("F", bound=Callable[..., Any])
Row = dict[str, Any]
FORMATS = ("table", "json", "nl", "csv")


FORMAT_HELP = {
    "table": "A table for people (the default).",
    "json": "One JSON array.",
    "nl": "One JSON object a line.",
    "csv": "CSV with a header row; nested values as JSON.",
}
_CHOSEN = "crisis.formats"


def output_options(fn: F) -> F:
    """Add --table / --json / --nl / --csv (one of them; a table by default)."""
    return formats()(fn)


def formats(*, only: Sequence[str] = FORMATS, **help_texts: str) -> Callable[[F], F]:
    """The output flags a command offers (`only`), with its own help where given (json="One JSON
    object …"); the command gets `fmt`. Two different flags together are a usage error."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            chosen = list(dict.fromkeys(click.get_current_context().meta.get(_CHOSEN, [])))
            if len(chosen) > 1:
                raise click.UsageError(f"{' and '.join('--' + c for c in chosen)}: give one output format")
            return fn(*args, **kwargs, fmt=chosen[0] if chosen else "table")

        wrapped: Any = command
        for name in reversed(only):
            wrapped = click.option(f"--{name}", is_flag=True, expose_value=False, callback=_chosen(name),
                                   help=help_texts.get(name, FORMAT_HELP[name]))(wrapped)
        return click.option("--format", hidden=True, expose_value=False, type=click.Choice(only),  # type: ignore[no-any-return]
                            callback=_format_named)(wrapped)

    return decorate


def _format_named(ctx: click.Context, param: click.Parameter, name: str | None) -> None:
    if name:
        _chosen(name)(ctx, param, True)


def _chosen(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def note(ctx: click.Context, _param: click.Parameter, given: bool) -> None:
        if given:
            ctx.meta.setdefault(_CHOSEN, []).append(name)

    return note


def emit(rows: Iterable[Row], fmt: str, columns: Sequence[str], table_columns: Sequence[str] | None = None) -> None:
    """Write rows in the chosen format to stdout, streaming where the format allows."""
    out = sys.stdout
    if fmt == "json":
        count = 0
        for count, row in enumerate(rows, 1):
            out.write(("[\n" if count == 1 else ",\n") + canonical.dumps(row))
        out.write("\n]\n" if count else "[]\n")
    elif fmt == "nl":
        for row in rows:
            out.write(canonical.dumps(row) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        _table(rows, table_columns or columns)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return canonical.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(rows: Iterable[Row], columns: Sequence[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, box=None, header_style="bold", pad_edge=False)
    count = 0
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
        count += 1
    # On a terminal the table fits the window; piped, it is never cut.
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 10_000)
    if count:
        console.print(table)
    else:
        console.print("(no rows)")
