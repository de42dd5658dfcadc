"""Fixtures that overlap (shared actors, a shared meeting, a shared claim) and real `crisis`
processes to load them, for the concurrency, crash and reader tests of the fault suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from crisis_timeline.fixtures import fact_id
from crisis_timeline.store.schema import events

SHARED_CLAIM = "claim/fault-shared-talks"
SHARED_MEETING = "meeting/fault-shared-summit"
BASE = "fault-base"
CRISIS = Path(sys.executable).parent / "crisis"  # the console script installed beside this Python


def base_fixture(folder: Path) -> Path:
    """The source that makes the shared claim and schedules the shared meeting."""
    return _write(
        folder / f"{BASE}.yaml",
        BASE,
        [
            _fact(
                "talks",
                "ClaimMade",
                SHARED_CLAIM,
                {
                    "statement": "Talks will resume",
                    "modality": "assertion",
                    "claimant": "actor/russia",
                },
            ),
            _fact(
                "summit",
                "MeetingScheduled",
                SHARED_MEETING,
                {
                    "title": "Summit",
                    "kind": "summit",
                    "participants": ["actor/russia", "actor/usa"],
                    "scheduled": "2022-01-10",
                },
            ),
        ],
    )


def writer_fixture(folder: Path, writer: int, round_: int, own_claims: int = 3) -> Path:
    """One writer's source of one round: its own claims, and facts on the shared streams."""
    source = f"fault-w{writer}-r{round_}"
    facts = [
        _fact(
            "corroborates",
            "ClaimCorroborated",
            SHARED_CLAIM,
            {"by": "actor/usa", "statement": f"w{writer} agrees"},
        ),
        _fact(
            "agenda",
            "MeetingAgendaReported",
            SHARED_MEETING,
            {"topics": [f"topic of w{writer} r{round_}"]},
        ),
    ]
    facts += [
        _fact(
            f"claim-{i}",
            "ClaimMade",
            f"claim/{source}-{i}",
            {"statement": f"{source} says {i}", "modality": "assertion"},
        )
        for i in range(own_claims)
    ]
    return _write(folder / f"{source}.yaml", source, facts)


def big_fixture(folder: Path, name: str, claims: int) -> Path:
    """A source of many facts: a load long enough to be killed halfway."""
    facts = [
        _fact(
            f"claim-{i}",
            "ClaimMade",
            f"claim/{name}-{i // 4}",
            {"statement": f"{name} statement {i}", "modality": "assertion"},
        )
        for i in range(claims)
    ]
    return _write(folder / f"{name}.yaml", name, facts)


def expected_ids(path: Path) -> set[str]:
    """The event ids a fixture's load stores: its source, its actors and its facts."""
    doc = json.loads(path.read_text(encoding="utf-8"))  # written as JSON, which is YAML
    source = doc["source"]["id"]
    keys = [
        "source",
        *(f"actor:{a['key']}" for a in doc["actors"]),
        *(f["key"] for f in doc["facts"]),
    ]
    return {str(fact_id(source, k)) for k in keys}


def crisis(url: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """`crisis` in its own process (so that it can be killed), its output collected."""
    return subprocess.Popen(
        [str(CRISIS), "--db", url, "--analyst", "faults", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def stored(engine: Engine) -> list[dict[str, Any]]:
    """Every stored event's position, id, stream and version, in position order."""
    query = select(events.c.position, events.c.id, events.c.stream, events.c.version).order_by(
        events.c.position
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def assert_log_well_formed(engine: Engine) -> None:
    """Positions 1..N, each stream's versions 1..n, every id once."""
    rows = stored(engine)
    assert [r["position"] for r in rows] == list(range(1, len(rows) + 1))
    assert len({r["id"] for r in rows}) == len(rows)
    streams: dict[str, list[int]] = {}
    for r in rows:
        streams.setdefault(r["stream"], []).append(r["version"])
    assert all(v == list(range(1, len(v) + 1)) for v in streams.values())


def _fact(key: str, type_: str, stream: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": key,
        "type": type_,
        "stream": stream,
        "data": data,
        "evidence": [{"quote": f"quoted for {key}", "attribution": "reporter"}],
    }


def _write(path: Path, source: str, facts: list[dict[str, Any]]) -> Path:
    doc = {
        "source": {
            "id": source,
            "publisher": "Fault Wire",
            "title": source,
            "published": "2021-12-30T12:00Z",
            "rating": {
                "reliability": "C",
                "credibility": 3,
                "rated_by": "faults",
                "rationale": "test",
            },
        },
        "actors": [
            {"key": "russia", "name": "Russia", "kind": "state"},
            {"key": "usa", "name": "USA", "kind": "state"},
        ],
        "facts": facts,
    }
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
