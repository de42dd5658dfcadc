"""Full-text search (store/search_index.py) on SQLite FTS5 and PostgreSQL, from the seed fixture.

Expected matches were written by hand from the article: which facts quote the words (the
fixture's keys), their spans found in the text with str.index, never by the code under test.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from support import reported

from crisis_timeline import loading
from crisis_timeline.events.claims import ClaimMade, Modality
from crisis_timeline.events.corrections import EventCorrected, EventRetracted
from crisis_timeline.search import Query, SearchError, fold, phrases
from crisis_timeline.store import search_index
from crisis_timeline.store.event_store import EventStore

NAME = "reuters-2021-12-30-biden-putin-second-call"
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / f"{NAME}.yaml"
TEXT = (ROOT / "fixtures" / "sources" / f"{NAME}.txt").read_text(encoding="utf-8")
SOURCE = f"source/{NAME}"
FACT_NAMESPACE = uuid.UUID(
    "3b0c6f1e-8d0e-5a52-9a40-6c1f0f6c9e21"
)  # the loader's namespace for fact ids
PULLBACK = (
    "a report over the weekend that Russia would be pulling back about 10,000 troops "
    "from its border with Ukraine"
)
DISPUTE = (
    "Other U.S. officials said that despite a report over the weekend that Russia would be "
    "pulling back about 10,000 troops from its border with Ukraine, they had seen little "
    "evidence to support that so far."
)


def fact(key: str) -> str:
    return str(uuid.uuid5(FACT_NAMESPACE, f"{NAME}:{key}"))


def span(quote: str) -> list[int]:
    start = TEXT.index(quote)
    return [start, start + len(quote)]


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    loading.load(EventStore(engine), [FIXTURE], recorded_by="test")
    search_index.catch_up(engine)
    return engine


def search(engine: Engine, *words: str, **times: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return search_index.find(conn, Query(phrases(words), **times))


def brief(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (r["id"], r["stream"], r["type"], r["span"], r["source"], r["attribution"]) for r in rows
    ]


def test_a_phrase_finds_every_fact_quoting_it_best_first(seeded: Engine) -> None:
    found = search(seeded, "10,000 troops")
    assert span(PULLBACK) == [2144, 2252]
    # The claim says the words in its statement and its quote; the force report and the dispute
    # once each, in their quotes (equal ranks go in log order: the force report was loaded first).
    assert brief(found) == [
        (
            fact("weekend-report-russia-pulling-back-troops"),
            "claim/russia-pulling-back-10000-troops",
            "ClaimMade",
            [2144, 2252],
            SOURCE,
            "unattributed",
        ),
        (
            fact("reported-pullback-about-10000-troops"),
            "force/russia-ukraine-border",
            "ForceWithdrawalReported",
            [2144, 2252],
            SOURCE,
            "unattributed",
        ),
        (
            fact("us-officials-see-little-evidence-of-pullback"),
            "claim/russia-pulling-back-10000-troops",
            "ClaimDisputed",
            span(DISPUTE),
            SOURCE,
            "anonymous",
        ),
    ]
    assert [(r["rank"], r["quote"]) for r in found] == [(1, PULLBACK), (2, PULLBACK), (3, DISPUTE)]
    assert (
        found[0]["text"]
        == "Russia would be pulling back about 10,000 troops from its border with Ukraine."
    )
    assert (found[1]["text"], found[2]["attributed_to"]) == (None, "actor/other-us-officials")
    assert found[0]["reported"] == {
        "start": "2021-12-30T00:00:00Z",
        "end": "2021-12-31T00:00:00Z",
        "precision": "day",
        "text": "2021-12-30",
    }


def test_case_accents_and_punctuation_are_ignored(seeded: Engine) -> None:
    # The text has a curly apostrophe ("Russia’s President"); a typed straight one still matches.
    quotes = [
        "FILE PHOTO: U.S. President Joe Biden holds secure video call with Russia’s President "
        "Vladimir Putin from the White House in Washington",
        "U.S. President Joe Biden holds virtual talks with Russia’s President Vladimir Putin",
    ]
    found = search(seeded, "RUSSIA'S PRÉSIDENT")
    assert sorted(brief(found)) == sorted(
        (
            fact("biden-putin-video-call-2021-12-07-held"),
            "meeting/biden-putin-video-call-2021-12-07",
            "MeetingHeld",
            span(q),
            SOURCE,
            "reporter",
        )
        for q in quotes
    )


def test_every_phrase_must_occur(seeded: Engine) -> None:
    found = search(seeded, "Putin", "Cuban missile crisis")
    assert brief(found) == [
        (
            fact("putin-compares-to-cuban-missile-crisis"),
            "claim/putin-compares-tensions-to-cuban-missile-crisis",
            "ClaimMade",
            found[0]["span"],
            SOURCE,
            "named",
        )
    ]
    assert "Cuban Missile Crisis" in found[0]["quote"] and found[0]["span"] == span(
        found[0]["quote"]
    )
    assert search(seeded, "Putin", "Cuban", "Zelensky") == []


def test_titles_are_searched(seeded: Engine) -> None:
    found = search(seeded, "tensions simmer")  # the source's title, in no quote
    assert [(r["stream"], r["type"], r["text"]) for r in found] == [
        (
            SOURCE,
            "SourceRegistered",
            "Biden, Putin to hold second call this month as Ukraine tensions simmer",
        )
    ]


@pytest.mark.parametrize(
    "words", ['troops"', "troops*", "(troops)", "-troops", "troops:", "^troops"]
)
def test_query_syntax_is_searched_as_words(seeded: Engine, words: str) -> None:
    assert brief(search(seeded, words)) == brief(search(seeded, "troops")) != []


@pytest.mark.parametrize(
    "words", ["NEAR(troops", "troops OR", "troops AND NOT", "troops & !Russia"]
)
def test_operators_are_words_too(seeded: Engine, words: str) -> None:
    assert search(seeded, words) == []  # "troops or", "near troops" …: phrases no quote holds


@pytest.mark.parametrize("words", [(), ('"',), ("troops", "—")])
def test_words_with_nothing_to_search_for_are_refused(words: tuple[str, ...]) -> None:
    with pytest.raises(SearchError):
        phrases(words)


def test_fold() -> None:
    assert fold("Russia’s  PRÉSIDENT, 10,000 troops_x") == "russia s president 10 000 troops x"


def test_as_of_and_recorded_before(seeded: Engine) -> None:
    assert (
        search(seeded, "10,000 troops", as_of=datetime(2021, 12, 29, 23, 59, 59, tzinfo=UTC)) == []
    )
    assert len(search(seeded, "10,000 troops", as_of=datetime(2021, 12, 30, tzinfo=UTC))) == 3
    assert search(seeded, "10,000 troops", recorded_before=datetime(2021, 1, 1, tzinfo=UTC)) == []
    assert len(search(seeded, "10,000 troops", limit=2)) == 2


def test_new_events_are_indexed_and_retractions_shown(engine: Engine) -> None:
    store = EventStore(engine)
    made = reported(
        "claim/a",
        ClaimMade(statement="The bridge at Kherson was destroyed.", modality=Modality.ASSERTION),
    )
    store.append("claim/a", [made], 0, recorded_by="test")
    assert search_index.catch_up(engine) == 1
    assert [(r["id"], r["retracted_by"]) for r in search(engine, "Kherson bridge")] == []
    assert [(r["id"], r["retracted_by"]) for r in search(engine, "bridge at Kherson")] == [
        (str(made.id), [])
    ]
    retraction = reported(
        "claim/a", EventRetracted(retracts=made.id, reason="wrong town"), "2022-01-05"
    )
    store.append("claim/a", [retraction], 1, recorded_by="test")
    assert search_index.catch_up(engine) == 1
    assert search_index.catch_up(engine) == 0
    now = [
        (r["id"], r["retracted_by"], r["corrected_by"]) for r in search(engine, "bridge at Kherson")
    ]
    assert now == [(str(made.id), [str(retraction.id)], [])]
    before = search(engine, "bridge at Kherson", as_of=datetime(2022, 1, 4, tzinfo=UTC))
    assert [(r["id"], r["retracted_by"]) for r in before] == [(str(made.id), [])]
    assert search_index.rebuild(engine) == 2
    assert [
        (r["id"], r["retracted_by"], r["corrected_by"]) for r in search(engine, "bridge at Kherson")
    ] == now


def test_datasette_finds_the_full_text_index(seeded: Engine, backend: str) -> None:
    if backend != "sqlite":
        return  # Datasette reads SQLite files
    from datasette.app import Datasette

    async def fetch() -> list[dict[str, Any]]:
        path = str(seeded.url.database)
        query = "_search=troops&_shape=array&_size=max&_col=type&_col=span_start"
        response = await Datasette([path]).client.get(
            f"/{Path(path).stem}/search_entries.json?{query}"
        )
        return list(response.json())

    # The five quotes with "troops" (the build-up, the pullback report twice, its dispute, the
    # right to move troops), and nothing else.
    found = sorted((r["type"], r["span_start"]) for r in asyncio.run(fetch()))
    assert found == sorted(
        [
            ("ForceBuildUpReported", TEXT.index("Moscow has alarmed the West")),
            ("ForceWithdrawalReported", 2144),
            ("ClaimMade", 2144),
            ("ClaimDisputed", 2105),
            ("ClaimMade", TEXT.index("and says it has the right to move its troops")),
        ]
    )


def test_a_correction_is_found_by_its_new_words_and_named_beside_the_old(engine: Engine) -> None:
    store = EventStore(engine)
    made = reported(
        "claim/a", ClaimMade(statement="Talks were held in Minsk.", modality=Modality.ASSERTION)
    )
    fix = EventCorrected(
        corrects=made.id, reason="wrong city", changes={"statement": "Talks were held in Geneva."}
    )
    corrected = reported("claim/a", fix, "2022-01-05")
    store.append("claim/a", [made, corrected], 0, recorded_by="test")
    search_index.catch_up(engine)
    assert [(r["id"], r["type"], r["corrected_by"]) for r in search(engine, "held in Minsk")] == [
        (str(made.id), "ClaimMade", [str(corrected.id)])
    ]
    assert [(r["id"], r["type"], r["text"]) for r in search(engine, "held in Geneva")] == [
        (str(corrected.id), "EventCorrected", "Talks were held in Geneva.")
    ]


def holds(document: list[str], phrase: list[str]) -> bool:
    return any(
        document[i : i + len(phrase)] == phrase for i in range(len(document) - len(phrase) + 1)
    )


def test_matches_equal_a_plain_scan_of_the_events(seeded: Engine) -> None:
    """Every word pair and every fifth word of the article: the index finds exactly the quotes a
    scan of the stored events finds (token runs compared in Python, no database search)."""
    words = fold(TEXT).split()
    queries = sorted(
        {" ".join(words[i : i + 2]) for i in range(0, len(words) - 1, 7)} | set(words[::5])
    )
    documents = {}
    for e in EventStore(seeded).read():
        own = "\n".join(
            v
            for k in ("title", "statement", "summary", "demand")
            if isinstance(v := e.data.get(k), str)
        )
        for item, ev in enumerate(e.evidence):
            documents[(str(e.id), tuple(ev.span or ()))] = fold(f"{own}\n{ev.quote}").split()
    for query in queries:
        expected = sorted(
            key for key, document in documents.items() if holds(document, query.split())
        )
        assert (
            sorted((r["id"], tuple(r["span"] or ())) for r in search(seeded, query)) == expected
        ), query
