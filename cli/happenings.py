"""The view commands of what happens: incidents, casualties, sanctions, agreements, places."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from crisis_timeline.cli.options import App
from crisis_timeline.cli.views import (
    actor_option,
    show,
    view_command,
    world_from_option,
    world_to_option,
)
from crisis_timeline.projections import agreements as agreements_view
from crisis_timeline.projections import casualties as casualties_view
from crisis_timeline.projections import incidents as incidents_view
from crisis_timeline.projections import places as places_view
from crisis_timeline.projections import sanctions as sanctions_view


@view_command
@click.option(
    "--kind",
    "status",
    type=click.Choice(incidents_view.VIEW.statuses),
    default=None,
    help="Only incidents of this kind (see the README's kind table).",
)
@actor_option
@world_from_option
@world_to_option
def incidents(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Incidents by when they happened, with their place and the latest toll known.

    \b
    Example:
        crisis incidents --as-of 2022-02-24T12:00Z
        crisis incidents --actor actor/russia --from 2022-02 --json
    """
    show(app, incidents_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@actor_option
@world_from_option
@world_to_option
def casualties(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Every toll reported, per source, in the order it became known; none is overwritten.

    --as-of DAY gives the tolls as known on that day; --actor who gave them.

    \b
    Example:
        crisis casualties --as-of 2022-02-24 --json
    """
    show(app, casualties_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@click.option("--status", type=click.Choice(sanctions_view.STATUSES), default=None)
@actor_option
def sanctions(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Sanctions announced, imposed and lifted: by whom, against whom, which measures.

    \b
    Example:
        crisis sanctions --actor actor/russia --as-of 2022-02-24
    """
    show(app, sanctions_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@click.option("--status", type=click.Choice(agreements_view.STATUSES), default=None)
@actor_option
def agreements(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Ceasefires and deals: reached, signed, violated, ended.

    \b
    Example:
        crisis agreements --status ended --json
    """
    show(app, agreements_view.VIEW, fmt, as_of, recorded_before, **filters)


@view_command
@click.option("--kind", "status", type=click.Choice(places_view.KINDS), default=None)
def places(
    app: App, fmt: str, as_of: datetime | None, recorded_before: datetime | None, **filters: Any
) -> None:
    """Places as identified: kind, country, admin levels, coordinates and their precision.

    \b
    Example:
        crisis places --kind city --as-of 2022-02-24
    """
    show(app, places_view.VIEW, fmt, as_of, recorded_before, **filters)


COMMANDS = [incidents, casualties, sanctions, agreements, places]
