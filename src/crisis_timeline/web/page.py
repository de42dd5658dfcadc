"""The page: what it shows at a knowledge time (`snapshot`), served live or exported as one file.

The exported file holds a snapshot for every knowledge time at which an answer changes
(`queries.moments`), each computed by the same queries as the API, so moving the page's
control through time needs no server and no second implementation of a view.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crisis_timeline import canonical, queries
from crisis_timeline.errors import CrisisError, NotFoundError
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.claims import open_claims
from crisis_timeline.projections.forces import force_reports
from crisis_timeline.projections.meetings import upcoming_meetings
from crisis_timeline.projections.positions import standing
from crisis_timeline.projections.timeline import timeline
from crisis_timeline.views import At, Content, Filters, iso

PAGE = 500
"""Rows per panel the page asks for at once (the first page of each)."""
MAX_MOMENTS = 400
"""Knowledge times one exported file holds a snapshot for, at most."""
PANELS = ("timeline", "meetings", "claims", "forces")
ASSETS = {"page.js": "text/javascript", "page.css": "text/css"}


class TooLargeError(CrisisError):
    """A store with more knowledge times than one file holds."""


def snapshot(engine: Engine, at: At, filters: Filters = Filters(limit=PAGE)) -> dict[str, Any]:
    """The page's panels at `at`: the timeline, upcoming meetings, open claims, force reports."""
    page = filters.limit or PAGE
    behind = standing(engine, VIEWS)
    return {
        "as_of": iso(at.as_of),
        "recorded_before": iso(at.recorded_before),
        "timeline": timeline(engine, at, filters),
        "upcoming": upcoming_meetings(engine, at, page),
        "claims": open_claims(engine, at, page),
        "forces": force_reports(
            engine,
            at,
            Filters(limit=page, world_from=filters.world_from, world_to=filters.world_to),
        ),
        "behind": behind.lag,
        "note": behind.describe() if behind.lag else None,
    }


def snapshots(engine: Engine, at: At, filters: Filters) -> list[dict[str, Any]]:
    """A snapshot before anything was known, then one at each moment an answer may change."""
    moments = queries.moments(engine, [VIEWS[name] for name in PANELS], at)
    if len(moments) > MAX_MOMENTS:
        raise TooLargeError(
            f"the store has {len(moments):,} knowledge times, "
            f"more than one file holds ({MAX_MOMENTS}); "
            "crisis serve shows it"
        )
    first = [moments[0] - timedelta(microseconds=1)] if moments else []
    return [snapshot(engine, At(t, at.recorded_before), filters) for t in first + moments]


def audits(
    engine: Engine, store: Any, streams: Sequence[str], at: At, folders: Sequence[Path]
) -> dict[str, Any]:
    """Each stream's audit as `crisis audit --json` gives it (at the latest knowledge time)."""
    from crisis_timeline.audit import audit

    found: dict[str, Any] = {}
    for stream in dict.fromkeys(streams):
        try:
            found[stream] = audit(engine, store, stream, At(None, at.recorded_before), folders)
        except NotFoundError:
            continue  # a timeline row of a stream no audit shows: the page says so
    return found


def export_html(
    engine: Engine, store: Any, at: At, filters: Filters, folders: Sequence[Path]
) -> bytes:
    """The page as one self-contained file: styles, script and every snapshot inline."""
    shots = snapshots(engine, at, filters)
    rows = [
        r for s in shots for name in ("timeline", "upcoming", "claims", "forces") for r in s[name]
    ]
    streams = [str(r.get("stream") or r["id"]) for r in rows]
    audited = audits(engine, store, streams, at, folders)
    wanted = {
        str(ev["source"].get("sha256"))
        for a in audited.values()
        for e in a["history"]
        for ev in e["evidence"]
    }
    data = {
        "mode": "file",
        "snapshots": shots,
        "audits": audited,
        "texts": {k: v for k, v in texts(tuple(folders)).items() if k in wanted},
    }
    return render(data, inline=True).encode("utf-8")


def live_html() -> str:
    """The page as `crisis serve` sends it: script and styles from /static, data from /api."""
    return render({"mode": "live"}, inline=False)


def render(data: Content, *, inline: bool) -> str:
    """The HTML with the data embedded as JSON (never as markup: `<` is written \\u003c)."""
    css, js = _asset("page.css"), _asset("page.js")
    embedded = (
        canonical.dumps(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    if inline:
        csp = (
            f"default-src 'none'; script-src '{_sha256(js)}'; style-src '{_sha256(css)}'; "
            "img-src data:; "
            "base-uri 'none'; form-action 'none'"
        )
        head = f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n<style>{css}</style>'
        script = f"<script>{js}</script>"
    else:
        head, script = (
            '<link rel="stylesheet" href="/static/page.css">',
            '<script src="/static/page.js"></script>',
        )
    html = _asset("page.html")
    return (
        html.replace("<!--head-->", head)
        .replace("<!--data-->", embedded)
        .replace("<!--script-->", script)
    )


def asset(name: str) -> tuple[str, str]:
    """A static file of the page and its media type (404 for any other name)."""
    if name not in ASSETS:
        raise NotFoundError(f"no static file {name!r}")
    return _asset(name), ASSETS[name]


@cache
def _asset(name: str) -> str:
    return files("crisis_timeline.web").joinpath("static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode(
        "ascii"
    )


@cache
def texts(folders: tuple[Path, ...]) -> dict[str, str]:
    """The source texts in these folders, by sha256 (read once per process)."""
    from crisis_timeline.audit import _texts_by_sha256

    return _texts_by_sha256(folders)
