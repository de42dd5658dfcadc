"""Sentences with their offsets, and the clauses within them that carry a statement of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj sgt capt adm gov sen rep rev st jr sr inc corp co ltd no "
    "vs etc jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat "
    "sun a.m p.m u.s u.k u.n e.u del calif fla mass wash ore pa ill mich ariz conn md va n.y "
    "d.c".split()
)
"""Words after which a full stop does not end the sentence (lower case, without the last dot)."""
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.$")


@dataclass(frozen=True)
class Span:
    """A piece of the source text and its code-point offsets [start, end)."""

    start: int
    end: int
    text: str

    def sub(self, start: int, end: int) -> Span:
        """The piece [start, end) of this one, offsets relative to it, trimmed of spaces."""
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;"))
        piece = piece.strip(" ,;")
        return Span(self.start + start + lead, self.start + start + lead + len(piece), piece)


@dataclass(frozen=True)
class Sentence(Span):
    """A sentence, and the paragraph (line) it belongs to, counted from 0."""

    paragraph: int = 0


def sentences(text: str) -> list[Sentence]:
    """The text's sentences in order; a line end always ends one."""
    out: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        for start, end in _split_line(line):
            piece = line[start:end]
            out.append(Sentence(offset + start, offset + end, piece, number))
        offset += len(line) + 1
    return out


def _split_line(line: str) -> list[tuple[int, int]]:
    cuts, start = [], 0
    for m in _END.finditer(line):
        before = _WORD_BEFORE.search(line, 0, m.start() + 1)
        if m.group().startswith(".") and before and _abbreviation(before.group(1)):
            continue
        cuts.append((start, m.end()))
        start = m.end()
    cuts.append((start, len(line)))
    spans = []
    for a, b in cuts:
        piece = line[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((a + lead, a + lead + len(piece.strip())))
    return spans


def _abbreviation(word: str) -> bool:
    """Whether a word written before a full stop is an abbreviation rather than a sentence end."""
    w = word.lower().strip(".")
    return (
        w in ABBREVIATIONS
        or (len(w) == 1 and w.isalpha())
        or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", w))
    )


def clauses(span: Span, separators: re.Pattern[str]) -> list[Span]:
    """The span cut before each match of separators (the separator opens the next piece)."""
    starts = [0] + [m.start() for m in separators.finditer(span.text) if m.start() > 0]
    ends = starts[1:] + [len(span.text)]
    return [span.sub(a, b) for a, b in zip(starts, ends) if span.text[a:b].strip(" ,;")]
