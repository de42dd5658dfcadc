"""Quote hints and `crisis quote find` on the seed's article: spans checked against the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crisis_timeline.cli.main import cli
from crisis_timeline.quotes import find, hint

ARTICLE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "sources"
    / "reuters-2021-12-30-biden-putin-second-call.txt"
)
TEXT = ARTICLE.read_text(encoding="utf-8")


def test_the_spans_named_below_hold_what_the_article_says() -> None:
    # Read off the article by hand: each passage, and the span the tests expect for it.
    assert TEXT[999:1025] == "Ukraine’s Crimea peninsula"
    assert TEXT[801:837] == "scheduled to take place at 3:30 p.m."
    assert TEXT[2310:2338] == "We are at a moment of crisis"
    assert TEXT[2811:2827] == "the Cold War-era"


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "Ukraine's Crimea peninsula",  # a straight apostrophe where the text has a curly one
            "not found in source text; at [999, 1025] it differs only in quotes; "
            "it has '’' where the quote has \"'\"",
        ),
        (
            "the Cold War–era",  # an en dash where the text has a hyphen
            "not found in source text; at [2811, 2827] it differs only in dashes; "
            "it has '-' where the quote has '–'",
        ),
        (
            "the  Cold\nWar-era",
            "not found in source text; at [2811, 2827] it differs only in whitespace; "
            "it has '' where the quote has ' '",
        ),
        (
            "THE COLD WAR-ERA",
            "not found in source text; at [2811, 2827] it differs only in letter case; "
            "it has 'the' where the quote has 'THE'",
        ),
        (
            "Ukraine's Crimea Peninsula",
            "not found in source text; at [999, 1025] it differs only in quotes and "
            "letter case; it has '’' where the quote has \"'\"",
        ),
        (
            "scheduled to take place at 4:30 p.m.",
            "not found in source text; the closest is at [801, 837]: "
            "'scheduled to take place at 3:30 p.m.'; it has '3' where the quote has '4'",
        ),
        (
            "We are at a moment of peace",
            "not found in source text; the closest is at [2310, 2338]: "
            "'We are at a moment of crisis'; it has 'crisis' where the quote has 'peace'",
        ),
        ("zebras quietly grazing on the moon", "not found in source text (nothing close to it)"),
    ],
)
def test_a_quote_not_found_says_where_the_closest_is_and_what_differs(
    quote: str, expected: str
) -> None:
    assert hint(TEXT, quote, show_text=True) == expected


def test_the_loaders_hint_echoes_no_other_words_of_the_file() -> None:
    assert hint(TEXT, "We are at a moment of peace") == (
        "not found in source text; the closest passage, at [2310, 2338], differs in its words "
        "(crisis quote find shows it)"
    )
    assert "crisis" not in hint(TEXT, "We are at a moment of peace").split("(")[0]


def test_find_gives_every_exact_place() -> None:
    assert [(m.start, m.end) for m in find(TEXT, "Putin")] == [
        (7, 12),
        (166, 171),
        (285, 290),
        (615, 620),
        (791, 796),
        (1796, 1801),
        (2768, 2773),
    ]


@pytest.mark.parametrize(
    ("words", "pasted", "said"),
    [
        (
            "Ukraine's Crimea peninsula",
            '- quote: "Ukraine’s Crimea peninsula"\n  span: [999, 1025]\n',
            "at [999, 1025] it differs only in quotes; it has '’' where the quote has \"'\"",
        ),
        (
            "We are at a moment of peace",
            '- quote: "We are at a moment of crisis"\n  span: [2310, 2338]\n',
            "the closest is at [2310, 2338]: 'We are at a moment of crisis'; "
            "it has 'crisis' where the quote has 'peace'",
        ),
    ],
    ids=["curly-apostrophe", "other-words"],
)
def test_quote_find_prints_the_text_and_span_to_paste(words: str, pasted: str, said: str) -> None:
    result = CliRunner().invoke(cli, ["quote", "find", str(ARTICLE), words])
    assert (result.exit_code, result.stdout) == (0, pasted)
    assert result.stderr == f"{ARTICLE}: {words!r}: not found as typed; {said}\n"


def test_quote_find_of_words_found_twice_prints_both() -> None:
    result = CliRunner().invoke(cli, ["quote", "find", str(ARTICLE), "Ukraine"])
    assert result.exit_code == 0
    spans = [line for line in result.stdout.splitlines() if line.startswith("  span: ")]
    assert len(spans) == TEXT.count("Ukraine") >= 2
    assert (
        result.stderr
        == f"{ARTICLE}: 'Ukraine': found {TEXT.count('Ukraine')} times; keep the one you mean\n"
    )


def test_quote_find_of_nothing_close_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["quote", "find", str(ARTICLE), "zebras quietly grazing on the moon"]
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {ARTICLE}: 'zebras quietly grazing on the moon': not found in source text "
        "(nothing close to it)\n"
    )
    missing = CliRunner().invoke(cli, ["quote", "find", str(tmp_path / "none.txt"), "x"])
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"Error: {tmp_path / 'none.txt'}: cannot read: No such file or directory\n",
    )


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "the Cold\u200b War-era",
            "not found in source text; at [2811, 2827] it differs only in invisible characters; "
            "it has '' where the quote has '\\u200b'",
        ),
        (
            "the Co\u0301ld War-era",
            "not found in source text; at [2811, 2827] it differs only in combining marks; "
            "it has '' where the quote has '\\u0301'",
        ),
    ],
    ids=["zero-width-space", "combining-accent"],
)
def test_invisible_characters_and_combining_marks_are_named_and_shown_escaped(
    quote: str, expected: str
) -> None:
    assert hint(TEXT, quote) == expected
