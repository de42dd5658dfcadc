"""The peer's domain model (imported only when the `eventsourcing` library is installed).

One aggregate per stream of the corpus; its first event opens it, each later one is recorded
on it. Module-level classes, so the library can resolve their topics when it reads them back.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

NAMESPACE = UUID("0b9e3f3c-1f55-4c59-8d0f-2d1a4c3b5e77")


class StreamAggregate(Aggregate):
    """A stream of the crisis (a meeting, a claim, ...) as an eventsourcing aggregate."""

    @staticmethod
    def create_id(stream: str, fact: dict[str, Any]) -> UUID:
        return uuid5(NAMESPACE, stream)

    @event("Opened")
    def __init__(self, stream: str, fact: dict[str, Any]) -> None:
        self.stream = stream
        self.facts = 1

    @event("Recorded")
    def record(self, fact: dict[str, Any]) -> None:
        self.facts += 1


class CrisisPeer(Application[UUID]):
    """The peer application: sections of 1000 notifications for reading the log back."""

    log_section_size = 1000
