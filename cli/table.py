"""Tables for people: stored text shown as text (never markup, control and bidi characters
escaped), ids and times never cut, long text cut at a word; streamed in blocks of rows."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from rich.cells import cell_len

TEXT_COLUMNS = frozenset(
    {
        "title",
        "statement",
        "summary",
        "description",
        "demand",
        "name",
        "size_text",
        "location",
        "source_title",
        "publisher",
        "size",
    }
)
"""Columns of words, which may be cut to fit the width; every other column (ids, times,
statuses, numbers, URLs) is shown whole."""
GAP = "  "
INDENT = "    "
MIN_TEXT = 12
BLOCK = 100
"""Rows laid out at a time: the first block sets the widths; later ones only widen ids and times."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SEPARATORS = {"Zl", "Zp"}


def escaped(text: str) -> str:
    """The text with control, format (bidi, zero-width) and separator characters written as
    escapes (\\x1b, \\u202e), so that stored text cannot move the cursor or reorder a line."""
    if text.isprintable() and text.isascii():
        return text
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    category = unicodedata.category(ch)
    if category not in ("Cc", "Cf", "Cs") and category not in _SEPARATORS:
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def escaped_doc(value: Any) -> Any:
    """Every string inside a JSON-like document escaped (for text output made from it)."""
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, dict):
        return {k: escaped_doc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escaped_doc(v) for v in value]
    return value


def cut(text: str, width: int) -> str:
    """The text in at most `width` cells: whole, or cut after a word with an ellipsis."""
    if cell_len(text) <= width:
        return text
    words, out = text.split(" "), ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if cell_len(candidate) > width - 1:
            break
        out = candidate
    if not out:  # one word longer than the column: cut inside it
        while cell_len(out + text[len(out)]) <= width - 1:
            out += text[len(out)]
    return out.rstrip(" ,;:") + "…"


def lines(
    rows: Iterable[dict[str, str]], columns: Sequence[str], width: int | None
) -> Iterator[str]:
    """The table's lines: a header, then the rows; `width` None shows every cell whole."""
    it = iter(rows)
    block = list(islice(it, BLOCK))
    if not block:
        yield "(no rows)"
        return
    widths = _natural(block, columns, {c: cell_len(c) for c in columns})
    fixed = [c for c in columns if c not in TEXT_COLUMNS]
    if width is not None and _stacked(widths, columns, width):
        yield from _stacked_lines(
            block, it, fixed, [c for c in columns if c in TEXT_COLUMNS], width
        )
        return
    widths = _fit(widths, columns, width)
    yield _line({c: c for c in columns}, columns, widths)
    while block:
        if width is None:
            widths = _natural(block, columns, widths)
        else:
            grown = _natural(block, [c for c in columns if c not in TEXT_COLUMNS], widths)
            widths = {**widths, **{c: w for c, w in grown.items() if c not in TEXT_COLUMNS}}
        for row in block:
            yield _line(row, columns, widths, cutting=width is not None)
        block = list(islice(it, BLOCK))


def _stacked(widths: dict[str, int], columns: Sequence[str], width: int) -> bool:
    """Do ids and times leave too little room for the words beside them?"""
    texts = [c for c in columns if c in TEXT_COLUMNS]
    fixed = sum(widths[c] for c in columns if c not in TEXT_COLUMNS) + len(GAP) * (len(columns) - 1)
    return bool(texts) and width - fixed < 2 * MIN_TEXT * len(texts)


def _stacked_lines(
    block: list[dict[str, str]],
    rest: Iterator[dict[str, str]],
    fixed: Sequence[str],
    texts: Sequence[str],
    width: int,
) -> Iterator[str]:
    """Ids and times on a row's first line, each column of words on a line of its own below it."""
    widths = _natural(block, fixed, {c: cell_len(c) for c in fixed})
    yield _line({c: c for c in fixed}, fixed, widths)
    yield INDENT + GAP.join(texts)
    while block:
        widths = _natural(block, fixed, widths)
        for row in block:
            yield _line(row, fixed, widths)
            yield from (
                INDENT + cut(row[c], max(width - len(INDENT), MIN_TEXT)) for c in texts if row[c]
            )
        block = list(islice(rest, BLOCK))


def _natural(
    block: list[dict[str, str]], columns: Sequence[str], start: dict[str, int]
) -> dict[str, int]:
    widths = dict(start)
    for row in block:
        for c in columns:
            widths[c] = max(widths[c], cell_len(row[c]))
    return widths


def _fit(widths: dict[str, int], columns: Sequence[str], width: int | None) -> dict[str, int]:
    """Shrink the text columns (never below MIN_TEXT or their header) until the line fits."""
    texts = [c for c in columns if c in TEXT_COLUMNS]
    total = sum(widths.values()) + len(GAP) * (len(columns) - 1)
    if width is None or total <= width or not texts:
        return widths
    room = width - (total - sum(widths[c] for c in texts))
    out = dict(widths)
    pending = sorted(texts, key=lambda c: widths[c])
    while pending:
        share = room // len(pending)
        c = pending.pop(0)
        out[c] = (
            max(min(widths[c], share), MIN_TEXT, cell_len(c)) if widths[c] > share else widths[c]
        )
        room -= out[c]
    return out


def _line(
    row: dict[str, str], columns: Sequence[str], widths: dict[str, int], cutting: bool = False
) -> str:
    cells = []
    for i, c in enumerate(columns):
        text = cut(row[c], widths[c]) if cutting and c in TEXT_COLUMNS else row[c]
        last = i == len(columns) - 1
        cells.append(text if last else text + " " * max(widths[c] - cell_len(text), 0))
    return GAP.join(cells).rstrip()
