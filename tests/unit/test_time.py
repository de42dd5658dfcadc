"""Unit tests for partial times: parsing, formatting, JSON shape, order, instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from crisis_timeline.time import (
    PartialTime,
    Precision,
    TimeParseError,
    contains,
    ensure_utc,
    format_instant,
    format_partial,
    parse_instant,
    parse_partial,
    span_class,
)

Y, MO, D = Precision.YEAR, Precision.MONTH, Precision.DAY
H, MI, S = Precision.HOUR, Precision.MINUTE, Precision.SECOND


def u(year: int, month: int, day: int, *hms: int) -> datetime:
    """A UTC datetime."""
    hour, minute, second, micro = (*hms, 0, 0, 0, 0)[:4]
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


PARSE_CASES = [
    ("2021", u(2021, 1, 1), u(2022, 1, 1), Y),
    ("2021-12", u(2021, 12, 1), u(2022, 1, 1), MO),
    ("2022-01", u(2022, 1, 1), u(2022, 2, 1), MO),
    ("2021-02", u(2021, 2, 1), u(2021, 3, 1), MO),
    ("2024-02", u(2024, 2, 1), u(2024, 3, 1), MO),
    ("2021-12-30", u(2021, 12, 30), u(2021, 12, 31), D),
    ("2021-12-31", u(2021, 12, 31), u(2022, 1, 1), D),
    ("2024-02-29", u(2024, 2, 29), u(2024, 3, 1), D),
    ("2021-12-30T20Z", u(2021, 12, 30, 20), u(2021, 12, 30, 21), H),
    ("2021-12-31T23Z", u(2021, 12, 31, 23), u(2022, 1, 1), H),
    ("2021-12-30T20:30Z", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T20:59Z", u(2021, 12, 30, 20, 59), u(2021, 12, 30, 21, 0), MI),
    ("2021-12-30T20:30:15Z", u(2021, 12, 30, 20, 30, 15), u(2021, 12, 30, 20, 30, 16), S),
    ("2021-12-31T23:59:59Z", u(2021, 12, 31, 23, 59, 59), u(2022, 1, 1), S),
    # no zone: UTC
    ("2021-12-30T20", u(2021, 12, 30, 20), u(2021, 12, 30, 21), H),
    ("2021-12-30T20:30", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T20:30:15", u(2021, 12, 30, 20, 30, 15), u(2021, 12, 30, 20, 30, 16), S),
    # explicit offsets, converted to UTC
    ("2021-12-30T15:30-05:00", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T21:30+01:00", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T21:30+0100", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T21+01", u(2021, 12, 30, 20), u(2021, 12, 30, 21), H),
    ("2021-12-30T20:30+00:00", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-30T20:30-00:00", u(2021, 12, 30, 20, 30), u(2021, 12, 30, 20, 31), MI),
    ("2021-12-31T22:00-05:00", u(2022, 1, 1, 3), u(2022, 1, 1, 3, 1), MI),
    ("2021-12-30T20:00+05:30", u(2021, 12, 30, 14, 30), u(2021, 12, 30, 14, 31), MI),
    ("2021-12-30T14:30:15-05:30", u(2021, 12, 30, 20, 0, 15), u(2021, 12, 30, 20, 0, 16), S),
    # open bounds
    ("before 2021-12-30", None, u(2021, 12, 30), D),
    ("after 2021-12-30", u(2021, 12, 31), None, D),
    ("before 2022-01", None, u(2022, 1, 1), MO),
    ("after 2021", u(2022, 1, 1), None, Y),
    ("after 2021-12-30T20:30Z", u(2021, 12, 30, 20, 31), None, MI),
    ("before 2021-12-30T15:30-05:00", None, u(2021, 12, 30, 20, 30), MI),
    ("after 2021-12-30T20:30:15Z", u(2021, 12, 30, 20, 30, 16), None, S),
    ("Before 2021-12-30", None, u(2021, 12, 30), D),
    # ranges: [start of first, end of second), coarser precision
    ("2021-10-30/2021-12-30", u(2021, 10, 30), u(2021, 12, 31), D),
    ("2021-10/2021-12-30", u(2021, 10, 1), u(2021, 12, 31), MO),
    ("2021-10-30/2021-12", u(2021, 10, 30), u(2022, 1, 1), MO),
    ("2021/2022", u(2021, 1, 1), u(2023, 1, 1), Y),
    ("2021-12-30/2021-12-30", u(2021, 12, 30), u(2021, 12, 31), D),
    ("2021-12-30T20Z/2021-12-30T20:30Z", u(2021, 12, 30, 20), u(2021, 12, 30, 20, 31), H),
    (
        "2021-12-30T15:30-05:00/2021-12-30T21:30+01:00",
        u(2021, 12, 30, 20, 30),
        u(2021, 12, 30, 20, 31),
        MI,
    ),
    # whitespace
    ("  2021-12-30\n", u(2021, 12, 30), u(2021, 12, 31), D),
    ("\t before  2021-12-30 ", None, u(2021, 12, 30), D),
    ("2021-10-30 / 2021-12-30", u(2021, 10, 30), u(2021, 12, 31), D),
    # edges of the calendar
    ("0001", u(1, 1, 1), u(2, 1, 1), Y),
    ("before 0001", None, u(1, 1, 1), Y),
    ("9999-12-31T23:59:58Z", u(9999, 12, 31, 23, 59, 58), u(9999, 12, 31, 23, 59, 59), S),
]


@pytest.mark.parametrize(("value", "start", "end", "precision"), PARSE_CASES)
def test_parse_partial(
    value: str, start: datetime | None, end: datetime | None, precision: Precision
) -> None:
    pt = parse_partial(value)
    assert (pt.start, pt.end, pt.precision, pt.text) == (start, end, precision, None)
    for bound in (pt.start, pt.end):
        assert bound is None or bound.tzinfo is UTC


def test_et_example() -> None:
    pt = parse_partial("2021-12-30T15:30-05:00", text="3:30 p.m. ET (2030 GMT)")
    assert pt.start == datetime(2021, 12, 30, 20, 30, tzinfo=UTC)
    assert pt.value == "2021-12-30T20:30Z"
    assert pt.text == "3:30 p.m. ET (2030 GMT)"


FORMAT_CASES = [
    ("2021", "2021"),
    ("2021-12", "2021-12"),
    ("2021-12-30", "2021-12-30"),
    ("2021-12-30T20Z", "2021-12-30T20Z"),
    ("2021-12-30T20:30Z", "2021-12-30T20:30Z"),
    ("2021-12-30T20:30:15Z", "2021-12-30T20:30:15Z"),
    ("2021-12-30T15:30-05:00", "2021-12-30T20:30Z"),
    ("2021-12-30T20:30", "2021-12-30T20:30Z"),
    ("2021-12-30T21+01", "2021-12-30T20Z"),
    ("2021-12-31T22:00-05:00", "2022-01-01T03:00Z"),
    (" BEFORE   2021-12-30 ", "before 2021-12-30"),
    ("after 2021", "after 2021"),
    ("after 2021-12-30T15:30-05:00", "after 2021-12-30T20:30Z"),
    ("2021-10-30/2021-12-30", "2021-10-30/2021-12-30"),
    ("2021-10-30 / 2021-12-30", "2021-10-30/2021-12-30"),
    ("2021-10/2021-12-30", "2021-10/2021-12-30"),
    ("2021-12-30/2021-12-30", "2021-12-30"),
    ("2021-12/2021-12-31", "2021-12"),
    ("2021-01-01/2021-12-31", "2021-01-01/2021-12-31"),
    ("2021-12-30T20:00Z/2021-12-30T20:30Z", "2021-12-30T20:00Z/2021-12-30T20:30Z"),
    ("2021-12-30T20Z/2021-12-30T20:30Z", "2021-12-30T20Z/2021-12-30T20:30Z"),
    ("2021/2021-12-30T20:30:15Z", "2021/2021-12-30T20:30:15Z"),
]


def test_range_with_one_bound_on_the_coarse_boundary() -> None:
    pt = PartialTime(start=u(2021, 12, 30, 20, 30), end=u(2021, 12, 30, 21), precision=H)
    assert pt.value == "2021-12-30T20:30Z/2021-12-30T20Z"
    assert parse_partial(pt.value) == pt


@pytest.mark.parametrize(("value", "canonical"), FORMAT_CASES)
def test_format_partial(value: str, canonical: str) -> None:
    pt = parse_partial(value, text="words")
    assert format_partial(pt) == canonical
    assert pt.value == canonical
    assert parse_partial(canonical, text="words") == pt


ERROR_CASES = [
    ("2021-13", "not a partial time: '2021-13' (month must be in 1..12)"),
    ("2021-02-30", "not a partial time: '2021-02-30' (day is out of range for month)"),
    ("2021-02-29", "not a partial time: '2021-02-29' (day is out of range for month)"),
    ("yesterday", "not a partial time: 'yesterday'"),
    (
        "2021-12-30/2021-12-01",
        "not a partial time: '2021-12-30/2021-12-01' (range end is not after its start)",
    ),
    (
        "2021-12-30/2021-12-29",
        "not a partial time: '2021-12-30/2021-12-29' (range end is not after its start)",
    ),
    ("", "not a partial time: ''"),
    ("   ", "not a partial time: '   '"),
    (
        "2021-12-30T20:30:15.5Z",
        "not a partial time: '2021-12-30T20:30:15.5Z' (sub-second precision is not supported)",
    ),
    (
        "2021-12-30T20+05:30",
        "not a partial time: '2021-12-30T20+05:30' (offset does not fit hour precision)",
    ),
    ("2021-12-30T25Z", "not a partial time: '2021-12-30T25Z' (hour must be in 0..23)"),
    ("2021-12-30T20:30+24:00", "not a partial time: '2021-12-30T20:30+24:00' (bad offset +24:00)"),
    ("9999", "not a partial time: '9999' (year 10000 is out of range)"),
    ("after 9999", "not a partial time: 'after 9999' (year 10000 is out of range)"),
    ("0000", "not a partial time: '0000' (year 0 is out of range)"),
    ("2021-12-30Z", "not a partial time: '2021-12-30Z'"),
    ("21-12-30", "not a partial time: '21-12-30'"),
    ("2021-1-5", "not a partial time: '2021-1-5'"),
    ("20211230", "not a partial time: '20211230'"),
    ("2021-W52", "not a partial time: '2021-W52'"),
    ("2021-12-30 20:30", "not a partial time: '2021-12-30 20:30'"),
    ("before", "not a partial time: 'before'"),
    ("before 2021/2022", "not a partial time: 'before 2021/2022'"),
    ("after", "not a partial time: 'after'"),
    ("2021/2022/2023", "not a partial time: '2021/2022/2023'"),
    ("/2021", "not a partial time: '/2021'"),
    ("2021/", "not a partial time: '2021/'"),
    ("٢٠٢١", "not a partial time: '٢٠٢١'"),
]


@pytest.mark.parametrize(("value", "message"), ERROR_CASES)
def test_parse_partial_errors(value: str, message: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_partial(value)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_parse_partial_rejects_non_strings() -> None:
    with pytest.raises(TimeParseError, match=r"expected a string"):
        parse_partial(date(2021, 12, 30))  # type: ignore[arg-type]


def test_json_shape_is_exact() -> None:
    pt = parse_partial("2021-12-30T20:30Z", text="Thursday")
    dumped = pt.model_dump(mode="json")
    assert dumped == {
        "start": "2021-12-30T20:30:00Z",
        "end": "2021-12-30T20:31:00Z",
        "precision": "minute",
        "text": "Thursday",
    }
    assert list(dumped) == ["start", "end", "precision", "text"]
    assert pt.model_dump_json() == (
        '{"start":"2021-12-30T20:30:00Z","end":"2021-12-30T20:31:00Z",'
        '"precision":"minute","text":"Thursday"}'
    )
    again = PartialTime.model_validate(dumped)
    assert again == pt
    assert again.model_dump(mode="json") == dumped
    assert PartialTime.model_validate_json(pt.model_dump_json()) == pt


def test_json_shape_open_bound() -> None:
    pt = parse_partial("before 2021-12-30")
    assert pt.model_dump(mode="json") == {
        "start": None,
        "end": "2021-12-30T00:00:00Z",
        "precision": "day",
        "text": None,
    }
    assert PartialTime.model_validate(pt.model_dump(mode="json")) == pt


def test_python_dump_keeps_datetimes() -> None:
    pt = parse_partial("2021-12-30")
    assert pt.model_dump() == {
        "start": u(2021, 12, 30),
        "end": u(2021, 12, 31),
        "precision": Precision.DAY,
        "text": None,
    }


def test_model_validate_converts_offsets_to_utc() -> None:
    pt = PartialTime.model_validate(
        {
            "start": "2021-12-30T21:30:00+01:00",
            "end": "2021-12-30T21:31:00+01:00",
            "precision": "minute",
        }
    )
    assert pt.start == u(2021, 12, 30, 20, 30)
    assert pt.start is not None and pt.start.tzinfo is UTC
    assert pt.model_dump(mode="json")["start"] == "2021-12-30T20:30:00Z"


INVALID_MODELS = [
    {"start": datetime(2021, 12, 30), "end": u(2021, 12, 31), "precision": "day"},
    {"start": None, "end": None, "precision": "day"},
    {"start": u(2021, 12, 31), "end": u(2021, 12, 30), "precision": "day"},
    {"start": u(2021, 12, 30), "end": u(2021, 12, 30), "precision": "day"},
    {"start": u(2021, 10, 30), "end": u(2021, 12, 30), "precision": "month"},
    {"start": u(2021, 12, 30, 20, 30), "end": u(2021, 12, 30, 20, 45), "precision": "hour"},
    {"start": u(2021, 12, 30, 0, 0, 0, 500), "end": u(2021, 12, 31), "precision": "day"},
    {"start": None, "end": u(2021, 12, 30, 12), "precision": "day"},
    {"start": u(2021, 12, 30, 12), "end": None, "precision": "day"},
    {"start": u(1, 1, 1), "end": None, "precision": "year"},
    {"start": u(2021, 12, 30), "end": u(2021, 12, 31), "precision": "week"},
    {"start": u(2021, 12, 30), "end": u(2021, 12, 31), "precision": "day", "extra": 1},
]


@pytest.mark.parametrize("data", INVALID_MODELS)
def test_model_rejects_intervals_no_string_denotes(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PartialTime.model_validate(data)


def test_model_is_frozen_and_hashable() -> None:
    pt = parse_partial("2021-12-30")
    with pytest.raises(ValidationError):
        pt.text = "changed"  # type: ignore[misc]
    assert hash(pt) == hash(parse_partial(" 2021-12-30 "))


def test_format_instant() -> None:
    assert format_instant(u(2021, 12, 30, 20, 30)) == "2021-12-30T20:30:00Z"
    assert format_instant(u(2021, 12, 29, 23, 59, 59, 999999)) == "2021-12-29T23:59:59.999999Z"
    assert format_instant(u(2021, 12, 29, 0, 0, 0, 1)) == "2021-12-29T00:00:00.000001Z"
    et = timezone(timedelta(hours=-5))
    assert format_instant(datetime(2021, 12, 30, 15, 30, tzinfo=et)) == "2021-12-30T20:30:00Z"
    assert format_instant(datetime(2021, 12, 30, 15, 30)) == "2021-12-30T15:30:00Z"
    assert format_instant(u(5, 1, 2)) == "0005-01-02T00:00:00Z"


def test_ensure_utc() -> None:
    assert ensure_utc(datetime(2021, 12, 30, 20, 30)) == u(2021, 12, 30, 20, 30)
    assert ensure_utc(datetime(2021, 12, 30, 20, 30)).tzinfo is UTC
    et = timezone(timedelta(hours=-5))
    converted = ensure_utc(datetime(2021, 12, 30, 15, 30, tzinfo=et))
    assert converted == u(2021, 12, 30, 20, 30)
    assert converted.tzinfo is UTC
    assert converted.hour == 20


CONTAINS_CASES = [
    ("2021-12-30", u(2021, 12, 30), True),
    ("2021-12-30", u(2021, 12, 30, 23, 59, 59, 999999), True),
    ("2021-12-30", u(2021, 12, 31), False),
    ("2021-12-30", u(2021, 12, 29, 23, 59, 59, 999999), False),
    ("before 2021-12-30", u(1, 1, 1), True),
    ("before 2021-12-30", u(2021, 12, 30), False),
    ("after 2021-12-30", u(2021, 12, 31), True),
    ("after 2021-12-30", u(9999, 12, 31), True),
    ("after 2021-12-30", u(2021, 12, 30, 23), False),
    ("2021-12-30", datetime(2021, 12, 30, 12), True),
    ("2021-12-30", datetime(2021, 12, 30, 20, tzinfo=timezone(timedelta(hours=-5))), False),
]


@pytest.mark.parametrize(("value", "instant", "expected"), CONTAINS_CASES)
def test_contains(value: str, instant: datetime, expected: bool) -> None:
    assert contains(parse_partial(value), instant) is expected


INSTANT_CASES = [
    ("2021-12-29", u(2021, 12, 29, 23, 59, 59, 999999)),
    ("2021-12-31", u(2021, 12, 31, 23, 59, 59, 999999)),
    (" 2021-12-29 ", u(2021, 12, 29, 23, 59, 59, 999999)),
    ("9999-12-31", u(9999, 12, 31, 23, 59, 59, 999999)),
    ("2021-12-29T10:00Z", u(2021, 12, 29, 10)),
    ("2021-12-29T10:00", u(2021, 12, 29, 10)),
    ("2021-12-29T20Z", u(2021, 12, 29, 20)),
    ("2021-12-29T10:00:30Z", u(2021, 12, 29, 10, 0, 30)),
    ("2021-12-29T10:00:30.25Z", u(2021, 12, 29, 10, 0, 30, 250000)),
    ("2021-12-29T23:59:59.999999Z", u(2021, 12, 29, 23, 59, 59, 999999)),
    ("2021-12-30T15:30-05:00", u(2021, 12, 30, 20, 30)),
    ("2021-12-30T20+05:30", u(2021, 12, 30, 14, 30)),
    ("2021-12-31T22:00:00.5-05:00", u(2022, 1, 1, 3, 0, 0, 500000)),
]


@pytest.mark.parametrize(("value", "expected"), INSTANT_CASES)
def test_parse_instant(value: str, expected: datetime) -> None:
    got = parse_instant(value)
    assert got == expected
    assert got.tzinfo is UTC


INSTANT_ERRORS = [
    ("2021", "not an instant: '2021' (give a date or a date-time)"),
    ("2021-12", "not an instant: '2021-12' (give a date or a date-time)"),
    (
        "2021-12-01/2021-12-02",
        "not an instant: '2021-12-01/2021-12-02' (give a date or a date-time)",
    ),
    ("before 2021-12-30", "not an instant: 'before 2021-12-30' (give a date or a date-time)"),
    ("after 2021-12-30", "not an instant: 'after 2021-12-30' (give a date or a date-time)"),
    ("", "not an instant: '' (give a date or a date-time)"),
    ("tomorrow", "not an instant: 'tomorrow' (give a date or a date-time)"),
    ("2021-02-30", "not an instant: '2021-02-30' (day is out of range for month)"),
    (
        "2021-12-29T10:00:00.1234567Z",
        "not an instant: '2021-12-29T10:00:00.1234567Z' (finer than microseconds)",
    ),
]


@pytest.mark.parametrize(("value", "message"), INSTANT_ERRORS)
def test_parse_instant_errors(value: str, message: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_instant(value)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01-10T09:30Z", 1),  # a minute
        ("2022-01-10", 1),  # exactly a day: the bound is inclusive
        ("2022-01-10/2022-01-11", 2),  # two days
        ("2022-01-10/2022-01-16", 2),  # exactly seven days
        ("2022-01-10/2022-01-17", 3),  # eight days
        ("2022-02", 3),  # a month (28 days)
        ("2022-01", 3),  # a month (31 days)
        ("2022-01-01/2022-02-01", 3),  # 32 days
        ("2022-01-01/2022-02-02", 4),  # 33 days
        ("2024", 4),  # a leap year, 366 days
        ("2021/2022", 5),  # two years
        ("after 2022-01-10", 6),  # no end
        ("before 2022-01", 7),  # no start
    ],
)
def test_span_classes(value: str, expected: int) -> None:
    assert span_class(parse_partial(value)) == expected


def test_no_time_is_span_class_zero() -> None:
    assert span_class(None) == 0
