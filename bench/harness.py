"""One measurement of one (backend, scale): every figure on fresh databases, side by side."""

from __future__ import annotations

import cProfile
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bench import floor, importing, latency, peer, served, targets
from bench.corpus import Corpus, Document
from crisis_timeline.events import NewEvent
from crisis_timeline.fixtures import Parsed, parse_document
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.loading import load_parsed
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import Batch, EventStore
from crisis_timeline.testing.pgcluster import ThrowawayCluster

RECORDED_BY = "bench"
BACKENDS = ("sqlite", "postgresql")
_names = itertools.count()


@dataclass
class Settings:
    """How thorough a run is; the defaults are the real benchmark's."""

    samples: int = 200
    budget_s: float = 60.0
    cli_runs: int = 5
    chunk_docs: int = 50
    probes: int = 5
    """Documents of each probe kind (a late source, an in-order source), loaded one at a time."""
    seed: int = 20211230
    sources_per_day: float = 100.0
    profile_dir: Path | None = None
    log: Callable[[str], None] = field(
        default=lambda line: print(line, file=sys.stderr, flush=True)
    )


class Databases:
    """Fresh, migrated databases of a backend: SQLite files in workdir or a PostgreSQL cluster's."""

    def __init__(
        self, backend: str, workdir: Path, cluster: ThrowawayCluster | None = None
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r} (sqlite or postgresql)")
        if backend == "postgresql" and cluster is None:
            raise ValueError("the postgresql backend needs a started ThrowawayCluster")
        self.backend, self.workdir, self.cluster = backend, workdir, cluster
        self.made: list[str] = []

    def fresh(self, label: str) -> tuple[str, Engine]:
        """A new migrated database: its location (path or URL) and an engine on it."""
        name = f"bench_{label}_{os.getpid()}_{next(_names)}"
        if self.backend == "sqlite":
            location = str(self.workdir / f"{name}.db")
        else:
            assert self.cluster is not None
            self.cluster.create_database(name)
            location = self.cluster.url(name)
        self.made.append(name)
        engine = open_engine(location, must_exist=False)
        migrate.upgrade(engine)
        return location, engine

    def drop_all(self) -> None:
        """Remove every database this object made (files, or PostgreSQL databases)."""
        for name in self.made:
            if self.backend == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(self.workdir / f"{name}.db{suffix}").unlink(missing_ok=True)
            elif self.cluster is not None:
                self.cluster.drop_database(name)
        self.made.clear()


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def parse(docs: list[Document]) -> list[Parsed]:
    """The loader's path for documents that are not files."""
    return [parse_document(d.doc, Parsed(d.label), _text_of(d)) for d in docs]


def _text_of(doc: Document) -> Callable[[Any], str]:
    return lambda _source: doc.text


def by_stream(events: list[NewEvent]) -> list[Batch]:
    streams: dict[str, list[NewEvent]] = {}
    for ev in events:
        streams.setdefault(ev.stream, []).append(ev)
    return [Batch(s, evs) for s, evs in streams.items()]


def measure(dbs: Databases, scale: int, s: Settings) -> dict[str, Any]:
    """Every figure for one (backend, scale); databases are dropped afterwards."""
    began = time.perf_counter()
    try:
        record = _measure(dbs, scale, s)
    finally:
        dbs.drop_all()
    record["wall_seconds"] = round(time.perf_counter() - began, 1)
    return record


