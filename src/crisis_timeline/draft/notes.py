"""`draft:` notes: the marks `crisis draft` leaves on every guess, which a reviewer removes.

The loader calls `unreviewed` and refuses a file that still carries one, unless told to accept
the draft as it stands (then `without_notes` drops them before the file is checked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

NOTE = "draft"
"""The key of a note, on the source, an actor, a fact or an evidence item."""


def _places(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping that may carry a note, with how an error names it."""
    if isinstance(doc.get("source"), dict):
        yield "source", doc["source"]
        yield from _evidence("source", doc["source"])
    for section, label in (("actors", "actor"), ("facts", "fact")):
        items = doc.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                key = item.get("key")
                name = f"{label} {key!r}" if isinstance(key, str) else f"{label} #{i + 1}"
                yield name, item
                yield from _evidence(name, item)


def _evidence(name: str, item: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    evidence = item.get("evidence")
    for j, ev in enumerate(evidence if isinstance(evidence, list) else []):
        if isinstance(ev, dict):
            yield f"{name}: evidence[{j}]", ev


def unreviewed(doc: dict[str, Any]) -> str | None:
    """Where the first `draft:` note of a fixture document is (e.g. "fact 'x': draft"), or None."""
    return next((f"{name}: {NOTE}" for name, place in _places(doc) if NOTE in place), None)


def without_notes(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with every `draft:` note dropped (the input is not changed)."""
    out: dict[str, Any] = _copy(doc)
    for _name, place in _places(out):
        place.pop(NOTE, None)
    return out


def _copy(value: Any) -> Any:
    """A copy of the mappings and lists (the leaves are shared; they are not changed)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def refusal(path: str, doc: dict[str, Any]) -> str | None:
    """The loader's one-line refusal of a document with unreviewed notes, or None."""
    where = unreviewed(doc)
    if where is None:
        return None
    return (
        f"{path}: {where}: unreviewed draft note; check the guess and delete the note, "
        "or load with --accept-draft"
    )
