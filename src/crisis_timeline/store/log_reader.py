"""The log read for folding: plain tuples from the driver, no per-column result processing.

Catch-up and rebuild read every event they fold; through SQLAlchemy's typed rows each of the
seventeen columns passes a result processor, and the indexed time columns are parsed for nothing
(the hashed texts hold the same times). Here only the columns an Event needs are read, and the
one time among them (recorded_at) is converted by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from crisis_timeline.errors import CrisisError
from crisis_timeline.events.envelope import Event
from crisis_timeline.store.codec import event_of
from crisis_timeline.store.schema import EVENT_FIELDS, sqlite_datetime

COLUMNS = EVENT_FIELDS
_RECORDED_AT = COLUMNS.index("recorded_at")


def read_events(
    conn: Connection,
    where: str,
    params: dict[str, Any],
    order: str,
    *,
    limit: int | None = None,
    lists: Iterable[str] = (),
) -> list[Event]:
    """Events WHERE `where` (SQL over the events table's columns, :named parameters; `lists`
    names those holding a list, for IN) ORDER BY `order`, at most `limit`."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM events WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    statement = text(sql).bindparams(*(bindparam(name, expanding=True) for name in lists))
    instant = sqlite_datetime if conn.dialect.name == "sqlite" else _utc
    return [_event(values, instant) for values in conn.execute(statement, params)]


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _event(values: Any, instant: Callable[[Any], datetime | None]) -> Event:
    row = dict(zip(COLUMNS, values))
    try:
        row["recorded_at"] = instant(values[_RECORDED_AT])
        return event_of(row)
    except (ValueError, TypeError, KeyError) as e:
        raise CrisisError(
            f"the event at position {row['position']} cannot be read ({e}); run crisis verify"
        ) from None
