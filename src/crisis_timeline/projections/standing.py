"""Where the views stand against the log, as values: the fold version their positions are
recorded under, and how far behind the most-behind view is (positions.py reads them; the lean
read path, lean/read.py, reads the same rows without SQLAlchemy)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

FOLD_VERSION = 3
"""The version of what the folds store; raised whenever a fold's rows change shape or order
(2: timeline rows with actors, speaker and knowledge-order keys; meetings by held or scheduled
start; forces marked inferred; the sources view; 3: a list gathered from several facts names
each value once). A position is recorded under its projection's
name and this version, so a database whose views were made by other folds has no position for
them: they are rebuilt at the next catch-up (a command that reads the views as a role that may
write them)."""


def recorded_as(name: str) -> str:
    """A view's projection under its fold version; anything else (the search index) as named."""
    return f"{name}@{FOLD_VERSION}" if name in _view_names() else name


def of_recorded(stored: dict[str, int], names: Iterable[str]) -> dict[str, int]:
    """The last position each named projection applied, from the recorded (name, position)
    rows (0 for one never run)."""
    return {name: int(stored.get(recorded_as(name), 0)) for name in names}


@cache
def _view_names() -> frozenset[str]:
    # The catalog imports the view modules; positions are asked for after it is loaded.
    from crisis_timeline.projections.catalog import NAMES

    return frozenset(NAMES)


@dataclass(frozen=True)
class Standing:
    """Where the most-behind of some projections stands against the head of the log."""

    position: int
    head: int

    @property
    def lag(self) -> int:
        """Events it has yet to apply."""
        return self.head - self.position

    def describe(self) -> str:
        """One line for people."""
        where = f"at position {self.position:,} of {self.head:,}"
        return f"views are {self.lag:,} events behind the log ({where})"
