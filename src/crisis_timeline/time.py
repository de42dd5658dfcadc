"""Partial times: intervals [start, end) in UTC with a precision and the words as written.

Accepted forms (surrounding whitespace is ignored):

- a point: ``2021``, ``2021-12``, ``2021-12-30``, ``2021-12-30T20Z``, ``2021-12-30T20:30Z``,
  ``2021-12-30T20:30:15Z``; a time may carry ``Z``, ``±HH:MM``, ``±HHMM`` or ``±HH``, and a
  time without a zone is UTC. The point denotes its whole unit: ``2022-01`` is
  ``[2022-01-01T00:00Z, 2022-02-01T00:00Z)``.
- an open bound: ``before P`` is ``[-inf, start of P)``; ``after P`` is ``[end of P, +inf)``.
- a range: ``P1/P2`` is ``[start of P1, end of P2)``, with the coarser of the two precisions.

Choices: sub-second input is an error, never truncated (instants for ``--as-of`` may carry
fractions, see ``parse_instant``). An offset that would move a point off its UTC unit (e.g.
``T20+05:30`` at hour precision) is an error. A ``PartialTime`` always denotes what some
string denotes, so ``parse_partial(format_partial(pt))`` equals ``pt`` apart from ``text``.
Partial times sort by interval start (open start first), then precision, coarse first, then
interval end (open end last), then text (none first).
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_serializer, field_validator, model_validator


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
_POINT_RE = re.compile(
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


def _shift(dt: datetime, p: Precision, n: int) -> datetime:
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
    parts = (f"{dt.year:04d}", f"-{dt.month:02d}", f"-{dt.day:02d}", f"T{dt.hour:02d}",
             f":{dt.minute:02d}", f":{dt.second:02d}")
    text = "".join(parts[: _RANK[p] + 1])
    return f"{text}Z" if _RANK[p] >= _RANK[Precision.HOUR] else text


def _is_unit(start: datetime, end: datetime, p: Precision) -> bool:
    """Whether [start, end) is exactly one unit of precision p."""
    try:
        return _aligned(start, p) and _shift(start, p, 1) == end
    except ValueError:
        return False


def _on_boundary(dt: datetime | None, p: Precision) -> datetime:
    """Return the bound dt, or ValueError if it is missing or not on a unit boundary of p."""
    if dt is None or not _aligned(dt, p):
        raise ValueError(f"bound is not on a {p} boundary")
    return dt


@lru_cache(maxsize=CACHE_SIZE)  # the same few times recur across thousands of events
def _canonical(start: datetime | None, end: datetime | None, p: Precision) -> str:
    """The canonical string for an interval, or ValueError if no string denotes it."""
    if start is None and end is None:
        raise ValueError("a partial time needs a start or an end")
    if start is None:
        return f"before {format_point(_on_boundary(end, p), p)}"
    if end is None:
        return f"after {format_point(_shift(_on_boundary(start, p), p, -1), p)}"
    if end <= start:
        raise ValueError("end is not after start")
    if _is_unit(start, end, p):
        return format_point(start, p)
    qa, qb = _fit(start, p), _fit(end, p)
    if qa is None or qb is None or p not in (qa, qb):
        raise ValueError(f"interval does not match {p} precision")
    return f"{format_point(start, qa)}/{format_point(_shift(end, qb, -1), qb)}"


class PartialTime(BaseModel):
    """An interval [start, end) in UTC, its precision, and the words as written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: datetime | None
    end: datetime | None
    precision: Precision
    text: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_words(cls, raw: Any) -> Any:
        """Also accept the written forms: "2021-12-30T20:30Z" or {value: ..., text: ...}."""
        if isinstance(raw, str):
            raw = {"value": raw}
        if isinstance(raw, dict) and "value" in raw:
            extra = set(raw) - {"value", "text"}
            if extra:
                raise ValueError(f"unexpected keys beside value and text: {sorted(extra, key=str)}")
            try:
                parsed = parse_partial(raw["value"], raw.get("text"))
            except TimeParseError as e:
                raise ValueError(str(e)) from None
            return parsed.model_dump()
        return raw

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        """Require an explicit zone and store UTC."""
        if v is None:
            return v
        if v.tzinfo is None:
            raise ValueError("time zone missing")
        return v.astimezone(UTC)

    @model_validator(mode="after")
    def _denotable(self) -> PartialTime:
        """Require an interval that some partial-time string denotes."""
        _canonical(self.start, self.end, self.precision)
        return self

    @field_serializer("start", "end", when_used="json")
    def _ser(self, v: datetime | None) -> str | None:
        """Serialise instants deterministically with a ``Z`` suffix."""
        return None if v is None else format_instant(v)

    @property
    def value(self) -> str:
        """The canonical string of this partial time."""
        return format_partial(self)


def _zone(z: str | None) -> tzinfo:
    """The time zone written as ``Z``, ``±HH:MM``, ``±HHMM`` or ``±HH`` (none is UTC)."""
    if z is None or z == "Z":
        return UTC
    digits = z[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or "0")
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad offset {z}")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if z[0] == "-" else offset)


