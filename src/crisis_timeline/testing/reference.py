"""The reference: every view computed plainly from DESIGN.md's rules, in memory.

It shares no fold, filter or order code with the views (projections/), only the event types
and partial times, so that the property tests check what the views mean. Written for being
read, not for speed: each answer folds every visible event again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from crisis_timeline.errors import ValidationError
from crisis_timeline.events import Event, registry
from crisis_timeline.testing import reference_happenings as happenings
from crisis_timeline.testing import reference_rows as rows
from crisis_timeline.time import PartialTime
from crisis_timeline.views import At, Content, Filters

OPEN_PLAN = timedelta(days=30)


def view(name: str, events: Iterable[Event], at: At, filters: Filters = Filters()) -> list[Content]:
    """The view `name` at `at` with these filters, as DESIGN.md says it reads."""
    known = [e for e in events if _visible(e, at)]
    streams: dict[str, list[Event]] = {}
    for e in sorted(known, key=lambda e: (e.reported.start, rows.source_of(e), e.position)):
        streams.setdefault(e.stream, []).append(e)
    standing = {s: _corrected(evs) for s, evs in streams.items()}
    family = FAMILIES.get(name)
    mine = {s: facts for s, facts in standing.items() if family in (None, s.split("/")[0])}
    found = [row for s, facts in mine.items() for row in FOLDS[name](s, facts)]
    out = [content for _key, content in sorted(found, key=lambda r: r[0])]
    now = at.now()
    if name in ADDED:
        out = ADDED[name](out, known, at, now)
    kept = [r for r in out if _wanted(name, r, now, filters)]
    end = None if filters.limit is None else filters.offset + filters.limit
    return kept[filters.offset : end]


def _source_titles(out: list[Content], known: list[Event], at: At, _now: datetime) -> list[Content]:
    """Timeline rows name their source's title as the sources view has it at `at`."""
    titles = {row["id"]: row["title"] for row in view("sources", known, at)}
    return [{**r, "source_title": titles.get(r["source"])} for r in out]


def _places(out: list[Content], known: list[Event], at: At, _now: datetime) -> list[Content]:
    """Incidents and agreements name their place's name and point as the places view has them."""
    held = {row["id"]: row for row in view("places", known, at)}
    return [
        {
            **r,
            "place_name": held[r["place"]]["name"] if r["place"] in held else None,
            "coordinates": held[r["place"]]["coordinates"] if r["place"] in held else None,
        }
        for r in out
    ]


def _overdue(out: list[Content], _known: list[Event], _at: At, now: datetime) -> list[Content]:
    """A meeting is overdue once its scheduled time has passed with no report it was held."""
    return [
        {**r, "overdue": r["status"] == "scheduled" and _over(r["scheduled"], now)} for r in out
    ]


def _visible(e: Event, at: At) -> bool:
    assert e.reported.start is not None
    if at.as_of is not None and e.reported.start > at.as_of:
        return False
    return at.recorded_before is None or e.recorded_at <= at.recorded_before


def _corrected(events: list[Event]) -> list[tuple[Event, Any]]:
    """What still stands, with each payload as its corrections leave it."""
    retracted = {str(e.data["retracts"]) for e in events if e.type == "EventRetracted"}
    out = []
    for e in events:
        if e.type in ("EventCorrected", "EventRetracted") or str(e.id) in retracted:
            continue
        data = dict(e.data)
        for c in events:
            if c.type == "EventCorrected" and str(c.id) not in retracted:
                if str(c.data["corrects"]) == str(e.id):
                    data = _apply(e.type, data, c.data["changes"])
        out.append((e, registry.decode(e.type, e.schema_version, data)))
    return out


def _apply(type_: str, data: dict[str, Any], changes: Any) -> dict[str, Any]:
    """data with the changes, if the result is still a valid payload (else as it was)."""
    try:
        if not isinstance(changes, dict):
            return data
        registry.decode(type_, registry.payload_class(type_).schema_version, {**data, **changes})
        return {**data, **changes}
    except ValidationError:
        return data


