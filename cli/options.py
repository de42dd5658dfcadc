"""Options shared by commands: times, and the application context."""

from __future__ import annotations

import getpass
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crisis_timeline.moments import Bound, instant, zone
from crisis_timeline.timepoints import TimeParseError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.projections.standing import Standing

F = TypeVar("F", bound=Callable[..., Any])

MAX_INT = 2**63 - 1
"""The largest position or count both databases store (a larger --after or --limit: usage error)."""


def time_callback(
    bound: Bound,
) -> Callable[[click.Context, click.Parameter, str | None], datetime | None]:
    """Click callback: a typed time (moments.interval), taken at `bound`; the zone is --tz's."""

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
        if value is None:
            return None
        app = ctx.find_object(App)
        try:
            return instant(value, bound, app.tz if app else UTC)
        except TimeParseError as e:
            raise click.BadParameter(str(e)) from None

    return parse


def zone_option(ctx: click.Context, param: click.Parameter, value: str) -> tzinfo:
    """Click callback: --tz as a zone."""
    try:
        return zone(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def time_option(*names: str, bound: Bound = Bound.KNOWN, **kwargs: Any) -> Callable[[F], F]:
    """A --option taking a typed time (2021, 2021-12, 2021-12-30, 2021-12-30 12:00, today, now)."""
    return click.option(*names, metavar="TIME", callback=time_callback(bound), **kwargs)


def time_argument(name: str) -> Callable[[F], F]:
    """An argument taking a typed time, as --as-of reads it."""
    return click.argument(name, metavar=name.upper(), callback=time_callback(Bound.KNOWN))


as_of_option = time_option(
    "--as-of",
    default=None,
    help="Knowledge time: only what had been published by then "
    "(a day, month or year means its end).",
)
recorded_before_option = time_option(
    "--recorded-before",
    default=None,
    help="System time: only what this database had recorded by then (a day means its end).",
)


@dataclass
class App:
    """What every command needs: where the database is and who is working."""

    db: str
    analyst: str
    tz: tzinfo = UTC
    _engines: dict[bool, "Engine"] = field(default_factory=dict)

    def engine(self, *, must_exist: bool = True) -> Engine:
        """The database engine, opened on first use."""
        from crisis_timeline.store.engine import open_engine

        if must_exist not in self._engines:
            self._engines[must_exist] = open_engine(self.db, must_exist=must_exist)
        return self._engines[must_exist]

    def store(self) -> Any:
        """The event store on an initialised, current database."""
        from crisis_timeline.store.event_store import EventStore

        return EventStore(self.current_engine())

    def current_engine(self) -> Engine:
        """The engine of an initialised database at this program's schema revision."""
        from crisis_timeline.store.schema import schema_is_current

        engine = self.engine()
        if not schema_is_current(engine):
            from crisis_timeline.store import migrate  # alembic: only to say what is wrong

            migrate.require_current(engine)
        return engine

    def views_engine(self) -> Engine:
        """The engine, with the projections caught up with the log if this role may write them.

        A reader answers from what the views hold and says on stderr how far behind they are. When
        none is behind (the usual case) neither the event models nor the runner are imported."""
        from crisis_timeline.projections.catalog import VIEWS
        from crisis_timeline.projections.positions import standing
        from crisis_timeline.store.roles import may_write_views

        engine = self.current_engine()
        behind = standing(engine, VIEWS)
        if behind.lag and may_write_views(engine):
            self.catch_up()
        elif behind.lag:
            say_behind(behind)
        return engine

    def catch_up(self) -> None:
        """Bring the projections up to the newest event, with progress on a terminal."""
        from crisis_timeline.projections.runner import ProjectionRunner
        from crisis_timeline.store import search_index

        runner = ProjectionRunner(self.engine())
        lag = runner.lag()
        if lag:
            with self.progress("updating views", lag) as advance, fold_warnings():
                runner.catch_up(progress=advance)
        behind = search_index.lag(self.engine())
        if behind:
            with self.progress("indexing for search", behind) as advance:
                search_index.catch_up(self.engine(), advance)

    def catch_up_after_append(self) -> None:
        """Catch the views up after events were committed: a failure now is a warning, not an
        error, since what was appended stays appended (the next writer or rebuild catches up)."""
        from sqlalchemy.exc import DBAPIError

        from crisis_timeline.errors import CrisisError

        try:
            self.catch_up()
        except (CrisisError, DBAPIError) as e:
            first = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
            click.echo(
                f"warning: the events are stored, but the views were not updated: {first}", err=True
            )

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """A progress bar on stderr when it is a terminal; silent when piped."""
        if not sys.stderr.isatty():
            yield lambda _n: None
            return
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda n: bar.advance(task, n)


@contextmanager
def fold_warnings() -> Iterator[None]:
    """Say on stderr, one line each and once, which stored events the views had to leave out."""
    from crisis_timeline.projections.base import FoldWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FoldWarning)
        yield
    seen: dict[str, None] = {}
    for w in caught:
        if issubclass(w.category, FoldWarning):
            seen.setdefault(str(w.message), None)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    for line in seen:
        click.echo(f"warning: {line}", err=True)


def say_behind(behind: Standing) -> None:
    """The note on stderr of a reader whose views are behind the log."""
    click.echo(
        f"note: {behind.describe()}; a writer's next load or rebuild catches them up", err=True
    )


def display_zone() -> tzinfo:
    """The zone tables show times in (--tz), UTC outside a command."""
    ctx = click.get_current_context(silent=True)
    app = ctx.find_object(App) if ctx else None
    return app.tz if app else UTC


def default_analyst() -> str:
    """The operating-system user, for recorded_by."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


pass_app = click.make_pass_decorator(App)
