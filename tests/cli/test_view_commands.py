"""The view commands on the seed fixture through CliRunner: formats, exit codes, errors.

Expected ids and columns are written by hand from the article and the README's documented
keys. Each test runs on SQLite and on PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from click.testing import Result
from sqlalchemy import select, text
from support import ok, run

from crisis_timeline import canonical
from crisis_timeline.events import Attribution, Evidence, NewEvent
from crisis_timeline.events.meetings import MeetingCancelled
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.store import codec
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import ANY_VERSION, EventStore
from crisis_timeline.store.schema import events
from crisis_timeline.time import parse_partial

NAME = "reuters-2021-12-30-biden-putin-second-call"
ROOT = Path(__file__).resolve().parents[2]  # this repository
FIXTURE = ROOT / "fixtures" / f"{NAME}.yaml"
README = ROOT / "README.md"

UPCOMING_ON_30 = [
    "meeting/biden-putin-call-2021-12-30",
    "meeting/us-russia-security-talks-2022-01-10",
    "meeting/russia-nato-session-2022-01-12",
    "meeting/european-security-conference-2022-01-13",
]
OPEN_CLAIMS_ON_30 = [
    "claim/biden-pushing-direct-diplomacy",
    "claim/moment-of-crisis-given-russian-build-up",
    "claim/moscow-plans-to-attack-ukraine",
    "claim/putin-compares-tensions-to-cuban-missile-crisis",
    "claim/russia-denies-planning-to-attack-ukraine",
    "claim/russia-pulling-back-10000-troops",
    "claim/russia-right-to-move-troops-on-own-soil",
    "claim/us-concerns-have-not-ebbed",
    "claim/us-warns-economic-action-and-nato-reinforcement",
    "claim/west-re-arming-ukraine",
]
MEETINGS_KEYS = (
    "id,title,kind,participants,requested_by,status,overdue,scheduled,held,location,observers,"
    "agenda,readouts_expected,readouts,sources"
)
# CSV: the partial times `scheduled` and `held` in four columns each (README, CSV).
MEETINGS_CSV_HEADER = (
    "id,title,kind,participants,requested_by,status,overdue,"
    "scheduled_start,scheduled_end,scheduled_precision,scheduled_text,held_start,held_end,held_precision,held_text,"
    "location,observers,agenda,readouts_expected,readouts,sources"
)
AUDIT_ENTRY_KEYS = {
    "position",
    "id",
    "type",
    "data",
    "reported",
    "occurred",
    "recorded_at",
    "recorded_by",
    "prev_hash",
    "hash",
    "chain_verified",
    "evidence",
}


def error_line(result: Result) -> str:
    """The one line of an exit-1 error; stdout empty."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def seeded_db(db_url: str) -> str:
    out = ok(run(["--db", db_url, "--analyst", "test", "load", str(FIXTURE)]))
    assert out == "49 new, 0 already present (1 file)\n"
    return db_url


def documented_keys(view: str) -> list[str]:
    """The keys the README's "JSON keys" section lists for a view, in order."""
    section = README.read_text(encoding="utf-8").split("## JSON keys", 1)[1].split("\n## ", 1)[0]
    paragraph = section.split(f"**`{view}`**:", 1)[1].split("\n\n", 1)[0]
    previous = None
    while previous != paragraph:  # drop explanations in parentheses, innermost first
        previous, paragraph = paragraph, re.sub(r"\s*\([^()]*\)", "", paragraph)
    listing = paragraph.split("`.", 1)[0] + "`"  # the key list ends at the first sentence end
    return re.findall(r"`([a-z][a-z0-9_]*)`", listing)


def test_columns_are_the_documented_keys() -> None:
    assert documented_keys("meetings") == MEETINGS_KEYS.split(",")
    for view in VIEWS.values():
        assert list(view.columns) == documented_keys(view.name), view.name


