"""Exports of the 24 February 2022 fixture: its incidents in PLOVER (the invasion coded
ASSAULT; the explosions by their kind's category) and in the timeline's CSV, written by hand."""

from __future__ import annotations

import csv
import io
import json

from exporting import ANALYST, ROOT, load, ok, run

from crisis_timeline.fixtures import fact_id

NAME = "crisis-timeline-2022-02-24-russia-invades-ukraine"
INVASION = ROOT / "fixtures" / f"{NAME}.yaml"
AT = ["--as-of", "2022-02-24T12:00Z"]


def test_incidents_in_plover(db_url: str, pinned_clock: None) -> None:
    load(db_url, INVASION)
    result = run(["--db", db_url, "export", "plover", *AT])
    lines = [json.loads(line) for line in ok(result).splitlines()]
    by_id = {line["id"]: line for line in lines}
    invasion = by_id[str(fact_id(NAME, "russia-invades-ukraine"))]
    assert (invasion["date"], invasion["event"]) == ("2022-02-24", ["ASSAULT"])
    assert invasion["actor"] == [{"entity_text": "Russia", "actor_id": "actor/russia"}]
    assert invasion["recipient"] == [{"entity_text": "Ukraine", "actor_id": "actor/ukraine"}]
    assert invasion["text"] == (
        "Russian forces invaded Ukraine early on Thursday, attacking from the north, east and south"
    )
    # No code of its own: explosions and shelling are ASSAULT in the kind table, PLOVER 2021.
    for key in ("explosions-in-kyiv", "explosions-in-kharkiv"):
        line = by_id[str(fact_id(NAME, key))]
        assert (line["event"], line["cite_info"]["codebook"]) == (["ASSAULT"], "plover-2021")
        assert (line["actor"], line["recipient"]) == ([], [])  # the text names no one
    kyiv = by_id[str(fact_id(NAME, "explosions-in-kyiv"))]
    assert (kyiv["date"], kyiv["time"], kyiv["enddate"]) == ("2022-02-24", None, "2022-02-24")
    assert kyiv["coder"] == ANALYST
    # The toll, the sanctions, the refutation, the confirmation, the agreement's signing and its
    # end carry no code (places are not timeline facts).
    assert len(lines) == 3
    assert result.stderr == "6 event(s) without a PLOVER code left out\n"


def test_incidents_in_the_timeline_csv(db_url: str, pinned_clock: None) -> None:
    load(db_url, INVASION)
    rows = list(
        csv.DictReader(io.StringIO(ok(run(["--db", db_url, "export", "csv", "timeline", *AT]))))
    )
    summaries = [r["summary"] for r in rows if r["stream"].startswith("incident/")]
    assert summaries == [
        "assault: Russian forces invaded Ukraine from the north, east and south.",
        "casualties: killed at least 40; injured dozens",
        "shelling artillery missile: Explosions and artillery fire were heard on the "
        "outskirts of Kharkiv.",
        "explosion remote violence: A series of loud blasts was heard in Kyiv.",
    ]
