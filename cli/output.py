"""Output formats shared by every query command: a table, JSON, JSON lines, CSV."""

from __future__ import annotations

import csv
import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import click

from crisis_timeline import canonical
from crisis_timeline.cli.table import escaped, lines

F = TypeVar("F", bound=Callable[..., Any])
Row = dict[str, Any]
FORMATS = ("table", "json", "nl", "csv")
PARTIAL_TIMES = frozenset(
    {"scheduled", "held", "when", "period", "reported", "published", "occurred"}
)
"""Columns holding a partial time: CSV gives each as four, `<name>_start`, `_end`, `_precision`,
`_text`."""
TIME_PARTS = ("start", "end", "precision", "text")
RECORDS = {"rating": ("reliability", "credibility", "rated_by", "rationale")}
"""Columns holding one object of known keys: CSV gives each key a column, `<name>_<key>`."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as a formula: CSV puts a ' before a cell starting so (unless
--raw-csv)."""
_SETTINGS = "crisis.output"


FORMAT_HELP = {
    "table": "A table for people (the default).",
    "json": "One JSON array.",
    "nl": "One JSON object a line.",
    "csv": "CSV with a header row; partial times in four columns, lists joined with '; '.",
}
_CHOSEN = "crisis.formats"


def output_options(fn: F) -> F:
    """Add --table / --json / --nl / --csv (one of them; a table by default), --wide, --no-pager,
    --raw-csv."""
    for flag, help_text in (
        (
            "--wide",
            "Tables: every cell whole, however wide (long text is otherwise cut at a word to fit).",
        ),
        (
            "--no-pager",
            "Tables on a terminal: print straight out instead of through $PAGER (less).",
        ),
        (
            "--raw-csv",
            "CSV: cells exactly as stored, also those a spreadsheet would take for a formula.",
        ),
    ):
        fn = click.option(
            flag, is_flag=True, expose_value=False, callback=_remember, help=help_text
        )(fn)
    return formats()(fn)


def formats(*, only: Sequence[str] = FORMATS, **help_texts: str) -> Callable[[F], F]:
    """The output flags a command offers (`only`), with its own help where given (json="One JSON
    object …"); the command gets `fmt`. Two different flags together are a usage error."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def command(*args: Any, **kwargs: Any) -> Any:
            chosen = list(dict.fromkeys(click.get_current_context().meta.get(_CHOSEN, [])))
            if len(chosen) > 1:
                raise click.UsageError(
                    f"{' and '.join('--' + c for c in chosen)}: give one output format"
                )
            return fn(*args, **kwargs, fmt=chosen[0] if chosen else "table")

        wrapped: Any = command
        for name in reversed(only):
            wrapped = click.option(
                f"--{name}",
                is_flag=True,
                expose_value=False,
                callback=_chosen(name),
                help=help_texts.get(name, FORMAT_HELP[name]),
            )(wrapped)
        return click.option(  # type: ignore[no-any-return]
            "--format",
            hidden=True,
            expose_value=False,
            type=click.Choice(only),
            callback=_format_named,
        )(wrapped)

    return decorate


def _format_named(ctx: click.Context, param: click.Parameter, name: str | None) -> None:
    if name:
        _chosen(name)(ctx, param, True)


def _chosen(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def note(ctx: click.Context, _param: click.Parameter, given: bool) -> None:
        if given:
            ctx.meta.setdefault(_CHOSEN, []).append(name)

    return note


def _remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta.setdefault(_SETTINGS, {})[param.name] = value


def _setting(name: str) -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_SETTINGS, {}).get(name))


def emit(
    rows: Iterable[Row],
    fmt: str,
    columns: Sequence[str],
    table_columns: Sequence[str] | None = None,
    header: str | None = None,
) -> None:
    """Write rows in the chosen format to stdout, streaming as they come; `header` is a line
    above a table (what "now" is)."""
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
        write_csv(rows, columns, out)
    else:
        table(rows, table_columns or columns, header)


def write_csv(rows: Iterable[Row], columns: Sequence[str], out: Any) -> None:
    """CSV of rows: partial times and known records flattened, lists joined with '; ', formulas
    guarded."""
    raw, terminal = _setting("raw_csv"), out.isatty()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(columns))
    for row in rows:
        cells = csv_cells(row, columns)
        writer.writerow([_guarded(c, raw, terminal) for c in cells])


def csv_header(columns: Sequence[str]) -> list[str]:
    """The CSV header of these columns."""
    out: list[str] = []
    for c in columns:
        parts = TIME_PARTS if c in PARTIAL_TIMES else RECORDS.get(c)
        out.extend(f"{c}_{p}" for p in parts) if parts else out.append(c)
    return out


def csv_cells(row: Row, columns: Sequence[str]) -> list[Any]:
    """A row's CSV cells, in csv_header's order (values, not yet text)."""
    out: list[Any] = []
    for c in columns:
        value = row.get(c)
        parts = TIME_PARTS if c in PARTIAL_TIMES else RECORDS.get(c)
        if parts:
            out.extend((value or {}).get(p) if isinstance(value, dict) else None for p in parts)
        else:
            out.append(value)
    return out


def _guarded(value: Any, raw: bool, terminal: bool) -> str:
    text = _cell(value, "; ")
    if terminal:
        text = escaped(text)
    if not raw and not isinstance(value, (int, float)) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _cell(value: Any, joiner: str = ", ") -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return joiner.join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return canonical.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_width() -> int | None:
    """The width tables fit: COLUMNS, else the terminal's; None (every cell whole) when piped or
    --wide."""
    if _setting("wide"):
        return None
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def table(rows: Iterable[Row], columns: Sequence[str], header: str | None = None) -> None:
    """A table for people, through a pager on a terminal (unless --no-pager), else straight out."""
    page(table_lines(rows, columns, header))


def table_lines(
    rows: Iterable[Row], columns: Sequence[str], header: str | None = None
) -> Iterator[str]:
    """A table's lines as they are made: stored text escaped, fitted to table_width()."""
    if header:
        yield escaped(header)
    yield from lines(
        ({c: escaped(_cell(row.get(c))) for c in columns} for row in rows), columns, table_width()
    )


def page(text: Iterable[str]) -> None:
    """Lines for people: through $PAGER on a terminal (unless --no-pager), else written as they
    come."""
    if sys.stdout.isatty() and not _setting("no_pager"):
        # less: quit when it all fits one screen, leave it on the screen (unless LESS says
        # otherwise).
        os.environ.setdefault("LESS", "FRX")
        click.echo_via_pager(line + "\n" for line in text)
        return
    for line in text:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
