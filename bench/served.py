"""The as-of views through HTTP: `crisis serve` in its own process, asked over one kept-alive
connection at the same random knowledge times as the in-process figures (`latency.asof_latency`)."""

from __future__ import annotations

import bisect
import http.client
import random
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.latency import crisis_command, percentile
from crisis_timeline.time import format_instant

HTTP_VIEWS = ("meetings_upcoming", "claims_open", "timeline_page", "audit")
"""The as-of views of `latency.ASOF_VIEWS` a page asks for, by their API paths."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _paths(
    claims: list[tuple[datetime, str]], rng: random.Random
) -> dict[str, Callable[[datetime], str]]:
    claim_times = [t for t, _ in claims]

    def audit(t: datetime) -> str:
        i = bisect.bisect_right(claim_times, t)
        when, claim = claims[rng.randrange(i)] if i else claims[0]
        return f"/api/audit/{claim}?as_of={_q(max(t, when))}"

    return {
        "meetings_upcoming": lambda t: f"/api/views/meetings?upcoming=true&limit=50&as_of={_q(t)}",
        "claims_open": lambda t: f"/api/views/claims?open=true&limit=50&as_of={_q(t)}",
        "timeline_page": lambda t: f"/api/views/timeline?limit=50&as_of={_q(t)}",
        "audit": audit,
    }


def _q(t: datetime) -> str:
    return urllib.parse.quote(format_instant(t))


def http_latency(
    db: str,
    span: tuple[datetime, datetime],
    claims: list[tuple[datetime, str]],
    samples: int,
    budget_s: float,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """p50/p95 (ms) of each as-of view through HTTP, at the in-process figure's sample times."""
    rng = random.Random(seed)
    start, end = span
    times = [start + (end - start) * rng.random() for _ in range(samples)]
    port = _free_port()
    server = subprocess.Popen(
        [*crisis_command(), "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        conn = _connect(port, server)
        out: dict[str, dict[str, Any]] = {}
        for name, path in _paths(claims, rng).items():
            if name == "audit" and not claims:
                continue
            for t in times[:2]:
                _get(conn, path(t))
            out[name] = _measure(conn, path, times, budget_s)
        return out
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _connect(port: int, server: subprocess.Popen[str]) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"crisis serve exited: {server.communicate()[1][-500:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            _get(conn, "/api/status")
            return conn
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("crisis serve did not answer within 60 s")


def _get(conn: http.client.HTTPConnection, path: str) -> bytes:
    conn.request("GET", path)
    answer = conn.getresponse()
    body = answer.read()
    if answer.status != 200:
        raise RuntimeError(f"GET {path}: {answer.status} {body[:200]!r}")
    return body


def _measure(
    conn: http.client.HTTPConnection,
    path: Callable[[datetime], str],
    times: list[datetime],
    budget_s: float,
) -> dict[str, Any]:
    spent, began = [], time.perf_counter()
    for t in times:
        t0 = time.perf_counter()
        _get(conn, path(t))
        spent.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - began > budget_s and len(spent) >= 5:
            break
    return {"p50": percentile(spent, 0.5), "p95": percentile(spent, 0.95), "n": len(spent)}
