"""`python -m bench`: the store's figures at each scale, beside the physical floor and a peer.

Usage: `python -m bench --scales "10000 100000" [--backends sqlite,postgresql]
[--out bench/results/latest.json]`.

For each (backend, scale), on fresh databases: load through the loader with projection
catch-up, the store's raw append, the plain-sqlite3 floor, the eventsourcing peer, a full
rebuild (in a child process, for its peak RSS), as-of query latency and the CLI's wall time.
Prints a table and the issue's targets as ratios; writes the figures as JSON (a list, one
object per (backend, scale)) after every measurement, so an interrupted run keeps its figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import BACKENDS, Databases, Settings, measure
from bench.report import ratios, table

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"


def backends_of(text: str) -> list[str]:
    """The backends named in `--backends` (space or comma separated), or exit with one line."""
    backends = text.replace(",", " ").split()
    if unknown := [b for b in backends if b not in BACKENDS]:
        raise SystemExit(f"--backends: unknown {unknown[0]!r} (sqlite, postgresql or both)")
    return backends


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    p.add_argument(
        "--scales", default="10000 100000", help="event counts, space or comma separated"
    )
    p.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="sqlite, postgresql or both, space or comma separated",
    )
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the JSON goes")
    p.add_argument("--samples", type=int, default=200, help="random as-of times per view")
    p.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per view before sampling stops (>= 5 samples)",
    )
    p.add_argument(
        "--cli-runs", type=int, default=5, help="runs of each whole process (median taken)"
    )
    p.add_argument("--chunk", type=int, default=50, help="documents per load_parsed call")
    p.add_argument(
        "--probes", type=int, default=5, help="late and in-order sources loaded one at a time"
    )
    p.add_argument("--seed", type=int, default=20211230)
    p.add_argument("--sources-per-day", type=float, default=100.0)
    p.add_argument(
        "--report",
        type=Path,
        default=None,
        help="only print the table and ratios of an earlier JSON file",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile the load and a rebuild (reports beside --out; "
        "load figures then include profiler overhead)",
    )
    return p.parse_args(argv)


def run(argv: list[str] | None = None, cluster: Any = None) -> list[dict[str, Any]]:
    """Run the benchmark; `cluster` (a started ThrowawayCluster) is used instead of starting one."""
    args = parse_args(argv)
    if args.report is not None:
        earlier: list[dict[str, Any]] = json.loads(args.report.read_text(encoding="utf-8"))
        print_report(earlier, args.report)
        return earlier
    try:
        scales = [int(s) for s in args.scales.replace(",", " ").split()]
    except ValueError:
        raise SystemExit(f"--scales: {args.scales!r} is not a list of event counts") from None
    backends = backends_of(args.backends)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        samples=args.samples,
        budget_s=args.budget,
        cli_runs=args.cli_runs,
        chunk_docs=args.chunk,
        probes=args.probes,
        seed=args.seed,
        sources_per_day=args.sources_per_day,
        profile_dir=args.out.parent if args.profile else None,
    )
    own_cluster = None
    if "postgresql" in backends and cluster is None:
        from crisis_timeline.testing.pgcluster import ThrowawayCluster

        cluster = own_cluster = ThrowawayCluster()
        cluster.start()
    records: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="crisis-bench-") as tmp:
            for backend in backends:
                for scale in scales:
                    settings.log(f"[{backend} {scale:,}] starting")
                    t0 = time.perf_counter()
                    records.append(measure(Databases(backend, Path(tmp), cluster), scale, settings))
                    settings.log(f"[{backend} {scale:,}] done in {time.perf_counter() - t0:.0f} s")
                    args.out.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    finally:
        if own_cluster is not None:
            own_cluster.stop()
    print_report(records, args.out)
    return records


def print_report(records: list[dict[str, Any]], out: Path) -> None:
    """The table, then the targets."""
    print(table(records))
    print()
    for ratio in ratios(records):
        print(ratio.line())
    print(f"\nfigures in {out}")


if __name__ == "__main__":
    run(sys.argv[1:])
