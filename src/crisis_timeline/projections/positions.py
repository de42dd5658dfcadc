"""Where each projection stands in the log: a light read (no event models, no folds), so that
a command that only asks the views learns whether they are behind before it imports the runner."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select

from crisis_timeline.projections.standing import (
    FOLD_VERSION,
    Standing,
    of_recorded,
    recorded_as,
)
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import projection_positions as P

HEAD = select(func.coalesce(func.max(E.c.position), 0))
"""The highest position in the log (0 when it is empty)."""
POSITIONS = select(P.c.name, P.c.position)
"""Every recorded position, by its name (with the fold version: standing.recorded_as)."""

__all__ = ["FOLD_VERSION", "HEAD", "POSITIONS", "Standing", "head", "positions", "standing"]


def head(conn: Connection) -> int:
    """The highest position in the log (0 when it is empty)."""
    return int(conn.execute(HEAD).scalar_one())


def positions(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """The last position each named projection applied (0 for one never run)."""
    return of_recorded({name: pos for name, pos in conn.execute(POSITIONS)}, names)


def set_positions(conn: Connection, names: Sequence[str], position: int) -> None:
    """Record that the named projections have applied every event up to `position`."""
    if names:
        # Also the positions other fold versions recorded: no longer true of these rows.
        conn.execute(
            delete(P).where(or_(*(or_(P.c.name == n, P.c.name.like(f"{n}@%")) for n in names)))
        )
        conn.execute(insert(P), [{"name": recorded_as(n), "position": position} for n in names])


def standing(engine: Engine, names: Iterable[str]) -> Standing:
    """Where the most-behind of the named projections stands, in one read."""
    with engine.connect() as conn:
        top = head(conn)
        at = positions(conn, names)
    return Standing(min(at.values(), default=top), top)


def lag(engine: Engine, names: Iterable[str]) -> int:
    """How many events the most-behind of the named projections has yet to apply."""
    return standing(engine, names).lag
