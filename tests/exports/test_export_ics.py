"""`crisis export ics`: the seed's meetings read back by vobject (a parser independent of the
icalendar library that wrote them), and a made-up history of a meeting moved, then called off.

Expected values are written by hand from the article (and from tests/exports/data/*.txt).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import vobject
from exporting import FOLLOWUP, MARKUP, load, ok, run

SEED_MEETINGS = [
    # uid, status, dtstart, dtend, sequence, summary
    (
        "meeting/biden-putin-video-call-2021-12-07@crisis-timeline",
        "CONFIRMED",
        date(2021, 12, 7),
        date(2021, 12, 8),
        "0",
        "Biden-Putin secure video call",
    ),
    (
        "meeting/biden-putin-call-2021-12-30@crisis-timeline",
        "CONFIRMED",
        datetime(2021, 12, 30, 20, 30, tzinfo=UTC),
        None,
        "1",
        "Biden-Putin call",
    ),
    (
        "meeting/us-russia-security-talks-2022-01-10@crisis-timeline",
        "CONFIRMED",
        date(2022, 1, 10),
        date(2022, 1, 11),
        "0",
        "U.S.-Russia security meeting",
    ),
    (
        "meeting/russia-nato-session-2022-01-12@crisis-timeline",
        "CONFIRMED",
        date(2022, 1, 12),
        date(2022, 1, 13),
        "0",
        "Russia-NATO session",
    ),
    (
        "meeting/european-security-conference-2022-01-13@crisis-timeline",
        "CONFIRMED",
        date(2022, 1, 13),
        date(2022, 1, 14),
        "0",
        "broader conference including Moscow, Washington and other European countries",
    ),
]
PUBLISHED = datetime(2021, 12, 30, tzinfo=UTC)


def events_of(text: str) -> list[Any]:
    calendar = vobject.readOne(text)
    assert calendar.version.value == "2.0"
    return list(getattr(calendar, "vevent_list", []))


def summary(ev: Any) -> tuple[Any, ...]:
    end = ev.dtend.value if hasattr(ev, "dtend") else None
    return (
        ev.uid.value,
        ev.status.value,
        ev.dtstart.value,
        end,
        ev.sequence.value,
        ev.summary.value,
    )


def test_the_seed_meetings_as_a_calendar(seeded: str) -> None:
    result = run(["--db", seeded, "export", "ics", "--as-of", "2021-12-30T12:00Z"])
    events = events_of(ok(result))
    assert [summary(ev) for ev in events] == SEED_MEETINGS
    assert result.stderr == ""
    assert [ev.dtstamp.value for ev in events] == [
        PUBLISHED
    ] * 5  # every change known from the article
    video_call, call = events[0], events[1]
    assert video_call.location.value == "the Situation Room at the White House in Washington, U.S."
    assert not hasattr(call, "location")
    assert [ev.categories.value for ev in events] == [
        ["video_call"],
        ["call"],
        ["meeting"],
        ["session"],
        ["conference"],
    ]
    lines = call.description.value.splitlines()
    assert lines[:2] == [
        "Status: scheduled",
        "Planned: 2021-12-30T20:30Z (as written: on Thursday … at 3:30 p.m. ET (2030 GMT))",
    ]
    assert (
        "Participants: Joe Biden (actor/joe-biden), Vladimir Putin (actor/vladimir-putin)" in lines
    )
    assert "Requested by: Vladimir Putin (actor/vladimir-putin)" in lines
    assert (
        "Agenda: rising tensions over Ukraine; upcoming security talks next month; "
        "the tense situation in Europe; ongoing talks with Iran over its nuclear program"
    ) in lines
    assert (
        "Readouts expected from: White House (actor/white-house), Kremlin (actor/kremlin)" in lines
    )
    assert (
        "Source: Reuters, “Biden, Putin to hold second call this month as Ukraine tensions "
        "simmer”, 2021-12-30 (source/reuters-2021-12-30-biden-putin-second-call)"
    ) in lines
    assert (
        "- “The call, which the White House said was requested by Putin, is scheduled to take "
        "place at 3:30 p.m. ET (2030 GMT).” (reporter, Reuters (actor/reuters))"
    ) in lines
    assert (
        "- “which the White House said was requested by Putin” "
        "(named, White House (actor/white-house))"
    ) in lines
    observers = video_call.description.value.splitlines()
    assert (
        "Observers: Antony Blinken (actor/antony-blinken), other officials (actor/other-officials)"
        in observers
    )


def test_filters_and_a_time_before_anything_was_known(seeded: str) -> None:
    held = events_of(ok(run(["--db", seeded, "export", "ics", "--status", "held"])))
    assert [ev.uid.value for ev in held] == [
        "meeting/biden-putin-video-call-2021-12-07@crisis-timeline"
    ]
    upcoming = events_of(
        ok(run(["--db", seeded, "export", "ics", "--upcoming", "--as-of", "2021-12-30T12:00Z"]))
    )
    assert [ev.uid.value for ev in upcoming] == [m[0] for m in SEED_MEETINGS[1:]]
    putin = events_of(
        ok(
            run(
                [
                    "--db",
                    seeded,
                    "export",
                    "ics",
                    "--actor",
                    "actor/vladimir-putin",
                    "--as-of",
                    "2021-12-30",
                ]
            )
        )
    )
    assert [ev.uid.value for ev in putin] == [m[0] for m in SEED_MEETINGS[:2]]
    assert events_of(ok(run(["--db", seeded, "export", "ics", "--as-of", "2021-12-29"]))) == []


def test_a_meeting_moved_then_called_off_keeps_its_uid_and_counts_its_changes(
    db_url: str, pinned_clock: None
) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    before = run(["--db", db_url, "export", "ics", "--as-of", "2022-01-10"])
    after = run(["--db", db_url, "export", "ics", "--as-of", "2022-01-20"])
    (planned,), (called_off,) = events_of(ok(before)), events_of(ok(after))
    # "for February": a month, an all-day span over its days; the open "after 1 March" is left out.
    assert summary(planned) == (
        "meeting/test-geneva-talks@crisis-timeline",
        "CONFIRMED",
        date(2022, 2, 1),
        date(2022, 3, 1),
        "0",
        'Talks in "Geneva; Bern, <b>or</b> both"',
    )
    assert planned.dtstamp.value == datetime(2022, 1, 5, tzinfo=UTC)
    assert before.stderr == after.stderr == "1 meeting(s) left out: no time, or an open one\n"
    # Moved to 15 February (a reschedule), then called off (a status change): SEQUENCE 2.
    assert summary(called_off) == (
        "meeting/test-geneva-talks@crisis-timeline",
        "CANCELLED",
        date(2022, 2, 15),
        date(2022, 2, 16),
        "2",
        'Talks in "Geneva; Bern, <b>or</b> both"',
    )
    assert called_off.dtstamp.value == datetime(2022, 1, 20, tzinfo=UTC)
    assert called_off.location.value == "Geneva; Bern, <b>or</b> both"


def test_recorded_before_asks_what_the_database_said_then(seeded: str) -> None:
    # The seed was recorded at the pinned 2026-01-02T03:04:05.123456Z (exporting.RECORDED_AT).
    assert (
        events_of(
            ok(run(["--db", seeded, "export", "ics", "--recorded-before", "2026-01-02T03:04:05Z"]))
        )
        == []
    )
    later = events_of(
        ok(run(["--db", seeded, "export", "ics", "--recorded-before", "2026-01-02T03:05Z"]))
    )
    assert [summary(ev) for ev in later] == SEED_MEETINGS
