"""`python -m bench.appendsplit`: where the store's append of prebuilt events spends its time.

Usage: `python -m bench.appendsplit [--events 100000] [--url URL]`.

The generated corpus of `python -m bench` (same seed, 50 documents per chunk, no probes) is
parsed first, untimed; then each chunk's events go to `EventStore.append_batches` by stream, as
the harness's `store append` figure appends them, into a fresh SQLite file (or into the empty
database at `--url`, migrated here). The store's own steps are timed by wall clock around the
functions that do them (a rename in the store makes this fail loudly, never measure nothing),
the commit around the dialect's `do_commit`. Prints µs per event for each part, and the whole.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.harness import by_stream, chunks, parse
from crisis_timeline.events.envelope import NewEvent
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.store import event_store, migrate
from crisis_timeline.store.engine import open_engine

PARTS = (
    ("normalise (the loader's validation mark checked)", event_store.EventStore, "_normalised"),
    ("ids already stored", event_store.EventStore, "_stored_content"),
    ("streams' versions", event_store.EventStore, "_stream_versions"),
    ("rows and hashed documents", event_store.codec, "new_row"),
    ("insert (executemany / COPY)", event_store, "insert_rows"),
    ("the append's transaction, commit excluded", event_store.EventStore, "_append_locked"),
)


def _timed(spent: dict[str, float], name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t0

    return timed


def measure(events: int, url: str) -> dict[str, Any]:
    """µs per event of each part of appending the corpus's `events` events at `url`."""
    batches: list[list[NewEvent]] = []
    for docs in chunks(Corpus(events).documents(), 50):
        parsed = parse([d for d in docs if not d.probe])
        batches.append([item.event for p in parsed for item in p.items])
    engine = open_engine(url, must_exist=False)
    migrate.upgrade(engine)
    spent = dict.fromkeys([name for name, _, _ in PARTS] + ["commit"], 0.0)
    saved = [(owner, attr, vars(owner)[attr]) for _, owner, attr in PARTS]  # as defined
    commit = engine.dialect.do_commit
    try:
        for (name, owner, attr), (_, _, f) in zip(PARTS, saved):
            if isinstance(f, staticmethod):
                setattr(owner, attr, staticmethod(_timed(spent, name, f.__func__)))
            else:
                setattr(owner, attr, _timed(spent, name, f))
        engine.dialect.do_commit = _timed(spent, "commit", commit)  # type: ignore[method-assign]
        store = event_store.EventStore(engine)
        appended, total = 0, 0.0
        for evs in batches:
            t0 = time.perf_counter()
            with fewer_collections():
                appended += len(store.append_batches(by_stream(evs), recorded_by="bench").appended)
            total += time.perf_counter() - t0
    finally:
        for owner, attr, f in saved:
            setattr(owner, attr, f)
        engine.dialect.do_commit = commit  # type: ignore[method-assign]
        engine.dispose()
    per = {name: round(s / appended * 1e6, 1) for name, s in spent.items()}
    return {
        "events": appended,
        "events_per_s": round(appended / total),
        "us_per_event": round(total / appended * 1e6, 1),
        "parts_us_per_event": per,
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.appendsplit", description=__doc__)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--url", help="an empty database (default: a fresh SQLite file)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        url = args.url or str(Path(workdir) / "appendsplit.db")
        print(json.dumps(measure(args.events, url), indent=1))


if __name__ == "__main__":
    main()
