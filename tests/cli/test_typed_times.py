"""Times typed on the command line, on the seed fixture: --from/--to at their bounds, ranges, --tz.

The seed's call is scheduled for 2021-12-30T20:30Z (the article: 3:30 p.m. ET, 2030 GMT); the
other meetings for 10, 12 and 13 January 2022 (days); the video call of 7 December was held that
day. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from test_view_commands import ok, run, seeded_db  # noqa: F401  (seeded_db is a fixture)

CALL = "meeting/biden-putin-call-2021-12-30"
TALKS = "meeting/us-russia-security-talks-2022-01-10"
NATO = "meeting/russia-nato-session-2022-01-12"
VIDEO = "meeting/biden-putin-video-call-2021-12-07"
OSCE = "meeting/european-security-conference-2022-01-13"


def meetings(db: str, *args: str) -> list[str]:
    return [r["id"] for r in json.loads(ok(run(["--db", db, "meetings", *args, "--json"])))]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # a bare date for --from is its start: the 20:30Z call on the 30th is in
        (["--from", "2021-12-30"], [CALL, TALKS, NATO, OSCE]),
        (["--from", "2021-12-31"], [TALKS, NATO, OSCE]),
        # --to is the end of its day: the 10 January talks are in on --to 2022-01-10
        (["--to", "2022-01-10"], [VIDEO, CALL, TALKS]),
        (["--to", "2022-01-09"], [VIDEO, CALL]),
        (["--from", "2021-12-07", "--to", "2021-12-07"], [VIDEO]),
        (["--from", "2021-12-08", "--to", "2021-12-29"], []),
        (["--from", "2021-12-30", "--to", "2021-12-30"], [CALL]),
        # a minute is a range: the call's minute, 20:30, is reached by --to 20:30, not --from 20:31
        (["--from", "2021-12-30", "--to", "2021-12-30 20:30"], [CALL]),
        (["--from", "2021-12-30", "--to", "2021-12-30 20:29"], []),
        (["--from", "2021-12-30T20:31Z"], [TALKS, NATO, OSCE]),
        # months and years as ranges
        (["--from", "2022-01", "--to", "2022-01"], [TALKS, NATO, OSCE]),
        (["--to", "2021"], [VIDEO, CALL]),
        (["--from", "2022"], [TALKS, NATO, OSCE]),
    ],
)
def test_from_and_to_at_their_bounds(seeded_db: str, args: list[str], expected: list[str]) -> None:  # noqa: F811
    assert meetings(seeded_db, *args) == expected


def test_as_of_a_month_a_year_and_a_day_with_a_space_and_a_zone(seeded_db: str) -> None:  # noqa: F811
    # Every fact of the seed is reported on 2021-12-30 (the article's day).
    assert meetings(seeded_db, "--as-of", "2021-11") == []
    assert meetings(seeded_db, "--as-of", "2021") == [VIDEO, CALL, TALKS, NATO, OSCE]
    assert meetings(seeded_db, "--as-of", "2021-12-29 23:59") == []
    assert meetings(seeded_db, "--as-of", "2021-12-30 00:00") == [VIDEO, CALL, TALKS, NATO, OSCE]
    # In Kyiv (UTC+2) midnight of the 30th is 22:00Z on the 29th: nothing yet known
    in_kyiv = ["--tz", "Europe/Kyiv", "--db", seeded_db, "meetings", "--json", "--as-of"]
    assert json.loads(ok(run([*in_kyiv, "2021-12-30 01:59"]))) == []
    assert len(json.loads(ok(run([*in_kyiv, "2021-12-30 02:00"])))) == 5


def test_now_today_and_yesterday_are_times(seeded_db: str) -> None:  # noqa: F811
    for word in ("now", "today", "yesterday"):
        assert meetings(seeded_db, "--as-of", word) == [VIDEO, CALL, TALKS, NATO, OSCE], word


def test_bad_times_and_zones_are_usage_errors(seeded_db: str) -> None:  # noqa: F811
    result = run(["--db", seeded_db, "meetings", "--from", "tomorrow"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--from': 'tomorrow' is not a time "
        "(give e.g. 2021, 2021-12, 2021-12-30, 2021-12-30 12:00, 2021-12-30T12:00Z, today, "
        "yesterday or now)"
    )
    result = run(["--tz", "Mars/Olympus", "--db", seeded_db, "meetings"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(
        "Error: Invalid value for '--tz': unknown time zone 'Mars/Olympus'"
    )


def test_tz_shows_times_of_day_on_its_wall_clock_and_leaves_days_alone(seeded_db: str) -> None:  # noqa: F811
    args = ["meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z"]
    utc = ok(run(["--db", seeded_db, *args])).splitlines()
    kyiv = ok(run(["--tz", "Europe/Kyiv", "--db", seeded_db, *args])).splitlines()
    new_york = ok(run(["--tz", "America/New_York", "--db", seeded_db, *args])).splitlines()
    # The article: 3:30 p.m. ET (2030 GMT); Kyiv is two hours ahead of GMT in December.
    assert "2021-12-30T20:30Z" in utc[1]
    assert "2021-12-30 22:30 +02:00" in kyiv[1]
    assert "2021-12-30 15:30 -05:00" in new_york[1]
    assert all(
        "2022-01-10" in lines[2] for lines in (utc, kyiv, new_york)
    )  # a day stays the day written
    # JSON keeps the stored UTC form whatever the zone
    assert ok(run(["--tz", "Europe/Kyiv", "--db", seeded_db, *args, "--json"])) == ok(
        run(["--db", seeded_db, *args, "--json"])
    )
