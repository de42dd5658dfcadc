"""Every error the library raises on purpose shares one base class."""

from __future__ import annotations

from uuid import UUID


class CrisisError(Exception):
    """Base class: a user-facing problem with a one-line message."""


class ConfigError(CrisisError):
    """A database location or setting that cannot be used."""


class SchemaError(CrisisError):
    """The database is not at the schema this version of the program needs."""


class ValidationError(CrisisError):
    """Input that does not fit the vocabulary."""


class ConcurrencyError(CrisisError):
    """A stream moved on since the caller read it: the batch was not written."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"stream {stream!r} is at version {actual}, not the expected {expected}: "
            "nothing written"
        )
        self.stream, self.expected, self.actual = stream, expected, actual


class EventIdConflictError(CrisisError):
    """An event id is already stored with different content."""

    def __init__(self, event_id: UUID) -> None:
        super().__init__(f"event {event_id} is already stored with different content")
        self.event_id = event_id


class NotFoundError(CrisisError):
    """Something asked for by name or id does not exist."""


class UnsupportedFilterError(CrisisError):
    """A filter asked of a view that does not support it: a usage error, never ignored."""