def test_meetings_in_every_format(seeded_db: str) -> None:
    base = ["--db", seeded_db, "meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z"]

    rows = json.loads(ok(run([*base, "--json"])))
    assert [r["id"] for r in rows] == UPCOMING_ON_30
    assert [(r["status"], r["overdue"]) for r in rows] == [("scheduled", False)] * 4
    assert rows[0]["scheduled"] == {
        "start": "2021-12-30T20:30:00Z",
        "end": "2021-12-30T20:31:00Z",
        "precision": "minute",
        "text": "on Thursday … at 3:30 p.m. ET (2030 GMT)",
    }

    out = ok(run([*base, "--csv"]))
    assert out.splitlines()[0] == MEETINGS_CSV_HEADER
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in parsed] == UPCOMING_ON_30
    assert parsed[0]["participants"] == "actor/joe-biden; actor/vladimir-putin"
    assert [parsed[0][f"scheduled_{k}"] for k in ("start", "end", "precision", "text")] == [
        "2021-12-30T20:30:00Z",
        "2021-12-30T20:31:00Z",
        "minute",
        "on Thursday … at 3:30 p.m. ET (2030 GMT)",
    ]
    assert [r["scheduled_start"] for r in parsed[1:]] == [
        "2022-01-10T00:00:00Z",
        "2022-01-12T00:00:00Z",
        "2022-01-13T00:00:00Z",
    ]
    assert parsed[0]["requested_by"] == "actor/vladimir-putin"
    assert parsed[1]["requested_by"] == ""  # null
    assert [r["overdue"] for r in parsed] == ["false"] * 4

    out = ok(run([*base, "--nl"]))
    lines = out.splitlines()
    assert len(lines) == 4
    assert [json.loads(line)["id"] for line in lines] == UPCOMING_ON_30

    out = ok(run(base))
    header, *body = out.splitlines()
    assert header.split() == ["id", "status", "overdue", "scheduled", "held", "title"]
    assert [line.split()[0] for line in body] == UPCOMING_ON_30
    assert "2021-12-30T20:30Z" in body[0] and "Biden-Putin call" in body[0]


def test_open_claims_and_audit(seeded_db: str) -> None:
    rows = json.loads(
        ok(run(["--db", seeded_db, "claims", "--open", "--as-of", "2021-12-30", "--json"]))
    )
    assert [r["id"] for r in rows] == OPEN_CLAIMS_ON_30
    denial = rows[OPEN_CLAIMS_ON_30.index("claim/russia-denies-planning-to-attack-ukraine")]
    assert (denial["modality"], denial["claimant"], denial["status"], denial["open"]) == (
        "denial",
        "actor/russia",
        "unverified",
        True,
    )
    pullback = rows[OPEN_CLAIMS_ON_30.index("claim/russia-pulling-back-10000-troops")]
    assert (pullback["claimant"], pullback["attribution"], pullback["status"]) == (
        None,
        "unattributed",
        "disputed",
    )
    assert [d["by"] for d in pullback["disputed_by"]] == ["actor/other-us-officials"]

    doc = json.loads(
        ok(run(["--db", seeded_db, "audit", "claim/russia-pulling-back-10000-troops", "--json"]))
    )
    assert set(doc) == {"stream", "view", "row", "view_check", "history", "chain"}
    assert (doc["stream"], doc["view"], doc["view_check"]) == (
        PULLBACK,
        "claims",
        {"ok": True, "reason": None},
    )
    assert doc["row"]["id"] == "claim/russia-pulling-back-10000-troops"
    assert [e["type"] for e in doc["history"]] == ["ClaimMade", "ClaimDisputed"]
    assert all(set(e) == AUDIT_ENTRY_KEYS for e in doc["history"])
    assert all(
        set(ev)
        == {"source", "quote", "span", "attributed_to", "attribution", "sentence", "in_text"}
        for e in doc["history"]
        for ev in e["evidence"]
    )
    assert set(doc["history"][0]["evidence"][0]["source"]) == {
        "id",
        "publisher",
        "title",
        "byline",
        "dateline",
        "published",
        "url",
        "sha256",
        "rating",
        "position",
        "chain_verified",
    }
    assert [e["recorded_by"] for e in doc["history"]] == ["test", "test"]
    assert set(doc["chain"]) == {"ok", "scope", "checked", "first_bad_position", "reason", "head"}
    # the claim's two events and the registration of the source they cite
    assert (doc["chain"]["ok"], doc["chain"]["scope"], doc["chain"]["checked"]) == (
        True,
        "links",
        3,
    )
    assert doc["chain"]["head"]["position"] == 49 and len(doc["chain"]["head"]["hash"]) == 64
    assert all(e["chain_verified"] for e in doc["history"])

    # Without the prefix too (documented).
    again = json.loads(
        ok(run(["--db", seeded_db, "audit", "russia-pulling-back-10000-troops", "--json"]))
    )
    assert again == doc


def test_a_page_of_open_claims(seeded_db: str) -> None:
    base = ["--db", seeded_db, "claims", "--open", "--as-of", "2021-12-30", "--json"]
    assert [r["id"] for r in json.loads(ok(run([*base, "--limit", "3"])))] == OPEN_CLAIMS_ON_30[:3]
    assert [r["id"] for r in json.loads(ok(run([*base, "--limit", "100"])))] == OPEN_CLAIMS_ON_30
    result = run([*base, "--limit", "0"])
    assert result.exit_code == 2 and "--limit" in result.stderr


