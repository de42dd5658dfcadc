"""Query parameters as the CLI's options read them: typed times, limits, the view filters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from crisis_timeline.errors import CrisisError
from crisis_timeline.moments import Bound, instant
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.timepoints import TimeParseError
from crisis_timeline.views import At, Filters

MAX_INT = 2**63 - 1
PARAMS = {
    "upcoming": "upcoming",
    "open": "open_only",
    "status": "status",
    "actor": "actor",
    "from": "world_from",
    "to": "world_to",
    "offset": "offset",
}
"""Each query parameter and the filter it sets (`View.supported` says which each view takes)."""


class BadRequest(CrisisError):
    """A query parameter the API cannot take (answered with 400)."""


def time_param(name: str, value: str | None, bound: Bound = Bound.KNOWN) -> datetime | None:
    """A typed time (2021-12-30, 2021-12-30T12:00Z, now), as the CLI reads it (UTC)."""
    if value is None or value == "":
        return None
    try:
        return instant(value, bound, UTC)
    except TimeParseError as e:
        raise BadRequest(f"{name}: {e}") from None


def at_params(as_of: str | None, recorded_before: str | None) -> At:
    """The two clocks of a request."""
    return At(time_param("as_of", as_of), time_param("recorded_before", recorded_before))


def limit_param(value: int | None, name: str = "limit") -> int | None:
    """A page size: 1 to the largest count the databases store."""
    if value is not None and not 1 <= value <= MAX_INT:
        raise BadRequest(f"{name}: {value} is out of range (1 to {MAX_INT})")
    return value


def view_filters(view: str, given: Mapping[str, Any], limit: int | None) -> Filters:
    """The view's Filters from the query parameters given; one a view does not take is an error."""
    if view not in VIEWS:
        raise BadRequest(f"no view {view!r} (one of {', '.join(VIEWS)})")
    present = {k: v for k, v in given.items() if v not in (None, False, "")}
    for name in present:
        if PARAMS.get(name, name) not in VIEWS[view].supported:
            raise BadRequest(f"{name} does not apply to the {view} view")
    status, statuses = present.get("status"), VIEWS[view].statuses
    if status is not None and statuses and status not in statuses:
        raise BadRequest(
            f"status {status!r} is not a status of {view} (one of {', '.join(statuses)})"
        )
    return Filters(
        upcoming=bool(present.get("upcoming")),
        open_only=bool(present.get("open")),
        status=status,
        actor=present.get("actor"),
        world_from=time_param("from", present.get("from"), Bound.START),
        world_to=time_param("to", present.get("to"), Bound.END),
        limit=limit_param(limit),
        offset=_offset(present.get("offset", 0)),
    )


def _offset(value: int) -> int:
    """Rows skipped before the page, as --offset (0 to the largest count stored)."""
    if not 0 <= value <= MAX_INT:
        raise BadRequest(f"offset: {value} is out of range (0 to {MAX_INT})")
    return value
