"""Bulk work makes many short-lived objects and no garbage cycles worth collecting mid-way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLD = 50_000
"""Allocations between young-generation collections during bulk work (Python's default: 700)."""

_depth = 0
"""How many fewer_collections blocks are open: only the outermost sets and restores."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generation less often while the block runs (loads, catch-up, rebuild).

    With the default threshold a load spends about a sixth of its time in the collector,
    walking objects that are about to be freed by reference counting anyway. Blocks nest: one
    threshold for the whole bulk operation (a load of many documents), not one per document,
    since each restore lets the next allocation start a collection of everything kept so far."""
    global _depth
    old = gc.get_threshold()
    if _depth == 0:
        gc.set_threshold(max(old[0], BULK_THRESHOLD), *old[1:])
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*old)
