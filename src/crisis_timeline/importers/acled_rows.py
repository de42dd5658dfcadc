"""One ACLED row, checked column by column: `parse_row` gives its typed form or a RowProblem."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from crisis_timeline.importers import acled_codebook as book
from crisis_timeline.importers.reading import RawRow, RowProblem

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y")
"""event_date as the API (2022-02-24) and the export tool (24 February 2022) write it."""


@dataclass(frozen=True)
class AcledRow:
    """A checked row: ACLED's columns as values, and where the row stands in its file."""

    raw: RawRow
    event_id: str
    day: date
    time_precision: int
    event_type: str
    sub_event_type: str | None
    """None where the row gives its event type alone."""
    actor1: str
    assoc_actor_1: tuple[str, ...]
    inter1: str
    actor2: str | None
    assoc_actor_2: tuple[str, ...]
    inter2: str | None
    interaction: str
    civilian_targeting: bool
    iso: str
    region: str
    country: str
    admin: tuple[str | None, str | None, str | None]
    location: str
    coordinates: tuple[float, float] | None
    geo_precision: int | None
    outlets: tuple[str, ...]
    source_scale: str
    notes: str
    fatalities: int
    tags: tuple[str, ...]
    timestamp: datetime


def parse_row(raw: RawRow) -> AcledRow:
    """The row's columns checked and typed; the first problem found is raised."""
    if raw.problem:
        raise RowProblem(raw.line, "row", raw.problem)
    f = Fields(raw)
    event_type = f.coded("event_type", book.event_type, "one of ACLED's six event types")
    coordinates = f.coordinates()
    return AcledRow(
        raw=raw,
        event_id=f.text("event_id_cnty"),
        day=f.day("event_date"),
        time_precision=f.precision("time_precision", book.TIME_PRECISION),
        event_type=event_type,
        sub_event_type=f.coded(
            "sub_event_type",
            lambda s: book.sub_event_type(event_type, s),
            f"a sub-event type of {event_type} in the ACLED codebook",
        )
        if f.optional("sub_event_type")
        else None,
        actor1=f.text("actor1"),
        assoc_actor_1=f.names("assoc_actor_1"),
        inter1=f.coded("inter1", book.inter_code, "an ACLED actor type (0-8)"),
        actor2=f.optional("actor2"),
        assoc_actor_2=f.names("assoc_actor_2"),
        inter2=f.coded("inter2", book.inter_code, "an ACLED actor type (0-8)")
        if f.optional("inter2")
        else None,
        interaction=f.optional("interaction") or "",
        civilian_targeting=bool(f.optional("civilian_targeting")),
        iso=f.optional("iso") or "",
        region=f.optional("region") or "",
        country=f.text("country"),
        admin=(f.optional("admin1"), f.optional("admin2"), f.optional("admin3")),
        location=f.text("location"),
        coordinates=coordinates,
        geo_precision=f.precision("geo_precision", book.GEO_PRECISION) if coordinates else None,
        outlets=f.names("source"),
        source_scale=f.optional("source_scale") or "",
        notes=f.text("notes"),
        fatalities=f.count("fatalities"),
        tags=f.names("tags"),
        timestamp=f.timestamp("timestamp"),
    )


class Fields:
    """The row's values by column, each read with the check its column needs."""

    def __init__(self, raw: RawRow) -> None:
        self.raw = raw

    def problem(self, column: str, what: str) -> RowProblem:
        """What is wrong with a column of this row."""
        return RowProblem(self.raw.line, column, what)

    def optional(self, column: str) -> str | None:
        """The value without surrounding blanks, None if empty."""
        return self.raw.fields.get(column, "").strip() or None

    def text(self, column: str) -> str:
        """A value that must not be empty."""
        value = self.optional(column)
        if value is None:
            raise self.problem(column, "empty")
        return value

    def names(self, column: str) -> tuple[str, ...]:
        """A list ACLED writes separated by semicolons ('Reuters; Kyiv Independent')."""
        value = self.optional(column) or ""
        return tuple(dict.fromkeys(n.strip() for n in value.split(";") if n.strip()))

    def coded(self, column: str, read: Callable[[str], str | None], expected: str) -> str:
        """A value `read` knows (as the codebook spells it), else a problem naming `expected`."""
        value = self.text(column)
        found = read(value)
        if found is None:
            raise self.problem(column, f"{value!r}: not {expected}")
        return found

    def day(self, column: str) -> date:
        """A date as ACLED writes it."""
        value = self.text(column)
        found = _day(value)
        if found is None:
            raise self.problem(column, f"{value!r}: not a date (2022-02-24 or 24 February 2022)")
        return found

    def precision(self, column: str, meanings: dict[int, str]) -> int:
        """One of the codes of `meanings`."""
        value = self.optional(column) or ""
        if value.isdigit() and int(value) in meanings:
            return int(value)
        choices = ", ".join(f"{k} ({v.split(':')[0]})" for k, v in meanings.items())
        raise self.problem(column, f"{value!r}: expected {choices}")

    def count(self, column: str) -> int:
        """A whole number, 0 or more."""
        value = self.optional(column) or ""
        if not value.isdigit():
            raise self.problem(column, f"{value!r}: expected a whole number, 0 or more")
        return int(value)

    def timestamp(self, column: str) -> datetime:
        """A Unix time in seconds, as UTC."""
        value = self.optional(column)
        if value is None:
            raise self.problem(column, "empty: expected the Unix time ACLED coded the row")
        if not value.isdigit() or len(value) > 11:
            raise self.problem(column, f"{value!r}: not a Unix time in seconds")
        return datetime.fromtimestamp(int(value), UTC)

    def coordinates(self) -> tuple[float, float] | None:
        """Latitude and longitude, both or neither."""
        lat, lon = self.optional("latitude"), self.optional("longitude")
        if lat is None and lon is None:
            return None
        if lat is None or lon is None:
            empty = "latitude" if lat is None else "longitude"
            raise self.problem(empty, "empty while the other coordinate is given")
        return self.degrees("latitude", lat, 90), self.degrees("longitude", lon, 180)

    def degrees(self, column: str, value: str, limit: int) -> float:
        """A number of degrees within -limit..limit."""
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not -limit <= number <= limit:
            raise self.problem(column, f"{value!r}: not a number between -{limit} and {limit}")
        return number


@lru_cache(maxsize=4096)
def _day(value: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None
