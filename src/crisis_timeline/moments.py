"""Times as people type them on the command line, each read as the interval it names.

`2021` is the year, `2021-12` the month, `2021-12-30` the day, `2021-12-30 12:00` (or
`2021-12-30T12:00Z`) the minute, as in fixtures; `today` and `yesterday` are days, `now` the
present instant. Which end of the interval an option takes is the option's business (`bound`).
A time without a zone is read in the display zone (UTC unless `--tz` says otherwise).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crisis_timeline.spans import stored_from_json
from crisis_timeline.timepoints import (
    POINT_RE,
    Precision,
    TimeParseError,
    microseconds,
    shift,
    zone_of,
)

_SPACE_BEFORE_TIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ ]+(?=[0-9]{2})")
_TICK = timedelta(microseconds=1)
WORDS = ("now", "today", "yesterday")


class Bound(StrEnum):
    """Which instant of a typed interval an option means."""

    START = "start"
    """`--from`: the first instant (`2021-12-30` is its midnight)."""
    END = "end"
    """`--to`: the end, exclusive (`2021-12-30` reaches the next midnight)."""
    KNOWN = "known"
    """`--as-of`, `--recorded-before`: a date-time as given; a coarser time at its last instant."""


def zone(name: str) -> tzinfo:
    """A zone by IANA name (`Europe/Kyiv`), `UTC` or an offset (`+02:00`); ValueError if unknown."""
    if re.fullmatch(r"[+-][0-9]{2}(:?[0-9]{2})?|Z", name):
        return zone_of(name)
    try:
        return UTC if name.upper() == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} "
            "(an IANA name such as Europe/Kyiv, or an offset such as +02:00)"
        ) from None


class Typed(NamedTuple):
    """The UTC interval [start, end) a typed time names; whole_days: it is a day or coarser."""

    start: datetime
    end: datetime
    whole_days: bool = False


def interval(value: str, tz: tzinfo = UTC, now: datetime | None = None) -> Typed:
    """The interval a typed time names; TimeParseError saying what is accepted."""
    s = (
        value.strip().lower()
        if value.strip().lower() in WORDS
        else _SPACE_BEFORE_TIME.sub(r"\1T", value.strip())
    )
    present = now or datetime.now(UTC)
    if s == "now":  # the instant itself, whichever bound
        return Typed(present, present)
    if s in ("today", "yesterday"):
        local = present.astimezone(tz).replace(
            hour=0, minute=0, second=0, microsecond=0, tzinfo=None
        )
        day = local - timedelta(days=1 if s == "yesterday" else 0)
        return Typed(_in(day, tz), _in(day + timedelta(days=1), tz), whole_days=True)
    m = POINT_RE.fullmatch(s)
    if m is None:
        raise TimeParseError(
            f"{value!r} is not a time (give e.g. 2021, 2021-12, 2021-12-30, 2021-12-30 12:00, "
            "2021-12-30T12:00Z, today, yesterday or now)"
        )
    try:
        return _point_interval(m, tz)
    except (ValueError, OverflowError) as e:
        raise TimeParseError(f"{value!r} is not a time ({e})") from None


def instant(value: str, bound: Bound, tz: tzinfo = UTC, now: datetime | None = None) -> datetime:
    """The instant an option means by a typed time (see `Bound`)."""
    typed = interval(value, tz, now)
    if bound is Bound.START:
        return typed.start
    if bound is Bound.END:
        return typed.end
    return typed.end - _TICK if typed.whole_days else typed.start


def _point_interval(m: re.Match[str], tz: tzinfo) -> Typed:
    precision = [p for p in Precision if m[p.value] is not None][-1]
    ymd = (int(m["year"]), int(m["month"] or 1), int(m["day"] or 1))
    hms = (int(m["hour"] or 0), int(m["minute"] or 0), int(m["second"] or 0))
    local = datetime(*ymd, *hms, microseconds(m["fraction"]))
    written = zone_of(m["zone"]) if m["zone"] else tz
    if m["fraction"] is not None:
        start = _in(local, written)
        return Typed(start, start + _TICK)
    # Calendar units step in the zone the time is written in (a day in Kyiv is Kyiv's day).
    coarse = precision in (Precision.YEAR, Precision.MONTH, Precision.DAY)
    return Typed(_in(local, written), _in(shift(local, precision, 1), written), whole_days=coarse)


def _in(local: datetime, tz: tzinfo) -> datetime:
    """A wall-clock time in a zone, as UTC."""
    return local.replace(tzinfo=tz).astimezone(UTC)


_CLOCK = {
    Precision.HOUR: "%Y-%m-%d %H:00",
    Precision.MINUTE: "%Y-%m-%d %H:%M",
    Precision.SECOND: "%Y-%m-%d %H:%M:%S",
}


def shown(value: dict[str, Any], tz: tzinfo = UTC) -> str:
    """A stored partial time as a table shows it: its canonical words (UTC), or, in another zone,
    a time of day as the wall clock there says it (`2021-12-30 22:30 +02:00`). Days, months and
    years stay as written: they are calendar units of the source, not instants."""
    pt = stored_from_json(value)
    precision = Precision(pt.precision)
    if (
        tz is UTC
        or precision not in _CLOCK
        or pt.start is None
        or pt.end is None
        or pt.value.count("/")
    ):
        return pt.value
    local = pt.start.astimezone(tz)
    return f"{local.strftime(_CLOCK[precision])} {_offset(local)}"


def shown_instant(value: datetime, tz: tzinfo) -> str:
    """An instant (recorded_at) as a table in another zone shows it: the wall clock there."""
    local = value.astimezone(tz)
    return f"{local.strftime('%Y-%m-%d %H:%M:%S')} {_offset(local)}"


def _offset(local: datetime) -> str:
    raw = local.strftime("%z")
    return f"{raw[:3]}:{raw[3:]}" if raw else "+00:00"
