"""The page: what it shows at a knowledge time (`snapshot`), served live or exported as one file.

The exported file holds a snapshot for every knowledge time at which an answer changes
(`queries.moments`), each computed by the same queries as the API, so moving the page's
control through time needs no server and no second implementation of a view.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
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
from crisis_timeline.projections.meetings import meetings
from crisis_timeline.projections.positions import Standing, standing
from crisis_timeline.projections.timeline import timeline
from crisis_timeline.views import At, Content, Filters, iso

PAGE = 500
"""Rows per panel of a snapshot unless a limit is given (an exported file's default)."""
FIRST = 100
"""Rows per panel the served page asks for first; more of the timeline as the reader asks."""
MAX_MOMENTS = 400
"""Knowledge times one exported file holds a snapshot for, at most."""
MAX_ROWS = 100_000
"""Rows one exported file holds, over all its snapshots and panels, at most."""
PANELS = ("timeline", "meetings", "claims", "forces")
SHOWN = ("timeline", "upcoming", "claims", "forces")
"""The snapshot's panels, by their keys."""
ASSETS = {"axis.js": "text/javascript", "page.js": "text/javascript", "page.css": "text/css"}


class TooLargeError(CrisisError):
    """A store with more knowledge times than one file holds."""


def snapshot(
    engine: Engine, at: At, filters: Filters = Filters(limit=PAGE), behind: Standing | None = None
) -> dict[str, Any]:
    """The page's panels at `at`: the timeline, upcoming meetings, open claims, force reports
    (those with a world time within `filters`' from and to)."""
    page = filters.limit or PAGE
    world = Filters(world_from=filters.world_from, world_to=filters.world_to, limit=page)
    behind = behind or standing(engine, VIEWS)
    return {
        "as_of": iso(at.as_of),
        "recorded_before": iso(at.recorded_before),
        "timeline": timeline(engine, at, filters),
        "upcoming": meetings(engine, at, replace(world, upcoming=True)),
        "claims": open_claims(engine, at, page),
        "forces": force_reports(engine, at, world),
        "behind": behind.lag,
        "note": behind.describe() if behind.lag else None,
    }


def snapshots(
    engine: Engine, at: At, filters: Filters, since: datetime | None = None
) -> list[dict[str, Any]]:
    """The page as known at `since` (default: before anything was), then at each later
    knowledge time up to `at.as_of` (default: the last) at which the page, bounded by
    `filters`, changes."""
    held = _held(engine, at, since)
    before = [held[0] - timedelta(microseconds=1)] if held else []
    shots: list[dict[str, Any]] = []
    rows = 0
    for t in ([since] if since is not None else before) + held:
        shot = snapshot(engine, At(t, at.recorded_before), filters)
        if shots and _same(shots[-1], shot):
            continue  # nothing the bounded page shows changed at t
        shots.append(shot)
        rows += sum(len(shot[name]) for name in SHOWN)
        if rows > MAX_ROWS:
            raise TooLargeError(
                f"the page's rows at {len(held):,} knowledge times {_between(held)} "
                f"are more than one file holds ({MAX_ROWS:,}); "
                "narrow them with --from/--to, --limit or --since/--as-of"
            )
    return shots


def _held(engine: Engine, at: At, since: datetime | None) -> list[datetime]:
    """The knowledge times after `since` and up to `at.as_of` at which an answer may change."""
    held = [
        t
        for t in queries.moments(engine, [VIEWS[name] for name in PANELS], at)
        if (since is None or t > since) and (at.as_of is None or t <= at.as_of)
    ]
    if len(held) > MAX_MOMENTS:
        raise TooLargeError(
            f"{len(held):,} knowledge times {_between(held)}, "
            f"more than one file holds ({MAX_MOMENTS}); "
            "narrow them with --since and --as-of, or use crisis serve"
        )
    return held


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a[k] == b[k] for k in a if k != "as_of")


def _between(held: Sequence[datetime]) -> str:
    return f"from {iso(held[0])} to {iso(held[-1])}" if held else "in the store"


def audits(
    engine: Engine, store: Any, streams: Sequence[str], at: At, folders: Sequence[Path]
) -> dict[str, Any]:
    """Each stream's audit as `crisis audit --json` gives it (at the file's last knowledge time)."""
    from crisis_timeline.audit import audit

    found: dict[str, Any] = {}
    for stream in dict.fromkeys(streams):
        try:
            found[stream] = audit(engine, store, stream, at, folders)
        except NotFoundError:
            continue  # a timeline row of a stream no audit shows: the page says so
    return found


def export_html(
    engine: Engine,
    store: Any,
    at: At,
    filters: Filters,
    folders: Sequence[Path],
    since: datetime | None = None,
) -> bytes:
    """The page as one self-contained file: styles, script and every snapshot inline."""
    shots = snapshots(engine, at, filters, since)
    rows = [r for s in shots for name in SHOWN for r in s[name]]
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
        "page": filters.limit or PAGE,
        "held": {"since": iso(since), "as_of": iso(at.as_of)},
        "snapshots": shots,
        "audits": audited,
        "texts": {k: v for k, v in texts(tuple(folders)).items() if k in wanted},
    }
    return render(data, inline=True).encode("utf-8")


@cache
def live_html() -> str:
    """The page as `crisis serve` sends it: script and styles from /static, data from /api."""
    return render({"mode": "live", "page": FIRST}, inline=False)


def render(data: Content, *, inline: bool) -> str:
    """The HTML with the data embedded as JSON (never as markup: `<` is written \\u003c)."""
    css, scripts = _asset("page.css"), (_asset("axis.js"), _asset("page.js"))
    embedded = (
        canonical.dumps(data)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    if inline:
        hashes = " ".join(f"'{_sha256(js)}'" for js in scripts)
        csp = (
            f"default-src 'none'; script-src {hashes}; style-src '{_sha256(css)}'; "
            "img-src data:; "
            "base-uri 'none'; form-action 'none'"
        )
        head = f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n<style>{css}</style>'
        script = "\n".join(f"<script>{js}</script>" for js in scripts)
    else:
        head, script = (
            '<link rel="stylesheet" href="/static/page.css">',
            '<script src="/static/axis.js"></script>\n<script src="/static/page.js"></script>',
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
def version(name: str) -> str:
    """A static file's entity tag: the sha256 of its text."""
    return hashlib.sha256(_asset(name).encode("utf-8")).hexdigest()[:32]


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
