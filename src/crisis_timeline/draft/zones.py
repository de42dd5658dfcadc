"""Time-zone abbreviations as news copy writes them, to UTC on a given day."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONES: dict[str, str | float] = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "ET": "America/New_York",
    "EST": -5,
    "EDT": -4,
    "CT": "America/Chicago",
    "CST": -6,
    "CDT": -5,
    "MT": "America/Denver",
    "MST": -7,
    "MDT": -6,
    "PT": "America/Los_Angeles",
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
}
"""An abbreviation is a fixed offset (hours) or, where it names a region's time that changes
with the season (ET, PT), the region's IANA zone."""


def _zone(name: str) -> tzinfo | None:
    spec = ZONES.get(name.upper())
    if spec is None:
        return None
    if isinstance(spec, str):
        try:
            return ZoneInfo(spec)
        except ZoneInfoNotFoundError:
            return None
    return timezone(timedelta(hours=spec))


def to_utc(day: date, hour: int, minute: int, zone: str | None) -> tuple[int, int, int, str]:
    """(day shift, hour, minute) in UTC of a local time on day, and how it was read."""
    tz = _zone(zone) if zone else None
    if zone and zone.upper() in ("GMT", "UTC", "Z"):
        return 0, hour, minute, "UTC as written"
    if tz is None:
        why = f"in an unknown zone {zone!r}, taken as UTC" if zone else "with no zone, taken as UTC"
        return 0, hour, minute, why
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    utc = local.astimezone(timezone.utc)
    return (utc.date() - day).days, utc.hour, utc.minute, f"in {zone} is {utc:%H:%M}Z on that day"
