"""The view commands: meetings, claims, timeline, actors, forces, demands, sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import click

from crisis_timeline.cli.options import (
    MAX_INT,
    App,
    as_of_option,
    display_zone,
    pass_app,
    recorded_before_option,
    say_behind,
    time_option,
)
from crisis_timeline.cli.output import emit, output_options
from crisis_timeline.cli.table_cells import HAPPENED, happened_cells
from crisis_timeline.moments import Bound
from crisis_timeline.projections import actors as actors_view
from crisis_timeline.projections import claims as claims_view
from crisis_timeline.projections import demands as demands_view
from crisis_timeline.projections import forces as forces_view
from crisis_timeline.projections import meetings as meetings_view
from crisis_timeline.projections import sources as sources_view
from crisis_timeline.projections import timeline as timeline_view
from crisis_timeline.projections.view import View


def for_table(row: dict[str, Any]) -> dict[str, Any]:
    """Partial times as their canonical words (on --tz's clock), ranges and ratings in short
    forms, for people."""
    from crisis_timeline.moments import shown

    out, tz = dict(row), display_zone()
    for key in ("scheduled", "held", "when", "period", "reported", "published", *HAPPENED):
        value = row.get(key)
        if isinstance(value, dict):
            out[key] = shown(value, tz)
    out.update(happened_cells(row))
    if "disputed_by" in row:
        out["disputes"] = len(row["disputed_by"])
    for key in ("participants", "sources"):
        if isinstance(row.get(key), list):
            out[key] = ", ".join(row[key])
    if "size_text" in row:
        out["size"] = size(row)
    if isinstance(row.get("rating"), dict):
        out["rating"] = f"{row['rating']['reliability']}{row['rating']['credibility']}"
    return out


def size(row: dict[str, Any]) -> str:
    """A force's numbers, marked when they are read from the words: "20,000–99,999 (inferred
    from the words)"."""
    low, high = row.get("low"), row.get("high")
    if low is None and high is None:
        return ""
    low_, high_ = ("?" if n is None else f"{n:,}" for n in (low, high))
    shown = low_ if low == high else f"{low_}–{high_}"
    return f"{shown} (inferred from the words)" if row.get("inferred") else shown


def show(
    app: App,
    view: View,
    fmt: str,
    as_of: datetime | None,
    recorded_before: datetime | None,
    **filters: Any,
) -> None:
    """Query one view and print its rows as they are read: from a SQLite file through the lean
    path (no SQLAlchemy) when it can answer, else through the full one."""
    from crisis_timeline.lean.answer import open_read
    from crisis_timeline.views import At, Filters

    at = At(as_of, recorded_before, clock=None if as_of else datetime.now(UTC))
    chosen = Filters(**filters)
    view.check(chosen)
    lean = open_read(app.db, view, at, chosen)
    rows: Iterator[dict[str, Any]]
    if lean is None:
        from crisis_timeline import queries

        rows = queries.stream(app.views_engine(), view, at, chosen)
    else:
        if lean.standing.lag:
            say_behind(lean.standing)
        rows = lean.rows
    emit(
        (for_table(r) if fmt == "table" else r for r in rows),
        fmt,
        view.columns,
        view.table_columns,
        header=now_header(at),
    )


def now_header(at: Any) -> str | None:
    """The line above a table that says what "now" is when no --as-of was given."""
    if at.as_of is not None:
        return None
    return (
        f"now: {at.now():%Y-%m-%dT%H:%M:%SZ} "
        "(no --as-of: everything known, overdue and upcoming judged now)"
    )


def view_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options every view shares: --as-of, --recorded-before, --limit and the formats."""
    for decorate in (
        pass_app,
        output_options,
        recorded_before_option,
        as_of_option,
        click.option(
            "--limit",
            type=click.IntRange(min=1, max=MAX_INT),
            default=None,
            metavar="N",
            help="The first N rows in the view's order (a page: only those are read).",
        ),
        click.option(
            "--offset",
            type=click.IntRange(min=0, max=MAX_INT),
            default=0,
            metavar="N",
            help="Skip the first N rows in the view's order (with --limit, the next page).",
        ),
    ):
        fn = decorate(fn)
    return click.command()(fn)


actor_option = click.option(
    "--actor",
    default=None,
    metavar="ACTOR_ID",
    help="Only rows involving this actor, e.g. actor/vladimir-putin.",
)
world_from_option = time_option(
    "--from",
    "world_from",
    bound=Bound.START,
    default=None,
    help="World time: only what is not over before this (a day, month or year from its start).",
)
world_to_option = time_option(
    "--to",
    "world_to",
    bound=Bound.END,
    default=None,
    help="World time: only what begins before this ends (a day, month or year to its end).",
)


@view_command
@click.option(
    "--upcoming", is_flag=True, help="Only scheduled meetings whose time has not passed at --as-of."
)
@click.option("--status", type=click.Choice(meetings_view.STATUSES), default=None)
@actor_option
@world_from_option
@world_to_option
def meetings(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Meetings: requested, scheduled (overdue when the time passed unreported), held, cancelled.

    Upcoming meetings, soonest first: --upcoming --limit N gives the first page.

    \b
    Example:
        crisis meetings --upcoming --as-of 2021-12-30T12:00Z
        crisis meetings --upcoming --as-of 2022-01-11 --limit 20
        crisis meetings --actor actor/vladimir-putin --json
    """
    show(app, meetings_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@click.option(
    "--open", "open_only", is_flag=True, help="Only claims not confirmed, refuted or retracted."
)
@click.option("--status", type=click.Choice(claims_view.STATUSES), default=None)
@actor_option
def claims(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Claims with their status, disputes and corroborations, by first report, then id.

    Open claims pile up over the years: --limit N gives the first page.

    \b
    Example:
        crisis claims --open --as-of 2021-12-30 --limit 50
        crisis claims --status disputed --json
    """
    show(app, claims_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@actor_option
@world_from_option
@world_to_option
def timeline(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Every fact in world-time order, with who said it; by interval start, precision, then knowledge order.

    \b
    Example:
        crisis timeline --actor actor/vladimir-putin
        crisis timeline --as-of 2021-12-30 --from 2021-12-01 --to 2022-02-01
        crisis timeline --csv > timeline.csv
    """  # noqa: E501 (the summary line of --help)
    show(app, timeline_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
def actors(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """People, states, organisations and anonymous sources as identified.

    \b
    Example:
        crisis actors --as-of 2021-12-30 --json
    """
    show(app, actors_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@actor_option
@world_from_option
@world_to_option
def forces(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Reported force sizes as ranges over time, per source.

    \b
    Example:
        crisis forces --actor actor/russia --as-of 2022-01-31
    """
    show(app, forces_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@click.option("--status", type=click.Choice(demands_view.VIEW.statuses), default=None)
@actor_option
def demands(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Demands and the answers to them.

    \b
    Example:
        crisis demands --status rejected
    """
    show(app, demands_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
def sources(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Sources: outlets, titles, publication dates, URLs and Admiralty ratings, by publication.

    \b
    Example:
        crisis sources
        crisis sources --as-of 2021-12-30 --json
    """
    show(app, sources_view.VIEW, fmt, as_of, recorded_before, **filters)


COMMANDS = [meetings, claims, timeline, actors, forces, demands, sources]
