"""What loading does: idempotent, deterministic ids, corrections as new events, text offsets.

Every test runs on SQLite and PostgreSQL (the `engine` / `db_url` fixtures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

import pytest
import yaml
from click.testing import CliRunner, Result
from sqlalchemy import Engine
from support import beside

from crisis_timeline import fixtures, loading
from crisis_timeline.cli.main import cli
from crisis_timeline.events import Event
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventFilter, EventStore

DATA = Path(__file__).resolve().parent / "data"
MINIMAL = DATA / "minimal.yaml"
CORRECTION = DATA / "correction.yaml"
SOURCES = (DATA / "../../../fixtures/sources").resolve()  # the repository's own copies
ARTICLE = SOURCES / "reuters-2021-12-30-biden-putin-second-call.txt"
SOURCE_ID = "test-minimal-reuters"
FOLLOW_UP_ID = "test-followup-2021-12-31"
MEETING = "meeting/biden-putin-call-2021-12-30"
ACTORS = ["biden", "putin", "russia", "white-house", "us-official-unnamed"]
FACTS = [
    "call-requested",
    "call-scheduled",
    "troop-build-up",
    "crimea-seized",
    "russia-denies-attack-plan",
    "moment-of-crisis",
]
MINIMAL_EVENTS = 1 + len(ACTORS) + len(FACTS)  # the source, its actors, its facts: 12


def load(engine: Engine, *paths: Path) -> loading.LoadReport:
    return loading.load(EventStore(engine), list(paths), recorded_by="tester")


def rows(engine: Engine) -> list[dict[str, Any]]:
    return list(EventStore(engine).read_rows())


def stream(engine: Engine, name: str) -> list[Event]:
    return list(EventStore(engine).read(EventFilter(stream=name)))


def crisis(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, "--analyst", "tester", *args])


def said(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def doc_of(path: Path) -> dict[str, Any]:
    """A data fixture as a dict, text_file made absolute so a changed copy can live anywhere."""
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["source"]["text_file"] = str((path.parent / doc["source"]["text_file"]).resolve())
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    beside(path, doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- loading twice == loading once ------------------------------------------------------------


def test_loading_twice_appends_nothing_the_second_time(engine: Engine) -> None:
    first = load(engine, MINIMAL)
    after_first = rows(engine)

    second = load(engine, MINIMAL)

    assert first == loading.LoadReport(appended=MINIMAL_EVENTS, already_present=0, files=1)
    assert second == loading.LoadReport(appended=0, already_present=MINIMAL_EVENTS, files=1)
    assert rows(engine) == after_first
    assert EventStore(engine).verify().checked == MINIMAL_EVENTS


def test_loading_twice_through_the_cli_says_so(db_url: str, engine: Engine) -> None:
    first = crisis(db_url, "load", str(MINIMAL))
    after_first = rows(engine)

    second = crisis(db_url, "load", str(MINIMAL))

    assert said(first) == (0, "12 new, 0 already present (1 file)\n", "")
    assert said(second) == (0, "0 new, 12 already present (1 file)\n", "")
    assert rows(engine) == after_first


def test_one_file_given_twice_in_one_load_is_loaded_once(db_url: str, engine: Engine) -> None:
    result = crisis(db_url, "load", str(MINIMAL), str(MINIMAL))

    assert said(result) == (0, "12 new, 12 already present (2 files)\n", "")
    assert len(rows(engine)) == MINIMAL_EVENTS


def stored_events(engine: Engine) -> dict[UUID, tuple[str, int, dict[str, Any]]]:
    """Each event by id: its place in its stream and its content (positions and hashes aside)."""
    return {e.id: (e.stream, e.version, e.content()) for e in EventStore(engine).read()}


def test_two_files_loaded_together_or_in_turn_give_the_same_events(
    engine: Engine,
    databases: Any,
    backend: str,
) -> None:
    load(engine, MINIMAL, CORRECTION)
    other = open_engine(databases.url(backend))
    try:
        load(other, MINIMAL)
        load(other, CORRECTION)
        assert stored_events(other) == stored_events(engine)
    finally:
        other.dispose()


# -- deterministic ids ------------------------------------------------------------------------


def test_event_ids_are_uuid5_of_the_source_id_and_the_key(engine: Engine) -> None:
    load(engine, MINIMAL)

    ids = {UUID(r["id"]) for r in rows(engine)}

    keys = ["source", *(f"actor:{a}" for a in ACTORS), *FACTS]
    assert ids == {fixtures.fact_id(SOURCE_ID, k) for k in keys}
    scheduled = fixtures.fact_id(SOURCE_ID, "call-scheduled")
    assert scheduled == uuid5(fixtures.NAMESPACE, f"{SOURCE_ID}:call-scheduled")
    # Ids must never change: with another namespace every stored fixture would load again as new.
    assert scheduled == UUID("09d4bd3b-c957-5060-b43b-bf99f788e3c8")


# -- corrections ------------------------------------------------------------------------------


def test_a_correction_adds_its_event_and_leaves_the_corrected_one_untouched(engine: Engine) -> None:
    load(engine, MINIMAL)
    scheduled_id = str(fixtures.fact_id(SOURCE_ID, "call-scheduled"))
    before = rows(engine)
    [scheduled_before] = [r for r in before if r["id"] == scheduled_id]

    report = load(engine, CORRECTION)

    after = rows(engine)
    assert after[: len(before)] == before
    [scheduled_after] = [r for r in after if r["id"] == scheduled_id]
    assert scheduled_after == scheduled_before  # the same row: data, hash and all
    assert report == loading.LoadReport(appended=4, already_present=0, files=1)
    assert [(r["type"], r["stream"]) for r in after[len(before) :]] == [
        ("SourceRegistered", f"source/{FOLLOW_UP_ID}"),
        ("ActorIdentified", "actor/kremlin-aide"),
        ("EventCorrected", MEETING),
        ("ClaimMade", "claim/putin-asked-for-a-short-call"),
    ]
    meeting = stream(engine, MEETING)
    assert [e.type for e in meeting] == ["MeetingRequested", "MeetingScheduled", "EventCorrected"]
    corrected = meeting[-1]
    assert corrected.id == fixtures.fact_id(FOLLOW_UP_ID, "call-time-corrected")
    assert corrected.data["corrects"] == scheduled_id
    assert corrected.data["changes"] == {
        "scheduled": {"value": "2021-12-30T20:35Z", "text": "3:35 p.m. ET (2035 GMT)"},
    }
    assert EventStore(engine).verify().ok


def test_a_correction_of_a_missing_fact_names_the_fact_and_data(
    db_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    assert crisis(db_url, "load", str(MINIMAL)).exit_code == 0
    doc = doc_of(CORRECTION)
    doc["facts"][0]["data"]["corrects"] = f"{SOURCE_ID}:no-such-fact"
    path = write(tmp_path / "correction.yaml", doc)

    result = crisis(db_url, "load", str(path))

    missing = fixtures.fact_id(SOURCE_ID, "no-such-fact")
    assert said(result) == (
        1,
        "",
        (
            f"Error: {path}: fact 'call-time-corrected': data.corrects: the event it refers to "
            f"('{SOURCE_ID}:no-such-fact', id {missing}) is not stored in '{MEETING}'\n"
        ),
    )
    assert len(rows(engine)) == MINIMAL_EVENTS


@pytest.mark.parametrize("together", [False, True], ids=["loaded-before", "in-the-same-load"])
def test_a_correction_in_another_stream_names_the_stream(
    db_url: str,
    engine: Engine,
    tmp_path: Path,
    together: bool,
) -> None:
    if not together:
        assert crisis(db_url, "load", str(MINIMAL)).exit_code == 0
    doc = doc_of(CORRECTION)
    doc["facts"][0]["stream"] = "meeting/another-call"
    path = write(tmp_path / "correction.yaml", doc)

    result = crisis(db_url, "load", *([str(MINIMAL)] if together else []), str(path))

    assert said(result) == (
        1,
        "",
        (
            f"Error: {path}: fact 'call-time-corrected': stream: "
            f"must be '{MEETING}', the stream of the event it corrects\n"
        ),
    )
    assert len(rows(engine)) == (0 if together else MINIMAL_EVENTS)


# -- actors known from earlier files ----------------------------------------------------------


def test_an_actor_declared_only_in_an_earlier_file_is_known(
    db_url: str,
    engine: Engine,
    tmp_path: Path,
) -> None:
    doc = doc_of(CORRECTION)
    doc["facts"] = [f for f in doc["facts"] if f["key"] == "call-kept-short"]  # about actor/putin
    path = write(tmp_path / "follow-up.yaml", doc)

    alone = crisis(db_url, "load", str(path))
    assert said(alone) == (
        1,
        "",
        f"Error: {path}: fact 'call-kept-short': data.about: unknown actor 'actor/putin'\n",
    )
    assert rows(engine) == []

    assert crisis(db_url, "load", str(MINIMAL)).exit_code == 0
    after = crisis(db_url, "load", str(path))

    assert said(after) == (0, "3 new, 0 already present (1 file)\n", "")


# -- the source text --------------------------------------------------------------------------


def test_text_option_overrides_text_file(db_url: str, engine: Engine, tmp_path: Path) -> None:
    doc = doc_of(MINIMAL)
    doc["source"]["text_file"] = str(DATA / "correction.txt")  # the wrong text
    path = write(tmp_path / "minimal.yaml", doc)

    result = crisis(db_url, "load", "--text", str(ARTICLE), str(path))

    assert said(result) == (0, "12 new, 0 already present (1 file)\n", "")
    scheduled = stream(engine, MEETING)[1]
    assert scheduled.evidence[0].quote == "is scheduled to take place at 3:30 p.m. ET (2030 GMT)"
    assert scheduled.evidence[0].span == (798, 851)


def test_text_option_is_checked_against_the_sha256(db_url: str, engine: Engine) -> None:
    result = crisis(db_url, "load", "--text", str(DATA / "correction.txt"), str(MINIMAL))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {MINIMAL}: source: sha256: the text's sha256 is "
        "33838da50acf9baa9e8d79dfa76b76369e5d7ad7df8bf566d6f5f7654dea3376, the fixture says "
        "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6"
    )
    assert rows(engine) == []


def test_text_option_with_two_files_is_a_usage_error(db_url: str, engine: Engine) -> None:
    result = crisis(db_url, "load", "--text", str(ARTICLE), str(MINIMAL), str(CORRECTION))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: --text goes with a single FILE"
    assert rows(engine) == []


def test_quote_spans_are_code_point_offsets(engine: Engine) -> None:
    load(engine, MINIMAL)
    text = ARTICLE.read_text(encoding="utf-8")

    evidence = {e.id: ev for e in EventStore(engine).read() for ev in e.evidence}

    assert len(evidence) == len(FACTS)
    for ev in evidence.values():
        assert ev.span is not None and text[ev.span[0] : ev.span[1]] == ev.quote
    crimea = evidence[fixtures.fact_id(SOURCE_ID, "crimea-seized")]
    assert crimea.quote == "its seizure of Ukraine’s Crimea peninsula in 2014"
    assert crimea.span is not None
    start, end = crimea.span
    # Two curly apostrophes ("Russia’s" twice in the caption, 3 bytes each in UTF-8) stand
    # before the quote and one inside it: byte offsets would be 4 and 6 more than these.
    assert text[:start].count("’") == 2
    assert len(text[:start].encode("utf-8")) == start + 4
    assert len(text[:end].encode("utf-8")) == end + 6
