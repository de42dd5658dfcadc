"""What every projection shares: the row it produces, knowledge order, corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crisis_timeline.events.envelope import Event
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime, format_instant, partial_from_json



@dataclass(frozen=True)
class Row:
    """One row of a view: its key, its JSON content, and what SQL sorts and filters on."""

    key: str
    content: dict[str, Any]
    sort_at: datetime | None = None
    sort_rank: int = 0
    status: str | None = None
    sort_until: datetime | None = None
    """Where a view asks what is still going on: when the row's world interval ends."""


Fold = Callable[[Sequence[Event]], list[Row]]
RowOf = Callable[[Event], "Row | None"]
CORRECTIONS = frozenset({"EventCorrected", "EventRetracted"})


@dataclass(frozen=True)
class Projection:
    """A read model: the stream families it folds, the event types it handles, its fold."""

    name: str
    families: frozenset[str] | None
    types: frozenset[str]
    fold: Fold
    """Rows of one stream from its visible events, given in knowledge order."""
    row_of: RowOf | None = None
    """For a view with one row per event: that row, from the event alone (corrections aside).

    Where a stream has no corrections, the runner then needs neither the stream's other
    events nor a fold: each event's row stands from its reported time on, unchanged."""

    def handles(self, stream: str) -> bool:
        """Does this projection keep rows for the stream?"""
        return self.families is None or stream.split("/", 1)[0] in self.families


def source_of(event: Event) -> str:
    """The source an event's evidence comes from ('' when it has none)."""
    return event.evidence[0].source if event.evidence else ""


def knowledge_key(event: Event) -> tuple[datetime, str, int]:
    """Knowledge order: reported, then the source's id, then order within the source.

    Within one source, position order is the fixture's order whatever else was loaded
    in between, so this order does not depend on the order sources were loaded in.
    """
    assert event.reported.start is not None
    return event.reported.start, source_of(event), event.position


def in_knowledge_order(events: Iterable[Event]) -> list[Event]:
    """Events upcast to the current schema versions, sorted by knowledge_key."""
    return sorted(map(upcast, events), key=knowledge_key)


def upcast(event: Event) -> Event:
    """The event with its data brought to the current schema version (the table keeps the old)."""
    current = registry.payload_class(event.type).schema_version
    if event.schema_version == current:
        return event
    data = registry.upcast(event.type, event.schema_version, event.data)
    return event.model_copy(update={"data": data, "schema_version": current})


def effective(events: Sequence[Event]) -> list[Event]:
    """Apply corrections and retractions: what still stands, with corrected data."""
    retracted = {e.data["retracts"] for e in events if e.type == "EventRetracted"}
    changes: dict[str, dict[str, Any]] = {}
    for e in events:
        # A retracted correction no longer stands, so it changes nothing.
        if e.type == "EventCorrected" and str(e.id) not in retracted:
            changes.setdefault(e.data["corrects"], {}).update(e.data["changes"])
    out = []
    for e in events:
        key = str(e.id)
        if e.type in ("EventCorrected", "EventRetracted") or key in retracted:
            continue
        if key in changes:
            e = e.model_copy(update={"data": {**e.data, **changes[key]}})
        out.append(e)
    return out


def per_event(row_of: RowOf) -> Fold:
    """The fold of a one-row-per-event view: each standing event's row."""

    def fold(events: Sequence[Event]) -> list[Row]:
        return [row for e in effective(events) if (row := row_of(e)) is not None]

    return fold


def has_corrections(events: Iterable[Event]) -> bool:
    """Does any of these events correct or retract another?"""
    return any(e.type in CORRECTIONS for e in events)


def partial(value: Any) -> PartialTime | None:
    """A partial time from its JSON form (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dict) and "value" not in value:  # the stored JSON form
        return partial_from_json(value)
    return PartialTime.model_validate(value)


def sources_of(events: Iterable[Event]) -> list[str]:
    """Distinct evidence sources, in first-seen order."""
    seen: dict[str, None] = {}
    for e in events:
        for ev in e.evidence:
            seen.setdefault(ev.source, None)
    return list(seen)


def first_reported(events: Sequence[Event]) -> str | None:
    """The earliest reported start among events, ISO 8601."""
    starts = [e.reported.start for e in events if e.reported.start is not None]
    return None if not starts else format_instant(min(starts))
