"""The View type: everything about one read model that users query, in one value.

A view module (meetings.py, claims.py, …) builds one `View` and catalog.py registers it. The
runner folds events into a view's rows through `fold` (or `row_of`); queries.py walks the
rows in the view's order and finishes them (views.finished) with the view's own rules.
Nothing here imports the event models: a command that only reads the views never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from crisis_timeline.errors import UnsupportedFilterError
from crisis_timeline.projections.base import Fold, RowOf
from crisis_timeline.views import Content, Filters

EVERY_VIEW = frozenset({"limit", "offset", "stream"})
"""The filters every view takes."""

Derive = Callable[[Content, datetime], Content]
"""A row's fields judged at a moment (a meeting's `overdue`), added as it is read."""
Keep = Callable[[Content, datetime, Filters], bool]
"""A view's own filters (`upcoming`, `open_only`) on a finished row."""


@dataclass(frozen=True)
class StatusIn:
    """What SQL may narrow a view to before its own filters run: rows whose status column is
    (or, `negated`, is not) among `statuses`."""

    statuses: frozenset[str]
    negated: bool = False


Narrow = Callable[[Filters], "StatusIn | None"]


@dataclass(frozen=True)
class View:
    """One view: how its rows are folded, ordered, filtered, named and shown."""

    name: str
    families: frozenset[str] | None
    """The stream families it folds (None: every stream)."""
    fold: Fold
    """Rows of one stream from its visible events, given in knowledge order."""
    title: str
    """The field that names a row for people (diffs show it beside the id)."""
    columns: tuple[str, ...]
    """Its JSON and CSV columns, in order."""
    table_columns: tuple[str, ...]
    """Its columns in a table for people."""
    filters: frozenset[str] = frozenset()
    """The filters it takes besides EVERY_VIEW; any other is refused."""
    row_of: RowOf | None = None
    """For a view with one row per event: that row, from the event alone (corrections aside).

    Where a stream has no corrections, the runner then needs neither the stream's other
    events nor a fold: each event's row stands from its reported time on, unchanged."""
    folded: frozenset[str] = frozenset()
    """Stream families whose per-event rows also depend on the stream's other events (the
    timeline orders a response after what it responds to): those always go through the fold."""
    open_last: bool = False
    """Its order: rows without a sort time last (else first), then by sort_at, ..."""
    by_rank: bool = True
    """... then sort_rank when this is set, then key."""
    actor_keys: tuple[str, ...] = ()
    """The fields naming the actors a row involves (`--actor`)."""
    response_keys: tuple[str, ...] = ()
    """Fields holding responses ({by, ...}) whose `by` the row involves too."""
    world_keys: tuple[str, ...] = ("first_reported",)
    """Where a row's world time is (`--from`/`--to`): the first of these fields that is set."""
    status_key: str = "status"
    """The field `--status` compares."""
    derive: Derive | None = None
    keep: Keep | None = None
    narrow: Narrow | None = None
    statuses: tuple[str, ...] = ()
    """The values of its status field, as `--status` offers them (none: any)."""
    spans: timedelta | None = None
    """Set when its rows keep a world interval in sort_at, sort_rank (time.span_class) and
    sort_until, read window by window for `upcoming`: how long an open end lasts from its
    start. Its answer then also changes when an interval ends."""
    with_source_titles: bool = False
    """Its rows name their source's title (`source_title`), found at read time, since a row's
    fold sees its own stream only and the title is the source stream's."""
    with_places: bool = False
    """Its rows name their `place`'s name and point (`place_name`, `coordinates`), found at read
    time in the places view, as source titles are."""

    @property
    def supported(self) -> frozenset[str]:
        """Every filter it takes."""
        return EVERY_VIEW | self.filters

    def check(self, filters: Filters) -> None:
        """Refuse a filter the view does not support, naming it."""
        unsupported = [name for name in filters.asked() if name not in self.supported]
        if unsupported:
            raise UnsupportedFilterError(
                f"the {self.name} view has no filter {unsupported[0]!r}; "
                f"it takes {', '.join(sorted(self.supported))}"
            )

    def title_of(self, row: Content) -> str | None:
        """The words that name a row: a meeting's title, a claim's statement, …"""
        value = row.get(self.title)
        return None if value is None else str(value)

    def stands_alone(self, stream: str) -> bool:
        """Can each event's row of this stream be made from the event alone (corrections aside)?"""
        return self.row_of is not None and stream_family(stream) not in self.folded

    def handles(self, stream: str) -> bool:
        """Does this view keep rows for the stream?"""
        return self.handles_family(stream_family(stream))

    def handles_family(self, family: str) -> bool:
        """Does this view keep rows for streams of this family (`meeting` of `meeting/x`)?"""
        return self.families is None or family in self.families


def stream_family(stream: str) -> str:
    """A stream's family: the part of its name before the first slash."""
    return stream.split("/", 1)[0]
