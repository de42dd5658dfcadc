"""The HTTP API: every view, replay, diff, audit, events, search and the exports, read-only.

Each route reads its query parameters as the CLI reads its options (`params`) and answers with
the same library call and the same JSON as the command. The server never catches up the
projections (a writer's load does): each answer says in `X-Crisis-Behind` how many events of the
log the views have yet to take in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from crisis_timeline.errors import CrisisError, NotFoundError
from crisis_timeline.web import exports, page, routes

OPENAPI_PATH = "/api/openapi.json"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The page's scripts and styles come from this server alone; nothing runs inline."""


def create_app(engine: Engine, texts: Sequence[Path] = ()) -> FastAPI:
    """The application over a read-only engine; `texts` are folders of source texts (*.txt)."""
    app = FastAPI(
        title="Crisis Timeline",
        version="1",
        openapi_url=OPENAPI_PATH,
        docs_url=None,
        redoc_url=None,
        description="Read-only: every view as known at a moment, with its evidence.",
    )
    app.state.engine, app.state.texts = engine, list(texts)
    _errors(app)
    app.middleware("http")(_headers)
    app.include_router(routes.router)
    app.include_router(exports.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page.live_html())

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        content, media = page.asset(name)
        return Response(content, media_type=media)

    return app


async def _headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Every answer: the CSP, no sniffing, and how far behind the log the views are."""
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if "X-Crisis-Behind" not in response.headers:
        response.headers["X-Crisis-Behind"] = str(routes.behind(request.app.state.engine).lag)
    return response


def error(status: int, message: str) -> JSONResponse:
    """`{"error": "one line"}`."""
    first = (message.strip().splitlines() or ["error"])[0]
    return JSONResponse({"error": first}, status_code=status)


def _errors(app: FastAPI) -> None:
    from sqlalchemy.exc import DBAPIError

    @app.exception_handler(CrisisError)
    def crisis(_r: Request, e: CrisisError) -> JSONResponse:
        return error(404 if isinstance(e, NotFoundError) else 400, str(e))

    @app.exception_handler(RequestValidationError)
    def invalid(_r: Request, e: RequestValidationError) -> JSONResponse:
        first: dict[str, Any] = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return error(400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    def http(_r: Request, e: HTTPException) -> JSONResponse:
        return error(e.status_code, "no such path" if e.status_code == 404 else str(e.detail))

    @app.exception_handler(DBAPIError)
    def database(_r: Request, e: DBAPIError) -> JSONResponse:
        return error(503, f"database: {e.orig or e}")

    @app.exception_handler(Exception)
    def unexpected(_r: Request, e: Exception) -> JSONResponse:
        return error(500, f"internal error ({type(e).__name__}); the log is unchanged")
