"""Exports: the views in formats other tools read (iCalendar, TimelineJS, PROV-JSON, PLOVER).

Each format is a module with one function from the store at a moment (`views.At`) to the
bytes of the document, and what it left out, to be said on stderr. Every export is a pure
function of what was known at that moment: the same bytes on SQLite and PostgreSQL, whatever
the order the sources were loaded in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """An exported document and a note on what it left out ('' when nothing)."""

    content: bytes
    left_out: str = ""
