"""`crisis audit` of any stream, checking what it shows: the view row against the log, the
sources' registrations in the chain, the quotes in their sentences (both backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text
from test_view_commands import PULLBACK, forge, ok, run, seeded_db  # noqa: F401  (seeded_db is a fixture)

from crisis_timeline import canonical
from crisis_timeline.store.engine import open_engine

CALL = "meeting/biden-putin-call-2021-12-30"
SOURCE = "source/reuters-2021-12-30-biden-putin-second-call"


def audit(db: str, *args: str, exit_code: int = 0) -> dict[str, Any]:
    result = run(["--db", db, "audit", *args, "--json"])
    assert result.exit_code == exit_code and "Traceback" not in result.output, (
        result.output,
        result.exception,
    )
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_every_family_can_be_audited(seeded_db: str) -> None:  # noqa: F811
    cases = {
        CALL: ("meetings", CALL),
        "actor/vladimir-putin": ("actors", "actor/vladimir-putin"),
        "demand/no-further-nato-expansion-eastwards": (
            "demands",
            "demand/no-further-nato-expansion-eastwards",
        ),
        "russia-ukraine-border": (
            "forces",
            None,
        ),  # a bare name: force/russia-ukraine-border, a row per report
        "context/crimea-seizure-2014": ("timeline", None),
        SOURCE: (None, None),
    }
    for ident, (view, row_id) in cases.items():
        doc = audit(seeded_db, ident)
        assert doc["view"] == view and doc["view_check"] == {"ok": True, "reason": None}, ident
        assert doc["chain"]["ok"] and doc["history"], ident
        if row_id:
            assert doc["row"]["id"] == row_id
    forces = audit(seeded_db, "russia-ukraine-border")
    assert forces["stream"] == "force/russia-ukraine-border"
    assert [r["direction"] for r in forces["row"]] == [
        "build_up",
        "withdrawal",
    ]  # the article: tens of thousands, then 10,000


def test_the_text_shows_byline_url_and_the_sentence_around_each_quote(seeded_db: str) -> None:  # noqa: F811
    table = ok(run(["--db", seeded_db, "audit", CALL]))
    assert "  meetings view: matches the log\n" in table
    assert "by Jarrett Renshaw, 2021-12-30, rated B2\n" in table
    assert (
        "    url none  sha256 8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6  "
        "registered at #1, chain ok\n"
    ) in table
    # the request's quote, in its sentence of the article
    assert (
        "    in: The call, which the White House said was requested by Putin, is scheduled to take "
        "place at 3:30 p.m. ET (2030 GMT).\n"
    ) in table


def test_without_the_text_there_is_no_sentence(seeded_db: str, tmp_path: Path) -> None:  # noqa: F811
    doc = audit(seeded_db, CALL, "--texts", str(tmp_path))
    evidence = [ev for e in doc["history"] for ev in e["evidence"]]
    assert evidence and all(ev["sentence"] is None and ev["in_text"] is None for ev in evidence)


def test_a_forged_view_row_is_caught_and_the_audit_exits_1(seeded_db: str) -> None:  # noqa: F811
    engine = open_engine(seeded_db)
    try:
        with engine.begin() as conn:
            where = (
                "projection = 'claims' AND stream = :s "
                "AND recorded_until IS NULL AND known_until IS NULL"
            )
            [(content,)] = conn.execute(
                text(f"SELECT content FROM projection_versions WHERE {where}"), {"s": PULLBACK}
            )
            row = json.loads(content) | {"status": "confirmed"}
            conn.execute(
                text(f"UPDATE projection_versions SET content = :c WHERE {where}"),
                {"c": canonical.dumps(row), "s": PULLBACK},
            )
    finally:
        engine.dispose()
    result = run(["--db", seeded_db, "audit", PULLBACK])
    reason = (
        f'the claims view\'s row \'{PULLBACK}\' has status "confirmed", the log folds to "disputed"'
    )
    assert result.exit_code == 1
    assert f"  claims view: DOES NOT MATCH THE LOG: {reason}\n" in result.stdout
    assert result.stderr == f"Error: audit of {PULLBACK}: {reason}\n"
    assert audit(seeded_db, PULLBACK, exit_code=1)["view_check"] == {"ok": False, "reason": reason}


def test_a_tampered_source_rating_is_caught(seeded_db: str) -> None:  # noqa: F811
    forge(
        seeded_db,
        'UPDATE events SET data = REPLACE(data, \'"reliability":"B"\', \'"reliability":"A"\') '
        "WHERE position = 1",
    )
    doc = audit(seeded_db, PULLBACK, exit_code=1)
    source = doc["history"][0]["evidence"][0]["source"]
    assert (source["rating"]["reliability"], source["chain_verified"]) == ("A", False)
    assert (doc["chain"]["first_bad_position"], doc["chain"]["reason"]) == (
        1,
        "stored content does not match its hash",
    )
    result = run(["--db", seeded_db, "audit", PULLBACK])
    assert result.stderr == (
        f"Error: audit of {PULLBACK}: hash chain broken at position 1: "
        "stored content does not match its hash\n"
    )


def test_an_unknown_id_suggests_the_closest(seeded_db: str) -> None:  # noqa: F811
    result = run(["--db", seeded_db, "audit", "claim/russia-pulling-back-1000-troops"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: no claim 'claim/russia-pulling-back-1000-troops'; "
        "did you mean claim/russia-pulling-back-10000-troops?\n"
    )
    result = run(["--db", seeded_db, "audit", "biden-putin-cal"])
    assert result.stderr == (
        "Error: no stream 'biden-putin-cal'; did you mean meeting/biden-putin-call-2021-12-30, "
        "meeting/biden-putin-video-call-2021-12-07?\n"
    )
