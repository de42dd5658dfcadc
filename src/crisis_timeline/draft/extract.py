"""Reading a saved article: plain text as it is, HTML through trafilatura (main text, metadata)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from crisis_timeline.errors import CrisisError

_HTML = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|meta|title|div|p)\b",
    re.I | re.S,
)
_MIN_WORDS = 5
"""A text with no line of at least this many words holds no article (a menu, a cookie notice)."""


class DraftError(CrisisError):
    """An input `crisis draft` cannot turn into a draft; nothing was written."""


@dataclass(frozen=True)
class Article:
    """The text to quote and what the file says about it."""

    text: str
    is_html: bool
    title: str | None = None
    byline: tuple[str, ...] = ()
    published: str | None = None
    """As the page gives it: an ISO date or date-time, or None."""
    publisher: str | None = None
    url: str | None = None


def read_article(path: Path) -> Article:
    """Read FILE as an article; DraftError naming the file and what is wrong."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise DraftError(f"{path}: cannot read: {e.strerror}") from None
    if not raw.strip():
        raise DraftError(f"{path}: empty file")
    if b"\x00" in raw:
        raise DraftError(f"{path}: a binary file, not text or HTML")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DraftError(
            f"{path}: not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); "
            "convert it first, e.g. iconv -t UTF-8"
        ) from None
    article = (
        _from_html(decoded)
        if _HTML.match(decoded)
        else Article(text=_plain(decoded), is_html=False)
    )
    if not _has_prose(article.text):
        what = "HTML page with no article text" if article.is_html else "text with no sentences"
        raise DraftError(f"{path}: {what} (no line of {_MIN_WORDS} words or more)")
    return article


def _plain(text: str) -> str:
    """Plain text as the loader reads it back (universal line ends, no byte-order mark): quotes are
    offsets into it, and its sha256 is the one the loader checks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def _has_prose(text: str) -> bool:
    return any(len(line.split()) >= _MIN_WORDS for line in text.splitlines())


def _from_html(html: str) -> Article:
    """Main text and metadata of a saved page."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            "original_date": True,
            "extensive_search": False,
        },
    )
    if doc is None or isinstance(doc, dict) or not doc.text:
        return Article(text="", is_html=True)
    byline = tuple(a.strip() for a in re.split(r";|\band\b", doc.author or "") if a.strip())
    return Article(
        text=doc.text.strip() + "\n",
        is_html=True,
        title=doc.title or None,
        byline=byline,
        published=doc.date or None,
        publisher=doc.sitename or None,
        url=doc.url or None,
    )
