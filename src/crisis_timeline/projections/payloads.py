"""The typed payloads the folds dispatch on, decoded once per event, and the event models
imported at a fold's first use (a command that only reads the views never loads them)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event
    from crisis_timeline.events.registry import Payload

_DECODED: dict[int, tuple[Event, Payload]] = {}
_KEPT = 8192
"""Events whose payload is kept: a fold sees each event of a stream once per knowledge time."""


def payload_of(event: Event) -> Payload:
    """The event's payload as its typed class, upcast, without validating it again."""
    # Keyed by the object: holding the event keeps its id from being reused while kept.
    found = _DECODED.get(id(event))
    if found is not None and found[0] is event:
        return found[1]
    payload = _events.registry.trusted(event.type, event.schema_version, event.data)
    if len(_DECODED) >= _KEPT:
        _DECODED.clear()
    _DECODED[id(event)] = (event, payload)
    return payload


T = TypeVar("T")


class Lazily(ModuleType):
    """A module imported at the first read of one of its names.

    Then it takes the module's names and becomes a plain module: a subclass's attribute reads
    go through a slower hook, and the folds read these names (class patterns) per event."""

    def __init__(self, name: str) -> None:
        super().__init__(name)

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self.__name__)
        self.__dict__.update(vars(module))
        self.__class__ = ModuleType  # type: ignore[assignment]
        return getattr(module, attr)


if TYPE_CHECKING:
    from crisis_timeline import events as _events
    from crisis_timeline import time as _time
    from crisis_timeline.time import PartialTime
else:
    _events = Lazily("crisis_timeline.events")
    _time = Lazily("crisis_timeline.time")  # the PartialTime model: pydantic


def time_json(pt: PartialTime) -> dict[str, Any]:
    """A partial time's JSON form (time.partial_json); the model is imported at a fold's first
    use, not by a command that only reads the views."""
    return _time.partial_json(pt)


def once_per_event(fn: Callable[[Event], T]) -> Callable[[Event], T]:
    """`fn` of an event, computed once per event object (a one-row-per-event view's row: its
    stream is folded again at each knowledge time, and the row of an event does not change)."""
    kept: dict[int, tuple[Event, T]] = {}

    def remembered(event: Event) -> T:
        found = kept.get(id(event))
        if found is not None and found[0] is event:
            return found[1]
        value = fn(event)
        if len(kept) >= _KEPT:
            kept.clear()
        kept[id(event)] = (event, value)
        return value

    return remembered
