"""`crisis export plover` on the seed: the six facts the fixture codes in PLOVER, each in the
PLOVER fields, written by hand from the article; the 22 uncoded facts counted on stderr."""

from __future__ import annotations

import json
from typing import Any

from exporting import ANALYST, SEED_TEXT, ok, run

from crisis_timeline.fixtures import fact_id

SOURCE = "reuters-2021-12-30-biden-putin-second-call"
CITE = {
    "citation": f"source/{SOURCE}",
    "title": "Biden, Putin to hold second call this month as Ukraine tensions simmer",
    "publication": "Reuters",
    "url": None,
    "codebook": "plover-2021",
}
NAMES = {
    "actor/russia": "Russia",
    "actor/joe-biden": "Joe Biden",
    "actor/vladimir-putin": "Vladimir Putin",
    "actor/the-west": "the West",
    "actor/united-states": "United States",
    "actor/us-officials": "U.S. officials",
    "actor/nato": "NATO",
}
# key: (date, enddate, event, actors, recipients, the first quote)
CODED = {
    "russian-build-up-near-ukraine-border": (
        "2021-10-30",
        "2021-12-30",
        "MOBILIZE",
        ["actor/russia"],
        [],
        "Moscow has alarmed the West by massing tens of thousands of troops near its border with "
        "Ukraine in the past two months",
    ),
    "biden-putin-video-call-2021-12-07-held": (
        "2021-12-07",
        None,
        "CONSULT",
        ["actor/joe-biden"],
        ["actor/vladimir-putin"],
        "FILE PHOTO: U.S. President Joe Biden holds secure video call with Russia’s President "
        "Vladimir Putin from the White House in Washington",
    ),
    "russia-demands-no-nato-expansion": (
        "2021-12-30",
        None,
        "DEMAND",
        ["actor/russia"],
        ["actor/the-west"],
        "has said it wants legally-binding guarantees NATO will not expand further eastwards",
    ),
    "russia-demands-no-offensive-weapons": (
        "2021-12-30",
        None,
        "DEMAND",
        ["actor/russia"],
        ["actor/the-west"],
        "and that certain offensive weapons will not be deployed to Ukraine or other neighboring "
        "countries.",
    ),
    "us-rejects-nato-expansion-restrictions": (  # Washington answers Russia's demand
        "2021-12-30",
        None,
        "REJECT",
        ["actor/united-states"],
        ["actor/russia"],
        "Washington regards some of his demands, including restrictions on NATO expansion, "
        "as non-starters.",
    ),
    "us-warns-economic-action-nato-reinforcement": (
        "2021-12-30",
        None,
        "THREATEN",
        ["actor/us-officials"],
        ["actor/russia", "actor/nato"],
        "U.S. officials are telling Moscow they will take swift economic action against Russia "
        "and reinforce NATO in the case of an invasion.",
    ),
}


def expected(key: str) -> dict[str, Any]:
    day, end, code, actors, recipients, quote = CODED[key]
    start = SEED_TEXT.read_text(encoding="utf-8").index(quote)
    return {
        "id": str(fact_id(SOURCE, key)),
        "date": day,
        "time": None,
        "enddate": end,
        "actor": [{"entity_text": NAMES[a], "actor_id": a} for a in actors],
        "recipient": [{"entity_text": NAMES[a], "actor_id": a} for a in recipients],
        "event": [code],
        "mode": [],
        "context": [],
        "text": quote,
        "text_info": {"start": start, "end": start + len(quote)},
        "cite_info": CITE,
        "coder": ANALYST,
        "coded_date": "2026-01-02",
    }


def test_the_coded_facts_in_plover_fields(seeded: str) -> None:
    result = run(["--db", seeded, "export", "plover", "--as-of", "2021-12-30"])
    records = [json.loads(line) for line in ok(result).splitlines()]
    assert {r["id"]: r for r in records} == {str(fact_id(SOURCE, k)): expected(k) for k in CODED}
    timeline = json.loads(ok(run(["--db", seeded, "timeline", "--as-of", "2021-12-30", "--json"])))
    coded = {r["id"] for r in records}
    assert [r["id"] for r in records] == [
        row["id"] for row in timeline if row["id"] in coded
    ]  # the timeline's order
    assert result.stderr == "22 event(s) without a PLOVER code left out\n"


def test_world_time_filters(seeded: str) -> None:
    result = run(["--db", seeded, "export", "plover", "--to", "2021-12-08"])
    assert [json.loads(line)["event"] for line in ok(result).splitlines()] == [
        ["MOBILIZE"],
        ["CONSULT"],
    ]
