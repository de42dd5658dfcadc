"""What every view's fold shares: the row it produces, knowledge order, corrections.

The event models are imported where a fold runs, never at import: reading the views
(queries.py, the view modules' descriptions) does not load them."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from crisis_timeline.errors import ValidationError
from crisis_timeline.projections.payloads import time_json
from crisis_timeline.timepoints import format_instant

if TYPE_CHECKING:
    from crisis_timeline import events as _events
    from crisis_timeline import time as _time
    from crisis_timeline.events.envelope import Event
    from crisis_timeline.time import PartialTime
else:  # the event models (and pydantic) load when a fold first runs (projections/payloads.py)
    from crisis_timeline.projections.payloads import Lazily

    _events = Lazily("crisis_timeline.events")
    _time = Lazily("crisis_timeline.time")


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


Fold = Callable[[Sequence["Event"]], list[Row]]
RowOf = Callable[["Event"], "Row | None"]
CORRECTIONS = frozenset({"EventCorrected", "EventRetracted"})


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
    registry = _events.registry
    current = registry.payload_class(event.type).schema_version
    if event.schema_version == current:
        return event
    data = registry.upcast(event.type, event.schema_version, event.data)
    return event.model_copy(update={"data": data, "schema_version": current})


class FoldWarning(UserWarning):
    """A stored event a view cannot take, left out of it; one line naming the event and position."""


def effective(events: Sequence[Event]) -> list[Event]:
    """Apply corrections and retractions: what still stands, with corrected data.

    Each correction is applied in turn and the corrected data validated as its event's type; a
    correction that does not validate (stored before the loader checked corrections, or through
    the store's API) is left out with a FoldWarning, so the rest of the stream still stands."""
    if not has_corrections(events):  # most streams: nothing to apply
        return list(events)
    retracted = {e.data["retracts"] for e in events if e.type == "EventRetracted"}
    corrections: dict[str, list[Event]] = {}
    for e in events:
        # A retracted correction no longer stands, so it changes nothing.
        if e.type == "EventCorrected" and str(e.id) not in retracted:
            corrections.setdefault(str(e.data["corrects"]), []).append(e)
    out = []
    for e in events:
        key = str(e.id)
        if e.type in CORRECTIONS or key in retracted:
            continue
        for correction in corrections.get(key, ()):
            e = _corrected(e, correction)
        out.append(e)
    return out


def _corrected(event: Event, correction: Event) -> Event:
    """The event with the correction's changes applied, or as it was if they do not validate."""
    from crisis_timeline.events import registry

    changes = correction.data.get("changes")
    try:
        if not isinstance(changes, dict):
            raise ValidationError("changes: not a mapping")
        data = registry.normalise(event.type, event.schema_version, {**event.data, **changes})
    except ValidationError as e:
        why = str(e).removeprefix(f"{event.type}: ").replace("Value error, ", "")
        warnings.warn(
            FoldWarning(
                f"event {correction.id} (position {correction.position}, "
                f"EventCorrected in {correction.stream}) does not apply to event {event.id} "
                f"({event.type}): {why}; the views leave the correction out"
            ),
            stacklevel=2,
        )
        return event
    return event.model_copy(update={"data": data})


def per_event(row_of: RowOf) -> Fold:
    """The fold of a one-row-per-event view: each standing event's row."""

    def fold(events: Sequence[Event]) -> list[Row]:
        return [row for e in effective(events) if (row := row_of(e)) is not None]

    return fold


def has_corrections(events: Iterable[Event]) -> bool:
    """Does any of these events correct or retract another?"""
    for e in events:  # a loop, not any() over a generator: it runs for every fold
        if e.type in CORRECTIONS:
            return True
    return False


def partial(value: Any) -> PartialTime | None:
    """A partial time from its JSON form (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dict) and "value" not in value:  # the stored JSON form
        return _time.partial_from_json(value)
    return _time.PartialTime.model_validate(value)


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


def first_start(events: Sequence[Event]) -> datetime:
    """When the entity was first reported: what its `first_reported` says, as the sort column."""
    return min(e.reported.start for e in events if e.reported.start is not None)


def attribution_of(event: Event) -> str | None:
    """How the event's first evidence attributes it ('named', 'anonymous', …)."""
    return event.evidence[0].attribution.value if event.evidence else None


def response(event: Event, by: str | None, statement: str | None) -> dict[str, Any]:
    """A response to an entity (a dispute, an answer: by whom, saying what) as its row shows it."""
    return {
        "by": by,
        "statement": statement,
        "source": event.evidence[0].source if event.evidence else None,
        "attribution": attribution_of(event),
        "reported": time_json(event.reported),
    }


def union(old: list[Any], new: Sequence[Any]) -> list[Any]:
    """old, then what new adds to it, in order, each value once (two facts may both name it)."""
    out = list(old)
    for v in new:
        if v not in out:
            out.append(v)
    return out
