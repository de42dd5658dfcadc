"""What the incidents, casualties, sanctions, agreements and places views say, written plainly
from the README's JSON keys: the reference's rows of them (see reference.py), sharing no code
with projections/."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from crisis_timeline.events import Event
from crisis_timeline.events import agreements as A
from crisis_timeline.events import incidents as I
from crisis_timeline.events import places as P
from crisis_timeline.events import sanctions as S
from crisis_timeline.incident_kinds import MAPPINGS
from crisis_timeline.testing.reference_rows import Facts, Row, json_of
from crisis_timeline.time import format_instant
from crisis_timeline.views import Content

NUMBERS = re.compile(r"\d[\d,]*")


def _source(e: Event) -> str | None:
    return e.evidence[0].source if e.evidence else None


def _attribution(e: Event) -> str | None:
    return e.evidence[0].attribution.value if e.evidence else None


def _first(facts: Facts) -> str:
    return format_instant(min(e.reported.start for e, _ in facts if e.reported.start))


def _sources(facts: Facts) -> list[str]:
    return list(dict.fromkeys(ev.source for e, _ in facts for ev in e.evidence))


def _all(values: Any) -> list[Any]:
    return list(dict.fromkeys(values))


def toll(t: I.Toll | None) -> dict[str, Any] | None:
    """A count: the words, its numbers, and whether a number is not in the words."""
    if t is None:
        return None
    said = {int(n.replace(",", "")) for n in NUMBERS.findall(t.text) if n != ","}
    inferred = any(n is not None and n not in said for n in (t.low, t.high))
    return {"text": t.text, "low": t.low, "high": t.high, "inferred": inferred}


def casualties(stream: str, facts: Facts) -> list[Row]:
    """One row per reported toll, in the order they became known."""
    out: list[Row] = []
    for e, p in facts:
        if isinstance(p, I.CasualtiesReported):
            row: dict[str, Any] = {"id": str(e.id), "incident": stream, "by": p.by}
            row |= {"killed": toll(p.killed), "injured": toll(p.injured)}
            row |= {"missing": toll(p.missing), "reported": json_of(e.reported)}
            row |= {"source": _source(e), "attribution": _attribution(e)}
            out.append(((e.reported.start, _source(e) or "", e.position), row))
    return out


def incidents(stream: str, facts: Facts) -> list[Row]:
    """One row per incident: the first report's kind and time, every report's actors, the
    latest figure of each count."""
    reports = [p for _, p in facts if isinstance(p, I.IncidentReported)]
    if not reports:
        return []
    first, m = reports[0], MAPPINGS[reports[0].kind]
    row: dict[str, Any] = {"id": stream, "kind": first.kind.value}
    row |= {"acled_event_type": m.event_type, "acled_sub_event_type": m.sub_event_type}
    row |= {"plover": m.plover, "description": first.description}
    row["happened"] = json_of(first.happened)
    for role in ("perpetrators", "targets", "actor1", "assoc_actor1", "actor2", "assoc_actor2"):
        if role in ("actor1", "actor2"):
            row[role] = next((getattr(p, role) for p in reports if getattr(p, role)), None)
        else:
            row[role] = _all(a for p in reports for a in getattr(p, role))
    for key in ("place", "location", "civilian_targeting", "external"):
        value = next((getattr(p, key) for p in reports if getattr(p, key) is not None), None)
        row[key] = value.model_dump(mode="json") if key == "external" and value else value
    row["tags"] = _all(t for p in reports for t in p.tags)
    tolls = [(e, p) for e, p in facts if isinstance(p, I.CasualtiesReported)]
    for count in ("killed", "injured", "missing"):
        given = [(e, p) for e, p in tolls if getattr(p, count) is not None]
        row[count] = None
        if given:
            e, p = given[-1]
            where = {"by": p.by, "source": _source(e), "reported": json_of(e.reported)}
            row[count] = (toll(getattr(p, count)) or {}) | where
    row |= {"casualty_reports": len(tolls), "first_reported": _first(facts)}
    row["sources"] = _sources(facts)
    start = first.happened.start
    return [((start is not None, start or datetime.min, stream), row)]


def sanctions(stream: str, facts: Facts) -> list[Row]:
    """One row per set of measures: announced, imposed, partly lifted or lifted."""
    if not any(isinstance(p, (S.SanctionAnnounced, S.SanctionImposed)) for _, p in facts):
        return []
    row: dict[str, Any] = {"id": stream, "by": [], "against": [], "measures": []}
    status, effective = None, None
    liftings: list[Content] = []
    lifted: list[str] = []
    lifted_by: list[str] = []
    for e, p in facts:
        if isinstance(p, (S.SanctionAnnounced, S.SanctionImposed)):
            for key in ("by", "against", "measures"):
                row[key] = _all([*row[key], *getattr(p, key)])
            effective = p.effective or effective
            if isinstance(p, S.SanctionImposed):
                status = "imposed"
            elif status in (None, "lifted"):
                status = "announced"
        elif isinstance(p, S.SanctionLifted):
            liftings.append(_lifting(e, p))
            lifted_by = _all([*lifted_by, *p.by])
            lifted = _all([*lifted, *(p.measures or row["measures"])])
            everything = not p.measures or all(m in lifted for m in row["measures"])
            status = "lifted" if everything else "partly_lifted"
    row |= {"status": status, "effective": json_of(effective), "liftings": liftings}
    row |= {"lifted_measures": lifted, "lifted_by": lifted_by, "first_reported": _first(facts)}
    row["sources"] = _sources(facts)
    return [((_first(facts), stream), row)]


def _lifting(e: Event, p: S.SanctionLifted) -> Content:
    return {
        "by": list(p.by),
        "measures": list(p.measures),
        "effective": json_of(p.effective),
        "reason": p.reason,
        "source": _source(e),
        "attribution": _attribution(e),
        "reported": json_of(e.reported),
    }


def agreements(stream: str, facts: Facts) -> list[Row]:
    """One row per agreement: reached, signed, or ended; violations listed."""
    said = [p for _, p in facts if isinstance(p, (A.AgreementReached, A.AgreementSigned))]
    if not said:
        return []
    signing = next((p for p in said if isinstance(p, A.AgreementSigned)), None)
    ends = [(e, p) for e, p in facts if isinstance(p, A.AgreementEnded)]
    row: dict[str, Any] = {"id": stream, "title": said[0].title, "kind": said[0].kind.value}
    row["parties"] = _all(a for p in said for a in p.parties)
    row["terms"] = _all(t for p in said for t in p.terms)
    row["status"] = "ended" if ends else "signed" if signing else "reached"
    row["effective"] = json_of(next((p.effective for p in said if p.effective), None))
    row["signed"] = json_of(signing.signed) if signing else None
    row["signatories"] = list(signing.signatories) if signing else []
    row["place"] = signing.place if signing else None
    row["location"] = signing.location if signing else None
    row["violations"] = [_violation(e, p) for e, p in facts if isinstance(p, A.AgreementViolated)]
    row["ended"] = _end(*ends[0]) if ends else None
    row |= {"first_reported": _first(facts), "sources": _sources(facts)}
    return [((_first(facts), stream), row)]


def _violation(e: Event, p: A.AgreementViolated) -> Content:
    return {"by": list(p.by), "accused_by": p.accused_by, "statement": p.statement} | {
        "incident": p.incident,
        "source": _source(e),
        "attribution": _attribution(e),
        "reported": json_of(e.reported),
    }


def _end(e: Event, p: A.AgreementEnded) -> Content:
    return {"by": p.by, "reason": p.reason, "occurred": json_of(e.occurred)} | {
        "source": _source(e),
        "attribution": _attribution(e),
        "reported": json_of(e.reported),
    }


def places(stream: str, facts: Facts) -> list[Row]:
    """One row per place: the first name and kind, the most precise point (the first such)."""
    named = [p for _, p in facts if isinstance(p, P.PlaceIdentified)]
    if not named:
        return []
    row: dict[str, Any] = {"id": stream, "name": named[0].name, "kind": named[0].kind.value}
    for key in ("country_code", "admin1", "admin2", "admin3"):
        row[key] = next((getattr(p, key) for p in named if getattr(p, key)), None)
    points = [p.coordinates for p in named if p.coordinates is not None]
    best = sorted(points, key=lambda c: c.precision)[0] if points else None
    row["coordinates"] = best.model_dump(mode="json") if best else None
    row["within"] = next((p.within for p in named if p.within), None)
    row["aliases"] = _all(a for p in named for a in p.aliases)
    row |= {"first_reported": _first(facts), "sources": _sources(facts)}
    return [((stream,), row)]


def summary(e: Event, p: Any) -> str | None:
    """The timeline's line for these types (None for others)."""
    if isinstance(p, I.IncidentReported):
        return p.kind.value.replace("_", " ") + ": " + p.description
    if isinstance(p, I.CasualtiesReported):
        counts = [(n, getattr(p, n)) for n in ("killed", "injured", "missing")]
        return "casualties: " + "; ".join(f"{n} {t.text}" for n, t in counts if t)
    if isinstance(p, (S.SanctionAnnounced, S.SanctionImposed, S.SanctionLifted)):
        step = e.type.removeprefix("Sanction").lower()
        whom = getattr(p, "against", ())
        against = " against " + ", ".join(whom) if whom else ""
        measures = "; ".join(p.measures) if p.measures else "all measures"
        return f"sanctions {step} by {', '.join(p.by)}{against}: {measures}"
    if e.type.startswith("Agreement"):
        step = e.type.removeprefix("Agreement").lower()
        if isinstance(p, A.AgreementViolated) and p.by:
            step += " by " + ", ".join(p.by)
        said = [getattr(p, k, None) for k in ("title", "statement", "reason")]
        what = next((str(w) for w in said if w), None)
        return f"agreement {step}: {what}" if what else f"agreement {step}"
    return None
