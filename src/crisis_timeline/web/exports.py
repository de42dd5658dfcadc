"""The exports as API paths: the bytes `crisis export FORMAT` writes, with its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crisis_timeline.store.event_store import EventStore
from crisis_timeline.web.params import at_params, view_filters

router = APIRouter(prefix="/api/export")
Text = Annotated[str | None, Query()]
MEDIA = {
    "ics": "text/calendar",
    "timelinejs": "application/json",
    "timelinejs-csv": "text/csv",
    "plover": "application/x-ndjson",
    "prov": "application/json",
}


def _export(
    request: Request,
    fmt: str,
    view: str,
    as_of: str | None,
    recorded_before: str | None,
    given: Mapping[str, object],
) -> Response:
    from crisis_timeline.exports import ics, plover, timelinejs

    make = {
        "ics": ics.calendar,
        "timelinejs": timelinejs.timeline_json,
        "timelinejs-csv": timelinejs.timeline_csv,
        "plover": plover.plover_lines,
    }[fmt]
    engine = request.app.state.engine
    doc = make(
        engine,
        EventStore(engine),
        at_params(as_of, recorded_before),
        view_filters(view, given, None),
    )
    headers = {"X-Crisis-Left-Out": doc.left_out.splitlines()[0]} if doc.left_out else None
    return Response(doc.content, media_type=MEDIA[fmt], headers=headers)


@router.get("/ics", summary="Meetings as iCalendar, as `crisis export ics`")
def ics(
    request: Request,
    as_of: Text = None,
    recorded_before: Text = None,
    upcoming: bool = False,
    status: Text = None,
    actor: Text = None,
    world_from: Annotated[str | None, Query(alias="from")] = None,
    world_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    given = {
        "upcoming": upcoming,
        "status": status,
        "actor": actor,
        "from": world_from,
        "to": world_to,
    }
    return _export(request, "ics", "meetings", as_of, recorded_before, given)


@router.get("/{fmt}", summary="timelinejs, timelinejs-csv or plover, as `crisis export FORMAT`")
def timeline_format(
    request: Request,
    fmt: str,
    as_of: Text = None,
    recorded_before: Text = None,
    world_from: Annotated[str | None, Query(alias="from")] = None,
    world_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    from crisis_timeline.errors import NotFoundError

    if fmt not in ("timelinejs", "timelinejs-csv", "plover"):
        raise NotFoundError(
            f"no export format {fmt!r} (ics, timelinejs, timelinejs-csv, plover, prov)"
        )
    return _export(
        request, fmt, "timeline", as_of, recorded_before, {"from": world_from, "to": world_to}
    )


@router.get(
    "/prov/{claim:path}", summary="A claim's provenance as PROV-JSON, as `crisis export prov CLAIM`"
)
def prov(
    request: Request, claim: str, as_of: Text = None, recorded_before: Text = None
) -> Response:
    from crisis_timeline.exports import provenance

    engine = request.app.state.engine
    doc = provenance.claim_provenance(
        engine, EventStore(engine), claim, at_params(as_of, recorded_before)
    )
    return Response(doc.content, media_type=MEDIA["prov"])
