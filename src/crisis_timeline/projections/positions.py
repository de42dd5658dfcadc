"""Where each projection stands in the log: a light read (no event models, no folds), so that
a command that only asks the views learns whether they are behind before it imports the runner."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select

from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_positions as P

FOLD_VERSION = 3
"""The version of what the folds store; raised whenever a fold's rows change shape or order
(2: timeline rows with actors, speaker and knowledge-order keys; meetings by held or scheduled
start; forces marked inferred; the sources view; 3: a list gathered from several facts names
each value once). A position is recorded under its projection's
name and this version, so a database whose views were made by other folds has no position for
them: they are rebuilt at the next catch-up (a command that reads the views as a role that may
write them)."""


def _recorded_as(name: str) -> str:
    """A view's projection under its fold version; anything else (the search index) as named."""
    return f"{name}@{FOLD_VERSION}" if name in VIEWS else name


def head(conn: Connection) -> int:
    """The highest position in the log (0 when it is empty)."""
    return int(conn.execute(select(func.coalesce(func.max(E.c.position), 0))).scalar_one())


def positions(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """The last position each named projection applied (0 for one never run)."""
    stored = {name: pos for name, pos in conn.execute(select(P.c.name, P.c.position))}
    return {name: int(stored.get(_recorded_as(name), 0)) for name in names}


def set_positions(conn: Connection, names: Sequence[str], position: int) -> None:
    """Record that the named projections have applied every event up to `position`."""
    if names:
        # Also the positions other fold versions recorded: no longer true of these rows.
        conn.execute(
            delete(P).where(or_(*(or_(P.c.name == n, P.c.name.like(f"{n}@%")) for n in names)))
        )
        conn.execute(insert(P), [{"name": _recorded_as(n), "position": position} for n in names])


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


def standing(engine: Engine, names: Iterable[str]) -> Standing:
    """Where the most-behind of the named projections stands, in one read."""
    with engine.connect() as conn:
        top = head(conn)
        at = positions(conn, names)
    return Standing(min(at.values(), default=top), top)


def lag(engine: Engine, names: Iterable[str]) -> int:
    """How many events the most-behind of the named projections has yet to apply."""
    return standing(engine, names).lag
