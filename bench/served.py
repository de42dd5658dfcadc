"""The as-of views through HTTP: `crisis serve` in its own process, asked over one kept-alive
connection at the same random knowledge times as the in-process figures (`latency.asof_latency`).

Each request is paired with the same query run in this process just before it, so that what
HTTP adds (`added_p50`) is measured under the same load as the query itself; and the server's
own CPU time per request (from /proc) is set beside the in-process query's, a figure that other
work on the machine does not inflate.
"""

from __future__ import annotations

import bisect
import http.client
import random
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bench.latency import crisis_command, percentile
from crisis_timeline import audit as audits
from crisis_timeline import queries
from crisis_timeline.store.engine import open_reader
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import format_instant
from crisis_timeline.views import At, Filters

HTTP_VIEWS = ("meetings_upcoming", "claims_open", "timeline_page", "audit", "page")
"""The as-of views of `latency.ASOF_VIEWS` a page asks for, by their API paths, and the page's
own request (`/api/page`: its four panels, the first 100 rows of each)."""
Pair = tuple[Callable[[datetime], str], Callable[[datetime], Any]]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pairs(engine: Engine, claims: list[tuple[datetime, str]], seed: int) -> dict[str, Pair]:
    """Each view's API path at a time, and the library call that answers it."""
    from crisis_timeline.web import page

    claim_times, store = [t for t, _ in claims], EventStore(engine)

    def claim_at(t: datetime) -> tuple[datetime, str]:
        i = bisect.bisect_right(claim_times, t)
        when, claim = claims[random.Random(f"{seed}{t}").randrange(i)] if i else claims[0]
        return max(t, when), claim

    def view(name: str, **f: Any) -> Callable[[datetime], Any]:
        return lambda t: queries.view(engine, name, At(t), Filters(limit=50, **f))

    return {
        "meetings_upcoming": (
            lambda t: f"/api/views/meetings?upcoming=true&limit=50&as_of={_q(t)}",
            view("meetings", upcoming=True),
        ),
        "claims_open": (
            lambda t: f"/api/views/claims?open=true&limit=50&as_of={_q(t)}",
            view("claims", open_only=True),
        ),
        "timeline_page": (
            lambda t: f"/api/views/timeline?limit=50&as_of={_q(t)}",
            view("timeline"),
        ),
        "audit": (
            lambda t: "/api/audit/{1}?as_of={0}".format(*_qs(claim_at(t))),
            lambda t: audits.audit(engine, store, claim_at(t)[1], At(claim_at(t)[0])),
        ),
        "page": (
            lambda t: f"/api/page?limit={page.FIRST}&as_of={_q(t)}",
            lambda t: page.snapshot(engine, At(t), Filters(limit=page.FIRST)),
        ),
    }


def _q(t: datetime) -> str:
    return urllib.parse.quote(format_instant(t))


def _qs(at: tuple[datetime, str]) -> tuple[str, str]:
    return _q(at[0]), at[1]


def http_latency(
    db: str,
    span: tuple[datetime, datetime],
    claims: list[tuple[datetime, str]],
    samples: int,
    budget_s: float,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """p50/p95 (ms) of each view through HTTP and in-process, paired at the same sample times,
    what HTTP adds at p50, and CPU ms per answer in the server and in-process."""
    rng = random.Random(seed)
    start, end = span
    times = [start + (end - start) * rng.random() for _ in range(samples)]
    engine = open_reader(db)
    try:
        with serving(db) as (conn, pid):
            out: dict[str, dict[str, Any]] = {}
            for name, (path, call) in _pairs(engine, claims, seed).items():
                if name == "audit" and not claims:
                    continue
                for t in times[:2]:
                    _get(conn, path(t))
                    call(t)
                out[name] = _measure(conn, pid, (path, call), times, budget_s)
            return out
    finally:
        engine.dispose()


@contextmanager
def serving(db: str) -> Iterator[tuple[http.client.HTTPConnection, int]]:
    """`crisis serve` on a free port of 127.0.0.1: a kept-alive connection to it, its pid."""
    port = _free_port()
    server = subprocess.Popen(
        [*crisis_command(), "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        conn = _connect(port, server)
        yield conn, server.pid
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


def _cpu_s(pid: int) -> float | None:
    """A process's user + system CPU seconds (Linux /proc; None elsewhere)."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    conn: http.client.HTTPConnection, pid: int, pair: Pair, times: list[datetime], budget_s: float
) -> dict[str, Any]:
    path, call = pair
    http_ms, local_ms, local_cpu, began = [], [], 0.0, time.perf_counter()
    server_cpu = _cpu_s(pid)
    for t in times:
        c0, t0 = time.process_time(), time.perf_counter()
        call(t)
        t1 = time.perf_counter()
        local_cpu += time.process_time() - c0
        _get(conn, path(t))
        http_ms.append((time.perf_counter() - t1) * 1000)
        local_ms.append((t1 - t0) * 1000)
        if time.perf_counter() - began > budget_s and len(http_ms) >= 5:
            break
    n, after = len(http_ms), _cpu_s(pid)
    return {
        "p50": percentile(http_ms, 0.5),
        "p95": percentile(http_ms, 0.95),
        "n": n,
        "inproc_p50": percentile(local_ms, 0.5),
        "inproc_p95": percentile(local_ms, 0.95),
        "added_p50": percentile([h - q for h, q in zip(http_ms, local_ms)], 0.5),
        "server_cpu_ms": None
        if after is None or server_cpu is None
        else (after - server_cpu) / n * 1000,
        "inproc_cpu_ms": local_cpu / n * 1000,
    }
