"""`meetings --upcoming` reads each span class of scheduled times in a window of its own and,
for a page, only the first meetings to come in each class, up to the start the page reaches
in all classes together. The answer is the view's order
(scheduled start, then id; no start last) whatever the page, with meetings of every class:
expected lists written by hand from the schedule below, judged at 5 January 2022 00:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from support import reported

from crisis_timeline import queries
from crisis_timeline.events.meetings import MeetingKind, MeetingRescheduled, MeetingScheduled
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import parse_partial
from crisis_timeline.views import At, Filters

T = At(as_of=datetime(2022, 1, 5, tzinfo=UTC))
SCHEDULE = {  # meeting: (scheduled, reported)
    "m01": ("2022-01-20", "2021-12-01"),  # a day, to come
    "m02": ("2022-01-08", "2021-12-01"),  # a day, to come, sooner
    "m03": ("2022-01", "2021-12-01"),  # the month, going on
    "m04": ("after 2021-12-20", "2021-12-01"),  # no end: going on (from 21 December)
    "m05": ("before 2022-02", "2021-12-01"),  # no start: last
    "m06": ("2022-01-03", "2021-12-01"),  # a day, over
    "m07": ("2022-01-06/2022-01-09", "2021-12-01"),  # four days, to come
    "m08": ("2022", "2021-12-01"),  # the year, going on (starts as m03 does)
    "m09": ("2021/2022", "2021-12-01"),  # two years, going on since 2021
    "m10": ("2022-01-07", "2021-12-01"),  # moved on 2 January to 15 February
    "m11": ("2022-01-06", "2022-01-10"),  # announced only after T
    # More days to come than a page holds: a page must take the soonest of them.
    **{
        f"m{12 + i}": (f"2022-03-0{8 - i}", "2021-12-01") for i in range(8)
    },  # m12 on 8 March ... m19 on 1 March
    # Going on, spans of two to three weeks (the class of m03), starting on 22, 24 and 23 December.
    "m20": ("2021-12-22/2022-01-10", "2021-12-01"),
    "m21": ("2021-12-24/2022-01-12", "2021-12-01"),
    "m22": ("2021-12-23/2022-01-06", "2021-12-01"),
    # Starting as m19 does (1 March), in the classes of a month and of two to three weeks:
    # a page's bound at 1 March takes all three, and the id decides between them.
    "m00": ("2022-03", "2021-12-01"),
    "m23": ("2022-03-01/2022-03-20", "2021-12-01"),
}
UPCOMING = [
    "m09",
    "m04",
    "m20",
    "m22",
    "m21",
    "m03",
    "m08",
    "m07",
    "m02",
    "m01",
    "m10",
    "m00",
    "m19",
    "m23",
    "m18",
    "m17",
    "m16",
    "m15",
    "m14",
    "m13",
    "m12",
    "m05",
]


@pytest.fixture
def scheduled(engine: Engine) -> Engine:
    store = EventStore(engine)
    for name, (when, published) in SCHEDULE.items():
        stream = f"meeting/{name}"
        events = [
            reported(
                stream,
                MeetingScheduled(title=name, kind=MeetingKind.CALL, scheduled=parse_partial(when)),
                published,
            )
        ]
        if name == "m10":
            events.append(
                reported(
                    stream, MeetingRescheduled(scheduled=parse_partial("2022-02-15")), "2022-01-02"
                )
            )
        store.append(stream, events, 0, recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine


def ids(engine: Engine, filters: Filters) -> list[str]:
    return [
        row["id"].removeprefix("meeting/") for row in queries.view(engine, "meetings", T, filters)
    ]


def test_every_upcoming_meeting_in_order(scheduled: Engine) -> None:
    assert ids(scheduled, Filters(upcoming=True)) == UPCOMING


@pytest.mark.parametrize("page", range(1, len(UPCOMING) + 2))
def test_each_page_is_the_head_of_the_whole_answer(scheduled: Engine, page: int) -> None:
    assert ids(scheduled, Filters(upcoming=True, limit=page)) == UPCOMING[:page]


TIED = {  # meeting: scheduled; all reported on 1 December 2021, none going on at T
    "t4": "2022-02-02",
    "t3": "2022-02",  # the month: starts on 1 February, as t1 and t2 do
    "t2": "2022-02-01",
    "t1": "2022-02-01T00:00Z/2022-02-03T00:00Z",
}
TIED_ORDER = ["t1", "t2", "t3", "t4"]  # 1 February by id, then 2 February


@pytest.fixture
def tied(engine: Engine) -> Engine:
    store = EventStore(engine)
    for name, when in TIED.items():
        stream = f"meeting/{name}"
        scheduled = MeetingScheduled(
            title=name, kind=MeetingKind.CALL, scheduled=parse_partial(when)
        )
        store.append(stream, [reported(stream, scheduled, "2021-12-01")], 0, recorded_by="test")
    ProjectionRunner(engine).catch_up()
    return engine


@pytest.mark.parametrize("page", range(1, len(TIED) + 2))
def test_a_page_ending_among_meetings_that_start_together_takes_them_by_id(
    tied: Engine, page: int
) -> None:
    """Nothing is going on, so the page's bound is the start of its last row: every meeting
    starting then is read, and the ids cut the page."""
    assert ids(tied, Filters(upcoming=True, limit=page)) == TIED_ORDER[:page]
