"""ACLED exports into the store, on both backends, from the hand-written files in data/.

Every expected value below is read by hand from the CSV files (see the comments there)."""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from crisis_timeline.events.envelope import Event
from crisis_timeline.importers.acled import import_acled
from crisis_timeline.importers.reading import ImportFileError
from crisis_timeline.projections.base import effective, in_knowledge_order
from crisis_timeline.store.event_store import EventFilter, EventStore

DATA = Path(__file__).parent / "data"
FIRST, SECOND = DATA / "acled-2022-02-28.csv", DATA / "acled-2022-03-07.csv"
DELETED, BAD = DATA / "acled-deleted-2022-03-10.csv", DATA / "acled-bad.csv"
KHARKIV_NOTES = (
    "On 24 February 2022, Russian and Ukrainian forces clashed on the northern outskirts of "
    'Kharkiv.\nUkrainian officials said the attack was repelled; "at least four" soldiers were '
    "killed."
)
KHARKIV_REVISED = (
    "On 24 February 2022, Russian and Ukrainian forces clashed on the northern outskirts of "
    "Kharkiv.\nUkrainian officials later said 11 soldiers were killed, not four as first reported."
)
KYIV_NOTES = (
    "On 24 February 2022, explosions were heard in Kyiv before dawn, after Russian forces fired "
    "missiles at military sites near the city. Fatalities unknown."
)


def day(start: str, end: str, precision: str, text: str) -> dict[str, Any]:
    return {
        "start": f"{start}T00:00:00Z",
        "end": f"{end}T00:00:00Z",
        "precision": precision,
        "text": text,
    }


def standing(store: EventStore, stream: str, as_of: str | None = None) -> list[Event]:
    """What still stands of a stream as known at `as_of` (corrections applied)."""
    at = datetime.fromisoformat(as_of).replace(tzinfo=UTC) if as_of else None
    return effective(in_knowledge_order(store.read(EventFilter(stream=stream, as_of=at))))


def of_type(store: EventStore, type_name: str) -> list[Event]:
    return list(store.read(EventFilter(types=[type_name])))


def actor_named(store: EventStore, name: str) -> str:
    found = [e.stream for e in of_type(store, "ActorIdentified") if e.data["name"] == name]
    assert len(found) == 1, (name, found)
    return found[0]


def test_each_row_is_an_incident_with_its_toll(engine: Engine) -> None:
    store = EventStore(engine)
    done = import_acled(store, FIRST, recorded_by="analyst")
    assert (done.rows, done.new, done.revised, done.unchanged) == (4, 4, 0, 0)
    russia = actor_named(store, "Military Forces of Russia (2000-)")
    ukraine = actor_named(store, "Military Forces of Ukraine (2019-)")
    incident, toll = standing(store, "incident/acled-ukr1002")
    assert incident.type == "IncidentReported" and toll.type == "CasualtiesReported"
    data = dict(incident.data)
    place = data.pop("place")
    assert data == {
        "kind": "armed_clash",
        "description": KHARKIV_NOTES,
        "happened": day("2022-02-24", "2022-02-25", "day", "24 February 2022"),
        "perpetrators": [],
        "targets": [],
        "actor1": russia,
        "assoc_actor1": [],
        "actor2": ukraine,
        "assoc_actor2": [],
        "location": "Kharkiv",
        "civilian_targeting": False,
        "tags": [],
        "outlets": ["Reuters"],
        "external": {"dataset": "ACLED", "id": "UKR1002"},
        "code": None,
    }
    assert incident.reported.start == datetime(2022, 2, 26, tzinfo=UTC)
    assert toll.data["killed"] == {"text": "4", "low": 4, "high": 4}
    assert toll.data["by"] == "actor/acled"
    (kharkiv,) = standing(store, place)
    assert kharkiv.data["name"] == "Kharkiv" and kharkiv.data["country_code"] == "UA"
    assert kharkiv.data["admin1"] == "Kharkivska" and kharkiv.data["admin3"] == "Kharkivska"
    assert kharkiv.data["coordinates"] == {
        "latitude": 49.9935,
        "longitude": 36.2304,
        "precision": 1,
        "source": "ACLED",
    }


