"""Property tests for partial times: round trips, interval shape, order, containment."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crisis_timeline.time import (
    PartialTime,
    Precision,
    contains,
    format_partial,
    parse_instant,
    parse_partial,
)

ORDER = list(Precision)
FIXED = {
    Precision.DAY: timedelta(days=1),
    Precision.HOUR: timedelta(hours=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.SECOND: timedelta(seconds=1),
}


def floor(dt: datetime, p: Precision) -> datetime:
    """Oracle: the start of the unit of precision p that holds dt."""
    dt = dt.replace(microsecond=0)
    if p is Precision.SECOND:
        return dt
    dt = dt.replace(second=0)
    if p is Precision.MINUTE:
        return dt
    dt = dt.replace(minute=0)
    if p is Precision.HOUR:
        return dt
    dt = dt.replace(hour=0)
    if p is Precision.DAY:
        return dt
    dt = dt.replace(day=1)
    return dt if p is Precision.MONTH else dt.replace(month=1)


def next_unit(start: datetime, p: Precision) -> datetime:
    """Oracle: the start of the unit after the one that starts at start."""
    if p is Precision.YEAR:
        return start.replace(year=start.year + 1)
    if p is Precision.MONTH:
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1)
        return start.replace(month=start.month + 1)
    return start + FIXED[p]


def coarser(a: Precision, b: Precision) -> Precision:
    """Oracle: the coarser of two precisions."""
    return a if ORDER.index(a) <= ORDER.index(b) else b


instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(tzinfo=UTC))
precisions = st.sampled_from(ORDER)
texts = st.none() | st.text(max_size=12)


@st.composite
def units(draw: st.DrawFn) -> tuple[datetime, Precision]:
    """A unit start and its precision."""
    p = draw(precisions)
    return floor(draw(instants), p), p


@st.composite
def partial_times(draw: st.DrawFn) -> PartialTime:
    """A partial time of any precision: a point, an open bound or a range."""
    kind = draw(st.sampled_from(["point", "before", "after", "range"]))
    start, p = draw(units())
    text = draw(texts)
    if kind == "point":
        return PartialTime(start=start, end=next_unit(start, p), precision=p, text=text)
    if kind == "before":
        return PartialTime(start=None, end=start, precision=p, text=text)
    if kind == "after":
        return PartialTime(start=next_unit(start, p), end=None, precision=p, text=text)
    other, q = draw(units())
    (a, pa), (b, pb) = sorted([(start, p), (other, q)], key=lambda u: u[0])
    return PartialTime(start=a, end=next_unit(b, pb), precision=coarser(pa, pb), text=text)


INSTANT_JSON = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
OFFSETS = [0, 60, -300, 330, -570, 840, -720]


@st.composite
def point_strings(draw: st.DrawFn) -> tuple[str, datetime, Precision]:
    """A point written with a random zone; its expected UTC start and precision."""
    p = draw(precisions)
    local = floor(draw(instants), p).replace(tzinfo=None)
    fmt = ["%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%dT%H", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
    text = local.strftime(fmt[ORDER.index(p)])
    if ORDER.index(p) < ORDER.index(Precision.HOUR):
        return text, local.replace(tzinfo=UTC), p
    allowed = [m for m in OFFSETS if p is not Precision.HOUR or m % 60 == 0]
    minutes = draw(st.sampled_from(allowed))
    sign = "-" if minutes < 0 else "+"
    zone = (
        draw(st.sampled_from(["Z", ""]))
        if minutes == 0
        else (f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
    )
    return text + zone, (local - timedelta(minutes=minutes)).replace(tzinfo=UTC), p


@given(partial_times())
def test_parse_of_format_is_identity(pt: PartialTime) -> None:
    assert parse_partial(format_partial(pt), text=pt.text) == pt
    assert parse_partial(pt.value) == pt.model_copy(update={"text": None})


@given(partial_times())
def test_bounds_are_utc_and_ordered(pt: PartialTime) -> None:
    assert pt.start is not None or pt.end is not None
    for bound in (pt.start, pt.end):
        assert bound is None or (bound.tzinfo is UTC and bound.microsecond == 0)
    if pt.start is not None and pt.end is not None:
        assert pt.start < pt.end


@given(point_strings())
def test_point_interval_is_one_calendar_unit(case: tuple[str, datetime, Precision]) -> None:
    value, start, p = case
    pt = parse_partial(value)
    assert (pt.start, pt.precision) == (start, p)
    assert pt.end == next_unit(start, p)
    assert pt.end is not None
    if p is Precision.MONTH:
        assert pt.end.day == 1 and (pt.end.month - start.month) % 12 == 1
        assert (pt.end - start).days in (28, 29, 30, 31)
    if p is Precision.YEAR:
        assert (pt.end.year, pt.end.month, pt.end.day) == (start.year + 1, 1, 1)
        assert (pt.end - start).days in (365, 366)
    if p in FIXED:
        assert pt.end - start == FIXED[p]


@given(point_strings(), point_strings())
def test_range_spans_both_points(
    a: tuple[str, datetime, Precision], b: tuple[str, datetime, Precision]
) -> None:
    (va, sa, pa), (vb, sb, pb) = sorted([a, b], key=lambda c: c[1])
    pt = parse_partial(f"{va}/{vb}")
    assert (pt.start, pt.end, pt.precision) == (sa, next_unit(sb, pb), coarser(pa, pb))


@given(point_strings())
def test_bounds_meet_their_point(case: tuple[str, datetime, Precision]) -> None:
    value, _, _ = case
    point, before, after = (parse_partial(f"{w}{value}") for w in ("", "before ", "after "))
    assert (before.start, before.end) == (None, point.start)
    assert (after.start, after.end) == (point.end, None)


@given(partial_times())
def test_json_round_trip(pt: PartialTime) -> None:
    dumped = pt.model_dump(mode="json")
    assert PartialTime.model_validate(dumped) == pt
    assert PartialTime.model_validate(json.loads(json.dumps(dumped))) == pt
    assert PartialTime.model_validate_json(pt.model_dump_json()) == pt
    for key in ("start", "end"):
        assert dumped[key] is None or INSTANT_JSON.fullmatch(dumped[key])


@given(partial_times())
def test_contains_start_but_not_end(pt: PartialTime) -> None:
    if pt.start is not None:
        assert contains(pt, pt.start)
        assert not contains(pt, pt.start - timedelta(microseconds=1))
    if pt.end is not None:
        assert not contains(pt, pt.end)
        assert contains(pt, pt.end - timedelta(microseconds=1))


@given(instants)
def test_instant_of_a_date_is_the_last_microsecond_of_the_day(instant: datetime) -> None:
    day = instant.strftime("%Y-%m-%d")
    got = parse_instant(day)
    assert got == floor(instant, Precision.DAY) + timedelta(days=1, microseconds=-1)
    assert contains(parse_partial(day), got)
    assert not contains(parse_partial(day), got + timedelta(microseconds=1))
