"""Timeline summaries of what happens: incidents, tolls, sanctions, agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crisis_timeline.events.envelope import Event

from crisis_timeline.projections.base import attribution_of, source_of
from crisis_timeline.projections.payloads import time_json

WORLD_TIME_FIELDS = ("happened", "signed")
"""Where these facts keep their world time (an incident's `happened`, a signing's `signed`)."""


def provenance(event: Event) -> dict[str, Any]:
    """Where a fact about an entity comes from, as its row shows it."""
    return {
        "source": source_of(event) or None,
        "attribution": attribution_of(event),
        "reported": time_json(event.reported),
    }


def summary(event: Event) -> str | None:
    """A line saying what the fact is, or None when it is not one of these types."""
    d = event.data
    family = event.type.removesuffix("Reported")
    if event.type == "IncidentReported":
        return f"{d['kind'].replace('_', ' ')}: {d['description']}"
    if event.type == "CasualtiesReported":
        counts = [f"{n} {d[n]['text']}" for n in ("killed", "injured", "missing") if d.get(n)]
        return "casualties: " + "; ".join(counts)
    if family.startswith("Sanction"):
        return _sanction(event.type.removeprefix("Sanction").lower(), d)
    if family.startswith("Agreement"):
        return _agreement(event.type.removeprefix("Agreement").lower(), d)
    return None


def _sanction(step: str, d: dict[str, Any]) -> str:
    against = f" against {', '.join(d['against'])}" if d.get("against") else ""
    measures = "; ".join(d["measures"]) or "all measures"
    return f"sanctions {step} by {', '.join(d['by'])}{against}: {measures}"


def _agreement(step: str, d: dict[str, Any]) -> str:
    what = d.get("title") or d.get("statement") or d.get("reason")
    if step == "violated" and d.get("by"):
        step = f"violated by {', '.join(d['by'])}"
    return f"agreement {step}: {what}" if what else f"agreement {step}"
