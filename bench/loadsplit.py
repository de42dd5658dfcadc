"""`python -m bench.loadsplit`: one load's parse, append and catch-up, and a rebuild, alone.

Usage: `python -m bench.loadsplit [--events 10000] [--rebuilds 2]`.

The generated corpus of `python -m bench` (same seed, 50 documents per chunk, no probes) is
loaded into a fresh SQLite store as `crisis load` loads files: parse, load_parsed, catch-up,
each timed on its own; then the store is rebuilt in a child process (bench.child), `--rebuilds`
times. Prints one JSON object (seconds). It uses only names an older checkout's bench has too
(since a5bf428): copied into an older worktree's bench/, it compares two commits on the same
machine at the same time, each run with its own venv:

    cp bench/loadsplit.py ../old/bench/
    for tree in ../old . ../old .; do (cd $tree && .venv/bin/python -m bench.loadsplit); done
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.harness import chunks, parse, rebuild
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.loading import load_parsed
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore


def measure(events: int, rebuilds: int, workdir: Path) -> dict[str, Any]:
    """The split of one load of `events` generated events, and each rebuild's seconds."""
    location = str(workdir / "loadsplit.db")
    engine = open_engine(location, must_exist=False)
    migrate.upgrade(engine)
    store, runner = EventStore(engine), ProjectionRunner(engine)
    spent = dict.fromkeys(("parse", "load_parsed", "catch_up"), 0.0)
    appended = 0
    for docs in chunks(Corpus(events, seed=20211230, sources_per_day=100.0).documents(), 50):
        with fewer_collections():
            t0 = time.perf_counter()
            parsed = parse(docs)
            t1 = time.perf_counter()
            appended += load_parsed(store, parsed, recorded_by="bench").appended
            t2 = time.perf_counter()
            runner.catch_up()
            t3 = time.perf_counter()
        spent["parse"] += t1 - t0
        spent["load_parsed"] += t2 - t1
        spent["catch_up"] += t3 - t2
    engine.dispose()
    return {
        "events": appended,
        **{k: round(v, 3) for k, v in spent.items()},
        "rebuild": [round(rebuild(location)["rebuild_seconds"], 3) for _ in range(rebuilds)],
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.loadsplit", description=__doc__)
    p.add_argument("--events", type=int, default=10000)
    p.add_argument("--rebuilds", type=int, default=2)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        print(json.dumps(measure(args.events, args.rebuilds, Path(workdir))))


if __name__ == "__main__":
    main()
