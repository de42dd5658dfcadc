"""Candidate facts, one per statement, each with its quote, attribution, type, times and numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crisis_timeline.draft import classify
from crisis_timeline.draft.actors import Cast, slug
from crisis_timeline.draft.attribution import Statement, statements
from crisis_timeline.draft.meetings import Meeting, Meetings
from crisis_timeline.draft.sentences import Span, clauses, sentences
from crisis_timeline.draft.timex import Mention, mentions

_SPLIT = re.compile(r",\s*(?=followed by\b|following\b|and (?:a|an)\s)")
_CONFIDENCE = ("low", "medium", "high")
Kind = Callable[["Builder", "Candidate", str, list[Mention], classify.Guess], bool]
"""Fills a candidate of one type; False when the statement joined an earlier fact instead."""


@dataclass
class Candidate:
    """A fact of the draft before it is written out."""

    type: str
    quote: Span
    statement: Statement
    data: dict[str, Any] = field(default_factory=dict)
    occurred: dict[str, Any] | None = None
    why: list[str] = field(default_factory=list)
    confidence: str = "high"
    stream: str = ""
    meeting: Meeting | None = None
    joined: list[Candidate] = field(default_factory=list)
    """Statements taken as speaking of the same thing: more evidence for this fact."""
    into: Candidate | None = None
    """The fact this statement was joined to, if it was."""

    def note(self, why: str, confidence: str) -> None:
        """Add a reason, lowering the confidence to the weakest guess."""
        self.why.append(why)
        self.confidence = min(self.confidence, confidence, key=_CONFIDENCE.index)


class Builder:
    """Walks the text's sentences and collects candidate facts."""

    def __init__(self, text: str, published: date, cast: Cast, kinds: dict[str, Kind]) -> None:
        self.text, self.published, self.cast, self.kinds = text, published, cast, kinds
        self.meetings = Meetings()
        self.facts: list[Candidate] = []
        self.claims: dict[tuple[int, int], str] = {}
        self._sentence = Span(0, 0, "")
        self._main: Candidate | None = None
        """The fact of the last sentence's statement: a picture credit after it credits that."""

    def build(self) -> list[Candidate]:
        """Every candidate fact of the text, in text order."""
        for sentence in sentences(self.text):
            self._sentence = sentence
            found = statements(sentence, self.cast)
            for st in found[1:]:
                self._statement(st, st.span)
            main = found[0]
            for piece in self._pieces(main, found[1:]):
                self._statement(main, piece, [s.span for s in found[1:]])
        self.meetings.name_streams(self.published)
        for fact in self.facts:
            if fact.meeting is not None:
                fact.stream = fact.meeting.stream
        return sorted(self.facts, key=lambda f: (f.quote.start, -f.quote.end))

    def _pieces(self, st: Statement, embedded: list[Statement]) -> list[Span]:
        parts = clauses(st.span, _SPLIT)
        dated = [p for p in parts if classify.meeting_kind(p.text) and self._values(p)]
        if len(dated) >= 2:
            return parts
        context = [
            i for i, p in enumerate(parts) if i and p.text.startswith("following") and self._past(p)
        ]
        if context:
            i = context[0]
            return [
                st.span.sub(0, parts[i - 1].end - st.span.start),
                st.span.sub(parts[i].start - st.span.start, len(st.span.text)),
            ]
        return [st.span]

    def _values(self, span: Span) -> list[Mention]:
        return [
            m for m in mentions(span, self.published) if m.value is not None or m.clock is not None
        ]

    def _past(self, span: Span) -> bool:
        return any(
            m.value and m.value[:4].isdigit() and int(m.value[:4]) < self.published.year
            for m in self._values(span)
        )

    def _statement(
        self, st: Statement, piece: Span, masked: tuple[Span, ...] | list[Span] = ()
    ) -> None:
        if st.speaker:
            self.cast.use(st.speaker)
        text = _mask(piece, masked)
        times = [
            m
            for m in self._values(piece)
            if not any(s.start <= m.span.start < s.end for s in masked)
        ]
        past = any(_before(m, self.published) for m in times)
        future = any(
            m.value and not _before(m, self.published) and m.value[:10] > self.published.isoformat()
            for m in times
        )
        if st.why.startswith("photo credit") and self._main is not None:
            self._main.joined.append(
                Candidate(
                    self._main.type, piece, st, why=["", f"the credit of the picture: {st.why}"]
                )
            )
            return
        guess = classify.guess(
            text, st.modality_hint, past, future, classify.meeting_kind(self._sentence.text)
        )
        fact = Candidate(guess.type, piece, st)
        fact.note(f"type {guess.type}: {guess.why}", guess.confidence)
        fact.note(f"attribution {st.attribution}: {st.why}", st.confidence)
        build = self.kinds.get(guess.type) or self.kinds["ClaimMade"]
        if build(self, fact, text, times, guess):
            self.facts.append(fact)
        if st.span == self._sentence:
            self._main = fact.into or fact
        if guess.type == "MeetingScheduled" and classify.agenda(text):
            agenda = Candidate("MeetingAgendaReported", piece, st)
            agenda.note("type MeetingAgendaReported: the topics of the meeting", "medium")
            if self.kinds["MeetingAgendaReported"](self, agenda, text, times, guess):
                self.facts.append(agenda)

    def about(self, text: str, start: int, exclude: str | None = None) -> list[str]:
        """The keys of the actors named in text (offsets from start), each once, less one."""
        keys: list[str] = []
        for m in self.cast.mentions(text, start):
            if (
                m.key != exclude
                and m.key not in keys
                and not (m.adjective and self.cast.actors[m.key].kind != "state")
            ):
                keys.append(m.key)
        return keys