def test_time_precision_widens_the_day(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    week = standing(store, "incident/acled-ukr1003")[0].data["happened"]
    month = standing(store, "incident/acled-ukr1004")[0].data["happened"]
    # 26 February, precision 2: three days either side; 15 February, precision 3: February.
    assert week == day("2022-02-23", "2022-03-02", "day", "26 February 2022")
    assert month == day("2022-02-01", "2022-03-01", "month", "15 February 2022")


def test_violence_against_civilians_names_perpetrator_and_target(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    data = standing(store, "incident/acled-ukr1003")[0].data
    assert data["kind"] == "attack" and data["civilian_targeting"] is True
    assert data["perpetrators"] == [actor_named(store, "Military Forces of Russia (2000-)")]
    assert data["targets"] == [actor_named(store, "Civilians (Ukraine)")]
    assert data["assoc_actor2"] == [
        actor_named(store, "Journalists (Ukraine)"),
        actor_named(store, "Farmers (Ukraine)"),
    ]


def test_a_row_without_coordinates_names_its_place_without_them(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    incident = standing(store, "incident/acled-ukr1004")[0]
    (lviv,) = standing(store, incident.data["place"])
    assert (lviv.data["name"], lviv.data["admin1"], lviv.data["coordinates"]) == (
        "Lviv",
        "Lvivska",
        None,
    )
    assert incident.data["tags"] == ["crowd size=several hundred"]


def test_actors_are_identified_once(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    names = sorted(e.data["name"] for e in of_type(store, "ActorIdentified"))
    assert names == [
        "ACLED",
        "Civilians (Ukraine)",
        "Farmers (Ukraine)",
        "Journalists (Ukraine)",
        "Military Forces of Russia (2000-)",
        "Military Forces of Ukraine (2019-)",
        "Protesters (Ukraine)",
        "Students (Ukraine)",
    ]


def test_notes_are_quoted_from_the_registered_file(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    (source,) = of_type(store, "SourceRegistered")
    assert source.data["sha256"] == hashlib.sha256(FIRST.read_bytes()).hexdigest()
    assert source.data["title"] == "acled-2022-02-28.csv"
    # Published over its rows' timestamps: 24 February (UKR1004) to 27 February (UKR1003).
    assert source.data["published"]["start"] == "2022-02-24T00:00:00Z"
    assert source.data["published"]["end"] == "2022-02-27T00:00:01Z"
    text = FIRST.read_text(encoding="utf-8")
    kyiv = standing(store, "incident/acled-ukr1001")[0]
    (quote,) = kyiv.evidence
    assert (quote.source, quote.quote, quote.attributed_to) == (
        source.stream,
        KYIV_NOTES,
        "actor/acled",
    )
    assert quote.span is not None and text[quote.span[0] : quote.span[1]] == KYIV_NOTES
    # CSV doubles the quotes inside a note: such a note is not in the file as written.
    assert standing(store, "incident/acled-ukr1002")[0].evidence[0].span is None


def test_the_same_file_twice_appends_nothing(engine: Engine) -> None:
    store = EventStore(engine)
    first = import_acled(store, FIRST, recorded_by="analyst")
    head = store.head_position()
    again = import_acled(store, FIRST, recorded_by="analyst")
    assert first.appended == head > 0
    assert (again.new, again.unchanged, again.appended) == (0, 4, 0)
    assert store.head_position() == head


def test_a_revised_row_is_corrected_and_the_old_toll_stays_known(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    done = import_acled(store, SECOND, recorded_by="analyst")
    assert (done.rows, done.new, done.revised, done.unchanged) == (5, 1, 1, 3)
    corrections = of_type(store, "EventCorrected")
    assert sorted(tuple(sorted(c.data["changes"])) for c in corrections) == [
        ("description", "outlets"),
        ("killed",),
    ]
    assert {c.reported.start for c in corrections} == {datetime(2022, 3, 7, tzinfo=UTC)}
    before = standing(store, "incident/acled-ukr1002", "2022-03-01")
    after = standing(store, "incident/acled-ukr1002", "2022-03-08")
    assert before[1].data["killed"]["low"] == 4 and after[1].data["killed"]["low"] == 11
    assert before[0].data["description"] == KHARKIV_NOTES
    assert after[0].data["description"] == KHARKIV_REVISED
    assert after[0].data["outlets"] == ["Reuters", "Ukrainska Pravda"]
    assert len(of_type(store, "SourceRegistered")) == 2
    head = store.head_position()
    again = import_acled(store, SECOND, recorded_by="analyst")
    assert (again.unchanged, again.appended, store.head_position()) == (5, 0, head)


def test_an_older_export_after_a_newer_one_leaves_the_newer_answer(engine: Engine) -> None:
    store = EventStore(engine)
    import_acled(store, SECOND, recorded_by="analyst")
    head = store.head_position()
    done = import_acled(store, FIRST, recorded_by="analyst")
    assert (done.kept, done.unchanged, done.appended) == (1, 3, 0)
    assert store.head_position() == head


def test_deleted_events_are_retracted_from_their_deletion_on(engine: Engine) -> None:
    store = EventStore(engine)
    done = import_acled(store, SECOND, deleted=DELETED, recorded_by="analyst")
    assert (done.deleted, done.not_found) == (1, 1)
    retractions = of_type(store, "EventRetracted")
    assert len(retractions) == 2
    (quote,) = retractions[0].evidence
    assert quote.quote == "UKR1003,1646870400"
    assert len(standing(store, "incident/acled-ukr1003", "2022-03-09")) == 2
    assert standing(store, "incident/acled-ukr1003", "2022-03-11") == []
    again = import_acled(store, SECOND, deleted=DELETED, recorded_by="analyst")
    assert again.appended == 0


def test_a_bad_row_is_named_and_nothing_is_written(engine: Engine) -> None:
    store = EventStore(engine)
    with pytest.raises(ImportFileError) as caught:
        import_acled(store, BAD, recorded_by="analyst")
    assert str(caught.value) == (
        f"{BAD}:3: time_precision: '4': expected 1 (the day), "
        "2 (about a week around the date), 3 (the month)"
    )
    assert store.head_position() == 0


def test_the_report_lists_every_bad_row(engine: Engine, tmp_path: Path) -> None:
    store = EventStore(engine)
    report = tmp_path / "bad.txt"
    with pytest.raises(ImportFileError) as caught:
        import_acled(store, BAD, recorded_by="analyst", report=report)
    assert str(caught.value) == f"6 bad rows, listed in {report}; nothing written"
    assert report.read_text(encoding="utf-8").splitlines() == [
        f"{BAD}:3: time_precision: '4': expected 1 (the day), "
        "2 (about a week around the date), 3 (the month)",
        f"{BAD}:4: event_date: '31 February 2022': not a date (2022-02-24 or 24 February 2022)",
        f"{BAD}:6: sub_event_type: 'Skirmish': "
        "not a sub-event type of Battles in the ACLED codebook",
        f"{BAD}:7: latitude: 'north': not a number between -90 and 90",
        f"{BAD}:8: fatalities: '-3': expected a whole number, 0 or more",
        f"{BAD}:9: timestamp: empty: expected the Unix time ACLED coded the row",
    ]
    assert store.head_position() == 0


def test_a_file_without_acled_columns_is_refused(engine: Engine) -> None:
    store = EventStore(engine)
    with pytest.raises(ImportFileError) as caught:
        import_acled(store, DELETED, recorded_by="analyst")
    assert str(caught.value).startswith(
        f"{DELETED}:1: header: missing column(s) event_date, time_precision,"
    )


def test_older_and_newer_layouts_are_read_alike(engine: Engine, tmp_path: Path) -> None:
    # A spreadsheet's byte-order mark, the upper-case header of older exports, and actor types
    # in words, as exports write them since 2024.
    text = FIRST.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    rest = rest.replace(
        "Military Forces of Russia (2000-),,8,",
        "Military Forces of Russia (2000-),,External/Other forces,",
    )
    other = tmp_path / "acled-upper.csv"
    other.write_text("\ufeff" + header.upper() + "\n" + rest, encoding="utf-8")
    store = EventStore(engine)
    done = import_acled(store, other, recorded_by="analyst")
    assert done.new == 4
    (russia,) = standing(store, actor_named(store, "Military Forces of Russia (2000-)"))
    assert russia.data["description"] == "ACLED actor type: External/Other forces"
    assert russia.data["kind"] == "organisation"
    kyiv = standing(store, "incident/acled-ukr1001")[0]
    start, end = kyiv.evidence[0].span or (0, 0)
    # Offsets count code points after the byte-order mark.
    assert (header.upper() + "\n" + rest)[start:end] == KYIV_NOTES


def test_an_export_from_before_march_2023_and_a_row_without_sub_event_type(
    engine: Engine, tmp_path: Path
) -> None:
    with FIRST.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    older = [c for c in rows[0] if c not in ("disorder_type", "civilian_targeting", "tags")]
    rows[0]["sub_event_type"] = ""  # UKR1001: Explosions/Remote violence, no sub-event type
    path = tmp_path / "acled-2022.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, older, extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)
    store = EventStore(engine)
    assert import_acled(store, path, recorded_by="analyst").new == 4
    kyiv = standing(store, "incident/acled-ukr1001")[0]
    assert kyiv.data["kind"] == "explosion_remote_violence"
    assert kyiv.data["civilian_targeting"] is False and kyiv.data["tags"] == []


@pytest.mark.parametrize("chunk_rows", [2000, 1], ids=["one-chunk", "two-chunks"])
def test_an_id_twice_in_a_file_is_refused_whichever_chunks_hold_it(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    """ACLED gives each event one row; a second row with its id is an error naming both lines,
    also when the two rows are read in different chunks."""
    monkeypatch.setattr("crisis_timeline.importers.common.CHUNK_ROWS", chunk_rows)
    with FIRST.open(encoding="utf-8", newline="") as f:
        header, kyiv, *_ = list(csv.reader(f))
    assert kyiv[0] == "UKR1001" and "\n" not in ",".join(kyiv)  # one line each
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, kyiv, kyiv])
    store = EventStore(engine)
    with pytest.raises(ImportFileError) as caught:
        import_acled(store, twice, recorded_by="analyst")
    assert str(caught.value) == f"{twice}:3: event_id_cnty: UKR1001 is also on line 2"
    assert store.head_position() == 0


def test_an_id_twice_is_refused_when_the_store_holds_it_already(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first row appends nothing (the store holds the same incident), so what the store
    holds cannot tell the second row from a re-import: the file itself is the record."""
    monkeypatch.setattr("crisis_timeline.importers.common.CHUNK_ROWS", 1)
    store = EventStore(engine)
    import_acled(store, FIRST, recorded_by="analyst")
    head = store.head_position()
    with FIRST.open(encoding="utf-8", newline="") as f:
        header, kyiv, kharkiv, *_ = list(csv.reader(f))
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, kyiv, kharkiv, kyiv])
    with pytest.raises(ImportFileError) as caught:
        import_acled(store, twice, recorded_by="analyst")
    # Lines of the file: Kharkiv's notes take two (lines 3 and 4), so Kyiv's second row is on 5.
    assert str(caught.value) == f"{twice}:5: event_id_cnty: UKR1001 is also on line 2"
    assert store.head_position() == head
