"""The typed payloads the folds dispatch on, decoded once per event, and the event models
imported at a fold's first use (a command that only reads the views never loads them)."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

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
    from crisis_timeline.events import registry

    payload = registry.trusted(event.type, event.schema_version, event.data)
    if len(_DECODED) >= _KEPT:
        _DECODED.clear()
    _DECODED[id(event)] = (event, payload)
    return payload


class Lazily(ModuleType):
    """A module imported at the first read of one of its names (then kept as an attribute)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)

    def __getattr__(self, attr: str) -> Any:
        value = getattr(importlib.import_module(self.__name__), attr)
        setattr(self, attr, value)
        return value
