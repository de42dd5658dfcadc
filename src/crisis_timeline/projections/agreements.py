"""The agreements view: one row per ceasefire or deal, reached, signed, violated, ended."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisis_timeline.projections.base import (
    Row,
    effective,
    first_reported,
    first_start,
    sources_of,
    union,
)
from crisis_timeline.projections.happenings import provenance
from crisis_timeline.projections.payloads import time_json
from crisis_timeline.projections.view import View

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event

DEFINING = frozenset({"AgreementReached", "AgreementSigned"})
STATUSES = ("reached", "signed", "ended")


def agreement_rows(events: Sequence[Event]) -> list[Row]:
    """The agreement as it stands: ended is final; violations are counted, not an end."""
    events = effective(events)
    described = [e for e in events if e.type in DEFINING]
    if not described:
        return []
    first = described[0].data
    a: dict[str, Any] = {"id": described[0].stream, "title": first["title"], "kind": first["kind"]}
    for key in ("parties", "terms"):
        a[key] = union([], [v for e in described for v in e.data.get(key, [])])
    signing = next((e.data for e in described if e.type == "AgreementSigned"), None)
    a["status"] = "signed" if signing else "reached"
    a["effective"] = next((e.data["effective"] for e in described if e.data.get("effective")), None)
    for key in ("signed", "signatories", "place", "location"):
        a[key] = signing.get(key) if signing else None
    a["signatories"] = a["signatories"] or []
    a["violations"] = [_violation(e) for e in events if e.type == "AgreementViolated"]
    ended = [e for e in events if e.type == "AgreementEnded"]
    a["ended"] = _end(ended[0]) if ended else None
    if ended:
        a["status"] = "ended"
    a["first_reported"], a["sources"] = first_reported(events), sources_of(events)
    return [Row(a["id"], a, sort_at=first_start(events), status=a["status"])]


def _violation(e: Event) -> dict[str, Any]:
    d = e.data
    return {
        "by": d.get("by", []),
        "accused_by": d.get("accused_by"),
        "statement": d.get("statement"),
        "incident": d.get("incident"),
        **provenance(e),
    }


def _end(e: Event) -> dict[str, Any]:
    occurred = time_json(e.occurred) if e.occurred else None
    return {"by": e.data.get("by"), "reason": e.data.get("reason"), "occurred": occurred} | (
        provenance(e)
    )


VIEW = View(
    "agreements",
    frozenset({"agreement"}),
    agreement_rows,
    title="title",
    columns=(
        "id",
        "title",
        "kind",
        "parties",
        "terms",
        "status",
        "effective",
        "signed",
        "signatories",
        "place",
        "place_name",
        "coordinates",
        "location",
        "violations",
        "ended",
        "first_reported",
        "sources",
    ),
    table_columns=("id", "status", "kind", "parties", "title"),
    filters=frozenset({"status", "actor", "world_from", "world_to"}),
    statuses=STATUSES,
    actor_keys=("parties", "signatories"),
    world_keys=("signed", "effective", "first_reported"),
    with_places=True,
)
