"""Import figures: an ACLED-format export of `scale` rows through `crisis import acled`'s library
call, in a child process of its own, so that its peak RSS is the import's alone.

`python -m bench.importing DB CSV` imports CSV into DB (a path or URL, migrated) and prints one
JSON object: rows, events, seconds, peak_rss_mb (VmHWM) and baseline_rss_mb (before the import).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.child import _maxrss_mb
from bench.corpus import acled_csv

if TYPE_CHECKING:
    from bench.harness import Databases
    from bench.report import Ratio

ROWS = (
    ("import acled rows/s (events/s)", "import_rows_per_s"),
    ("import peak RSS MB (baseline)", "import_peak_rss_mb"),
)
RSS_RATIO = 1.3
"""Peak RSS of an import of 1M rows over one of 100k: memory stays flat."""


def measure(dbs: Databases, scale: int) -> dict[str, Any]:
    """Write the export, import it into a fresh database in a child process, give the figures."""
    csv_path = acled_csv(dbs.workdir / f"acled-{scale}.csv", scale)
    db, engine = dbs.fresh(f"import{scale}")
    engine.dispose()
    root = str(Path(__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    try:
        cmd = [sys.executable, "-m", "bench.importing", db, str(csv_path)]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    finally:
        csv_path.unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"import child failed: {done.stderr.strip()[-1000:]}")
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "import_rows_per_s": got["rows"] / got["seconds"],
        "import_events_per_s": got["events"] / got["seconds"],
        "import_peak_rss_mb": got["peak_rss_mb"],
        "import_baseline_rss_mb": got["baseline_rss_mb"],
    }


def cell(record: dict[str, Any], key: str) -> str | None:
    """The table's cell of an import row, None for keys not of this module."""
    if key == "import_rows_per_s" and key in record:
        return f"{record[key]:,.0f} ({record['import_events_per_s']:,.0f})"
    if key == "import_peak_rss_mb" and key in record:
        return f"{record[key]:.0f} ({record['import_baseline_rss_mb']:.0f})"
    return "n/a" if key in dict(ROWS).values() else None


def ratios(records: list[dict[str, Any]]) -> list[Ratio]:
    """Import beside the store's append, and the peak RSS from 100k to the largest scale."""
    from bench.report import Ratio

    out = []
    for r in records:
        if "import_events_per_s" in r and r.get("append_events_per_s"):
            out.append(
                Ratio(
                    f"import events/s / store append [{r['backend']} {r['scale']:,}]",
                    r["import_events_per_s"] / r["append_events_per_s"],
                    0.5,
                    True,
                    target=False,
                )
            )
    for backend in sorted({r["backend"] for r in records}):
        mine = sorted(
            (r for r in records if r["backend"] == backend and "import_peak_rss_mb" in r),
            key=lambda r: r["scale"],
        )
        base = next((r for r in mine if r["scale"] == 100_000), None)
        large = mine[-1] if mine else None
        if base is not None and large is not None and large["scale"] > 100_000:
            value: float | None = large["import_peak_rss_mb"] / base["import_peak_rss_mb"]
            note = ""
        else:
            value, note = None, "needs 100,000 and a larger scale"
        scale = f"{large['scale']:,}" if large else "largest"
        out.append(
            Ratio(f"import RSS {scale} / 100,000 [{backend}]", value, RSS_RATIO, False, note)
        )
    return out


def main(argv: list[str]) -> None:
    from crisis_timeline.importers.acled import import_acled
    from crisis_timeline.store.engine import open_engine
    from crisis_timeline.store.event_store import EventStore

    engine = open_engine(argv[0])
    store = EventStore(engine)
    store.head_position()  # connect once, so the baseline includes the driver
    baseline = _maxrss_mb()
    t0 = time.perf_counter()
    done = import_acled(store, Path(argv[1]), recorded_by="bench")
    seconds = time.perf_counter() - t0
    engine.dispose()
    out = {
        "rows": done.rows,
        "events": done.appended,
        "seconds": seconds,
        "peak_rss_mb": _maxrss_mb(),
        "baseline_rss_mb": baseline,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
