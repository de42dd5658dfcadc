"""Partial times without their model: the span classes, command-line instants, and a stored
partial time read back as a plain value (`Stored`), for commands that only read the views.

`time.py` holds the PartialTime model (pydantic) the event models need and names these
again; nothing here imports pydantic.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from crisis_timeline.timepoints import (
    CACHE_SIZE,
    POINT_RE,
    Precision,
    TimeParseError,
    canonical_text,
    clean,
    ensure_utc,
    parse_interval,
    point_of,
)


class Bounded(Protocol):
    """Anything with an interval's bounds: a PartialTime, a Stored."""

    @property
    def start(self) -> datetime | None: ...

    @property
    def end(self) -> datetime | None: ...


class Stored(NamedTuple):
    """A partial time as a view's row stores it ({start, end, precision, text}), read back
    without validation: the fold that wrote it made it from a valid PartialTime."""

    start: datetime | None
    end: datetime | None
    precision: Precision
    text: str | None = None

    @property
    def value(self) -> str:
        """The canonical string of this partial time (as PartialTime.value)."""
        return canonical_text(self.start, self.end, self.precision)


def stored_from_json(value: dict[str, Any]) -> Stored:
    """A stored partial time from its JSON form (cached: the same few recur on many rows)."""
    return _stored(value["start"], value["end"], value["precision"], value.get("text"))


@lru_cache(maxsize=CACHE_SIZE)
def _stored(start: str | None, end: str | None, precision: str, text: str | None) -> Stored:
    return Stored(_instant(start), _instant(end), Precision(precision), text)


def _instant(value: str | None) -> datetime | None:
    return None if value is None else ensure_utc(datetime.fromisoformat(value))


def stored_from_text(value: str) -> Stored:
    """A partial time written as text in a row ("2021-12-30T20:30Z"), as a Stored."""
    start, end, precision = parse_interval(clean(value, "a partial time"))
    return Stored(start, end, precision)


def parse_instant(value: str) -> datetime:
    """Parse a command-line instant; a bare date is the end of that day, UTC."""
    s = clean(value, "an instant")
    m = POINT_RE.fullmatch(s)
    if m is None or m["day"] is None:
        raise TimeParseError(f"not an instant: {value!r} (give a date or a date-time)")
    try:
        dt, precision = point_of(m)
    except (ValueError, OverflowError) as e:
        raise TimeParseError(f"not an instant: {value!r} ({e})") from e
    if precision is Precision.DAY:
        return dt.replace(hour=23, minute=59, second=59, microsecond=999999)
    return dt


def contains(pt: Bounded, instant: datetime) -> bool:
    """Whether start <= instant < end, open bounds infinite; a naive instant is UTC."""
    t = ensure_utc(instant)
    return (pt.start is None or pt.start <= t) and (pt.end is None or t < pt.end)


SPAN_LIMITS: tuple[timedelta, ...] = (
    timedelta(days=1),
    timedelta(days=7),
    timedelta(days=32),
    timedelta(days=367),
)
"""The longest interval of span classes 1 to 4 (see span_class)."""
LONGER, OPEN_END, OPEN_START = len(SPAN_LIMITS) + 1, len(SPAN_LIMITS) + 2, len(SPAN_LIMITS) + 3


def span_class(pt: Bounded | None) -> int:
    """How long an interval is, in a few classes: 0 no time; k in 1..4 both bounds and at most
    SPAN_LIMITS[k - 1] long; LONGER both bounds, longer; OPEN_END no end ("after 10 January");
    OPEN_START no start ("before 2022", or neither bound).

    Within a class of at most W, an interval that contains T starts after T - W: an index on
    (class, start) finds what is going on at T in a window of its own, whatever the log's size.
    """
    if pt is None:
        return 0
    if pt.start is None:
        return OPEN_START
    if pt.end is None:
        return OPEN_END
    span = pt.end - pt.start
    return next((k for k, limit in enumerate(SPAN_LIMITS, 1) if span <= limit), LONGER)