FOLDS: dict[str, Callable[[str, rows.Facts], list[rows.Row]]] = {
    "meetings": rows.meetings,
    "claims": rows.claims,
    "timeline": rows.timeline,
    "actors": rows.actors,
    "forces": rows.forces,
    "demands": rows.demands,
    "sources": rows.sources,
    "incidents": happenings.incidents,
    "casualties": happenings.casualties,
    "sanctions": happenings.sanctions,
    "agreements": happenings.agreements,
    "places": happenings.places,
}
ADDED: dict[str, Callable[[list[Content], list[Event], At, datetime], list[Content]]] = {
    "timeline": _source_titles,
    "meetings": _overdue,
    "incidents": _places,
    "agreements": _places,
}
"""Fields a view's rows get at read time."""
FAMILIES = {
    "meetings": "meeting",
    "claims": "claim",
    "actors": "actor",
    "forces": "force",
    "demands": "demand",
    "sources": "source",
    "incidents": "incident",
    "casualties": "incident",
    "sanctions": "sanction",
    "agreements": "agreement",
    "places": "place",
}
"""The stream family each view keeps rows of (the timeline: every stream)."""
ACTORS = {
    "meetings": ("participants", "requested_by", "observers"),
    "claims": ("claimant", "about", "disputed_by", "corroborated_by"),
    "timeline": ("actors", "speaker"),
    "actors": ("id", "affiliation"),
    "forces": ("actor",),
    "demands": ("by", "addressee", "responses"),
    "incidents": ("perpetrators", "targets", "actor1", "assoc_actor1", "actor2", "assoc_actor2"),
    "casualties": ("by",),
    "sanctions": ("by", "against", "lifted_by"),
    "agreements": ("parties", "signatories"),
}
WORLD = {"meetings": ("held", "scheduled"), "timeline": ("when",), "forces": ("period",)}
WORLD |= {"incidents": ("happened",), "casualties": ("reported",)}
WORLD |= {"sanctions": ("effective", "first_reported")}
WORLD |= {"agreements": ("signed", "effective", "first_reported")}


def _wanted(name: str, row: Content, now: datetime, f: Filters) -> bool:
    """Does the row pass the filters (each as the README describes it)?"""
    if f.stream and row.get("stream", row["id"]) != f.stream:
        return False
    status = row.get("direction", row.get("status"))
    if name in ("incidents", "places"):  # --kind
        status = row["kind"]
    if f.status and status != f.status:
        return False
    if f.upcoming and not (row["status"] == "scheduled" and _ahead(row["scheduled"], now)):
        return False
    if f.open_only and not row["open"]:
        return False
    if f.actor and f.actor not in _involved(name, row):
        return False
    if f.world_from or f.world_to:
        value = next((row[k] for k in WORLD.get(name, ()) if row.get(k)), None)
        return value is not None and _meets(PartialTime.model_validate(value), f)
    return True


def _ahead(scheduled: dict[str, Any] | None, now: datetime) -> bool:
    if scheduled is None:
        return False
    end = _plan_end(scheduled)
    return end is None or end > now


def _involved(name: str, row: Content) -> set[str]:
    found: set[Any] = set()
    for key in ACTORS.get(name, ()):
        value = row.get(key)
        for item in value if isinstance(value, list) else [value]:
            found.add(item["by"] if isinstance(item, dict) else item)
    return found - {None}


def _meets(t: PartialTime, f: Filters) -> bool:
    """Does the interval overlap [from, to)?"""
    return (f.world_to is None or t.start is None or t.start < f.world_to) and (
        f.world_from is None or t.end is None or t.end > f.world_from
    )


def _over(scheduled: dict[str, Any] | None, now: datetime) -> bool:
    end = _plan_end(scheduled)
    return end is not None and end <= now


def _plan_end(scheduled: dict[str, Any] | None) -> datetime | None:
    if scheduled is None:
        return None
    t = PartialTime.model_validate(scheduled)
    return t.start + OPEN_PLAN if t.end is None and t.start is not None else t.end
