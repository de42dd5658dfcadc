"""The claims view: one row per claim, who disputed or corroborated it, and whether it is open."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import (
    Row,
    attribution_of,
    effective,
    first_reported,
    first_start,
    response,
    sources_of,
)
from crisis_timeline.projections.payloads import Lazily, payload_of
from crisis_timeline.projections.view import StatusIn, View
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from crisis_timeline import queries
else:  # SQLAlchemy: imported when a helper below reads the view
    queries = Lazily("crisis_timeline.queries")

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events import claims as ev
    from crisis_timeline.events.envelope import Event
    from crisis_timeline.events.registry import Payload
else:
    ev = Lazily("crisis_timeline.events.claims")

CLOSED = frozenset({"confirmed", "refuted", "retracted"})
"""The statuses of a settled claim."""
STATUSES = ("unverified", "corroborated", "disputed", "confirmed", "refuted", "retracted")


def claim_rows(events: Sequence[Event]) -> list[Row]:
    """The claim, who disputed or corroborated it, and whether it is still open."""
    events = effective(events)
    made: tuple[Event, ev.ClaimMade] | None = None
    disputes: list[dict[str, Any]] = []
    support: list[dict[str, Any]] = []
    closing: list[tuple[Event, Payload, str]] = []
    for e, p in ((e, payload_of(e)) for e in events):  # one pass: folds run per knowledge time
        match p:
            case ev.ClaimMade():
                made = made or (e, p)
            case ev.ClaimDisputed():
                disputes.append(_response(e, p))
            case ev.ClaimCorroborated():
                support.append(_response(e, p))
            case _:
                if closed := _settles(p):
                    closing.append((e, p, closed))
    if made is None:
        return []
    status = (
        closing[-1][2]
        if closing
        else "disputed"
        if disputes
        else "corroborated"
        if support
        else "unverified"
    )
    e, claim = made
    c = {
        "id": e.stream,
        "statement": claim.statement,
        "modality": claim.modality.value,
        "claimant": claim.claimant,
        "about": list(claim.about),
        "attribution": attribution_of(e),
        "status": status,
        "open": not closing,
        "disputed_by": disputes,
        "corroborated_by": support,
        "closed_by": [_response(e, p) | {"type": e.type} for e, p, _ in closing],
        "first_reported": first_reported(events),
        "sources": sources_of(events),
    }
    return [Row(e.stream, c, sort_at=first_start(events), status=status)]


def _settles(p: Payload) -> str | None:
    """The status a fact that settles the claim leaves it in (None for any other fact)."""
    match p:
        case ev.ClaimConfirmed():
            return "confirmed"
        case ev.ClaimRefuted():
            return "refuted"
        case ev.ClaimRetracted():
            return "retracted"
    return None


def _response(e: Event, p: Payload) -> dict[str, Any]:
    match p:
        case (
            ev.ClaimCorroborated()
            | ev.ClaimDisputed()
            | ev.ClaimConfirmed()
            | ev.ClaimRefuted()
            | ev.ClaimRetracted()
        ):
            return response(e, p.by, p.statement)
    raise TypeError(f"{e.type} is not a response to a claim")


def _open(row: Content, _now: datetime, f: Filters) -> bool:
    return bool(row["open"]) or not f.open_only


def _narrow(f: Filters) -> StatusIn | None:
    return StatusIn(CLOSED, negated=True) if f.open_only else None


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
