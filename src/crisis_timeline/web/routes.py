"""The API's routes: the CLI's commands as GET paths, their options as query parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from crisis_timeline import canonical, queries
from crisis_timeline.errors import NotFoundError
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.positions import Standing, standing
from crisis_timeline.store.event_store import EventFilter, EventStore
from crisis_timeline.views import At
from crisis_timeline.web import page
from crisis_timeline.web.params import BadRequest, at_params, limit_param, time_param, view_filters

router = APIRouter(prefix="/api")
Text = Annotated[str | None, Query()]
AsOf = Annotated[
    str | None,
    Query(description="Knowledge time, typed as --as-of takes it (2021-12-30, 2021-12-30T12:00Z)."),
]
RecordedBefore = Annotated[
    str | None, Query(description="System time, as --recorded-before takes it.")
]
Limit = Annotated[int | None, Query(description="The first N rows (a page), 1 or more.")]


def behind(engine: Engine) -> Standing:
    """Where the most-behind view stands against the log's head."""
    return standing(engine, VIEWS)


def json_response(doc: Any) -> Response:
    """The CLI's JSON (canonical.dumps) as an answer."""
    return Response(canonical.dumps(doc), media_type="application/json")


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


@router.get("/status", summary="How far behind the log the views are")
def status(request: Request) -> Response:
    at = behind(_engine(request))
    return json_response(
        {
            "head": at.head,
            "position": at.position,
            "behind": at.lag,
            "note": at.describe() if at.lag else None,
        }
    )


@router.get("/views/{name}", summary="One view, as `crisis VIEW --json` (a page: limit, offset)")
def view(
    request: Request,
    name: str,
    as_of: AsOf = None,
    recorded_before: RecordedBefore = None,
    limit: Limit = None,
    upcoming: bool = False,
    open: bool = False,
    status: Text = None,
    actor: Text = None,
    world_from: Annotated[str | None, Query(alias="from")] = None,
    world_to: Annotated[str | None, Query(alias="to")] = None,
    offset: int = 0,
) -> Response:
    given = {
        "upcoming": upcoming,
        "open": open,
        "status": status,
        "actor": actor,
        "from": world_from,
        "to": world_to,
        "offset": offset,
    }
    filters = view_filters(name, given, limit)
    return json_response(
        queries.view(_engine(request), VIEWS[name], at_params(as_of, recorded_before), filters)
    )


@router.get("/replay", summary="Every view at a moment, as `crisis replay --json`")
def replay(
    request: Request, as_of: AsOf = None, recorded_before: RecordedBefore = None
) -> Response:
    return json_response(queries.replay(_engine(request), at_params(as_of, recorded_before)))


@router.get("/diff", summary="What was learned between t1 and t2, as `crisis diff T1 T2 --json`")
def diff(request: Request, t1: str, t2: str, recorded_before: RecordedBefore = None) -> Response:
    before, after = (
        at_params(t1, recorded_before),
        At(time_param("t2", t2), time_param("recorded_before", recorded_before)),
    )
    if after.as_of is None or before.as_of is None:
        raise BadRequest("t1 and t2: give two knowledge times")
    if after.as_of < before.as_of:
        raise BadRequest("t2 is before t1; give the earlier time first")
    engine = _engine(request)
    return json_response(queries.diff(engine, EventStore(engine), before, after))


@router.get(
    "/audit/{ident:path}", summary="A stream's provenance, checked, as `crisis audit ID --json`"
)
def audit(
    request: Request, ident: str, as_of: AsOf = None, recorded_before: RecordedBefore = None
) -> Response:
    from crisis_timeline.audit import audit as audit_of

    engine = _engine(request)
    at = at_params(as_of, recorded_before)
    return json_response(audit_of(engine, EventStore(engine), ident, at, request.app.state.texts))


@router.get("/events", summary="The event log in position order, as `crisis events --json`")
def events(
    request: Request,
    stream: Text = None,
    type: Annotated[list[str] | None, Query()] = None,
    after: int = 0,
    limit: Limit = None,
    as_of: AsOf = None,
    recorded_before: RecordedBefore = None,
) -> Response:
    from crisis_timeline.events import registry

    unknown = sorted(set(type or ()) - set(registry.names()))
    if unknown:
        raise BadRequest(f"type: unknown type {unknown[0]!r}")
    if not 0 <= after <= 2**63 - 1:
        raise BadRequest(f"after: {after} is out of range")
    at = at_params(as_of, recorded_before)
    where = EventFilter(
        stream=stream,
        types=tuple(type or ()),
        after=after,
        as_of=at.as_of,
        recorded_before=at.recorded_before,
    )
    rows = EventStore(_engine(request)).read(where, limit=limit_param(limit))
    return json_response([e.model_dump(mode="json") for e in rows])


@router.get("/search", summary="Full-text search, as `crisis search WORDS --json` (q repeatable)")
def search(
    request: Request,
    q: Annotated[list[str] | None, Query()] = None,
    as_of: AsOf = None,
    recorded_before: RecordedBefore = None,
    limit: Limit = None,
) -> Response:
    from crisis_timeline.search import Query as SearchQuery
    from crisis_timeline.search import phrases
    from crisis_timeline.store import search_index

    at = at_params(as_of, recorded_before)
    query = SearchQuery(phrases(q or []), at.as_of, at.recorded_before, limit_param(limit))
    with _engine(request).connect() as conn:
        found = search_index.find(conn, query)
    return Response(
        canonical.dumps(found),
        media_type="application/json",
        headers={"X-Crisis-Search-Behind": str(search_index.lag(_engine(request)))},
    )


@router.get(
    "/page",
    summary="What the page shows at a moment: timeline, upcoming meetings, open claims, forces",
)
def snapshot(
    request: Request,
    as_of: AsOf = None,
    recorded_before: RecordedBefore = None,
    limit: Limit = None,
    world_from: Annotated[str | None, Query(alias="from")] = None,
    world_to: Annotated[str | None, Query(alias="to")] = None,
) -> Response:
    filters = view_filters("timeline", {"from": world_from, "to": world_to}, limit or page.PAGE)
    return json_response(
        page.snapshot(_engine(request), at_params(as_of, recorded_before), filters)
    )


@router.get("/texts/{sha256}", summary="A source's text, by the sha256 its registration names")
def text(request: Request, sha256: str) -> Response:
    found = page.texts(tuple(request.app.state.texts)).get(sha256)
    if found is None:
        raise NotFoundError(
            f"no source text with sha256 {sha256!r} in the server's --texts folders"
        )
    return json_response({"sha256": sha256, "text": found})


@router.get(
    "/moments", summary="The first and last knowledge times at which the page's answers change"
)
def moments(request: Request, recorded_before: RecordedBefore = None) -> Response:
    panels = [VIEWS[name] for name in page.PANELS]
    found = queries.moments(_engine(request), panels, at_params(None, recorded_before))
    return json_response(
        {
            "first": canonical_time(found[0]) if found else None,
            "last": canonical_time(found[-1]) if found else None,
            "count": len(found),
        }
    )


def canonical_time(value: Any) -> str | None:
    from crisis_timeline.views import iso

    return iso(value)
