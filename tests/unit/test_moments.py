"""Times typed on the command line: the interval each names, and the instant each option takes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crisis_timeline.moments import Bound, instant, interval, zone
from crisis_timeline.time import TimeParseError

NOW = datetime(2026, 3, 15, 1, 30, tzinfo=UTC)  # 03:30 in Kyiv (UTC+2 in March before the switch)


def u(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "start", "end", "known"),
    [
        ("2021", u(2021, 1, 1), u(2022, 1, 1), u(2021, 12, 31, 23, 59, 59, 999999)),
        ("2021-12", u(2021, 12, 1), u(2022, 1, 1), u(2021, 12, 31, 23, 59, 59, 999999)),
        ("2021-12-30", u(2021, 12, 30), u(2021, 12, 31), u(2021, 12, 30, 23, 59, 59, 999999)),
        # a date-time is the instant written for --as-of, its minute for --from/--to
        ("2021-12-30 12:00", u(2021, 12, 30, 12), u(2021, 12, 30, 12, 1), u(2021, 12, 30, 12)),
        ("2021-12-30T12:00Z", u(2021, 12, 30, 12), u(2021, 12, 30, 12, 1), u(2021, 12, 30, 12)),
        ("2021-12-30T20", u(2021, 12, 30, 20), u(2021, 12, 30, 21), u(2021, 12, 30, 20)),
        (
            "2021-12-30T15:30-05:00",
            u(2021, 12, 30, 20, 30),
            u(2021, 12, 30, 20, 31),
            u(2021, 12, 30, 20, 30),
        ),
        (
            "2021-12-29T10:00:30.25Z",
            u(2021, 12, 29, 10, 0, 30, 250000),
            u(2021, 12, 29, 10, 0, 30, 250001),
            u(2021, 12, 29, 10, 0, 30, 250000),
        ),
        ("today", u(2026, 3, 15), u(2026, 3, 16), u(2026, 3, 15, 23, 59, 59, 999999)),
        ("Yesterday", u(2026, 3, 14), u(2026, 3, 15), u(2026, 3, 14, 23, 59, 59, 999999)),
        ("now", NOW, NOW, NOW),
    ],
)
def test_each_bound_of_a_typed_time(
    typed: str, start: datetime, end: datetime, known: datetime
) -> None:
    assert instant(typed, Bound.START, now=NOW) == start
    assert instant(typed, Bound.END, now=NOW) == end
    assert instant(typed, Bound.KNOWN, now=NOW) == known


def test_a_zone_reads_times_written_without_one() -> None:
    kyiv = zone("Europe/Kyiv")
    assert interval("2021-12-30", kyiv)[:2] == (u(2021, 12, 29, 22), u(2021, 12, 30, 22))
    assert instant("2021-12-30 12:00", Bound.KNOWN, kyiv) == u(2021, 12, 30, 10)
    assert instant("2021-12-30T12:00Z", Bound.KNOWN, kyiv) == u(
        2021, 12, 30, 12
    )  # a written zone wins
    # 01:30Z is already the 15th in Kyiv: its today starts at 22:00Z on the 14th
    assert interval("today", kyiv, NOW)[:2] == (u(2026, 3, 14, 22), u(2026, 3, 15, 22))
    assert instant("2021-06", Bound.START, zone("+03:00")) == u(2021, 5, 31, 21)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "tomorrow",
            "'tomorrow' is not a time (give e.g. 2021, 2021-12, 2021-12-30, 2021-12-30 12:00, "
            "2021-12-30T12:00Z, today, yesterday or now)",
        ),
        ("2021-02-30", "'2021-02-30' is not a time (day is out of range for month)"),
        (
            "2021-12-30  T12",
            "'2021-12-30  T12' is not a time (give e.g. 2021, 2021-12, 2021-12-30, "
            "2021-12-30 12:00, 2021-12-30T12:00Z, today, yesterday or now)",
        ),
        ("2021-12-30T12:00+25:00", "'2021-12-30T12:00+25:00' is not a time (bad offset +25:00)"),
    ],
)
def test_what_is_not_a_time(typed: str, message: str) -> None:
    with pytest.raises(TimeParseError) as info:
        interval(typed)
    assert str(info.value) == message


def test_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")
    assert zone("UTC") is UTC