def _measure(dbs: Databases, scale: int, s: Settings) -> dict[str, Any]:
    snapshot = machine()  # before loading: the library code this process has imported
    corpus = Corpus(scale, seed=s.seed, sources_per_day=s.sources_per_day, probes=s.probes)
    load_db, load_engine = dbs.fresh(f"load{scale}")
    _append_db, append_engine = dbs.fresh(f"append{scale}")
    why_no_peer = peer.missing()
    the_peer = (
        None
        if why_no_peer
        else peer.Peer(dbs.workdir / f"peer-{dbs.backend}-{scale}-{os.getpid()}.db")
    )
    loaded = _load_side_by_side(corpus, load_engine, append_engine, the_peer, s)
    record: dict[str, Any] = {"backend": dbs.backend, "scale": scale, **loaded}
    s.log(
        f"  load {record['load_events_per_s']:.0f} ev/s, "
        f"append {record['append_events_per_s']:.0f} ev/s"
    )
    record.update(_floor(dbs, append_engine, scale))
    record.update(importing.measure(dbs, scale))
    append_engine.dispose()
    record.update(_peer_read(the_peer, why_no_peer))
    record["store_mb"] = targets.store_mb(load_engine)
    record.update(targets.rows_floor(dbs.workdir, load_engine, record["events"]))
    record.update(rebuild(load_db))
    if s.profile_dir:
        rebuild(load_db, s.profile_dir / f"profile-rebuild-{dbs.backend}-{scale}.txt")
        record["profiled"] = True
    s.log(f"  floor, peer and rebuild done ({record['rebuild_events_per_s']:.0f} ev/s rebuild)")
    span = (corpus.start, corpus.end)
    record["asof_ms"] = latency.asof_latency(
        load_engine, span, corpus.claims, s.samples, s.budget_s, s.seed
    )
    load_engine.dispose()
    record["http_ms"] = served.http_latency(
        load_db, span, corpus.claims, s.samples, s.budget_s, s.seed
    )
    s.log("  as-of views through HTTP done")
    record["cli_ms"] = latency.cli_ms(
        load_db, corpus.start + (corpus.end - corpus.start) / 2, s.cli_runs
    )
    record["python_floor_ms"] = latency.python_floor_ms(s.cli_runs)
    record["timeline_first_row_s"] = targets.first_row_s(load_db, s.cli_runs)
    record["machine"] = snapshot
    return record


def _load_side_by_side(
    corpus: Corpus,
    load_engine: Engine,
    append_engine: Engine,
    the_peer: peer.Peer | None,
    s: Settings,
) -> dict[str, Any]:
    """Per chunk of documents: the loader (+ catch-up) into one store, then the same events
    prebuilt into the raw append of another store and into the peer; each timed on its own."""
    store, runner, raw = (
        EventStore(load_engine),
        ProjectionRunner(load_engine),
        EventStore(append_engine),
    )
    probed: dict[str, list[float]] = {"late": [0, 0.0], "in_order": [0, 0.0]}
    loaded = 0
    profiler = cProfile.Profile() if s.profile_dir else None

    def step(docs: list[Document], timed: dict[str, float]) -> int:
        """Load a chunk (+ catch-up), then append it raw and to the peer; returns events loaded."""
        if profiler:
            profiler.enable()
        with fewer_collections():  # one bulk operation, as `crisis load` of these files is
            t0 = time.perf_counter()
            parsed = parse(docs)
            t1 = time.perf_counter()
            n = load_parsed(store, parsed, recorded_by=RECORDED_BY).appended
            t2 = time.perf_counter()
            runner.catch_up()
            t3 = time.perf_counter()
        if profiler:
            profiler.disable()
        timed["parse"] += t1 - t0
        timed["load_parsed"] += t2 - t1
        timed["catch_up"] += t3 - t2
        events = [item.event for p in parsed for item in p.items]
        t4 = time.perf_counter()
        timed["appended"] += len(
            raw.append_batches(by_stream(events), recorded_by=RECORDED_BY).appended
        )
        timed["append"] += time.perf_counter() - t4
        if the_peer is not None:
            the_peer.append(
                [(ev.stream, ev.model_dump(mode="json", exclude={"stream"})) for ev in events]
            )
        return n

    probes: list[Document] = []
    main = dict.fromkeys(("parse", "load_parsed", "catch_up", "append", "appended"), 0.0)
    for i, docs in enumerate(chunks(corpus.documents(), s.chunk_docs)):
        probes += [d for d in docs if d.probe]
        loaded += step([d for d in docs if not d.probe], main)
        if i % 20 == 19:
            s.log(f"  {loaded} events loaded")
    # In-order sources first, so that a tenth of what is loaded is published after the late ones.
    for doc in sorted(probes, key=lambda d: d.probe != "in_order"):
        one = dict.fromkeys(main, 0.0)
        n = step([doc], one)
        probed[doc.probe][0] += n
        probed[doc.probe][1] += one["parse"] + one["load_parsed"] + one["catch_up"]
    spent, appended = main, int(main["appended"])
    if profiler and s.profile_dir:
        from bench.profiling import write_report

        write_report(
            profiler,
            s.profile_dir / f"profile-load-{load_engine.dialect.name}-{corpus.events}.txt",
            f"load of {loaded} events (parse, load_parsed, catch_up)",
        )
    load_s = spent["parse"] + spent["load_parsed"] + spent["catch_up"]
    per_event = {k: v[1] / v[0] if v[0] else None for k, v in probed.items()}
    return {
        "events": loaded + sum(int(v[0]) for v in probed.values()),
        "late_probe_s_per_event": per_event["late"],
        "in_order_probe_s_per_event": per_event["in_order"],
        "sources": corpus.sources,
        "late_sources": corpus.late,
        "period_days": round((corpus.end - corpus.start).total_seconds() / 86400, 1),
        "load_events_per_s": loaded / load_s,
        "load_seconds": load_s,
        "load_breakdown_s": {
            k: round(v, 2) for k, v in spent.items() if k not in ("append", "appended")
        },
        "append_events_per_s": appended / spent["append"],
        "append_seconds": spent["append"],
        "eventsourcing_append_events_per_s": the_peer.appended / the_peer.seconds
        if the_peer
        else None,
    }


