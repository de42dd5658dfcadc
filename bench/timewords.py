"""Partial times as fixtures write them ({value, text}): every precision, ranges and bounds."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from crisis_timeline.time import Precision, format_point

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PT = dict[str, Any]


def pt(value: str, text: str) -> PT:
    """A partial time as a fixture writes it."""
    return {"value": value, "text": text}


# Points as partial times write them (the store's own formatter): 2021-12-30, 2021-12,
# 2021-12-30T20Z, 2021-12-30T20:30Z, 2021-12-30T20:30:15Z.
day = partial(format_point, p=Precision.DAY)
month = partial(format_point, p=Precision.MONTH)
hour = partial(format_point, p=Precision.HOUR)
minute = partial(format_point, p=Precision.MINUTE)
second = partial(format_point, p=Precision.SECOND)


def spoken_day(dt: datetime) -> str:
    return f"{WEEKDAYS[dt.weekday()]}, {MONTHS[dt.month - 1]} {dt.day}"


def clock(dt: datetime) -> str:
    return f"{dt.hour:02d}{dt.minute:02d} GMT"


def planned(rng: random.Random, when: datetime) -> PT:
    """A planned time as sources announce it: mostly a day or a minute, sometimes vaguer."""
    r = rng.random()
    if r < 0.45:
        return pt(minute(when), f"on {spoken_day(when)} at {clock(when)}")
    if r < 0.55:
        return pt(hour(when), f"around {when.hour:02d}00 GMT on {spoken_day(when)}")
    if r < 0.85:
        return pt(day(when), f"on {spoken_day(when)}")
    if r < 0.93:
        last = when + timedelta(days=rng.randint(1, 3))
        return pt(f"{day(when)}/{day(last)}", f"between {spoken_day(when)} and {spoken_day(last)}")
    if r < 0.97:
        return pt(month(when), f"in {MONTHS[when.month - 1]} {when.year}")
    return pt(
        f"after {day(when - timedelta(days=1))}",
        f"some time after {spoken_day(when - timedelta(days=1))}",
    )


def happened(rng: random.Random, when: datetime) -> PT:
    """When something was seen to happen: a minute, sometimes to the second or only the hour."""
    r = rng.random()
    if r < 0.05:
        return pt(second(when), f"at {when.hour:02d}:{when.minute:02d}:{when.second:02d} GMT")
    if r < 0.8:
        return pt(minute(when), f"at {clock(when)} on {spoken_day(when)}")
    if r < 0.9:
        return pt(hour(when), f"shortly after {when.hour:02d}00 GMT")
    return pt(day(when), f"on {spoken_day(when)}")


def recently(rng: random.Random, now: datetime) -> PT:
    """A recent period counted back from now: 'over the weekend', 'in the past two months'."""
    r = rng.random()
    if r < 0.4:
        start = now - timedelta(days=rng.randint(1, 3))
        return pt(f"{day(start)}/{day(now)}", "in the past few days")
    if r < 0.7:
        weeks = rng.randint(1, 6)
        return pt(f"{day(now - timedelta(weeks=weeks))}/{day(now)}", f"in the past {weeks} weeks")
    if r < 0.9:
        return pt(month(now), "this month")
    return pt(f"before {day(now)}", "before today")


def past(rng: random.Random, now: datetime) -> PT:
    """A moment in the crisis's background, years or months back."""
    year = now.year - rng.randint(1, 30)
    r = rng.random()
    if r < 0.4:
        return pt(f"{year:04d}", f"in {year}")
    if r < 0.65:
        m = rng.randint(1, 12)
        return pt(f"{year:04d}-{m:02d}", f"in {MONTHS[m - 1]} {year}")
    if r < 0.8:
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        return pt(f"{year:04d}-{m:02d}-{d:02d}", f"on {MONTHS[m - 1]} {d}, {year}")
    if r < 0.92:
        return pt(f"{year:04d}/{year + rng.randint(1, 3):04d}", f"in the years after {year}")
    return pt(f"before {year:04d}", f"before {year}")