# -- audit checks the claim's own links of the hash chain -------------------------------------

PULLBACK = "claim/russia-pulling-back-10000-troops"
MADE, DISPUTED = 41, 42  # the claim's two events; the seed fixture has 49


def forge(db_url: str, statement: str, **params: Any) -> None:
    """Run an UPDATE on events with the append-only trigger out of the way (a forger's view)."""
    engine = open_engine(db_url)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER events_no_update"))
            else:
                conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_no_update_delete"))
            conn.execute(text(statement), params)
    finally:
        engine.dispose()


def audit_json(db_url: str, exit_code: int = 0) -> dict[str, Any]:
    """The audit's JSON; an audit whose chain check fails prints it, then exits 1 with one line."""
    result = run(["--db", db_url, "audit", PULLBACK, "--json"])
    assert result.exit_code == exit_code and "Traceback" not in result.output, (
        result.output,
        result.exception,
    )
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def verified(doc: dict[str, Any]) -> list[tuple[int, bool]]:
    return [(e["position"], e["chain_verified"]) for e in doc["history"]]


def test_audit_catches_a_changed_claim_event(seeded_db: str) -> None:
    forge(
        seeded_db,
        "UPDATE events SET data = REPLACE(data, '10,000', '1,000') WHERE position = :p",
        p=MADE,
    )
    doc = audit_json(seeded_db, exit_code=1)
    assert doc["history"][0]["data"]["statement"].startswith(
        "Russia would be pulling back about 1,000 troops"
    )
    assert verified(doc) == [(MADE, False), (DISPUTED, True)]
    assert (doc["chain"]["ok"], doc["chain"]["first_bad_position"]) == (False, MADE)
    assert doc["chain"]["reason"] == "stored content does not match its hash"
    result = run(["--db", seeded_db, "audit", PULLBACK])
    assert (
        result.exit_code == 1
        and "chain BROKEN" in result.stdout
        and f"BROKEN at position {MADE}" in result.stdout
    )
    assert result.stderr == (
        f"Error: audit of {PULLBACK}: hash chain broken at position {MADE}: "
        "stored content does not match its hash\n"
    )
    assert error_line(run(["--db", seeded_db, "verify"])).startswith(
        f"Error: hash chain broken at position {MADE}"
    )


def test_audit_catches_a_changed_claim_event_whose_hash_was_recomputed(seeded_db: str) -> None:
    """A forger who also rewrites the event's hash breaks the next event's link to it."""
    engine = open_engine(seeded_db)
    try:
        [row] = [
            dict(r)
            for r in engine.connect()
            .execute(select(events).where(events.c.position == MADE))
            .mappings()
        ]
    finally:
        engine.dispose()
    row["data"] = row["data"].replace("10,000", "1,000")
    forged = canonical.chain_hash(row["prev_hash"], codec.hash_document(row))
    forge(
        seeded_db,
        "UPDATE events SET data = :data, hash = :hash WHERE position = :p",
        data=row["data"],
        hash=forged,
        p=MADE,
    )
    doc = audit_json(seeded_db, exit_code=1)
    assert doc["history"][0]["hash"] == forged
    assert verified(doc) == [(MADE, False), (DISPUTED, False)]
    assert doc["chain"]["first_bad_position"] == MADE
    assert "next event" in doc["chain"]["reason"]


def test_audit_catches_a_broken_link_to_the_event_before(seeded_db: str) -> None:
    forge(seeded_db, "UPDATE events SET hash = :h WHERE position = :p", h="0" * 64, p=MADE - 1)
    doc = audit_json(seeded_db, exit_code=1)
    assert verified(doc) == [(MADE, False), (DISPUTED, True)]
    assert doc["chain"]["reason"] == "prev_hash does not match the hash of the previous event"


def test_audit_checks_links_only_and_verify_walks_the_chain(seeded_db: str) -> None:
    """A change far from the claim's events is not the audit's to find (README): verify finds it."""
    forge(seeded_db, "UPDATE events SET recorded_by = 'forger' WHERE position = 2")
    doc = audit_json(seeded_db)
    assert doc["chain"]["ok"] is True and verified(doc) == [(MADE, True), (DISPUTED, True)]
    assert error_line(run(["--db", seeded_db, "verify"])).startswith(
        "Error: hash chain broken at position 2"
    )


