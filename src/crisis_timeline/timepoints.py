"""Points and intervals of partial times as text: precisions, units, parsing and canonical forms."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import lru_cache


class TimeParseError(ValueError):
    """A time string that cannot be read."""


class Precision(StrEnum):
    """The unit a partial time is known to, from coarse to fine."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"
    SECOND = "second"


_ORDER: tuple[Precision, ...] = tuple(Precision)
_RANK: dict[Precision, int] = {p: i for i, p in enumerate(_ORDER)}
PRECISION_RANK = _RANK
"""Precisions from coarse (0, year) to fine (5, second): the order partial times sort in."""
_FIELDS = ("month", "day", "hour", "minute", "second", "microsecond")
_STEP = {
    Precision.DAY: timedelta(days=1),
    Precision.HOUR: timedelta(hours=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.SECOND: timedelta(seconds=1),
}
POINT_RE = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2})(?::(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?)?)?"
    r"(?P<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?)?"
)
_BOUND_RE = re.compile(r"(before|after)\s+(\S.*)", re.IGNORECASE)
CACHE_SIZE = 4096
"""Entries in each cache of recurring values (times, their texts and JSON forms). Enough for the
instants of the sources being loaded; bounded, so memory does not grow with the store."""


def ensure_utc(dt: datetime) -> datetime:
    """Return dt as an aware UTC datetime; a naive datetime is taken to be UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def format_instant(dt: datetime) -> str:
    """Format an instant as ISO 8601 UTC with ``Z``; microseconds only if non-zero."""
    u = ensure_utc(dt)
    s = f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
    return f"{s}.{u.microsecond:06d}Z" if u.microsecond else f"{s}Z"


def _coarser(a: Precision, b: Precision) -> Precision:
    """The coarser of two precisions."""
    return a if _RANK[a] <= _RANK[b] else b


def _aligned(dt: datetime, p: Precision) -> bool:
    """Whether dt is the start of a unit of precision p."""
    names = _FIELDS[_RANK[p] :]
    return all(getattr(dt, n) == (1 if n in ("month", "day") else 0) for n in names)


def _fit(dt: datetime, p: Precision) -> Precision | None:
    """The coarsest precision, no coarser than p, at whose unit boundary dt lies."""
    return next((q for q in _ORDER[_RANK[p] :] if _aligned(dt, q)), None)


def shift(dt: datetime, p: Precision, n: int) -> datetime:
    """Move a unit-aligned datetime by n units of precision p."""
    try:
        if p is Precision.YEAR:
            return dt.replace(year=dt.year + n)
        if p is Precision.MONTH:
            year, month0 = divmod(dt.year * 12 + dt.month - 1 + n, 12)
            return dt.replace(year=year, month=month0 + 1)
        return dt + n * _STEP[p]
    except OverflowError as e:
        raise ValueError("date out of range") from e


def format_point(dt: datetime, p: Precision) -> str:
    """The point of precision p that holds dt (UTC), as a partial time writes it: ``2021-12``,
    ``2021-12-30T20:30Z``."""
    parts = (
        f"{dt.year:04d}",
        f"-{dt.month:02d}",
        f"-{dt.day:02d}",
        f"T{dt.hour:02d}",
        f":{dt.minute:02d}",
        f":{dt.second:02d}",
    )
    text = "".join(parts[: _RANK[p] + 1])
    return f"{text}Z" if _RANK[p] >= _RANK[Precision.HOUR] else text


def _is_unit(start: datetime, end: datetime, p: Precision) -> bool:
    """Whether [start, end) is exactly one unit of precision p."""
    try:
        return _aligned(start, p) and shift(start, p, 1) == end
    except ValueError:
        return False


def _on_boundary(dt: datetime | None, p: Precision) -> datetime:
    """Return the bound dt, or ValueError if it is missing or not on a unit boundary of p."""
    if dt is None or not _aligned(dt, p):
        raise ValueError(f"bound is not on a {p} boundary")
    return dt


@lru_cache(maxsize=CACHE_SIZE)  # the same few times recur across thousands of events
def canonical_text(start: datetime | None, end: datetime | None, p: Precision) -> str:
    """The canonical string for an interval, or ValueError if no string denotes it."""
    if start is None and end is None:
        raise ValueError("a partial time needs a start or an end")
    if start is None:
        return f"before {format_point(_on_boundary(end, p), p)}"
    if end is None:
        return f"after {format_point(shift(_on_boundary(start, p), p, -1), p)}"
    if end <= start:
        raise ValueError("end is not after start")
    if _is_unit(start, end, p):
        return format_point(start, p)
    qa, qb = _fit(start, p), _fit(end, p)
    if qa is None or qb is None or p not in (qa, qb):
        raise ValueError(f"interval does not match {p} precision")
    return f"{format_point(start, qa)}/{format_point(shift(end, qb, -1), qb)}"


def zone_of(z: str | None) -> tzinfo:
    """The time zone written as ``Z``, ``±HH:MM``, ``±HHMM`` or ``±HH`` (none is UTC)."""
    if z is None or z == "Z":
        return UTC
    digits = z[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or "0")
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad offset {z}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if z[0] == "-" else offset)


def microseconds(fraction: str | None) -> int:
    """Microseconds from the digits after the decimal point."""
    if fraction is None:
        return 0
    if len(fraction) > 6:
        raise ValueError("finer than microseconds")
    return int(fraction.ljust(6, "0"))


def point_of(m: re.Match[str]) -> tuple[datetime, Precision]:
    """The UTC start and precision of a matched point (fraction included)."""
    precision = [p for p in _ORDER if m[p.value] is not None][-1]
    ymd = (int(m["year"]), int(m["month"] or 1), int(m["day"] or 1))
    hms = (int(m["hour"] or 0), int(m["minute"] or 0), int(m["second"] or 0))
    local = datetime(*ymd, *hms, microseconds(m["fraction"]), tzinfo=zone_of(m["zone"]))
    return local.astimezone(UTC), precision


def _parse_point(s: str) -> tuple[datetime, Precision]:
    """Parse one point of a partial time into its UTC start and precision."""
    m = POINT_RE.fullmatch(s.strip())
    if m is None:
        raise ValueError("")
    if m["fraction"] is not None:
        raise ValueError("sub-second precision is not supported")
    start, precision = point_of(m)
    if not _aligned(start, precision):
        raise ValueError(f"offset does not fit {precision} precision")
    return start, precision


def parse_interval(s: str) -> tuple[datetime | None, datetime | None, Precision]:
    """Parse a point, bound or range into (start, end, precision)."""
    bound = _BOUND_RE.fullmatch(s)
    if bound is not None:
        start, p = _parse_point(bound[2])
        if bound[1].lower() == "before":
            return None, start, p
        return shift(start, p, 1), None, p
    first, slash, second = s.partition("/")
    start, p = _parse_point(first)
    if not slash:
        return start, shift(start, p, 1), p
    last, q = _parse_point(second)
    end = shift(last, q, 1)
    if end <= start:
        raise ValueError("range end is not after its start")
    return start, end, _coarser(p, q)


def clean(value: object, what: str) -> str:
    """The stripped string, or TimeParseError if value is not a string."""
    if not isinstance(value, str):
        raise TimeParseError(f"not {what}: {value!r} (expected a string)")
    return value.strip()
