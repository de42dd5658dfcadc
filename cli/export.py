"""`crisis export FORMAT`: the views in formats other tools read."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crisis_timeline.cli import views
from crisis_timeline.cli.options import App, as_of_option, pass_app, recorded_before_option
from crisis_timeline.cli.views import actor_option, world_from_option, world_to_option

if TYPE_CHECKING:
    from crisis_timeline.exports import Document
    from crisis_timeline.views import At

F = TypeVar("F", bound=Callable[..., Any])
VIEW_NAMES = ("meetings", "claims", "timeline", "actors", "forces", "demands")
FILTERS = ("upcoming", "open_only", "status", "actor", "world_from", "world_to", "limit")


class FormatGroup(click.Group):
    """A group whose unknown command is named as an unknown format, with the formats there are."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            raise click.UsageError(
                f"unknown format {args[0]!r} (one of {', '.join(self.list_commands(ctx))})", ctx
            )
        return super().resolve_command(ctx, args)


@click.group(cls=FormatGroup)
def export() -> None:
    """Write what was known in formats other tools read: iCalendar, TimelineJS, PROV-JSON, PLOVER, CSV, the page.

    Every format takes --as-of and --recorded-before, and -o FILE (standard output by default);
    a file is written whole or not at all.

    \b
    Example:
        crisis export ics --as-of 2021-12-30 -o meetings.ics
        crisis export prov claim/russia-pulling-back-10000-troops
    """  # noqa: E501  (help text: kept whole as users read and copy it)


def export_command(name: str) -> Callable[[F], F]:
    """A format's command: --as-of, --recorded-before and -o FILE."""

    def decorate(fn: F) -> F:
        wrapped: Any = fn
        for option in (
            pass_app,
            recorded_before_option,
            as_of_option,
            click.option(
                "-o",
                "--output",
                default="-",
                metavar="FILE",
                help="Write to FILE (whole or not at all) instead of standard output.",
            ),
        ):
            wrapped = option(wrapped)
        export.command(name)(wrapped)
        return fn

    return decorate


def world_options(fn: F) -> F:
    """--from and --to (world time)."""
    return world_from_option(world_to_option(fn))


def _at(as_of: datetime | None, recorded_before: datetime | None) -> At:
    from crisis_timeline.views import At

    return At(as_of, recorded_before)


def render(
    app: App, export: Callable[..., Document], at: At, filters: dict[str, Any], output: str
) -> None:
    """Export the views at `at` with the view's filters and deliver the document."""
    from crisis_timeline.views import Filters

    deliver(export(app.views_engine(), app.store(), at, Filters(**filters)), output)


def deliver(document: Document, output: str) -> None:
    """Write the document to FILE or standard output, then say on stderr what it left out."""
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(document.content)
        sys.stdout.buffer.flush()
    else:
        from crisis_timeline.exports.output import write_file

        write_file(output, document.content)
    if document.left_out:
        click.echo(document.left_out, err=True)


@export_command("ics")
@click.option(
    "--upcoming", is_flag=True, help="Only scheduled meetings whose time has not passed at --as-of."
)
@click.option(
    "--status", type=click.Choice(["requested", "scheduled", "held", "cancelled"]), default=None
)
@actor_option
@world_options
def ics(
    app: App, as_of: datetime | None, recorded_before: datetime | None, output: str, **filters: Any
) -> None:
    """Meetings as an iCalendar (RFC 5545) file: one event per meeting, updated on re-export.

    \b
    Example:
        crisis export ics --as-of 2021-12-30 -o meetings.ics
        crisis export ics --upcoming --actor actor/vladimir-putin
    """
    from crisis_timeline.exports import ics as fmt

    render(app, fmt.calendar, _at(as_of, recorded_before), filters, output)


