"""The sources view: every outlet's document as registered, with its date, URL and rating."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import Row, effective
from crisis_timeline.projections.payloads import Lazily, payload_of, time_json
from crisis_timeline.projections.view import View

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from crisis_timeline.events import sources as ev
    from crisis_timeline.events.envelope import Event
else:
    ev = Lazily("crisis_timeline.events.sources")


def source_rows(events: Sequence[Event]) -> list[Row]:
    """The source as registered (corrections applied), by publication time."""
    facts = ((e, payload_of(e)) for e in effective(events))
    registered = next(((e, p) for e, p in facts if isinstance(p, ev.SourceRegistered)), None)
    if registered is None:
        return []
    e, p = registered
    row: dict[str, Any] = {
        "id": e.stream,
        "publisher": p.publisher,
        "title": p.title,
        "byline": list(p.byline),
        "dateline": p.dateline,
        "url": p.url,
        "language": p.language,
        "sha256": p.sha256,
        "retrieved": _instant_json(p.retrieved),
        "published": time_json(p.published),
        "rating": p.rating.model_dump(mode="json"),
    }
    reliability = p.rating.reliability.value
    return [Row(e.stream, row, sort_at=p.published.start, status=reliability)]


def _instant_json(value: datetime | None) -> str | None:
    """An instant in JSON as the store wrote it (pydantic's form)."""
    return None if value is None else str(_instants().dump_python(value, mode="json"))


@cache
def _instants() -> TypeAdapter[datetime]:
    from pydantic import TypeAdapter  # at a fold's first use, not by a read

    return TypeAdapter(datetime)


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
