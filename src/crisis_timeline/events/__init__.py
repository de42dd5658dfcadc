"""The vocabulary: the envelope, the payload registry and the payload types.

Importing this package registers every payload type in `registry`.
"""

from crisis_timeline.events import (
    actors,
    agreements,
    claims,
    coded,
    context,
    corrections,
    demands,
    forces,
    incidents,
    meetings,
    places,
    sanctions,
    sources,
)
from crisis_timeline.events.envelope import Attribution, Event, Evidence, NewEvent
from crisis_timeline.events.registry import Payload, Registry, registry

__all__ = [
    "Attribution",
    "Event",
    "Evidence",
    "NewEvent",
    "Payload",
    "Registry",
    "registry",
    "actors",
    "agreements",
    "claims",
    "coded",
    "context",
    "corrections",
    "demands",
    "forces",
    "incidents",
    "meetings",
    "places",
    "sanctions",
    "sources",
]
