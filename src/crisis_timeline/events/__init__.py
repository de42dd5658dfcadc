"""The vocabulary: the envelope, the payload registry and the payload types."""

from crisis_timeline.events.envelope import Attribution, Event, Evidence, NewEvent
from crisis_timeline.events.registry import Payload, Registry, registry

__all__ = ["Attribution", "Event", "Evidence", "NewEvent", "Payload", "Registry", "registry"]
