"""The HTTP API: every view, replay, diff, audit, events, search and the exports, read-only.

Each route reads its query parameters as the CLI reads its options (`params`) and answers with
the same library call and the same JSON as the command. The server never catches up the
projections (a writer's load does): each answer says in `X-Crisis-Behind` how many events of the
log the views have yet to take in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crisis_timeline.errors import CrisisError, NotFoundError
from crisis_timeline.web import exports, page, routes
from crisis_timeline.web.behind import Behind

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
    app.state.behind = Behind(engine)
    _errors(app)
    app.add_middleware(Headers, behind=app.state.behind)
    app.include_router(routes.router)
    app.include_router(exports.router)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page.live_html())

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str, request: Request) -> Response:
        content, media = page.asset(name)
        tag = f'"{page.version(name)}"'
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers={"ETag": tag})
        return Response(
            content, media_type=media, headers={"ETag": tag, "Cache-Control": "no-cache"}
        )

    return app


class Headers:
    """Every answer: the CSP, no sniffing, no referrer, and how far behind the log the views
    are. Plain ASGI, where `app.middleware("http")` would run each request through a task and
    a memory stream of its own."""

    def __init__(self, app: ASGIApp, behind: Behind) -> None:
        self.app, self.behind = app, behind

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if "x-crisis-behind" not in headers:
                    headers["X-Crisis-Behind"] = str(self.behind().lag)
            await send(message)

        await self.app(scope, receive, sending)


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
