"""Finding a quote's code-point offsets in a source text."""

from __future__ import annotations

import hashlib


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
            raise ValueError(f"span [{start}, {end}] does not hold the quote ({_near(text, quote, start)})")
        return span
    starts = occurrences(text, quote)
    if not starts:
        raise ValueError("not found in source text")
    if len(starts) > 1:
        raise ValueError(f"found {len(starts)} times in source text (at {starts}); give its span")
    return starts[0], starts[0] + len(quote)


def _near(text: str, quote: str, start: int) -> str:
    """Where the quote is instead, without showing any of the text (it may be anything)."""
    if start < 0 or start > len(text):
        return f"the text has {len(text)} characters"
    starts = occurrences(text, quote)
    return f"the quote is at {starts}" if starts else "the quote is not in the text"
