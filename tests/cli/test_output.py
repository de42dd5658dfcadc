"""Output for people and for spreadsheets: stored text shown as text (no markup, escapes
shown escaped), tables that never cut ids or times, CSV that no spreadsheet runs as a formula,
pages, and what "now" is. Expected output written by hand; each test on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from crisis_timeline.cli.main import cli
from crisis_timeline.cli.output import write_csv
from crisis_timeline.events import Attribution, Evidence, NewEvent
from crisis_timeline.events.claims import ClaimMade, Modality
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import parse_partial

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
ENV: dict[str, str | None] = {"CRISIS_DB": None, "CRISIS_ANALYST": None, "COLUMNS": None}
HOSTILE = {
    "claim/markup": "Moscow said [/b] it would [sic] withdraw [link=https://evil.example]here[/link].",
    "claim/escape": "Troops \x1b[2J\x1b]0;owned\x07 moved \u202eevil\u202c today.",
    "claim/formula": '=HYPERLINK("https://evil.example","click")',
    "claim/minus": "-10,000 troops, said someone",
}


def run(args: Sequence[str], **env: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="crisis", env={**ENV, **env})


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    return result.stdout


@pytest.fixture
def hostile_db(db_url: str) -> str:
    engine = open_engine(db_url)
    store = EventStore(engine)
    for stream, statement in HOSTILE.items():
        evidence = (
            Evidence(source="source/x", quote=statement, attribution=Attribution.UNATTRIBUTED),
        )
        event = NewEvent.of(
            ClaimMade(statement=statement, modality=Modality.ASSERTION),
            stream=stream,
            reported=parse_partial("2021-12-30"),
            evidence=evidence,
        )
        store.append(stream, [event], 0, recorded_by="analyst\x1b[31m")
    engine.dispose()
    return db_url


@pytest.fixture
def seeded_db(db_url: str) -> str:
    ok(run(["--db", db_url, "--analyst", "test", "load", str(FIXTURE)]))
    return db_url


def test_stored_text_is_never_markup(hostile_db: str) -> None:
    for args in (["claims"], ["claims", "--open"], ["timeline"]):
        out = ok(run(["--db", hostile_db, *args, "--wide"]))
        assert HOSTILE["claim/markup"] in out, args


def test_escapes_are_shown_escaped_in_tables_and_audit_and_kept_in_json(hostile_db: str) -> None:
    shown = "Troops \\x1b[2J\\x1b]0;owned\\x07 moved \\u202eevil\\u202c today."
    out = ok(run(["--db", hostile_db, "claims", "--wide"]))
    assert shown in out and "\x1b" not in out and "\u202e" not in out
    audit = ok(run(["--db", hostile_db, "audit", "claim/escape"]))
    assert shown in audit and "by analyst\\x1b[31m" in audit and "\x1b" not in audit
    rows = json.loads(ok(run(["--db", hostile_db, "claims", "--json"])))
    assert {r["id"]: r["statement"] for r in rows} == HOSTILE


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(hostile_db: str) -> None:
    def statements(*flags: str) -> dict[str, str]:
        return {
            r["id"]: r["statement"]
            for r in csv.DictReader(
                io.StringIO(ok(run(["--db", hostile_db, "claims", "--csv", *flags])))
            )
        }

    guarded = statements()
    assert guarded["claim/formula"] == '\'=HYPERLINK("https://evil.example","click")'
    assert guarded["claim/minus"] == "'-10,000 troops, said someone"
    assert guarded["claim/escape"] == HOSTILE["claim/escape"]  # not a terminal: the exact text
    assert statements("--raw-csv") == HOSTILE


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_on_a_terminal_shows_escapes_escaped() -> None:
    out = Terminal()
    write_csv([{"statement": HOSTILE["claim/escape"], "low": -3}], ["statement", "low"], out)
    assert (
        out.getvalue()
        == "statement,low\nTroops \\x1b[2J\\x1b]0;owned\\x07 moved \\u202eevil\\u202c today.,-3\n"
    )


TIME = re.compile(
    r"^\d{4}(-\d{2}-\d{2}(T\d{2}:\d{2}Z)?)?(/\d{4}-\d{2}-\d{2})?$"
)  # 2014, a day, a minute, a range


def rows_of(table: list[str]) -> list[tuple[list[str], list[str]]]:
    """A table's rows: the cells of each row's line, and the indented lines of words below it
    (where ids and times leave too little room beside them)."""
    out: list[tuple[list[str], list[str]]] = []
    for line in table:
        if line.startswith("    "):
            out[-1][1].append(line.strip())
        else:
            out.append((line.split(), []))
    return out


def whole_or_cut_at_a_word(shown: str, text: str) -> bool:
    return shown == text or (
        shown.endswith("…") and text.startswith(shown[:-1]) and text[len(shown) - 1] in " ,;:"
    )


@pytest.mark.parametrize("width", ["80", "120"])
def test_tables_never_cut_ids_or_times(seeded_db: str, width: str) -> None:
    claims = json.loads(ok(run(["--db", seeded_db, "claims", "--json"])))
    (header, _), *rows = rows_of(
        ok(run(["--db", seeded_db, "claims", "--as-of", "2021-12-30"], COLUMNS=width)).splitlines()
    )
    assert header[:6] == ["id", "status", "modality", "attribution", "claimant", "disputes"]
    for claim, (cells, below) in zip(claims, rows, strict=True):
        assert cells[0] == claim["id"]  # whole
        assert claim["claimant"] is None or claim["claimant"] in cells
        # The statement beside the ids (at 120) or on a line below them (at 80): whole, or cut
        # after a word.
        shown = below[0] if below else " ".join(cells[6:])
        assert whole_or_cut_at_a_word(shown, claim["statement"]), shown
        assert all(len(line) <= int(width) for line in below)
    meetings = json.loads(
        ok(run(["--db", seeded_db, "meetings", "--as-of", "2021-12-30", "--json"]))
    )
    (header, _), *rows = rows_of(
        ok(
            run(["--db", seeded_db, "meetings", "--as-of", "2021-12-30"], COLUMNS=width)
        ).splitlines()
    )
    for meeting, (cells, below) in zip(meetings, rows, strict=True):
        assert cells[0] == meeting["id"] and cells[1] == meeting["status"]
        when = (meeting["held"] or meeting["scheduled"])["start"]
        assert when.startswith(cells[3].replace("T20:30Z", "T20:30")), cells  # the time whole
        shown = below[0] if below else " ".join(cells[4:])
        assert whole_or_cut_at_a_word(shown, meeting["title"]), shown
    timeline = rows_of(
        ok(
            run(["--db", seeded_db, "timeline", "--as-of", "2021-12-30"], COLUMNS=width)
        ).splitlines()
    )
    assert all(TIME.match(cells[0]) for cells, _ in timeline[1:])
    assert len(timeline) == 29  # a header and the 28 facts


def test_wide_tables_show_everything(seeded_db: str) -> None:
    table = ok(run(["--db", seeded_db, "claims", "--as-of", "2021-12-30", "--wide"], COLUMNS="80"))
    assert "…" not in table
    assert (
        "We are at a moment of crisis and have been for some weeks given the Russian build-up; "
        "a high level of engagement is needed to find a path of de-escalation."
    ) in table


def test_offset_pages_every_view(seeded_db: str) -> None:
    for view in ("claims", "timeline", "actors", "meetings"):
        whole = json.loads(ok(run(["--db", seeded_db, view, "--json"])))
        page = json.loads(
            ok(run(["--db", seeded_db, view, "--json", "--offset", "2", "--limit", "3"]))
        )
        assert page == whole[2:5], view
        rest = json.loads(ok(run(["--db", seeded_db, view, "--json", "--offset", "4"])))
        assert rest == whole[4:], view


def test_a_table_says_what_now_is(seeded_db: str) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    first, header, *_ = ok(run(["--db", seeded_db, "meetings"])).splitlines()
    stamp = re.match(
        r"now: (\S+) \(no --as-of: everything known, overdue and upcoming judged now\)$", first
    )
    assert stamp, first
    assert before <= datetime.fromisoformat(stamp[1].replace("Z", "+00:00")) <= datetime.now(UTC)
    assert header.split() == ["id", "status", "overdue", "scheduled", "held", "title"]
    assert not ok(run(["--db", seeded_db, "meetings", "--as-of", "2021-12-31"])).startswith("now:")


def test_timeline_by_actor_on_the_command_line(seeded_db: str) -> None:
    rows = json.loads(
        ok(run(["--db", seeded_db, "timeline", "--actor", "actor/white-house", "--json"]))
    )
    assert [(r["type"], r["speaker"]) for r in rows] == [
        ("MeetingRequested", "actor/white-house"),
        ("ReadoutExpected", "actor/reuters"),
    ]


def test_forces_mark_numbers_read_from_the_words(seeded_db: str) -> None:
    table = ok(run(["--db", seeded_db, "forces", "--wide"]))
    assert "20,000–99,999 (inferred from the words)" in table
    assert "9,000–11,000 (inferred from the words)" in table


def test_sources_table(seeded_db: str) -> None:
    header, row = ok(run(["--db", seeded_db, "sources", "--as-of", "2021-12-31"])).splitlines()
    assert header.split() == ["id", "published", "publisher", "rating", "url", "title"]
    assert row.split() == [
        "source/reuters-2021-12-30-biden-putin-second-call",
        "2021-12-30",
        "Reuters",
        "B2",
        *"Biden, Putin to hold second call this month as Ukraine tensions simmer".split(),
    ]
    rows = list(csv.DictReader(io.StringIO(ok(run(["--db", seeded_db, "sources", "--csv"])))))
    assert (
        rows[0]["published_start"],
        rows[0]["rating_reliability"],
        rows[0]["rating_credibility"],
    ) == ("2021-12-30T00:00:00Z", "B", "2")
    assert rows[0]["byline"] == "Jarrett Renshaw"


def test_diff_shows_what_appeared_changed_and_disappeared(seeded_db: str, tmp_path: Path) -> None:
    later = tmp_path / "later.yaml"
    later.write_text(
        """\
