"""`crisis export timelinejs` and `timelinejs-csv` on the seed: one slide per timeline row, in
the timeline's order, dates only as precise as the article gives them. Written by hand from it.
"""

from __future__ import annotations

import csv
import io
import json
from html import unescape
from typing import Any

from exporting import FOLLOWUP, MARKUP, load, ok, run

from crisis_timeline.fixtures import fact_id

SOURCE = "reuters-2021-12-30-biden-putin-second-call"
TEMPLATE_COLUMNS = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]


def slides(db_url: str, *args: str) -> list[dict[str, Any]]:
    doc = json.loads(ok(run(["--db", db_url, "export", "timelinejs", *args])))
    assert doc["scale"] == "human"
    return list(doc["events"])


def by_id(found: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(s for s in found if s["unique_id"] == str(fact_id(SOURCE, key)))


def test_one_slide_per_timeline_row_in_its_order(seeded: str) -> None:
    rows = json.loads(ok(run(["--db", seeded, "timeline", "--as-of", "2021-12-30", "--json"])))
    found = slides(seeded, "--as-of", "2021-12-30")
    assert len(found) == len(rows) == 28  # 49 events less the source and its 20 actors
    assert [s["unique_id"] for s in found] == [r["id"] for r in rows]
    assert found[0] == {
        "unique_id": str(fact_id(SOURCE, "crimea-seizure-2014")),
        "start_date": {"year": 2014},  # a year: no month, no day
        "display_date": "in 2014",
        "group": "context",
        "autolink": False,
        "text": {
            "headline": "Russia seized Ukraine’s Crimea peninsula in 2014.",
            "text": "<p>HistoricalContextNoted · context/crimea-seizure-2014</p>"
            "<p>“following its seizure of Ukraine’s Crimea peninsula in 2014”<br>"
            "— reporter, Reuters (actor/reuters)</p>"
            "<p>Source: Reuters, “Biden, Putin to hold second call this month as Ukraine tensions "
            "simmer”, 2021-12-30 (source/reuters-2021-12-30-biden-putin-second-call)</p>"
            "<p>Reported: 2021-12-30</p>",
        },
    }


def test_partial_times_keep_their_precision_and_their_words(seeded: str) -> None:
    found = slides(seeded)
    build_up = by_id(found, "russian-build-up-near-ukraine-border")
    assert (build_up["start_date"], build_up["end_date"]) == (
        {"year": 2021, "month": 10, "day": 30},
        {"year": 2021, "month": 12, "day": 30},
    )
    assert (build_up["display_date"], build_up["group"]) == ("in the past two months", "force")
    call = by_id(found, "biden-putin-call-2021-12-30-scheduled")
    assert call["start_date"] == {"year": 2021, "month": 12, "day": 30, "hour": 20, "minute": 30}
    assert "end_date" not in call
    assert call["display_date"] == "on Thursday … at 3:30 p.m. ET (2030 GMT)"
    weekend = by_id(found, "weekend-report-russia-pulling-back-troops")
    assert (weekend["start_date"], weekend["end_date"]) == (
        {"year": 2021, "month": 12, "day": 25},
        {"year": 2021, "month": 12, "day": 26},
    )
    assert "<br>— unattributed</p>" in weekend["text"]["text"]
    dispute = by_id(found, "us-officials-see-little-evidence-of-pullback")
    assert "— anonymous, Other U.S. officials (actor/other-us-officials)" in dispute["text"]["text"]


def test_a_month_has_no_day(db_url: str, pinned_clock: None) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    talks = by_id_of(
        slides(db_url, "--as-of", "2022-01-10"), "test-markup-2022-01-05", "talks-scheduled"
    )
    assert talks["start_date"] == {"year": 2022, "month": 2}
    assert unescape(talks["display_date"]) == "for February"


def by_id_of(found: list[dict[str, Any]], source: str, key: str) -> dict[str, Any]:
    return next(s for s in found if s["unique_id"] == str(fact_id(source, key)))


def test_the_spreadsheet_template_columns(seeded: str) -> None:
    out = ok(
        run(
            [
                "--db",
                seeded,
                "export",
                "timelinejs-csv",
                "--from",
                "2021-12-30T20:00Z",
                "--to",
                "2022-01-11",
            ]
        )
    )
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == TEMPLATE_COLUMNS
    rows = [dict(zip(TEMPLATE_COLUMNS, r)) for r in table[1:]]
    call = next(r for r in rows if r["Time"])
    assert [
        call[c]
        for c in ("Year", "Month", "Day", "Time", "End Year", "Display Date", "Headline", "Group")
    ] == [
        "2021",
        "12",
        "30",
        "20:30",
        "",
        "on Thursday … at 3:30 p.m. ET (2030 GMT)",
        "Biden-Putin call",
        "meeting",
    ]
    talks = next(r for r in rows if r["Headline"] == "U.S.-Russia security meeting")
    assert [talks[c] for c in ("Year", "Month", "Day", "Time", "Display Date")] == [
        "2022",
        "1",
        "10",
        "",
        "Jan. 10",
    ]
    assert {r["Media"] + r["Type"] + r["Background"] for r in rows} == {""}
