"""The benchmark harness at a tiny scale, so that it cannot rot (the real runs are `make bench`)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level package of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench import floor
from bench.__main__ import backends_of, run
from bench.corpus import Corpus
from bench.peer import missing

FIGURES = (
    "load_events_per_s",
    "append_events_per_s",
    "raw_insert_events_per_s",
    "raw_insert_with_triggers_events_per_s",
    "raw_scan_events_per_s",
    "rebuild_events_per_s",
    "rows_floor_events_per_s",
    "rebuild_peak_rss_mb",
    "cli_ms",
    "python_floor_ms",
    "timeline_first_row_s",
    "late_probe_s_per_event",
    "import_rows_per_s",
    "import_peak_rss_mb",
)
PEER_FIGURES = ("eventsourcing_append_events_per_s", "eventsourcing_read_events_per_s")
VIEWS = ("meetings_upcoming", "claims_open", "timeline_page", "audit", "meetings_upcoming_all")
TINY = ["--scales", "300", "--samples", "10", "--budget", "2", "--cli-runs", "1"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_harness_writes_every_figure(backend: str, databases: Any, tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    cluster = databases.cluster() if backend == "postgresql" else None

    run([*TINY, "--backends", backend, "--out", str(out)], cluster=cluster)

    records = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["backend"], r["scale"], r["events"]) for r in records] == [(backend, 300, 300)]
    record = records[0]
    for key in FIGURES:
        assert isinstance(record[key], (int, float)) and record[key] > 0, key
    assert set(record["asof_ms"]) == set(VIEWS)
    for view, q in record["asof_ms"].items():
        assert 0 < q["p50"] <= q["p95"], view
    assert set(record["http_ms"]) == {
        "meetings_upcoming",
        "claims_open",
        "timeline_page",
        "audit",
        "page",
    }
    for view, q in record["http_ms"].items():
        assert 0 < q["p50"] <= q["p95"] and 0 < q["inproc_p50"] <= q["inproc_p95"], view
        assert q["server_cpu_ms"] >= 0 and q["inproc_cpu_ms"] >= 0, view
    if missing() is not None:
        assert all(record[key] is None for key in PEER_FIGURES)
        assert "eventsourcing library is not installed" in record["eventsourcing_note"]
    else:
        assert all(record[key] > 0 for key in PEER_FIGURES)
        assert record["eventsourcing_note"] is None


def test_corpus_is_deterministic_and_covers_the_vocabulary() -> None:
    first = list(Corpus(3000, seed=7).documents())
    again = list(Corpus(3000, seed=7).documents())
    assert [(d.label, d.doc, d.text) for d in first] == [(d.label, d.doc, d.text) for d in again]
    assert sum(d.events for d in first) == 3000
    assert first[0].doc["actors"] and not any(d.doc["actors"] for d in first[1:])
    assert any(d.late for d in first)
    late = [d for d in first if d.late]
    assert all(any(e.published > d.published for e in first[: first.index(d)]) for d in late)
    types = Counter(f["type"] for d in first for f in d.doc["facts"])
    for name in (
        "ClaimMade",
        "ClaimDisputed",
        "ClaimCorroborated",
        "MeetingScheduled",
        "MeetingRequested",
        "MeetingAgendaReported",
        "ForceBuildUpReported",
        "DemandMade",
        "HistoricalContextNoted",
    ):
        assert types[name] > 0, name
    for d in first:
        for fact in d.doc["facts"]:
            for evidence in fact["evidence"]:
                assert d.text.count(evidence["quote"]) == 1 or "span" in evidence


def test_floor_tables_are_the_stores_with_and_without_its_triggers(tmp_path: Path) -> None:
    plain, guarded = floor.events_ddl(tmp_path), floor.events_ddl(tmp_path, triggers=True)
    assert plain[0].startswith("CREATE TABLE events") and guarded[: len(plain)] == plain
    assert not any("TRIGGER" in s for s in plain)
    assert sorted(s.split()[2] for s in guarded[len(plain) :]) == [
        "events_no_delete",
        "events_no_replace",
        "events_no_update",
    ]


def test_the_load_split_loads_every_event_and_times_each_part(tmp_path: Path) -> None:
    from bench import loadsplit

    figures = loadsplit.measure(600, 1, tmp_path)
    assert figures["events"] == 600  # the corpus's own count, every event appended once
    assert all(figures[part] > 0 for part in ("parse", "load_parsed", "catch_up"))
    assert len(figures["rebuild"]) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--backends", "sqlite oracle"],
            "--backends: unknown 'oracle' (sqlite, postgresql or both)",
        ),
        (["--scales", "10k"], "--scales: '10k' is not a list of event counts"),
    ],
)
def test_a_wrong_choice_is_one_line_before_anything_runs(
    args: list[str], said: str, tmp_path: Path
) -> None:
    out = tmp_path / "latest.json"
    with pytest.raises(SystemExit) as stopped:
        run([*TINY, *args, "--out", str(out)])
    assert str(stopped.value) == said
    assert not out.exists()


@pytest.mark.parametrize(
    "given", ["sqlite postgresql", "sqlite,postgresql", " sqlite , postgresql "]
)
def test_backends_may_be_given_with_spaces_or_commas(given: str) -> None:
    assert backends_of(given) == ["sqlite", "postgresql"]


def test_the_append_split_times_each_part_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    from bench import appendsplit
    from crisis_timeline.store import event_store

    before = {attr: vars(owner)[attr] for _, owner, attr in appendsplit.PARTS}
    figures = appendsplit.measure(600, str(tmp_path / "split.db"))
    assert figures["events"] == 600
    parts = figures["parts_us_per_event"]
    assert all(parts[name] > 0 for name in parts)
    assert parts["the append's transaction, commit excluded"] < figures["us_per_event"]
    assert {attr: vars(owner)[attr] for _, owner, attr in appendsplit.PARTS} == before
    assert isinstance(vars(event_store.EventStore)["_stream_versions"], staticmethod)


def test_whole_process_timings_read_written_bytecode() -> None:
    import importlib.util

    import crisis_timeline
    from bench import latency

    package = Path(crisis_timeline.__file__).parent
    modules = sorted(package.rglob("*.py"))
    cached = {m: Path(importlib.util.cache_from_source(str(m))) for m in modules}
    for pyc in cached.values():
        pyc.unlink(missing_ok=True)
    latency.bytecode_written.cache_clear()

    latency.crisis_command()

    missing = [str(m) for m, pyc in cached.items() if not pyc.is_file()]
    assert len(modules) > 100 and missing == []