def _before(m: Mention, published: date) -> bool:
    return m.value is not None and m.value[:1].isdigit() and m.value[:10] < published.isoformat()


def _mask(piece: Span, masked: tuple[Span, ...] | list[Span]) -> str:
    chars = list(piece.text)
    for s in masked:
        for i in range(max(s.start, piece.start), min(s.end, piece.end)):
            chars[i - piece.start] = " "
    return "".join(chars)


def merge(facts: list[Candidate], meeting: Meeting, fact: Candidate) -> None:
    """Add this statement's quote to the fact that already holds the meeting."""
    for other in facts:
        if other.meeting is meeting and other.type in ("MeetingScheduled", "MeetingHeld"):
            other.joined.append(fact)
            fact.into = other
            other.note(f"also {fact.quote.text[:50]!r}… taken as the same {meeting.kind}", "medium")
            return


def at_cue(times: list[Mention], cue: Span | None) -> Mention | None:
    """The time at the words saying who spoke ("said on Tuesday", "a report over the weekend")."""
    if cue is None:
        return None
    return next((m for m in times if cue.start <= m.span.start <= cue.end + 4), None)


def statement_words(quote: Span, st: Statement) -> str:
    """What was said: the quote less the words saying who said it, as a sentence."""
    text = quote.text
    cue = st.cue
    if (
        cue is not None
        and cue.start <= quote.start + 2
        and st.attribution != "unattributed"
        and cue.end < quote.end - 1
    ):
        text = text[cue.end - quote.start :]
    elif cue is not None and cue.start > quote.start:
        text = text[: cue.start - quote.start]
    text = re.sub(r"^(?:that|,)\s+", "", text.strip(' ,“”"')).strip(" ,")
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else quote.text


def new_stream(family: str, words: str, facts: list[Candidate]) -> str:
    """A stream id from the first words of a statement, not yet used by the draft."""
    base = f"{family}/{slug(' '.join(words.split()[:7]))}"
    taken = {f.stream for f in facts}
    stream, n = base, 2
    while stream in taken:
        stream, n = f"{base}-{n}", n + 1
    return stream
