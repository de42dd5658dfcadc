"""The claims view: one row per claim, who disputed or corroborated it, and whether it is open."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from crisis_timeline import queries
from crisis_timeline.projections.base import (
    Row,
    attribution_of,
    effective,
    first_reported,
    first_start,
    response,
    sources_of,
)
from crisis_timeline.projections.view import StatusIn, View
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event

CLOSING = {"ClaimConfirmed": "confirmed", "ClaimRefuted": "refuted", "ClaimRetracted": "retracted"}
"""The events that settle a claim, and the status each leaves it in."""
STATUSES = ("unverified", "corroborated", "disputed", "confirmed", "refuted", "retracted")


def claim_rows(events: Sequence[Event]) -> list[Row]:
    """The claim, who disputed or corroborated it, and whether it is still open."""
    events = effective(events)
    made = next((e for e in events if e.type == "ClaimMade"), None)
    if made is None:
        return []
    disputes = [response(e) for e in events if e.type == "ClaimDisputed"]
    support = [response(e) for e in events if e.type == "ClaimCorroborated"]
    closing = [e for e in events if e.type in CLOSING]
    status = (
        CLOSING[closing[-1].type]
        if closing
        else "disputed"
        if disputes
        else "corroborated"
        if support
        else "unverified"
    )
    c = {
        "id": made.stream,
        "statement": made.data["statement"],
        "modality": made.data["modality"],
        "claimant": made.data.get("claimant"),
        "about": made.data.get("about", []),
        "attribution": attribution_of(made),
        "status": status,
        "open": not closing,
        "disputed_by": disputes,
        "corroborated_by": support,
        "closed_by": [response(e) | {"type": e.type} for e in closing],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(c["id"], c, sort_at=first_start(events), status=status)]


def _open(row: Content, _now: datetime, f: Filters) -> bool:
    return bool(row["open"]) or not f.open_only


def _narrow(f: Filters) -> StatusIn | None:
    return StatusIn(frozenset(CLOSING.values()), negated=True) if f.open_only else None


VIEW = View(
    "claims",
    frozenset({"claim"}),
    claim_rows,
    title="statement",
    columns=(
        "id",
        "statement",
        "modality",
        "claimant",
        "about",
        "attribution",
        "status",
        "open",
        "disputed_by",
        "corroborated_by",
        "closed_by",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "status", "modality", "attribution", "claimant", "disputes", "statement"),
    filters=frozenset({"open_only", "status", "actor"}),
    statuses=STATUSES,
    actor_keys=("claimant", "about"),
    response_keys=("disputed_by", "corroborated_by"),
    keep=_open,
    narrow=_narrow,
)


def open_claims(engine: Engine, at: At, limit: int | None = None) -> list[Content]:
    """Claims not confirmed, refuted or retracted at `at`, by first report (the first `limit`)."""
    return queries.view(engine, VIEW, at, Filters(open_only=True, limit=limit))