source:
  id: later-wire
  publisher: Later Wire
  title: The call was held
  published: "2022-01-11"
  rating: {reliability: C, credibility: 3, rated_by: test, rationale: made up for a test}
facts:
  - key: call-held
    type: MeetingHeld
    stream: meeting/biden-putin-call-2021-12-30
    data: {title: Biden-Putin call, kind: call, held: "2021-12-30T20:35Z"}
    evidence: [{quote: "The call began at 3:35 p.m. ET", attribution: reporter}]
""",
        encoding="utf-8",
    )
    ok(run(["--db", seeded_db, "--analyst", "test", "load", str(later)]))
    out = ok(run(["--db", seeded_db, "diff", "2021-12-31", "2022-01-11"]))
    lines = out.splitlines()
    assert (
        lines[0]
        == "2 events learned between 2021-12-31T23:59:59.999999Z and 2022-01-11T23:59:59.999999Z"
    )
    meetings = lines[1 : lines.index("  claims: 0 appeared, 0 changed, 0 disappeared")]
    # The call: held at 20:35Z, no longer overdue, with the later source. The 10 January meeting:
    # its day passed unreported.
    assert meetings == [
        "  meetings: 0 appeared, 2 changed, 0 disappeared",
        "    ~ meeting/biden-putin-call-2021-12-30  Biden-Putin call",  # fields in key order
        "        held: - -> 2021-12-30T20:35Z",
        "        overdue: true -> false",
        "        sources: [source/reuters-2021-12-30-biden-putin-second-call] -> "
        "[source/reuters-2021-12-30-biden-putin-second-call, source/later-wire]",
        "        status: scheduled -> held",
        "    ~ meeting/us-russia-security-talks-2022-01-10  U.S.-Russia security meeting",
        "        overdue: false -> true",
    ]
    assert "    + source/later-wire  The call was held" in lines
    nl = [
        json.loads(line)
        for line in ok(
            run(["--db", seeded_db, "diff", "2021-12-31", "2022-01-11", "--nl"])
        ).splitlines()
    ]
    assert [(d["change"], d.get("view")) for d in nl] == [
        ("learned", None),
        ("learned", None),
        ("changed", "meetings"),
        ("changed", "meetings"),
        ("appeared", "timeline"),
        ("appeared", "sources"),
    ]
    talks = nl[3]
    assert (talks["id"], talks["title"], talks["fields"]) == (
        "meeting/us-russia-security-talks-2022-01-10",
        "U.S.-Russia security meeting",
        [{"field": "overdue", "before": False, "after": True}],
    )


def test_a_table_on_a_terminal_goes_through_the_pager(monkeypatch: Any) -> None:
    from crisis_timeline.cli import output

    paged: list[str] = []
    screen = Terminal()
    monkeypatch.setattr(output.sys, "stdout", screen)
    monkeypatch.setattr(output.click, "echo_via_pager", lambda lines: paged.extend(lines))
    monkeypatch.delenv("LESS", raising=False)
    output.table([{"id": "claim/a", "statement": "A."}], ["id", "statement"], header="now: then")
    assert (paged, screen.getvalue()) == (
        ["now: then\n", "id       statement\n", "claim/a  A.\n"],
        "",
    )
    assert output.os.environ["LESS"] == "FRX"  # less quits when it all fits on one screen


def test_no_pager_and_pipes_print_straight_out(seeded_db: str) -> None:
    # CliRunner's stdout is not a terminal: the table is written as it is made, no pager.
    out = ok(run(["--db", seeded_db, "sources", "--as-of", "2021-12-31", "--no-pager"]))
    assert out.startswith("id ")


def test_replay_and_diff_are_paged_once_as_a_whole(seeded_db: str, monkeypatch: Any) -> None:
    from crisis_timeline.cli import history

    pages: list[list[str]] = []
    monkeypatch.setattr(history, "page", lambda lines: pages.append(list(lines)))
    ok(run(["--db", seeded_db, "replay", "--as-of", "2021-12-30T12:00Z"]))
    ok(run(["--db", seeded_db, "diff", "2021-12-29", "2021-12-30"]))
    assert len(pages) == 2
    replay, diff = pages
    # every view's block in one page: meetings first, the sources view last
    assert [line for line in replay if line.startswith("== ")] == [
        "== meetings (5) ==",
        "== claims (10) ==",
        "== timeline (28) ==",
        "== actors (20) ==",
        "== forces (2) ==",
        "== demands (2) ==",
        "== sources (1) ==",
    ]
    assert (
        diff[0]
        == "49 events learned between 2021-12-29T23:59:59.999999Z and 2021-12-30T23:59:59.999999Z"
    )
