"""`python -m bench.page_figures [--scales "10000 100000 1000000"] [--workdir DIR]`: the HTTP
figures (each page-facing as-of view through `crisis serve` beside the same query in-process,
with the 3 ms the server may add at p50) and the page's first render in headless Chromium, on
SQLite stores of the bench's corpus kept in DIR between runs (`bench.stores`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench import page_render, served, stores

ADDED_MS = 3.0
"""What HTTP may add to the in-process p50 of a view."""
FLAT = 2.0
"""HTTP p50 at the largest scale over the smallest, at most."""


def measure(workdir: Path, scale: int, samples: int, budget_s: float, seed: int) -> dict[str, Any]:
    """Each page-facing view on the store of `scale`, through HTTP paired with in-process, and
    the page's first render at the middle of the corpus's span."""
    db, span, claims = stores.loaded(workdir, scale, seed)
    http = served.http_latency(db, span, claims, samples, budget_s, seed)
    render = page_render.first_render(db, span[0] + (span[1] - span[0]) / 2)
    return {"scale": scale, "http_ms": http, "render": render}


def lines(records: list[dict[str, Any]]) -> list[str]:
    """One line a view and scale: p50/p95 in-process and through HTTP, what HTTP adds at p50
    (paired) against its target, with PASS or MISS, and CPU ms per answer in the server and in
    this process; then HTTP's p50 at the largest scale over the smallest against FLAT."""
    out = []
    for r in records:
        for view, h in r["http_ms"].items():
            verdict = "PASS" if h["added_p50"] < ADDED_MS else "MISS"
            cpu = h["server_cpu_ms"]
            cpu_added = "n/a" if cpu is None else f"{cpu - h['inproc_cpu_ms']:.1f}"
            out.append(
                f"{verdict}  {view:<18} {r['scale']:>9,}  in-process {h['inproc_p50']:6.1f} / "
                f"{h['inproc_p95']:6.1f}  HTTP {h['p50']:6.1f} / {h['p95']:6.1f} ms  "
                f"adds {h['added_p50']:5.1f} ms (target < {ADDED_MS:g})  CPU ms server "
                f"{'n/a' if cpu is None else f'{cpu:.1f}'}, in-process {h['inproc_cpu_ms']:.1f}, "
                f"added {cpu_added}"
            )
    out += [page_render.line(r["scale"], r["render"]) for r in records if "render" in r]
    if len(records) > 1:
        small, large = records[0], records[-1]
        for view, h in large["http_ms"].items():
            ratio = h["p50"] / small["http_ms"][view]["p50"]
            verdict = "PASS" if ratio <= FLAT else "MISS"
            out.append(
                f"{verdict}  {view:<18} HTTP p50 {large['scale']:,} / {small['scale']:,} "
                f"{ratio:.2f} (target <= {FLAT:g})"
            )
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.page_figures", description=__doc__)
    p.add_argument("--scales", default="10000 100000 1000000")
    p.add_argument("--workdir", type=Path, default=Path("bench/stores"))
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--budget", type=float, default=60.0)
    p.add_argument("--seed", type=int, default=20211230)
    p.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    a = p.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    records = []
    for scale in (int(s) for s in a.scales.replace(",", " ").split()):
        records.append(measure(a.workdir, scale, a.samples, a.budget, a.seed))
        print(f"scale {scale:,} measured", file=sys.stderr, flush=True)
        if a.out:
            a.out.write_text(json.dumps(records, indent=1), encoding="utf-8")
    print("\n".join(lines(records)))


if __name__ == "__main__":
    main()
