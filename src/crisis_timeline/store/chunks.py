"""Long IN lists cut into pieces every backend accepts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_LIST_SIZE = 500
"""Values per IN list: well under SQLite's bound-parameter limit, and short plans on PostgreSQL."""


def chunked(items: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """The items in consecutive slices of at most `size` (none for no items)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
