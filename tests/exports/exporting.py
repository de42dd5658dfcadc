"""Helpers of the export tests: the files they load, a pinned system clock, and the CLI runner.

The store stamps recorded_at from the clock; PROV and PLOVER carry it. Pinning the clock while
loading lets two databases loaded at different moments, or in a different order, be compared
byte for byte: everything else in an export comes from the facts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from support import CLEAN_ENV as CLEAN_ENV
from support import ok as ok
from support import run as run

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
SEED_TEXT = ROOT / "fixtures" / "sources" / "reuters-2021-12-30-biden-putin-second-call.txt"
DATA = Path(__file__).resolve().parent / "data"
MARKUP = DATA / "markup.yaml"
FOLLOWUP = DATA / "followup.yaml"
CORRECTION = DATA / "correction.yaml"
RECORDED_AT = datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
ANALYST = "test-analyst"


class PinnedClock(datetime):
    """datetime whose now() is RECORDED_AT."""

    @classmethod
    def now(cls, tz: Any = None) -> PinnedClock:  # type: ignore[override]
        return cls.fromtimestamp(RECORDED_AT.timestamp(), tz=UTC)


def load(db_url: str, *files: Path) -> None:
    """Load each file in its own `crisis load`, in the order given."""
    for path in files:
        ok(run(["--db", db_url, "--analyst", ANALYST, "load", str(path)]))
