"""Where each projection stands in the log: a light read (no event models, no folds), so that
a command that only asks the views learns whether they are behind before it imports the runner."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, insert, select

from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_positions as P


def head(conn: Connection) -> int:
    """The highest position in the log (0 when it is empty)."""
    return int(conn.execute(select(func.coalesce(func.max(E.c.position), 0))).scalar_one())


def positions(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """The last position each named projection applied (0 for one never run)."""
    stored = {name: pos for name, pos in conn.execute(select(P.c.name, P.c.position))}
    return {name: int(stored.get(name, 0)) for name in names}


def set_positions(conn: Connection, names: Sequence[str], position: int) -> None:
    """Record that the named projections have applied every event up to `position`."""
    if names:
        conn.execute(delete(P).where(P.c.name.in_(list(names))))
        conn.execute(insert(P), [{"name": n, "position": position} for n in names])


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
        return f"views are {self.lag:,} events behind the log (at position {self.position:,} of {self.head:,})"


def standing(engine: Engine, names: Iterable[str]) -> Standing:
    """Where the most-behind of the named projections stands, in one read."""
    with engine.connect() as conn:
        top = head(conn)
        at = positions(conn, names)
    return Standing(min(at.values(), default=top), top)


def lag(engine: Engine, names: Iterable[str]) -> int:
    """How many events the most-behind of the named projections has yet to apply."""
    return standing(engine, names).lag
