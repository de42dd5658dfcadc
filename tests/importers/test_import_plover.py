"""PLOVER JSON lines into the store, on both backends: hand-written records, bad records, and
the round trip through `crisis export plover`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from support import ok, run

from crisis_timeline.events.envelope import Event
from crisis_timeline.importers.plover import import_plover
from crisis_timeline.importers.reading import ImportFileError
from crisis_timeline.store import event_store
from crisis_timeline.store.event_store import EventStore

DATA = Path(__file__).parent / "data"
RECORDS, BAD = DATA / "plover-2022-02-24.jsonl", DATA / "plover-bad.jsonl"
SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "reuters-2021-12-30-biden-putin-second-call.yaml"
)
RECORDED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class PinnedClock(datetime):
    """datetime whose now() is RECORDED_AT: PLOVER's coded_date is the day of recording."""

    @classmethod
    def now(cls, tz: Any = None) -> PinnedClock:  # type: ignore[override]
        return cls.fromtimestamp(RECORDED_AT.timestamp(), tz=UTC)


def by_type(store: EventStore) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for e in store.read():
        found.setdefault(e.type, []).append(e)
    return found


def named(events: dict[str, list[Event]], family: str) -> dict[str, str]:
    kind = {"actor": "ActorIdentified", "place": "PlaceIdentified"}[family]
    return {e.stream: e.data["name"] for e in events[kind]}


def test_records_become_incidents_and_coded_events(engine: Engine) -> None:
    store = EventStore(engine)
    done = import_plover(store, RECORDS, recorded_by="analyst")
    assert (done.rows, done.new, done.present) == (3, 3, 0)
    events = by_type(store)
    actors = named(events, "actor")
    assault, protest = sorted(events["IncidentReported"], key=lambda e: e.data["kind"])
    assert assault.data["kind"] == "assault" and protest.data["kind"] == "protest"
    assert assault.data["code"] == {
        "codebook": "PLOVER",
        "version": "base-1.3.1",
        "code": "ASSAULT",
        "label": None,
        "mode": "aerial",
    }
    assert [actors[a] for a in assault.data["perpetrators"]] == ["Russian forces"]
    assert [actors[a] for a in assault.data["targets"]] == ["Ukraine"]
    assert assault.data["tags"] == ["military"]
    assert assault.data["happened"]["start"] == "2022-02-24T00:00:00Z"
    assert assault.reported.start == datetime(2022, 2, 25, tzinfo=UTC)
    # enddate 26 February: the protest lasted from the 24th to the end of the 26th.
    assert (protest.data["happened"]["start"], protest.data["happened"]["end"]) == (
        "2022-02-24T00:00:00Z",
        "2022-02-27T00:00:00Z",
    )
    (consult,) = events["EventCoded"]
    assert (consult.data["code"]["code"], consult.data["code"]["mode"]) == ("CONSULT", "phone")
    assert [actors[a] for a in consult.data["by"]] == ["Emmanuel Macron"]
    assert [actors[a] for a in consult.data["about"]] == ["Vladimir Putin"]


def test_the_text_is_quoted_from_the_source_it_cites(engine: Engine) -> None:
    store = EventStore(engine)
    import_plover(store, RECORDS, recorded_by="analyst")
    events = by_type(store)
    assault = next(e for e in events["IncidentReported"] if e.data["kind"] == "assault")
    (quote,) = assault.evidence
    assert quote.quote == (
        "Explosions were heard in Kyiv early on Thursday as Russian aircraft struck targets near "
        "the capital."
    )
    assert quote.span == (120, 220)
    cited = {e.stream: e.data for e in events["SourceRegistered"]}
    assert cited[quote.source]["title"] == "Russia attacks Ukraine"
    assert cited[quote.source]["publisher"] == "Example Wire"
    assert cited[quote.source]["url"] == "https://news.example/2022/02/24/russia-attacks-ukraine"
    (kyiv,) = events["PlaceIdentified"][:1]
    assert (kyiv.data["name"], kyiv.data["country_code"], kyiv.data["admin1"]) == (
        "Kyiv",
        "UA",
        "Kyiv City",
    )
    assert assault.data["place"] == kyiv.stream and assault.data["location"] == "Kyiv"


def test_the_same_file_twice_appends_nothing(engine: Engine) -> None:
    store = EventStore(engine)
    import_plover(store, RECORDS, recorded_by="analyst")
    head = store.head_position()
    again = import_plover(store, RECORDS, recorded_by="analyst")
    assert (again.new, again.present, again.appended) == (0, 3, 0)
    assert store.head_position() == head


def test_a_bad_record_is_named_and_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    store = EventStore(engine)
    with pytest.raises(ImportFileError) as caught:
        import_plover(store, BAD, recorded_by="analyst")
    assert str(caught.value) == f"{BAD}:2: date: '24/02/2022': not a date in YYYY-MM-DD form"
    report = tmp_path / "bad.txt"
    with pytest.raises(ImportFileError):
        import_plover(store, BAD, recorded_by="analyst", report=report)
    assert report.read_text(encoding="utf-8").splitlines() == [
        f"{BAD}:2: date: '24/02/2022': not a date in YYYY-MM-DD form",
        f"{BAD}:3: event: 'INVADE': not a PLOVER category",
        f"{BAD}:4: record: not JSON (invalid literal, expected 'null', at column 1)",
        f"{BAD}:5: id: missing",
    ]
    assert store.head_position() == 0


def test_an_export_imports_back_to_the_same_events(
    databases: Any, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_store, "datetime", PinnedClock)
    first, second = databases.url(backend), databases.url(backend)
    try:
        crisis = ["--analyst", "test-analyst"]
        ok(run(["--db", first, *crisis, "load", str(SEED)]))
        exported = tmp_path / "first.jsonl"
        ok(run(["--db", first, *crisis, "export", "plover", "-o", str(exported)]))
        lines = exported.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 6
        # Into the store it came from: every record is an event there already.
        assert ok(run(["--db", first, *crisis, "import", "plover", str(exported)])) == (
            "6 records: 0 new, 6 already present; 0 events appended\n"
        )
        # Into an empty store: the same records come out again.
        ok(run(["--db", second, *crisis, "import", "plover", str(exported)]))
        again = tmp_path / "second.jsonl"
        ok(run(["--db", second, *crisis, "export", "plover", "-o", str(again)]))
        key = lambda line: json.loads(line)["id"]  # noqa: E731
        assert sorted(again.read_text(encoding="utf-8").splitlines(), key=key) == sorted(
            lines, key=key
        )
    finally:
        databases.drop(first)
        databases.drop(second)


@pytest.mark.parametrize("chunk_rows", [2000, 1], ids=["one-chunk", "two-chunks"])
def test_an_id_twice_in_a_file_is_refused_whichever_chunks_hold_it(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    """A record's id names one event: a second record with it is an error naming both lines
    (in one chunk, the store refused the pair with an event id no reader could place)."""
    monkeypatch.setattr("crisis_timeline.importers.common.CHUNK_ROWS", chunk_rows)
    record = RECORDS.read_text(encoding="utf-8").splitlines()[0]
    twice = tmp_path / "twice.jsonl"
    twice.write_text(f"{record}\n{record}\n", encoding="utf-8")
    store = EventStore(engine)
    with pytest.raises(ImportFileError) as caught:
        import_plover(store, twice, recorded_by="analyst")
    ident = json.loads(record)["id"]
    assert str(caught.value) == f"{twice}:2: id: {ident} is also on line 1"
    assert store.head_position() == 0
