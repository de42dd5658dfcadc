"""ACLED's codebook as this program reads it: columns, event and sub-event types, actor types,
time and geo precision (ACLED Codebook, 2023 edition, after the column changes of March 2023)."""

from __future__ import annotations

from datetime import date, timedelta

from crisis_timeline.events.incident_kinds import MAPPINGS

CODEBOOK_VERSION = "2023"
"""The ACLED Codebook edition whose columns and types are read here."""

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""The columns of an export (in any order; others, such as `year`, are ignored)."""
SINCE_2023 = ("disorder_type", "civilian_targeting", "tags")
"""Columns ACLED added in March 2023: an older export may lack them."""
REQUIRED = tuple(c for c in COLUMNS if c not in SINCE_2023)

DELETED_COLUMNS = ("event_id_cnty", "deleted_timestamp")

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    m.event_type: tuple(
        n.sub_event_type
        for n in MAPPINGS.values()
        if n.event_type == m.event_type and n.sub_event_type
    )
    for m in MAPPINGS.values()
    if m.event_type and m.sub_event_type is None
}
"""Each of the six event types and its sub-event types (from the incident kinds' mapping)."""

SPELLINGS = {"excessive force against protestors": "Excessive force against protesters"}
"""Other spellings found in ACLED's own files, read as the codebook's."""

INTER_CODES = {
    "0": "No actor",
    "1": "State forces",
    "2": "Rebel groups",
    "3": "Political militias",
    "4": "Identity militias",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
"""Actor types (inter1, inter2): exports give the number or, since 2024, the words."""

TIME_PRECISION = {1: "the day", 2: "about a week around the date", 3: "the month"}
GEO_PRECISION = {
    1: "the location itself",
    2: "near the location, or a part of a region: the nearest town's coordinates",
    3: "only a larger region: a representative location's coordinates",
}
WEEK_BEFORE, WEEK_AFTER = 3, 3
"""Precision 2 dates an event to the middle of the week it is known for: three days either side."""


def world_interval(day: date, precision: int) -> str:
    """The partial-time text of an event dated `day` at ACLED `time_precision` 1, 2 or 3."""
    if precision == 1:
        return day.isoformat()
    if precision == 2:
        first, last = day - timedelta(days=WEEK_BEFORE), day + timedelta(days=WEEK_AFTER)
        return f"{first.isoformat()}/{last.isoformat()}"
    return f"{day:%Y-%m}"


def sub_event_type(event_type: str, sub: str) -> str | None:
    """The codebook's spelling of a sub-event type of `event_type`, or None if it has none such."""
    wanted = SPELLINGS.get(sub.casefold(), sub).casefold()
    return next((s for s in SUB_EVENT_TYPES[event_type] if s.casefold() == wanted), None)


def event_type(name: str) -> str | None:
    """The codebook's spelling of an event type, whatever its case."""
    return next((t for t in SUB_EVENT_TYPES if t.casefold() == name.casefold()), None)


def inter_code(value: str) -> str | None:
    """The actor type of an inter1/inter2 value, given as the number or the words."""
    if value in INTER_CODES:
        return INTER_CODES[value]
    return next((v for v in INTER_CODES.values() if v.casefold() == value.casefold()), None)
