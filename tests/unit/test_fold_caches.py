"""The shortcuts the folds take per event give what the plain forms give.

The timeline key's time stamp is written without strftime; a partial time's JSON is kept per
object; an event module read lazily becomes a plain module."""

from __future__ import annotations

import types
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from crisis_timeline.projections.payloads import Lazily
from crisis_timeline.projections.timeline import _stamp
from crisis_timeline.time import parse_partial, partial_json


@given(st.datetimes(min_value=datetime(1000, 1, 1), timezones=st.just(UTC)))
def test_the_stamp_is_strftimes(t: datetime) -> None:
    assert _stamp(t) == f"{t:%Y%m%dT%H%M%S%f}"


def test_the_stamp_by_hand() -> None:
    assert _stamp(datetime(2021, 12, 30, 9, 5, 7, tzinfo=UTC)) == "20211230T090507000000"
    assert _stamp(datetime(2022, 1, 10, 23, 59, 59, 42, tzinfo=UTC)) == "20220110T235959000042"


def test_a_partial_times_json_is_a_fresh_dict_each_time() -> None:
    pt = parse_partial("2022-01-10")
    first = partial_json(pt)
    assert first == pt.model_dump(mode="json")
    first["precision"] = "changed by a caller"
    assert partial_json(pt) == pt.model_dump(mode="json")
    assert partial_json(pt) is not partial_json(pt)


def test_a_lazy_module_becomes_the_module_it_names() -> None:
    lazy = Lazily("crisis_timeline.events.meetings")
    assert type(lazy) is Lazily
    from crisis_timeline.events import meetings

    assert lazy.MeetingHeld is meetings.MeetingHeld
    assert type(lazy) is types.ModuleType
    assert lazy.MeetingScheduled is meetings.MeetingScheduled
