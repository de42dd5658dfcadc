"""The sources view: every outlet's document as registered, with its date, URL and rating."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, effective, partial
from crisis_timeline.projections.view import View
from crisis_timeline.time import partial_json as time_json

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event

KEYS = ("publisher", "title", "byline", "dateline", "url", "language", "sha256", "retrieved")


def source_rows(events: Sequence[Event]) -> list[Row]:
    """The source as registered (corrections applied), by publication time."""
    registered = next((e for e in effective(events) if e.type == "SourceRegistered"), None)
    if registered is None:
        return []
    d = registered.data
    published = partial(d["published"])
    assert published is not None
    row: dict[str, Any] = {
        "id": registered.stream,
        **{k: d.get(k) for k in KEYS},
        "published": time_json(published),
        "rating": d["rating"],
    }
    return [Row(row["id"], row, sort_at=published.start, status=d["rating"]["reliability"])]


VIEW = View(
    "sources",
    frozenset({"source"}),
    source_rows,
    title="title",
    columns=(
        "id",
        "publisher",
        "title",
        "byline",
        "dateline",
        "published",
        "url",
        "language",
        "sha256",
        "retrieved",
        "rating",
    ),
    table_columns=("id", "published", "publisher", "rating", "url", "title"),
)
