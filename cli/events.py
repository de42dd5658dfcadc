"""`crisis events` (the log) and `crisis verify` (the hash chain)."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
)
from crisis_timeline.cli.output import emit, output_options
from crisis_timeline.store.schema import EVENT_FIELDS

TABLE_COLUMNS = (
    "position",
    "stream",
    "version",
    "type",
    "occurred",
    "reported",
    "recorded_at",
    "recorded_by",
)


def _check_types(store: Any, types: tuple[str, ...]) -> None:
    """Each --type must be a vocabulary type or a stored one (the closest names are suggested)."""
    import difflib

    from crisis_timeline.events import registry
    from crisis_timeline.store.event_store import EventFilter

    names = registry.names()
    for name in types:
        if (
            name not in names
            and next(iter(store.read(EventFilter(types=(name,)), limit=1)), None) is None
        ):
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            hint = (
                f"; did you mean {' or '.join(close)}?"
                if close
                else f"; the types are {', '.join(names)}"
            )
            raise click.BadParameter(f"unknown type {name!r}{hint}", param_hint="'--type'")


@click.command()
@click.option(
    "--stream", default=None, help="Only this stream, e.g. meeting/biden-putin-call-2021-12-30."
)
@click.option("--type", "types", multiple=True, help="Only this event type (repeatable).")
@click.option(
    "--after",
    type=click.IntRange(min=0, max=MAX_INT),
    default=0,
    help="Only positions after this one.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=MAX_INT),
    default=None,
    help="At most this many events.",
)
@as_of_option
@recorded_before_option
@output_options
@pass_app
def events(
    app: App,
    stream: str | None,
    types: tuple[str, ...],
    after: int,
    limit: int | None,
    as_of: datetime | None,
    recorded_before: datetime | None,
    fmt: str,
) -> None:
    """List the event log in position order.

    \b
    Example:
        crisis events --as-of 2021-12-30 --type MeetingScheduled
        crisis events --stream claim/russia-denies-planning-to-attack-ukraine --json
    """
    from crisis_timeline.store.event_store import EventFilter

    store = app.store()
    _check_types(store, types)
    where = EventFilter(
        stream=stream, types=types, after=after, as_of=as_of, recorded_before=recorded_before
    )
    rows: Iterator[dict[str, Any]] = (_row(e, fmt) for e in store.read(where, limit=limit))
    emit(rows, fmt, EVENT_FIELDS, TABLE_COLUMNS)


def _row(event: Any, fmt: str) -> dict[str, Any]:
    row: dict[str, Any] = event.model_dump(mode="json")
    if fmt == "table":
        from crisis_timeline.moments import shown, shown_instant

        tz = display_zone()
        row["occurred"] = shown(row["occurred"], tz) if event.occurred else ""
        row["reported"] = shown(row["reported"], tz)
        if tz is not UTC:
            row["recorded_at"] = shown_instant(event.recorded_at, tz)
    return row


@click.command()
@click.option(
    "--head",
    "show_head",
    is_flag=True,
    help="Also print the head (POSITION:HASH) to publish or keep elsewhere.",
)
@click.option(
    "--expect-head",
    metavar="POSITION:HASH",
    default=None,
    help="Fail unless the log still holds this head (printed by an earlier --head).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object: ok, checked, bad_position, reason, head.",
)
@pass_app
def verify(app: App, show_head: bool, expect_head: str | None, as_json: bool) -> None:
    """Walk the hash chain in position order; exit 1 naming the first position that fails.

    \b
    Example:
        crisis verify --head
        crisis verify --json
    """
    from crisis_timeline.store.chain import Head

    expect = Head.parse(expect_head) if expect_head is not None else None
    check = app.store().verify(expect=expect)
    if as_json:
        head = (
            None
            if check.head is None
            else {"position": check.head.position, "hash": check.head.hash}
        )
        click.echo(
            json.dumps(
                {
                    "ok": check.ok,
                    "checked": check.checked,
                    "bad_position": check.bad_position,
                    "reason": check.reason or None,
                    "head": head,
                }
            )
        )
    if not check.ok:
        raise click.ClickException(
            f"hash chain broken at position {check.bad_position}: {check.reason}"
        )
    if not as_json:
        click.echo(f"ok: {check.checked} events, hash chain intact")
        if show_head:
            click.echo(f"head: {check.head or 'none (the log is empty)'}")


COMMANDS = [events, verify]
