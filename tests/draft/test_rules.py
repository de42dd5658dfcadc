"""The rules one by one, on sentences written for them; expected values worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from crisis_timeline.draft.actors import Cast
from crisis_timeline.draft.attribution import statements
from crisis_timeline.draft.numbers import quantities
from crisis_timeline.draft.sentences import Span, sentences
from crisis_timeline.draft.timex import mentions

THURSDAY = date(2021, 12, 30)
TUESDAY_IN_MARCH = date(
    2023, 3, 14
)  # after the U.S. change to summer time (12 March), before Europe's (26 March)


def resolved(text: str, published: date) -> list[tuple[str, str | None]]:
    span = Span(0, len(text), text)
    return [
        (m.span.text, m.value if m.clock is None else m.on_day(published))
        for m in mentions(span, published)
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("They will speak on Thursday.", THURSDAY, [("on Thursday", "2021-12-30")]),
        ("He said on Monday.", THURSDAY, [("on Monday", "2021-12-27")]),
        ("They will meet on Monday.", THURSDAY, [("on Monday", "2022-01-03")]),
        ("It began early on Thursday.", THURSDAY, [("early on Thursday", "2021-12-30")]),
        ("She spoke last Thursday.", THURSDAY, [("last Thursday", "2021-12-23")]),
        ("Talks come ahead of a Jan. 10 meeting.", THURSDAY, [("Jan. 10", "2022-01-10")]),
        ("The call was on Dec. 7.", THURSDAY, [("Dec. 7", "2021-12-07")]),
        ("Security talks next month.", THURSDAY, [("next month", "2022-01")]),
        (
            "Troops massed in the past two months.",
            THURSDAY,
            [("in the past two months", "2021-10-30/2021-12-30")],
        ),
        ("A report over the weekend.", THURSDAY, [("over the weekend", "2021-12-25/2021-12-26")]),
        (
            "They will rest over the weekend.",
            THURSDAY,
            [("over the weekend", "2022-01-01/2022-01-02")],
        ),
        ("The seizure in 2014.", THURSDAY, [("in 2014", "2014")]),
        ("Fighting since 2014.", THURSDAY, [("since 2014", "2014/2021-12-30")]),
        ("On December 7, 2021.", THURSDAY, [("December 7, 2021", "2021-12-07")]),
        ("Last week they met.", THURSDAY, [("Last week", "2021-12-20/2021-12-26")]),
        ("Troops arrived since November.", THURSDAY, [("since November", "2021-11/2021-12-30")]),
        ("It began in February.", THURSDAY, [("in February", "2021-02")]),
        ("They will vote in February.", THURSDAY, [("in February", "2022-02")]),
        ("Talks stalled since Dec. 7.", THURSDAY, [("Dec. 7", "2021-12-07/2021-12-30")]),
    ],
)
def test_dates(text: str, published: date, expected: list[tuple[str, str | None]]) -> None:
    assert resolved(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("at 3:30 p.m. ET (2030 GMT)", THURSDAY, "2021-12-30T20:30Z"),  # the GMT as written
        ("at 3:30 p.m. ET", THURSDAY, "2021-12-30T20:30Z"),  # EST in December: UTC-5
        ("at 9 a.m. ET", TUESDAY_IN_MARCH, "2023-03-14T13:00Z"),  # EDT since 12 March: UTC-4
        ("at 10 a.m. CET", TUESDAY_IN_MARCH, "2023-03-14T09:00Z"),
        ("at 11 p.m. ET", THURSDAY, "2021-12-31T04:00Z"),  # the next day in UTC
        ("by 1800 GMT", THURSDAY, "2021-12-30T18:00Z"),
    ],
)
def test_clock_times(text: str, published: date, expected: str) -> None:
    assert [value for _w, value in resolved(text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("massing tens of thousands of troops", [("tens of thousands", 20000, 99999)]),
        ("pulling back about 10,000 troops", [("about 10,000", 9000, 11000)]),
        ("at least 40 people were killed", [("at least 40", 40, None)]),
        ("more than 100 tanks", [("more than 100", 101, None)]),
        ("up to 5,000 soldiers", [("up to 5,000", None, 5000)]),
        ("hundreds of migrants", [("hundreds", 200, 999)]),
        ("some 3 million people", [("some 3 million", 2700000, 3300000)]),
        ("between 300 and 400 troops", [("300 and 400", 300, 400)]),
    ],
)
def test_numbers(text: str, expected: list[tuple[str, int | None, int | None]]) -> None:
    assert [(q.text, q.low, q.high) for q in quantities(text)] == expected


def test_sentences_keep_abbreviations_and_offsets() -> None:
    text = "U.S. officials met on Jan. 10 at 3 p.m. ET. Russia said no.\nA new line"
    found = sentences(text)
    assert [s.text for s in found] == [
        "U.S. officials met on Jan. 10 at 3 p.m. ET.",
        "Russia said no.",
        "A new line",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


@pytest.mark.parametrize(
    ("sentence", "attribution", "speaker"),
    [
        ("Troops moved, according to Western estimates.", "unattributed", None),
        ("Troops moved, according to media reports.", "unattributed", None),
        ("Troops moved, according to a senior official.", "anonymous", "senior-official"),
        ("Troops moved, Russia said on Monday.", "named", "russia"),
        ("Moscow denies it.", "named", "russia"),
        ("“No,” said the Kremlin.", "named", "kremlin"),
        ("Troops moved.", "reporter", None),
    ],
)
def test_attributions(sentence: str, attribution: str, speaker: str | None) -> None:
    found = statements(Span(0, len(sentence), sentence), Cast([]))[0]
    assert (found.attribution, found.speaker) == (attribution, speaker)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Talks began amid Western fears that Moscow plans an attack, officials said.",
            ("amid Western fears that Moscow plans an attack", "reporter", None, "west"),
        ),
        (
            "Moscow, worried by what it says is a threat, wants guarantees.",
            ("Moscow, worried by what it says is a threat", "named", "russia", None),
        ),
        (
            "The call, which the White House said was requested by Putin, is at noon.",
            ("which the White House said was requested by Putin", "named", "white-house", None),
        ),
        (
            "They doubt a report on Sunday that troops left, officials said.",
            ("a report on Sunday that troops left", "unattributed", None, None),
        ),
    ],
)
def test_statements_inside_a_sentence(
    sentence: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    inner = statements(Span(0, len(sentence), sentence), Cast([]))[1:]
    assert [(s.span.text, s.attribution, s.speaker, s.holder) for s in inner] == [expected]
