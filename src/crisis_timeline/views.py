"""What each view shows, given its rows as they stood: filters, derived fields, order.

Pure functions shared by the SQL path (queries.py) and the reference fold, so both
answer with the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crisis_timeline.time import PRECISION_RANK, PartialTime, Precision, format_instant, partial_from_json

Content = dict[str, Any]
CLOSED = ("confirmed", "refuted", "retracted")
VIEWS = ("meetings", "claims", "timeline", "actors", "forces", "demands")


@dataclass(frozen=True)
class At:
    """A moment on two clocks: knowledge time (as_of) and system time (recorded_before)."""

    as_of: datetime | None = None
    recorded_before: datetime | None = None

    def now(self) -> datetime:
        """The moment relative views are judged at: as_of, else the present."""
        return self.as_of or datetime.now(UTC)


@dataclass(frozen=True)
class Filters:
    """What a user may narrow a view by; each view uses the ones that make sense for it."""

    upcoming: bool = False
    open_only: bool = False
    status: str | None = None
    actor: str | None = None
    world_from: datetime | None = None
    world_to: datetime | None = None
    limit: int | None = None
    stream: str | None = None

    def python_only(self) -> bool:
        """Filters SQL cannot apply, so a LIMIT must wait for them."""
        return bool(self.actor or self.world_from or self.world_to)


def finish(view: str, rows: list[Content], at: At, filters: Filters) -> list[Content]:
    """Derive, filter and order a view's rows."""
    now = at.now()
    out = [_DERIVE.get(view, _same)(dict(r), now) for r in rows]
    out = [r for r in out if _keep(view, r, now, filters)]
    out.sort(key=_ORDER[view])
    return out[: filters.limit] if filters.limit else out


def _same(row: Content, _now: datetime) -> Content:
    return row


def _meeting(row: Content, now: datetime) -> Content:
    when = _pt(row["scheduled"])
    row["overdue"] = bool(row["status"] == "scheduled" and when and when.end and when.end <= now)
    return row


def _keep(view: str, row: Content, now: datetime, f: Filters) -> bool:
    if f.stream and row.get("stream", row["id"]) != f.stream:
        return False
    if f.status and row.get("status", row.get("direction")) != f.status:
        return False
    if f.upcoming and not (row["status"] == "scheduled" and _ends_after(row["scheduled"], now)):
        return False
    if f.open_only and not row["open"]:
        return False
    if f.actor and f.actor not in _actors(view, row):
        return False
    if f.world_from or f.world_to:
        return _overlaps(_world(view, row), f.world_from, f.world_to)
    return True


def _actors(view: str, row: Content) -> set[str]:
    keys = {
        "meetings": ("participants", "requested_by", "observers"),
        "claims": ("claimant", "about"),
        "actors": ("id", "affiliation"),
        "demands": ("by", "addressee"),
        "forces": ("actor",),
        "timeline": (),
    }[view]
    found: set[str] = set()
    for key in keys:
        value = row.get(key)
        found.update(value if isinstance(value, list) else [value] if value else [])
    for response in row.get("disputed_by", []) + row.get("corroborated_by", []) + row.get("responses", []):
        if response.get("by"):
            found.add(response["by"])
    return found


def _world(view: str, row: Content) -> PartialTime | None:
    value = {"meetings": row.get("held") or row.get("scheduled"), "timeline": row.get("when"),
             "forces": row.get("period")}.get(view) or row.get("first_reported")
    if isinstance(value, str):
        return PartialTime.model_validate(value)
    return _pt(value)


def _overlaps(when: PartialTime | None, lo: datetime | None, hi: datetime | None) -> bool:
    if when is None:
        return False
    starts_before_hi = hi is None or when.start is None or when.start < hi
    ends_after_lo = lo is None or when.end is None or when.end > lo
    return starts_before_hi and ends_after_lo


def _ends_after(value: Content | None, now: datetime) -> bool:
    when = _pt(value)
    return bool(when and (when.end is None or when.end > now))


def _pt(value: Content | None) -> PartialTime | None:
    """A stored partial time of a row (cached: every upcoming meeting asks for thousands)."""
    return None if value is None else partial_from_json(value)


def _time_key(value: Content | None, field_: str) -> tuple[bool, str]:
    return (value is None or value.get(field_) is None, "" if value is None else value.get(field_) or "")


_DERIVE: dict[str, Callable[[Content, datetime], Content]] = {"meetings": _meeting}
_ORDER: dict[str, Callable[[Content], Any]] = {
    "meetings": lambda r: (_time_key(r["held"] or r["scheduled"], "start"), r["id"]),
    "claims": lambda r: (r["first_reported"] or "", r["id"]),
    "timeline": lambda r: (r["when"]["start"] is not None, r["when"]["start"] or "", PRECISION_RANK[Precision(r["when"]["precision"])], r["id"]),
    "actors": lambda r: r["id"],
    "forces": lambda r: (r["reported"]["start"], r["id"]),
    "demands": lambda r: (r["first_reported"] or "", r["id"]),
}


def row_id(row: Content) -> str:
    """The identity of a row across times (for diffs)."""
    return str(row["id"])


def iso(value: datetime | None) -> str | None:
    """An instant as shown in JSON."""
    return None if value is None else format_instant(value)
