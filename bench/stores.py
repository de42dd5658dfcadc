"""Loaded stores of the bench's corpus kept between runs (SQLite files), for the figures that
only read: through HTTP, and the page's first render. Built by the loader as `measure` loads."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.harness import RECORDED_BY, chunks, parse
from crisis_timeline.loading import load_parsed
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore

Claims = list[tuple[datetime, str]]


def loaded(
    workdir: Path, scale: int, seed: int = 20211230
) -> tuple[str, tuple[datetime, datetime], Claims]:
    """A SQLite store of the corpus at `scale` (built once per scale and seed), its world span
    and its claims with the time each was first reported."""
    db, about = workdir / f"corpus-{scale}-{seed}.db", workdir / f"corpus-{scale}-{seed}.json"
    if not about.exists():
        db.unlink(missing_ok=True)
        summary = _build(str(db), Corpus(scale, seed=seed))
        about.write_text(json.dumps(summary), encoding="utf-8")
    summary = json.loads(about.read_text(encoding="utf-8"))
    span = (datetime.fromisoformat(summary["start"]), datetime.fromisoformat(summary["end"]))
    claims = [(datetime.fromisoformat(t), c) for t, c in summary["claims"]]
    return str(db), span, claims


def _build(db: str, corpus: Corpus) -> dict[str, Any]:
    engine = open_engine(db, must_exist=False)
    migrate.upgrade(engine)
    store, runner = EventStore(engine), ProjectionRunner(engine)
    for docs in chunks(corpus.documents(), 50):
        load_parsed(store, parse(docs), recorded_by=RECORDED_BY)
        runner.catch_up()
    engine.dispose()
    return {
        "start": corpus.start.isoformat(),
        "end": corpus.end.isoformat(),
        "claims": [(t.isoformat(), c) for t, c in corpus.claims],
    }