def _floor(dbs: Databases, append_engine: Engine, scale: int) -> dict[str, Any]:
    """The best of a few passes (one above 200k rows): a floor is what the machine can do."""
    ddl, with_triggers = floor.events_ddl(dbs.workdir), floor.events_ddl(dbs.workdir, triggers=True)
    rates: dict[str, list[float]] = {"insert": [], "insert_triggers": [], "scan": []}
    for attempt in range(3 if scale <= 200_000 else 1):
        for kind, statements in (("insert", ddl), ("insert_triggers", with_triggers)):
            path = dbs.workdir / f"floor-{dbs.backend}-{scale}-{os.getpid()}-{attempt}-{kind}.db"
            try:
                n, insert_s = floor.raw_insert(path, statements, floor.store_rows(append_engine))
                rates[kind].append(n / insert_s)
                if kind == "insert":
                    m, scan_s = floor.raw_scan(path)
                    rates["scan"].append(m / scan_s)
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {
        "raw_insert_events_per_s": max(rates["insert"]),
        "raw_scan_events_per_s": max(rates["scan"]),
        "raw_insert_with_triggers_events_per_s": max(rates["insert_triggers"]),
    }


def _peer_read(the_peer: peer.Peer | None, why_not: str | None) -> dict[str, Any]:
    if the_peer is None:
        return {"eventsourcing_read_events_per_s": None, "eventsourcing_note": why_not}
    try:
        n, seconds = the_peer.read_all()
    finally:
        the_peer.close()
    return {"eventsourcing_read_events_per_s": n / seconds, "eventsourcing_note": None}


def rebuild(db: str, profile: Path | None = None) -> dict[str, Any]:
    """A full rebuild of every projection in a child process: events/s and its peak RSS."""
    cmd = [sys.executable, "-m", "bench.child", db] + (
        ["--profile", str(profile)] if profile else []
    )
    root = str(Path(__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"rebuild child failed: {proc.stderr.strip()[-1000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "rebuild_events_per_s": out["events"] / out["seconds"],
        "rebuild_seconds": out["seconds"],
        "rebuild_peak_rss_mb": out["peak_rss_mb"],
        "rebuild_baseline_rss_mb": out["baseline_rss_mb"],
    }


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import sqlalchemy

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            line.split()[1]
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    src = Path(__file__).resolve().parents[1] / "src" / "crisis_timeline"
    newest = max((p.stat().st_mtime for p in src.rglob("*.py")), default=0.0)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(mem) / 1024 / 1024, 1),
        "library_newest_change": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(newest)),
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
        "platform": platform.platform(),
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
