"""The timeline for TimelineJS (Knight Lab): its JSON format, and its spreadsheet template.

TimelineJS renders headlines, texts and display dates as HTML, so every text that comes from a
source is HTML-escaped: a quote is shown as the words it is, never read as markup.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import Engine

from crisis_timeline import canonical
from crisis_timeline.events.envelope import Event
from crisis_timeline.exports import Document
from crisis_timeline.exports.common import (
    Context,
    by_source,
    is_range,
    last_instant,
    quotes,
    standing_events,
)
from crisis_timeline.projections.base import partial
from crisis_timeline.projections.timeline import timeline
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import PRECISION_RANK, PartialTime
from crisis_timeline.views import At, Content, Filters

DATE_FIELDS = ("year", "month", "day", "hour", "minute", "second")
CSV_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
"""The columns of TimelineJS's spreadsheet template, in its order."""


def slides(
    engine: Engine, store: EventStore, at: At = At(), filters: Filters = Filters()
) -> list[dict[str, Any]]:
    """One TimelineJS slide per row of the timeline view at `at`, in the view's order."""
    rows = timeline(engine, at, filters)
    events = standing_events(store, [r["stream"] for r in rows], at)
    context = Context.read(engine, at, events.values())
    return [slide(row, events.get(row["id"]), context) for row in rows]


def timeline_json(
    engine: Engine, store: EventStore, at: At = At(), filters: Filters = Filters()
) -> Document:
    """The timeline as a TimelineJS JSON document."""
    doc = {"scale": "human", "events": slides(engine, store, at, filters)}
    return Document((canonical.dumps(doc) + "\n").encode("utf-8"))


def timeline_csv(
    engine: Engine, store: EventStore, at: At = At(), filters: Filters = Filters()
) -> Document:
    """The timeline in the columns of TimelineJS's spreadsheet template."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in slides(engine, store, at, filters):
        writer.writerow([_cell(s, column) for column in CSV_COLUMNS])
    return Document(out.getvalue().encode("utf-8"))


def slide(row: Content, event: Event | None, context: Context) -> dict[str, Any]:
    """A slide: the dates its precision allows, the words as written, the quotes in its text."""
    when = partial(row["when"])
    if when is None:  # every timeline row has a world time; kept total for mypy
        raise ValueError(f"timeline row {row['id']} has no time")
    start, end = dates(when)
    out: dict[str, Any] = {
        "unique_id": row["id"],
        "start_date": start,
        "display_date": escape(when.text or when.value),
        "text": {"headline": escape(row["summary"]), "text": _text(row, event, context)},
        "group": row["stream"].split("/", 1)[0],
        "autolink": False,
    }
    if end is not None:
        out["end_date"] = end
    return out


def dates(when: PartialTime) -> tuple[dict[str, int], dict[str, int] | None]:
    """TimelineJS start and end dates holding only the fields the precision allows: a month has
    no day. A point has no end; a range ends on its last unit; an open start ("before 2022")
    is placed on the last unit before its bound."""
    first = when.start if when.start is not None else last_instant(when)
    if first is None:  # a partial time always has a bound; kept total for mypy
        raise ValueError("a partial time with neither bound")
    last = last_instant(when) if is_range(when) else None
    return _fields(first, when), None if last is None else _fields(last, when)


def _fields(dt: datetime, when: PartialTime) -> dict[str, int]:
    values = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
    n = PRECISION_RANK[when.precision] + 1
    return dict(zip(DATE_FIELDS[:n], values[:n]))


def _text(row: Content, event: Event | None, context: Context) -> str:
    reported = partial(row["reported"])
    parts = [f"<p>{escape(row['type'])} · {escape(row['stream'])}</p>"]
    for source, items in by_source(quotes([event] if event else [])).items():
        for ev in items:
            parts.append(f"<p>“{escape(ev.quote)}”<br>— {escape(context.said_by(ev))}</p>")
        parts.append(f"<p>Source: {escape(context.citation(source))}</p>")
    if reported is not None:
        parts.append(f"<p>Reported: {escape(reported.text or reported.value)}</p>")
    return "".join(parts)


def _cell(s: dict[str, Any], column: str) -> str:
    """One cell of the spreadsheet layout from a slide."""
    prefix, field = (
        ("end_date", column[4:]) if column.startswith("End ") else ("start_date", column)
    )
    date = s.get(prefix) or {}
    if field in ("Year", "Month", "Day"):
        return str(date.get(field.lower(), ""))
    if field == "Time":
        return _time(date)
    simple = {
        "Display Date": s["display_date"],
        "Headline": s["text"]["headline"],
        "Text": s["text"]["text"],
        "Group": s["group"],
    }
    return str(simple.get(column, ""))


def _time(date: dict[str, int]) -> str:
    if "hour" not in date:
        return ""
    clock: Sequence[int] = [date["hour"], date.get("minute", 0)] + (
        [date["second"]] if "second" in date else []
    )
    return ":".join(f"{v:02d}" for v in clock)