def test_errors_are_one_line(seeded_db: str) -> None:
    assert (
        error_line(run(["--db", seeded_db, "audit", "claim/nope"]))
        == "Error: no claim 'claim/nope'"
    )
    line = error_line(run(["--db", seeded_db, "diff", "2021-12-30", "2021-12-29"]))
    assert line.startswith("Error: ") and "T2" in line and "T1" in line

    result = run(["--db", seeded_db, "meetings", "--as-of", "tomorrow"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.output
    error = result.stderr.splitlines()[-1]
    assert error.startswith("Error: Invalid value for '--as-of': ") and "'tomorrow'" in error

    line = error_line(run(["--db", seeded_db, "rebuild", "nosuch"]))
    assert line.startswith("Error: no projection named 'nosuch'")


def test_replay_rebuild_and_the_empty_past(seeded_db: str) -> None:
    def answers() -> tuple[Any, ...]:
        replay = json.loads(
            ok(run(["--db", seeded_db, "replay", "--as-of", "2021-12-30T12:00Z", "--json"]))
        )
        meetings = json.loads(
            ok(
                run(
                    [
                        "--db",
                        seeded_db,
                        "meetings",
                        "--upcoming",
                        "--as-of",
                        "2021-12-30T12:00Z",
                        "--json",
                    ]
                )
            )
        )
        claims = json.loads(
            ok(run(["--db", seeded_db, "claims", "--open", "--as-of", "2021-12-30", "--json"]))
        )
        return replay, meetings, claims

    replay, meetings, claims = before = answers()
    assert set(replay) == {
        "meetings",
        "claims",
        "timeline",
        "actors",
        "forces",
        "demands",
        "sources",
    }
    assert [m["id"] for m in meetings] == UPCOMING_ON_30
    assert [c["id"] for c in claims] == OPEN_CLAIMS_ON_30

    assert ok(run(["--db", seeded_db, "rebuild"])) == "rebuilt all projections from 49 events\n"
    assert answers() == before
    assert (
        ok(run(["--db", seeded_db, "rebuild", "meetings", "claims"]))
        == "rebuilt meetings, claims from 49 events\n"
    )
    assert answers() == before

    empty = json.loads(ok(run(["--db", seeded_db, "replay", "--as-of", "2021-12-29", "--json"])))
    assert empty == {
        "meetings": [],
        "claims": [],
        "timeline": [],
        "actors": [],
        "forces": [],
        "demands": [],
        "sources": [],
    }
    assert ok(run(["--db", seeded_db, "events", "--as-of", "2021-12-29"])) == "(no rows)\n"
    assert ok(run(["--db", seeded_db, "meetings", "--as-of", "2021-12-29"])) == "(no rows)\n"
    assert ok(run(["--db", seeded_db, "events", "--as-of", "2021-12-29", "--json"])) == "[]\n"


def test_a_view_first_applies_what_another_writer_appended(seeded_db: str) -> None:
    talks = "meeting/us-russia-security-talks-2022-01-10"
    engine = open_engine(seeded_db)
    store = EventStore(engine)
    evidence = (
        Evidence(source=f"source/{NAME}", quote="called off", attribution=Attribution.REPORTER),
    )
    cancelled = NewEvent.of(
        MeetingCancelled(reason="called off"),
        id=uuid4(),
        stream=talks,
        reported=parse_partial("2021-12-30T11:00Z"),
        evidence=evidence,
    )
    store.append(talks, [cancelled], ANY_VERSION, recorded_by="another writer")
    engine.dispose()

    meetings = json.loads(
        ok(
            run(
                [
                    "--db",
                    seeded_db,
                    "meetings",
                    "--upcoming",
                    "--as-of",
                    "2021-12-30T12:00Z",
                    "--json",
                ]
            )
        )
    )

    assert [m["id"] for m in meetings] == [m for m in UPCOMING_ON_30 if m != talks]


def test_a_view_command_imports_no_event_models(seeded_db: str) -> None:
    """The views are read as stored JSON; importing every event type's model would only slow
    each command down (they load only when the views are behind the log)."""
    script = (
        "import sys\n"
        "from crisis_timeline.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules "
        "if m.startswith('crisis_timeline.events'))))\n"
    )
    args = ["--db", seeded_db, "meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z", "--json"]
    env = {k: v for k, v in os.environ.items() if k not in ("CRISIS_DB", "CRISIS_ANALYST")}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert [m["id"] for m in json.loads(done.stdout)] == UPCOMING_ON_30
    assert done.stderr == "[]"
