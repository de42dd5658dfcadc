"""Where a load's time goes, per event in µs: `python -m bench.breakdown --events 100000`.

The loader's path of the harness (parse_document, load_parsed, catch-up per 50 documents) on
a fresh SQLite file under pyinstrument's sampler; each sample's time goes to the innermost
frame on its stack that names a part (parse, validate, hash, append, fold, write rows, read),
and the collector's pauses are timed apart through gc.callbacks.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hash", ("hashlib", "canonical.py", "chain.py")),
    ("validate", ("pydantic", "registry.py", "envelope.py", "events/")),
    ("write rows", ("bulk.py:", "_Changes.flush")),
    ("read", ("runner.py:", "rebuilding.py:", "codec.py:event_of", "codec.py:_event")),
    ("fold", ("projections/", "views.py")),
    ("append", ("event_store.py", "codec.py")),
    ("check", ("loadchecks.py", "loading.py")),
    ("parse", ("fixtures.py", "fixture_model.py", "fixture_events.py", "quotes.py", "time")),
)
"""Innermost match wins: pydantic under the parser is validation, sqlite under bulk.py is
writing rows, a hash under the store is hashing."""


def part_of(stack: list[str]) -> str:
    """The part of the innermost frame that names one ("other" when none does)."""
    for frame in reversed(stack):
        for name, marks in PARTS:
            if any(m in frame for m in marks):
                return name
    return "other"


def walk(frame: Any, stack: list[str], out: dict[str, float]) -> None:
    here = stack + [f"{frame.file_path or ''}:{frame.function}"]
    if frame.function == "flush" and "runner.py" in (frame.file_path or ""):
        here[-1] = "_Changes.flush"
    own = frame.time - sum(child.time for child in frame.children)
    out[part_of(here)] = out.get(part_of(here), 0.0) + own
    for child in frame.children:
        walk(child, here, out)


def main() -> None:
    from pyinstrument import Profiler

    from bench.corpus import Corpus
    from bench.harness import chunks, parse
    from crisis_timeline.gcpause import fewer_collections
    from crisis_timeline.loading import load_parsed
    from crisis_timeline.projections.runner import ProjectionRunner
    from crisis_timeline.store import migrate
    from crisis_timeline.store.engine import open_engine
    from crisis_timeline.store.event_store import EventStore

    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument(
        "--gc-per-document",
        action="store_true",
        help="no threshold around each chunk (as the harness did before: one per document)",
    )
    args = ap.parse_args()
    events, bulk = args.events, nullcontext if args.gc_per_document else fewer_collections
    gc_spent = [0.0, 0.0]

    def on_gc(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            gc_spent[1] = time.perf_counter()
        else:
            gc_spent[0] += time.perf_counter() - gc_spent[1]

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_engine(str(Path(tmp) / "profile.db"), must_exist=False)
        migrate.upgrade(engine)
        store, runner = EventStore(engine), ProjectionRunner(engine)
        profiler, loaded, wall, cpu = Profiler(interval=0.001), 0, 0.0, 0.0
        gc.callbacks.append(on_gc)
        for docs in chunks(Corpus(events).documents(), 50):
            t0, c0 = time.perf_counter(), time.process_time()
            profiler.start()
            with bulk():  # as the harness: one bulk operation per chunk
                loaded += load_parsed(store, parse(docs), recorded_by="bench").appended
                runner.catch_up()
            profiler.stop()
            wall, cpu = wall + time.perf_counter() - t0, cpu + time.process_time() - c0
        gc.callbacks.remove(on_gc)
        engine.dispose()
    out: dict[str, float] = {}
    walk(profiler.last_session.root_frame(), [], out)
    sampled = sum(out.values())
    # CPU time, not wall time: on a shared machine the wall clock also counts others' work.
    scale = cpu / sampled if sampled else 1.0
    per_cpu, per_wall = cpu / loaded * 1e6, wall / loaded * 1e6
    print(f"{loaded} events, {per_cpu:.0f} µs CPU per event ({per_wall:.0f} µs wall)")
    for name in [n for n, _ in PARTS] + ["other"]:
        print(f"  {name:<11} {out.get(name, 0.0) * scale / loaded * 1e6:7.1f} µs")
    print(f"  {'GC':<11} {gc_spent[0] / loaded * 1e6:7.1f} µs (within the parts above)")


if __name__ == "__main__":
    main()
