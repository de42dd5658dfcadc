"""Finding a quote's code-point offsets in a source text."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


def sha256_text(text: str) -> str:
    """sha256 of the text's UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of quote in text, overlapping ones included."""
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def locate(text: str, quote: str, span: tuple[int, int] | None) -> tuple[int, int]:
    """The [start, end) of quote in text; ValueError saying why when it cannot be placed."""
    if span is not None:
        start, end = span
        if text[start:end] != quote:
            raise ValueError(
                f"span [{start}, {end}] does not hold the quote ({_near(text, quote, start)})"
            )
        return span
    starts = occurrences(text, quote)
    if not starts:
        raise ValueError(hint(text, quote))
    if len(starts) > 1:
        raise ValueError(f"found {len(starts)} times in source text (at {starts}); give its span")
    return starts[0], starts[0] + len(quote)


def _near(text: str, quote: str, start: int) -> str:
    """Where the quote is instead, without showing any of the text (it may be anything)."""
    if start < 0 or start > len(text):
        return f"the text has {len(text)} characters"
    starts = occurrences(text, quote)
    return f"the quote is at {starts}" if starts else "the quote is not in the text"


# -- the closest match of a quote that is not in the text ---------------------------------------

_CLASSES: dict[str, dict[str, str]] = {
    "quotes": {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"},
    "dashes": {c: "-" for c in "‐‑‒–—―−"},
}
_TRANSLATE = {name: str.maketrans(table) for name, table in _CLASSES.items()}
KINDS = ("quotes", "dashes", "whitespace", "letter case", "invisible characters", "combining marks")
"""What a quote copied by hand may differ in: zero-width and other format characters (Unicode Cf)
are invisible, combining marks (Mn) often come from a decomposed accent."""
_DROPPED = {"invisible characters": "Cf", "combining marks": "Mn"}
HINT_LIMIT = 2_000_000
"""Texts longer than this (code points) get no closest-match hint: the search would take seconds."""


@dataclass(frozen=True)
class Match:
    """Where a text (nearly) holds the words: [start, end) in code points, and how it differs."""

    start: int
    end: int
    text: str
    differs: tuple[str, ...] = ()
    """The kinds of difference when only those differ (see KINDS)."""
    first_difference: tuple[str, str] | None = None
    """(the text's, the quote's) first differing characters, when they differ."""


def _fold(s: str, kinds: Sequence[str] = KINDS) -> tuple[str, list[int]]:
    """The string with these kinds of difference removed, and each kept character's offset in s."""
    out: list[str] = []
    at: list[int] = []
    dropped = {category for kind, category in _DROPPED.items() if kind in kinds}
    for i, ch in enumerate(s):
        if dropped and unicodedata.category(ch) in dropped:
            continue
        for kind in ("quotes", "dashes"):
            if kind in kinds:
                ch = ch.translate(_TRANSLATE[kind])
        if "whitespace" in kinds and ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch.lower() if "letter case" in kinds else ch)
        at.append(i)
    return "".join(out), at


def find(text: str, words: str) -> list[Match]:
    """Every exact occurrence of the words; else the closest (only quotes, dashes, whitespace or
    case differ), else the nearest similar passage; [] when nothing is close."""
    exact = [Match(s, s + len(words), words) for s in occurrences(text, words)]
    if exact or not words.strip() or len(text) > HINT_LIMIT:
        return exact
    found = _folded_match(text, words) or _similar(text, words)
    return [found] if found else []


def _folded_match(text: str, words: str) -> Match | None:
    folded_text, at = _fold(text)
    folded_words = _fold(words.strip())[0]
    i = folded_text.find(folded_words)
    if i < 0:
        return None
    start, end = at[i], at[i + len(folded_words) - 1] + 1
    held = text[start:end]
    differs = tuple(
        k
        for k in KINDS
        if _fold(held, [x for x in KINDS if x != k])[0]
        != _fold(words, [x for x in KINDS if x != k])[0]
    )
    return Match(start, end, held, differs, _first_difference(held, words))


