"""What users wait for: as-of queries in-process (p50/p95), and the whole `crisis` process."""

from __future__ import annotations

import bisect
import functools
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crisis_timeline import audit as audits
from crisis_timeline.projections.claims import open_claims
from crisis_timeline.projections.meetings import upcoming_meetings
from crisis_timeline.projections.timeline import timeline
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import format_instant
from crisis_timeline.views import At, Filters

ASOF_VIEWS = ("meetings_upcoming", "claims_open", "timeline_page", "audit", "meetings_upcoming_all")
INFORMATIONAL = frozenset({"meetings_upcoming_all"})
"""Measured and shown, not a target: every upcoming meeting, an answer that grows with the corpus
(the 10k corpus spans three days, fewer than meetings are announced ahead)."""


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, by linear interpolation."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * q
    lo = int(at)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (at - lo)


def asof_latency(
    engine: Engine,
    span: tuple[datetime, datetime],
    claims: list[tuple[datetime, str]],
    samples: int,
    budget_s: float,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """p50/p95 (ms) of each view at `samples` random knowledge times (fewer if out of budget)."""
    rng = random.Random(seed)
    start, end = span
    times = [start + (end - start) * rng.random() for _ in range(samples)]
    store = EventStore(engine)
    claim_times = [t for t, _ in claims]

    def audit(t: datetime) -> Any:
        i = bisect.bisect_right(claim_times, t)
        when, claim = claims[rng.randrange(i)] if i else claims[0]
        return audits.audit(engine, store, claim, At(as_of=max(t, when)))

    calls: dict[str, Callable[[datetime], Any]] = {
        # First pages, as `crisis meetings --upcoming --limit 50` and
        # `crisis claims --open --limit 50`: upcoming meetings and open claims grow with the store.
        "meetings_upcoming": lambda t: upcoming_meetings(engine, At(as_of=t), 50),
        "claims_open": lambda t: open_claims(engine, At(as_of=t), 50),
        "timeline_page": lambda t: timeline(engine, At(as_of=t), Filters(limit=50)),
        "audit": audit,
        "meetings_upcoming_all": lambda t: upcoming_meetings(engine, At(as_of=t)),
    }
    out: dict[str, dict[str, Any]] = {}
    for name, call in calls.items():
        if name == "audit" and not claims:
            continue
        for t in times[:2]:  # warm the connection and the page cache
            call(t)
        out[name] = _measure(call, times, budget_s)
    return out


def _measure(
    call: Callable[[datetime], Any], times: list[datetime], budget_s: float
) -> dict[str, Any]:
    spent, rows, began = [], [], time.perf_counter()
    for t in times:
        t0 = time.perf_counter()
        result = call(t)
        spent.append((time.perf_counter() - t0) * 1000)
        rows.append(len(result["history"]) if isinstance(result, dict) else len(result))
        if time.perf_counter() - began > budget_s and len(spent) >= 5:
            break
    return {
        "p50": percentile(spent, 0.5),
        "p95": percentile(spent, 0.95),
        "n": len(spent),
        "mean_rows": statistics.fmean(rows),
    }


@functools.cache
def bytecode_written() -> None:
    """Writes the bytecode of every module of the package, once per run. An installed program
    has it (pip compiles a wheel's modules as it installs them; an editable install writes each
    on first import), so the timed processes read it as a user's would; without it each would
    compile every module it imports, on every run when PYTHONDONTWRITEBYTECODE is set (the
    SQLite answer at 100k: 0.12 s against 0.09 s)."""
    import compileall

    import crisis_timeline

    package = Path(crisis_timeline.__file__).parent
    if not compileall.compile_dir(package, quiet=1):
        raise RuntimeError(f"could not write the bytecode of {package}")


def crisis_command() -> list[str]:
    """How to run the `crisis` CLI of this interpreter's environment (its bytecode written)."""
    bytecode_written()
    script = Path(sys.executable).with_name("crisis")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from crisis_timeline.cli.main import main; main()"]


def median_wall_ms(command: list[str], runs: int) -> float:
    """Median wall time of a whole process, in ms; the command must succeed."""
    spent = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        proc = subprocess.run(
            command, capture_output=True, text=True, env=os.environ.copy(), check=False
        )
        spent.append((time.perf_counter() - t0) * 1000)
        if proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command[:3])}... exited {proc.returncode}: {proc.stderr.strip()[-500:]}"
            )
    return statistics.median(spent)


def cli_ms(db: str, as_of: datetime, runs: int) -> float:
    """`crisis --db DB meetings --upcoming --as-of T --json`, the whole process."""
    args = ["--db", db, "meetings", "--upcoming", "--as-of", format_instant(as_of), "--json"]
    return median_wall_ms(crisis_command() + args, runs)


def python_floor_ms(runs: int) -> float:
    """`python -c "import sqlite3"`: the least any Python CLI costs."""
    return median_wall_ms([sys.executable, "-c", "import sqlite3"], runs)
