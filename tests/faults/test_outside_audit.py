"""An outside auditor recomputes every hash of the seed from `crisis events --json` alone, with
nothing but the README's rule: hash = sha256(prev_hash + canonical JSON of every other field),
canonical JSON being sorted keys, no whitespace, UTF-8 as is.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crisis_timeline.cli.main import cli
from crisis_timeline.store import event_store

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "reuters-2021-12-30-biden-putin-second-call.yaml"
)
GENESIS = "0" * 64


def recomputed(events: list[dict[str, Any]]) -> list[str]:
    """Each event's hash as the README defines it, chained from 64 zeros."""
    hashes, prev = [], GENESIS
    for event in events:
        body = {k: v for k, v in event.items() if k not in ("prev_hash", "hash")}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        prev = hashlib.sha256((prev + text).encode("utf-8")).hexdigest()
        hashes.append(prev)
    return hashes


class _Clock(datetime):
    """The store's clock stopped on a whole second: zero microseconds."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize("clock", ["running", "whole-second"])
def test_every_hash_of_the_seed_is_recomputed_from_json_output(
    db_url: str, monkeypatch: pytest.MonkeyPatch, clock: str
) -> None:
    if clock == "whole-second":
        monkeypatch.setattr(event_store, "datetime", _Clock)
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--db", db_url, "--analyst", "tester", "load", str(SEED)]).exit_code
        == 0
    )
    result = runner.invoke(cli, ["--db", db_url, "events", "--json"])
    events = json.loads(result.stdout)

    assert len(events) == 49
    assert [e["prev_hash"] for e in events] == [GENESIS, *(e["hash"] for e in events[:-1])]
    assert [e["hash"] for e in events] == recomputed(events)
    if clock == "whole-second":
        assert {e["recorded_at"] for e in events} == {"2026-01-02T03:04:05.000000Z"}