def _similar(text: str, words: str) -> Match | None:
    """The passage of the quote's length around the longest run it shares with the text."""
    block = difflib.SequenceMatcher(None, text, words, autojunk=False).find_longest_match(
        0, len(text), 0, len(words)
    )
    if block.size < min(8, len(words)):
        return None
    guess = max(0, block.a - block.b)

    def likeness(span: tuple[int, int]) -> float:
        return difflib.SequenceMatcher(None, text[span[0] : span[1]], words, autojunk=False).ratio()

    # The quote's length from where the shared run puts it, its ends moved a few places to fit best.
    spans = [
        (max(0, guess + a), min(len(text), guess + len(words) + b))
        for a in range(-4, 5)
        for b in range(-4, 5)
    ]
    start, end = _whole_words(text, *max(spans, key=lambda sp: (likeness(sp), -abs(sp[0] - guess))))
    held = text[start:end]
    if likeness((start, end)) < 0.6:
        return None
    return Match(start, end, held, (), _first_difference(held, words, whole_words=True))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to whole words, without whitespace at its ends."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_difference(
    held: str, words: str, *, whole_words: bool = False
) -> tuple[str, str] | None:
    """The first place they differ: (the text's, the quote's), widened to whole words if asked."""
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(
        None, held, words, autojunk=False
    ).get_opcodes():
        if op != "equal":
            if whole_words:
                (a0, a1), (b0, b1) = _word_span(held, a0, a1), _word_span(words, b0, b1)
            return held[a0:a1], words[b0:b1]
    return None


def _word_span(s: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and s[start - 1].isalnum():
        start -= 1
    while end < len(s) and s[end].isalnum():
        end += 1
    return start, end


def hint(text: str, quote: str, *, show_text: bool = False) -> str:
    """Why a quote is not in the text, and where the closest match is (one line).

    Other words of the text are shown only with `show_text` (`crisis quote find`, which the user
    points at a file to read it): a loader's error never echoes a file beyond the quote's own
    characters (quote marks, dashes, spaces, case)."""
    found = find(text, quote)
    if not found:
        return "not found in source text (nothing close to it)"
    m = found[0]
    where = f"[{m.start}, {m.end}]"
    diff = (
        f"; it has {_shown(m.first_difference[0])} "
        f"where the quote has {_shown(m.first_difference[1])}"
        if m.first_difference
        else ""
    )
    if m.differs:
        return (
            f"not found in source text; at {where} "
            f"it differs only in {' and '.join(m.differs)}{diff}"
        )
    if not show_text:
        return (
            f"not found in source text; the closest passage, at {where}, differs in its words "
            "(crisis quote find shows it)"
        )
    return f"not found in source text; the closest is at {where}: {_excerpt(m.text)!r}{diff}"


def _shown(s: str) -> str:
    """Characters quoted for an error line; marks and invisible ones escaped (\\u0301) to show."""
    return ascii(s) if any(unicodedata.category(c)[0] in "MC" for c in s) else repr(s)


def _excerpt(s: str, limit: int = 80) -> str:
    return s if len(s) <= limit else s[: limit - 1] + "…"


_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|No|vs|etc)\.$"
)
_SENTENCE_REACH = 3000
"""Code points looked at on either side of a quote for the ends of its sentence."""


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of the text holding [start, end): between the sentence ends (a full stop,
    question or exclamation mark before a capital, not after an abbreviation such as U.S. or
    p.m.; or a line break) around it."""
    lo, hi = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    first, last = lo, hi
    for m in _BOUNDARY.finditer(text, lo, hi):
        newline = m.group().startswith("\n")
        if not newline and _ABBREVIATION.search(text[max(0, m.start() - 12) : m.start() + 1]):
            continue
        if m.end() <= start:
            first = m.end()
        elif m.start() >= end - 1:
            last = m.start() if newline else m.start() + len(m.group().rstrip())
            break
    return text[first:last].strip()
