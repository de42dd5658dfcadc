"""Fixtures of the export tests: databases loaded with a pinned system clock (see exporting.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from exporting import SEED, PinnedClock, load

from crisis_timeline.store import event_store


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(event_store, "datetime", PinnedClock)
    yield


@pytest.fixture
def seeded(db_url: str, pinned_clock: None) -> str:
    """A database with the seed fixture loaded."""
    load(db_url, SEED)
    return db_url
