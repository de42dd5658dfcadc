"""What `crisis search` finds: the words of each fact and its quotes, and a user's words as phrases.

Both databases index the same folded text (`fold`): lower case, accents and punctuation gone,
words separated by single spaces. A user's words are folded the same way and searched as
phrases, so any text searches literally (no query syntax reaches the database) and SQLite and
PostgreSQL split it into the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crisis_timeline.errors import CrisisError

TEXT_KEYS = ("title", "statement", "summary", "demand")
"""The keys of an event's data whose words are searched beside its quotes."""
SUPERSEDING = {"EventCorrected": "corrects", "EventRetracted": "retracts"}
_WORD = re.compile(r"[^\W_]+")


class SearchError(CrisisError):
    """Words that cannot be searched for."""


@dataclass(frozen=True)
class Query:
    """Phrases that must all occur (in a fact's words or its quote), known at a moment."""

    phrases: tuple[str, ...]
    as_of: datetime | None = None
    recorded_before: datetime | None = None
    limit: int | None = None


def fold(text: str) -> str:
    """Lower-case words without accents or punctuation, separated by single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.casefold()))


def phrases(words: Sequence[str]) -> tuple[str, ...]:
    """Each argument as a folded phrase; an argument with no letter or digit is an error."""
    if not words:
        raise SearchError('give the words to search for, e.g. crisis search "10,000 troops"')
    found = []
    for word in words:
        phrase = fold(word)
        if not phrase:
            raise SearchError(f"{word!r} has no letters or digits to search for")
        found.append(phrase)
    return tuple(found)


def own_words(data: Mapping[str, Any]) -> str:
    """An event's titles and statements, in TEXT_KEYS order, one a line."""
    return "\n".join(v for k in TEXT_KEYS if isinstance(v := data.get(k), str) and v)


def entries(event: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows one stored event gives search_entries: one per evidence item (one for none).

    `event` holds the events table's columns, JSON ones decoded (data, evidence)."""
    changes = event["data"].get("changes") if event["type"] == "EventCorrected" else None
    words = "\n".join(
        filter(None, (own_words(event["data"]), own_words(changes or {})))
    )  # a correction's new words
    target = event["data"].get(SUPERSEDING.get(event["type"], ""))
    items: list[Mapping[str, Any]] = list(event["evidence"]) or [{}]
    for item, ev in enumerate(items):
        span = ev.get("span") or (None, None)
        yield {
            "position": event["position"],
            "item": item,
            "event_id": event["id"],
            "stream": event["stream"],
            "type": event["type"],
            "words": words,
            "quote": ev.get("quote"),
            "span_start": span[0],
            "span_end": span[1],
            "source": ev.get("source"),
            "attribution": ev.get("attribution"),
            "attributed_to": ev.get("attributed_to"),
            "reported": event["reported"],
            "reported_start": event["reported_start"],
            "recorded_at": event["recorded_at"],
            "supersedes": None if target is None else str(target),
            "document": fold(f"{words}\n{ev.get('quote') or ''}"),
        }
