"""Meetings spoken of in several sentences become one: "Biden, Putin to hold second call", "…set to
speak on Thursday", "The call … is scheduled to take place at 3:30 p.m. ET (2030 GMT)"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crisis_timeline.draft.timex import Mention
from crisis_timeline.time import PRECISION_RANK, parse_partial

_DEFINITE = re.compile(
    r"^(?:the|this|that)\s+(?:\w+\s+)?(?:call|talks|meeting|session|conference|summit)\b", re.I
)


@dataclass
class Meeting:
    """One meeting of the draft: what it is and the best time the text gives for it."""

    kind: str
    participants: list[str]
    names: list[str]
    status: str
    value: str | None = None
    words: list[str] = field(default_factory=list)
    whys: list[str] = field(default_factory=list)
    clock: Mention | None = None
    stream: str = ""

    def title(self) -> str:
        """A short title: "Biden-Putin call"."""
        return f"{'-'.join(self.names) or 'unnamed'} {self.kind.replace('_', ' ')}".strip()

    def time(self, published: date) -> dict[str, Any]:
        """The scheduled or held time as `{value, text}`; the publication day onward if none."""
        value = self.value
        if self.clock is not None:
            day = date.fromisoformat(value[:10]) if value and len(value) == 10 else published
            value = self.clock.on_day(day)
        if value is None:
            return {
                "value": f"after {date.fromordinal(published.toordinal() - 1).isoformat()}",
                "text": None,
            }
        return {"value": value, "text": " … ".join(self.words) or None}

    def take(self, times: list[Mention]) -> None:
        """Keep the most precise time of those given (a clock time waits for its day)."""
        for m in times:
            if m.clock is not None:
                self.clock = self.clock or m
                self.words.append(m.span.text)
                self.whys.append(m.why)
            elif m.value is not None and _finer(m.value, self.value):
                self.value = m.value
                self.words = [w for w in self.words if self.clock and w == self.clock.span.text] + [
                    m.span.text
                ]
                self.whys.append(m.why)


def _finer(new: str, old: str | None) -> bool:
    if old is None:
        return True
    a, b = parse_partial(new), parse_partial(old)
    inside = (
        a.start is not None
        and b.start is not None
        and b.start <= a.start
        and a.end is not None
        and b.end is not None
        and a.end <= b.end
    )
    return inside and PRECISION_RANK[a.precision] >= PRECISION_RANK[b.precision] and a != b


class Meetings:
    """The meetings found so far, in order."""

    def __init__(self) -> None:
        self.all: list[Meeting] = []
        self.recent: Meeting | None = None

    def find(self, text: str, kind: str, participants: list[str], status: str) -> Meeting | None:
        """The meeting these words speak of again, if they do."""
        found = None
        if _DEFINITE.match(text.strip()) or not participants:
            same = [m for m in self.all if m.kind == kind] or self.all
            found = same[-1] if same else None
        for m in reversed(self.all if found is None else []):
            if m.kind == kind and set(m.participants) == set(participants) and m.status == status:
                found = m
                break
        self.recent = found or self.recent
        return found

    def last(self) -> Meeting | None:
        """The meeting spoken of most recently."""
        return self.recent

    def add(self, meeting: Meeting) -> Meeting:
        """Record a new meeting."""
        self.all.append(meeting)
        self.recent = meeting
        return meeting

    def name_streams(self, published: date) -> None:
        """Give each meeting its stream id, from participants, kind and day."""
        seen: set[str] = set()
        for m in self.all:
            when = m.time(published)["value"]
            day = when[:10] if when[:1].isdigit() else "undated"
            base = "-".join([*(n.lower() for n in m.names), m.kind.replace("_", "-"), day])
            stream, n = f"meeting/{_slug(base)}", 2
            while stream in seen:
                stream, n = f"meeting/{_slug(base)}-{n}", n + 1
            seen.add(stream)
            m.stream = stream


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace(".", "")).strip("-")