def _micro(fraction: str | None) -> int:
    """Microseconds from the digits after the decimal point."""
    if fraction is None:
        return 0
    if len(fraction) > 6:
        raise ValueError("finer than microseconds")
    return int(fraction.ljust(6, "0"))


def _point(m: re.Match[str]) -> tuple[datetime, Precision]:
    """The UTC start and precision of a matched point (fraction included)."""
    precision = [p for p in _ORDER if m[p.value] is not None][-1]
    ymd = (int(m["year"]), int(m["month"] or 1), int(m["day"] or 1))
    hms = (int(m["hour"] or 0), int(m["minute"] or 0), int(m["second"] or 0))
    local = datetime(*ymd, *hms, _micro(m["fraction"]), tzinfo=_zone(m["zone"]))
    return local.astimezone(UTC), precision


def _parse_point(s: str) -> tuple[datetime, Precision]:
    """Parse one point of a partial time into its UTC start and precision."""
    m = _POINT_RE.fullmatch(s.strip())
    if m is None:
        raise ValueError("")
    if m["fraction"] is not None:
        raise ValueError("sub-second precision is not supported")
    start, precision = _point(m)
    if not _aligned(start, precision):
        raise ValueError(f"offset does not fit {precision} precision")
    return start, precision


def _parse_interval(s: str) -> tuple[datetime | None, datetime | None, Precision]:
    """Parse a point, bound or range into (start, end, precision)."""
    bound = _BOUND_RE.fullmatch(s)
    if bound is not None:
        start, p = _parse_point(bound[2])
        if bound[1].lower() == "before":
            return None, start, p
        return _shift(start, p, 1), None, p
    first, slash, second = s.partition("/")
    start, p = _parse_point(first)
    if not slash:
        return start, _shift(start, p, 1), p
    last, q = _parse_point(second)
    end = _shift(last, q, 1)
    if end <= start:
        raise ValueError("range end is not after its start")
    return start, end, _coarser(p, q)


def _clean(value: object, what: str) -> str:
    """The stripped string, or TimeParseError if value is not a string."""
    if not isinstance(value, str):
        raise TimeParseError(f"not {what}: {value!r} (expected a string)")
    return value.strip()


def parse_partial(value: str, text: str | None = None) -> PartialTime:
    """Parse a point, ``before``/``after`` bound or ``A/B`` range into a partial time."""
    s = _clean(value, "a partial time")
    try:
        start, end, precision = _parse_interval(s)
        return PartialTime(start=start, end=end, precision=precision, text=text)
    except (ValueError, OverflowError) as e:
        reason = str(e).splitlines()[0] if str(e) else ""
        suffix = f" ({reason})" if reason else ""
        raise TimeParseError(f"not a partial time: {value!r}{suffix}") from e


def format_partial(pt: PartialTime) -> str:
    """The canonical normalised string of a partial time (UTC, ``Z``; text not included)."""
    return _canonical(pt.start, pt.end, pt.precision)


def parse_instant(value: str) -> datetime:
    """Parse a command-line instant; a bare date is the end of that day, UTC."""
    s = _clean(value, "an instant")
    m = _POINT_RE.fullmatch(s)
    if m is None or m["day"] is None:
        raise TimeParseError(f"not an instant: {value!r} (give a date or a date-time)")
    try:
        dt, precision = _point(m)
    except (ValueError, OverflowError) as e:
        raise TimeParseError(f"not an instant: {value!r} ({e})") from e
    if precision is Precision.DAY:
        return dt.replace(hour=23, minute=59, second=59, microsecond=999999)
    return dt


def partial_from_json(value: dict[str, Any]) -> PartialTime:
    """A partial time from its stored JSON form ``{start, end, precision, text}``.

    Cached (PartialTime is immutable): the same few times recur across thousands of events."""
    return _from_json(value["start"], value["end"], value["precision"], value.get("text"))


@lru_cache(maxsize=CACHE_SIZE)
def _from_json(start: str | None, end: str | None, precision: str, text: str | None) -> PartialTime:
    return PartialTime.model_validate({"start": start, "end": end, "precision": precision, "text": text})


@lru_cache(maxsize=CACHE_SIZE)
def _json_of(pt: PartialTime) -> dict[str, Any]:
    return pt.model_dump(mode="json")


def partial_json(pt: PartialTime) -> dict[str, Any]:
    """A partial time's JSON form, as `model_dump(mode="json")` gives it (a fresh dict; cached)."""
    return dict(_json_of(pt))


def contains(pt: PartialTime, instant: datetime) -> bool:
    """Whether start <= instant < end, open bounds infinite; a naive instant is UTC."""
    t = ensure_utc(instant)
    return (pt.start is None or pt.start <= t) and (pt.end is None or t < pt.end)


SPAN_LIMITS: tuple[timedelta, ...] = (timedelta(days=1), timedelta(days=7), timedelta(days=32), timedelta(days=367))
"""The longest interval of span classes 1 to 4 (see span_class)."""
LONGER, OPEN_END, OPEN_START = len(SPAN_LIMITS) + 1, len(SPAN_LIMITS) + 2, len(SPAN_LIMITS) + 3


def span_class(pt: PartialTime | None) -> int:
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
