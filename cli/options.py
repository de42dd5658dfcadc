"""Options shared by commands: times, and the application context."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import click
from sqlalchemy import Engine

from crisis_timeline.time import TimeParseError, parse_instant


class InstantType(click.ParamType):
    """An ISO 8601 date or date-time; a bare date is the end of that day, UTC."""

    name = "TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_instant(str(value))
        except TimeParseError:
            self.fail(f"{value!r} is not an ISO 8601 date or date-time (e.g. 2021-12-30 or 2021-12-30T12:00Z)", param, ctx)


INSTANT = InstantType()

as_of_option = click.option(
    "--as-of", type=INSTANT, default=None,
    help="Knowledge time: only what had been published by then (a date means the end of that day, UTC).",
)
recorded_before_option = click.option(
    "--recorded-before", type=INSTANT, default=None,
    help="System time: only what this database had recorded by then.",
)


@dataclass
class App:
    """What every command needs: where the database is and who is working."""

    db: str
    analyst: str
    _engines: dict[bool, Engine] = field(default_factory=dict)

    def engine(self, *, must_exist: bool = True) -> Engine:
        """The database engine, opened on first use."""
        from crisis_timeline.store.engine import open_engine

        if must_exist not in self._engines:
            self._engines[must_exist] = open_engine(self.db, must_exist=must_exist)
        return self._engines[must_exist]

    def store(self) -> Any:
        """The event store on an initialised, current database."""
        from crisis_timeline.store import migrate
        from crisis_timeline.store.event_store import EventStore

        engine = self.engine()
        migrate.require_current(engine)
        return EventStore(engine)


def default_analyst() -> str:
    """The operating-system user, for recorded_by."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


pass_app = click.make_pass_decorator(App)
