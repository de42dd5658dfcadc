"""`crisis export html` bounded: --since and --as-of choose the knowledge times the file holds,
--from/--to and --limit the rows; knowledge times at which the bounded page does not change are
left out; a bound that still leaves too much is refused in one line, nothing written.

Expected times are read by hand from the seed: its facts are reported on 2021-12-30 (the
source's day, from 00:00Z); the call scheduled for 20:30Z ends at 20:31Z, when it stops being
upcoming; the meetings of 10, 12 and 13 January end at the next midnight.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from serving import SEED, crisis
from support import ok, run

CALL = "meeting/biden-putin-call-2021-12-30"
TALKS = "meeting/us-russia-security-talks-2022-01-10"
NATO = "meeting/russia-nato-session-2022-01-12"
CONFERENCE = "meeting/european-security-conference-2022-01-13"


@pytest.fixture
def seeded(db_url: str) -> str:
    assert crisis(db_url, "load", str(SEED)).returncode == 0
    return db_url


def exported(db: str, target: Path, *bounds: str) -> list[dict[str, Any]]:
    """The snapshots the written file embeds: as_of and the upcoming meetings' ids."""
    ok(run(["--db", db, "export", "html", *bounds, "-o", str(target)]))
    found = re.search(r'id="crisis-data">(.*?)</script>', target.read_text(encoding="utf-8"))
    assert found is not None
    shots = json.loads(found.group(1))["snapshots"]
    return [{"as_of": s["as_of"], "upcoming": [r["id"] for r in s["upcoming"]]} for s in shots]


def refusal(db: str, target: Path) -> list[str]:
    """The lines of an unbounded export that must be refused, having written nothing."""
    refused = run(["--db", db, "export", "html", "-o", str(target)])
    assert refused.exit_code == 1 and not target.exists()
    return refused.output.splitlines()


def test_since_and_as_of_choose_the_knowledge_times(seeded: str, tmp_path: Path) -> None:
    shots = exported(
        seeded, tmp_path / "p.html", "--since", "2021-12-30T12:00Z", "--as-of", "2022-01-12"
    )
    assert shots == [
        {"as_of": "2021-12-30T12:00:00Z", "upcoming": [CALL, TALKS, NATO, CONFERENCE]},
        {"as_of": "2021-12-30T20:31:00Z", "upcoming": [TALKS, NATO, CONFERENCE]},
        {"as_of": "2022-01-11T00:00:00Z", "upcoming": [NATO, CONFERENCE]},
    ]


def test_world_bounds_leave_out_the_times_nothing_shown_changes(
    seeded: str, tmp_path: Path
) -> None:
    shots = exported(seeded, tmp_path / "p.html", "--from", "2022-01-11", "--to", "2022-01-31")
    assert [s["as_of"] for s in shots] == [
        "2021-12-07T23:59:59.999999Z",  # before the first knowledge time (a meeting's end)
        "2021-12-30T00:00:00Z",
        "2022-01-13T00:00:00Z",  # the call's end (20:31Z) and the talks' (11 Jan) are outside
        "2022-01-14T00:00:00Z",
    ]
    assert [s["upcoming"] for s in shots] == [[], [NATO, CONFERENCE], [CONFERENCE], []]


def test_too_many_knowledge_times_is_refused_until_bounded(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crisis_timeline.web import page

    monkeypatch.setattr(page, "MAX_MOMENTS", 3)  # the seed has 6 times an answer may change
    target = tmp_path / "p.html"
    assert refusal(seeded, target) == [
        "Error: 6 knowledge times from 2021-12-08T00:00:00Z to 2022-01-14T00:00:00Z, "
        "more than one file holds (3); narrow them with --since and --as-of, or use crisis serve"
    ]
    assert len(exported(seeded, target, "--since", "2022-01-01")) == 4


def test_too_many_rows_is_refused_until_bounded(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crisis_timeline.web import page

    monkeypatch.setattr(page, "MAX_ROWS", 40)  # 28 timeline rows a snapshot, once known
    target = tmp_path / "p.html"
    assert refusal(seeded, target) == [
        "Error: the page's rows at 6 knowledge times from 2021-12-08T00:00:00Z to "
        "2022-01-14T00:00:00Z are more than one file holds (40); "
        "narrow them with --from/--to, --limit or --since/--as-of"
    ]
    assert len(exported(seeded, target, "--limit", "1")) == 6


def test_since_after_as_of_is_a_usage_error(seeded: str, tmp_path: Path) -> None:
    target = tmp_path / "p.html"
    args = ["--since", "2022-01-02", "--as-of", "2022-01-01", "-o", str(target)]
    refused = run(["--db", seeded, "export", "html", *args])
    assert refused.exit_code == 2 and not target.exists()
    assert refused.output.splitlines()[-1] == (
        "Error: Invalid value for --since: is after --as-of; give the earlier time to --since"
    )
