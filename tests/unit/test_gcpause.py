"""Bulk work relaxes the collector and always puts it back."""

from __future__ import annotations

import gc

import pytest

from crisis_timeline.gcpause import BULK_THRESHOLD, fewer_collections


def test_the_threshold_is_raised_inside_and_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold() == (max(before[0], BULK_THRESHOLD), *before[1:])
        with fewer_collections():  # nested: the inner block restores the outer's setting
            pass
        assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)
        raise RuntimeError("bulk work failed")
    assert gc.get_threshold() == before


def test_an_inner_block_leaves_the_threshold_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # One bulk operation sets the threshold once: documents parsed inside a load, each in its
    # own block, do not put the default back between them.
    calls: list[tuple[int, ...]] = []
    real = gc.set_threshold
    monkeypatch.setattr(gc, "set_threshold", lambda *t: (calls.append(t), real(*t))[1])
    before = gc.get_threshold()
    with fewer_collections():
        for _document in range(3):
            with fewer_collections():
                pass
    assert calls == [(max(before[0], BULK_THRESHOLD), *before[1:]), before]
