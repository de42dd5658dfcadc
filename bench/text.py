"""A source's synthetic text, built sentence by sentence so that every quote occurs in it once.

Where a quote cannot be made unique (its words contain an earlier quote, say), its evidence gets
an explicit span, as a hand-written fixture would; `Draft.spans_given` counts those cases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from bench.names import Actor

QUALIFIERS = (
    "officials added",
    "the statement said",
    "according to the account",
    "as the report put it",
    "people present said",
    "the briefing noted",
    "it was reported",
    "sources stressed",
)
ADVERBS = ("reportedly", "also", "again", "separately", "now", "meanwhile", "indeed", "earlier")
FILLER = (
    "The situation remained tense along the line of contact.",
    "Markets in the region were volatile through the session.",
    "Diplomats described the mood as cautious.",
    "Independent verification was not immediately possible.",
    "Residents reported long queues at fuel stations.",
    "The latest developments followed weeks of mounting pressure.",
    "Analysts cautioned against reading too much into the timing.",
    "Neither side published a full transcript.",
)


class Draft:
    """Sentences of one source, and the evidence entries quoting them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.spans_given = 0
        self._parts: list[str] = []
        self._length = 0
        self._quotes: list[str] = []
        self._placed: list[tuple[dict[str, Any], int]] = []

    def quote(self, words: str, attribution: str, who: Actor | None) -> dict[str, Any]:
        """Put `words` (varied until unique) into a sentence; return the evidence entry for it."""
        text = self._joined()
        for _ in range(4):  # the frame may name an actor whose description is an earlier quote
            lead, tail = _frame(self.rng, attribution, who)
            quote = next(
                (v for v in _variants(words) if self._fits(text, v, f"{lead}{v}{tail}")), ""
            )
            if quote:
                break
        quote = quote or words
        at = self._add(f"{lead}{quote}{tail}") + len(lead)
        self._quotes.append(quote)
        evidence: dict[str, Any] = {"quote": quote, "attribution": attribution}
        if who is not None:
            evidence["attributed_to"] = who.id
        self._placed.append((evidence, at))
        return evidence

    def filler(self) -> None:
        """A sentence that carries no fact (sources are more than their quotes)."""
        sentence = self.rng.choice(FILLER)
        if not any(q in sentence for q in self._quotes) and sentence not in self._joined():
            self._add(sentence)

    def text(self) -> str:
        """The finished text; quotes that still occur more than once get their span."""
        text = self._joined()
        for evidence, at in self._placed:
            quote = evidence["quote"]
            if "span" not in evidence and _count(text, quote) > 1:
                evidence["span"] = [at, at + len(quote)]
                self.spans_given += 1
        return text

    def _joined(self) -> str:
        return "".join(self._parts)

    def _fits(self, text: str, quote: str, sentence: str) -> bool:
        if quote in text or _count(sentence, quote) != 1:
            return False
        return not any(q in sentence for q in self._quotes)

    def _add(self, sentence: str) -> int:
        """Append a sentence; return its offset in the text."""
        n = len(self._parts)
        gap = "" if n == 0 else ("\n\n" if n % 6 == 0 else " ")
        self._parts.append(gap + sentence)
        at = self._length + len(gap)
        self._length += len(gap) + len(sentence)
        return at


def _variants(words: str) -> Iterator[str]:
    """The words as given, then with a closing qualifier, then with a word slipped in (which breaks
    the old words apart, so the variant no longer contains them)."""
    yield words
    yield from (f"{words}, {q}" for q in QUALIFIERS)
    parts = words.split(" ")
    for i in range(1, min(len(parts), 6)):
        yield from (" ".join(parts[:i] + [adverb] + parts[i:]) for adverb in ADVERBS)


def _count(text: str, part: str) -> int:
    """Occurrences of part in text, overlapping ones included."""
    n, at = 0, text.find(part)
    while at != -1:
        n, at = n + 1, text.find(part, at + 1)
    return n


def _frame(rng: random.Random, attribution: str, who: Actor | None) -> tuple[str, str]:
    name = who.name if who is not None else ""
    if attribution == "named":
        return rng.choice(
            (
                (f"{name} said ", "."),
                ("", f", {name} said."),
                (f"In a statement, {name} said ", "."),
            )
        )
    if attribution == "anonymous":
        return rng.choice(((f"According to {name}, ", "."), ("", f", said {name}.")))
    if attribution == "unattributed":
        return rng.choice(("There were reports that ", "Unconfirmed reports said ")), "."
    return rng.choice((("", "."), ("", ", the outlet reported.")))