@export_command("timelinejs")
@world_options
def timelinejs(
    app: App, as_of: datetime | None, recorded_before: datetime | None, output: str, **filters: Any
) -> None:
    """The timeline as TimelineJS JSON: one slide per fact, partial times as precise as known.

    \b
    Example:
        crisis export timelinejs --as-of 2021-12-30 -o timeline.json
    """
    from crisis_timeline.exports import timelinejs as fmt

    render(app, fmt.timeline_json, _at(as_of, recorded_before), filters, output)


@export_command("timelinejs-csv")
@world_options
def timelinejs_csv(
    app: App, as_of: datetime | None, recorded_before: datetime | None, output: str, **filters: Any
) -> None:
    """The timeline in the columns of TimelineJS's spreadsheet template (Year, Month, Day, …).

    \b
    Example:
        crisis export timelinejs-csv --from 2021-12-01 -o timeline.csv
    """
    from crisis_timeline.exports import timelinejs as fmt

    render(app, fmt.timeline_csv, _at(as_of, recorded_before), filters, output)


@export_command("prov")
@click.argument("claim")
def prov(
    app: App, claim: str, as_of: datetime | None, recorded_before: datetime | None, output: str
) -> None:
    """A claim's provenance as W3C PROV-JSON: its events, quotes, sources, actors and recordings.

    CLAIM is a claim id, with or without the 'claim/' prefix.

    \b
    Example:
        crisis export prov claim/russia-pulling-back-10000-troops -o claim.json
    """
    from crisis_timeline.exports import provenance

    deliver(
        provenance.claim_provenance(
            app.views_engine(), app.store(), claim, _at(as_of, recorded_before)
        ),
        output,
    )


@export_command("plover")
@world_options
def plover(
    app: App, as_of: datetime | None, recorded_before: datetime | None, output: str, **filters: Any
) -> None:
    """Facts with a PLOVER code as JSON lines in the PLOVER fields; others are counted on stderr.

    \b
    Example:
        crisis export plover --as-of 2021-12-30 -o events.jsonl
    """
    from crisis_timeline.exports import plover as fmt

    render(app, fmt.plover_lines, _at(as_of, recorded_before), filters, output)


@export_command("csv")
@click.argument("view", type=click.Choice(VIEW_NAMES))
@click.option("--upcoming", is_flag=True, help="meetings: only those still to come at --as-of.")
@click.option(
    "--open",
    "open_only",
    is_flag=True,
    help="claims: only those not confirmed, refuted or retracted.",
)
@click.option("--status", default=None, help="Only rows with this status (the view's own values).")
@actor_option
@world_options
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="The first N rows in the view's order.",
)
@click.pass_context
def csv(
    ctx: click.Context,
    /,
    app: App,
    view: str,
    as_of: datetime | None,
    recorded_before: datetime | None,
    output: str,
    **filters: Any,
) -> None:
    """Any view as CSV, as `crisis VIEW --csv` writes it (the same code), with the view's filters.

    \b
    Example:
        crisis export csv meetings --upcoming --as-of 2021-12-30T12:00Z -o meetings.csv
        crisis export csv claims --open
    """
    from crisis_timeline.exports import Document
    from crisis_timeline.projections.catalog import VIEWS

    given = {k: v for k, v in filters.items() if v not in (None, False)}
    _check_filters(ctx, view, given)
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        views.show(app, VIEWS[view], "csv", as_of, recorded_before, **given)
    deliver(Document(buffer.getvalue().encode("utf-8")), output)


def _check_filters(ctx: click.Context, view: str, given: dict[str, Any]) -> None:
    """A filter the view command does not take, or a status it does not know, is a usage error."""
    command: click.Command = getattr(views, view)
    params = {p.name: p for p in command.params}
    for name, value in given.items():
        flag = next(o for o in ctx.command.params if o.name == name).opts[-1]
        if name not in params:
            raise click.UsageError(f"{flag} does not apply to the {view} view", ctx)
        choices = getattr(params[name].type, "choices", None)
        if choices is not None and value not in choices:
            raise click.UsageError(
                f"{flag} {value!r} is not a status of {view} "
                f"(one of {', '.join(map(str, choices))})",
                ctx,
            )


COMMANDS = [export]
