"""A claim's provenance as W3C PROV-JSON (the `prov` library), read from its audit.

Entities: the claim, each event of its stream, each quote and each source. A quote
`wasQuotedFrom` its source and carries the source's sha256 and its span; an event
`wasDerivedFrom` its quotes; the claim `wasDerivedFrom` the event that made it; disputes,
corroborations and closings are derivations from the claim, typed by what they do.
Agents: the actors (`wasAttributedTo`, with the attribution kind) and the analysts who
recorded the events (`wasAttributedTo`, role recorded_by); each recording (one recorded_at) is
an activity that generated its events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prov.model import PROV, Namespace, ProvDocument, ProvEntity, QualifiedName
from sqlalchemy import Engine

from crisis_timeline.audit import audit as audit_of
from crisis_timeline.exports import Document
from crisis_timeline.projections.actors import actor_names
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.views import At

CRISIS = Namespace("crisis", "urn:crisis-timeline:")
RESPONSES = {
    "ClaimDisputed": "disputes",
    "ClaimCorroborated": "corroborates",
    "ClaimConfirmed": "confirms",
    "ClaimRefuted": "refutes",
    "ClaimRetracted": "retracts",
    "EventCorrected": "corrects",
    "EventRetracted": "retracts",
}
"""How an event of the claim's stream derives from what it answers (the claim, or an event)."""


def claim_provenance(engine: Engine, store: EventStore, claim: str, at: At = At()) -> Document:
    """The PROV-JSON document of one claim's provenance as known at `at`."""
    doc = provenance_graph(engine, store, claim, at)
    text = doc.serialize(format="json", sort_keys=True) or ""
    return Document((text + "\n").encode("utf-8"))


def provenance_graph(engine: Engine, store: EventStore, claim: str, at: At = At()) -> ProvDocument:
    """The claim's provenance graph (raises NotFoundError for a claim not known at `at`)."""
    audit = audit_of(engine, store, _stream(claim), at)
    doc = ProvDocument()
    doc.add_namespace(CRISIS)
    graph = _Graph(doc, actor_names(engine, at))
    claim_entity = graph.claim(_stream(claim), audit["row"])
    recordings = {
        t: CRISIS[f"recording/{n}"]
        for n, t in enumerate(sorted({e["recorded_at"] for e in audit["history"]}), 1)
    }
    for entry in sorted(audit["history"], key=knowledge_order):
        event = graph.event(entry, recordings[entry["recorded_at"]])
        if entry["type"] == "ClaimMade":
            doc.wasDerivedFrom(claim_entity, event)
        elif entry["type"] in RESPONSES:
            target = _answered(entry, claim_entity)
            doc.wasDerivedFrom(
                event, target, other_attributes={PROV["type"]: CRISIS[RESPONSES[entry["type"]]]}
            )
    return doc


def knowledge_order(entry: dict[str, Any]) -> tuple[str, str, int]:
    """An audit entry's place in knowledge order (projections.base.knowledge_key), so that the
    document does not depend on the order sources were loaded in."""
    source = entry["evidence"][0]["source"]["id"] if entry["evidence"] else ""
    return entry["reported"]["start"], source, entry["position"]


def _stream(claim: str) -> str:
    return claim if claim.startswith("claim/") else f"claim/{claim}"


def _answered(entry: dict[str, Any], claim: ProvEntity) -> Any:
    data = entry["data"]
    target = (
        data.get("corrects") or data.get("retracts") if entry["type"].startswith("Event") else None
    )
    return CRISIS[f"event/{target}"] if target else claim


class _Graph:
    """Adds records once each: agents and sources recur across events."""

    def __init__(self, doc: ProvDocument, names: dict[str, str]) -> None:
        self.doc, self.names = doc, names
        self.seen: set[QualifiedName] = set()

    def _once(self, name: QualifiedName) -> bool:
        new = name not in self.seen
        self.seen.add(name)
        return new

    def claim(self, stream: str, row: dict[str, Any] | None) -> ProvEntity:
        attrs: dict[Any, Any] = {PROV["type"]: CRISIS["Claim"]}
        if row is not None:
            attrs.update(
                {
                    PROV["label"]: row["statement"],
                    CRISIS["modality"]: row["modality"],
                    CRISIS["status"]: row["status"],
                }
            )
        entity = self.doc.entity(CRISIS[stream], attrs)
        if row is not None and row["claimant"]:
            self.doc.wasAttributedTo(
                entity, self.actor(row["claimant"]), other_attributes={CRISIS["role"]: "claimant"}
            )
        return entity

    def event(self, entry: dict[str, Any], recording: QualifiedName) -> ProvEntity:
        attrs: dict[Any, Any] = {
            PROV["type"]: CRISIS[entry["type"]],
            CRISIS["reported"]: _when(entry["reported"]),
        }
        if entry["occurred"]:
            attrs[CRISIS["occurred"]] = _when(entry["occurred"])
        if entry["data"].get("statement"):
            attrs[PROV["label"]] = entry["data"]["statement"]
        event = self.doc.entity(CRISIS[f"event/{entry['id']}"], attrs)
        self.recording(recording, entry)
        self.doc.wasGeneratedBy(event, recording)
        self.doc.wasAttributedTo(
            event,
            self.analyst(entry["recorded_by"]),
            other_attributes={CRISIS["role"]: "recorded_by"},
        )
        if entry["data"].get("by"):
            self.doc.wasAttributedTo(
                event, self.actor(entry["data"]["by"]), other_attributes={CRISIS["role"]: "by"}
            )
        for n, ev in enumerate(entry["evidence"], 1):
            self.doc.wasDerivedFrom(event, self.quote(f"quote/{entry['id']}/{n}", ev))
        return event

    def quote(self, name: str, ev: dict[str, Any]) -> ProvEntity:
        source = ev["source"]
        attrs: dict[Any, Any] = {
            PROV["value"]: ev["quote"],
            CRISIS["attribution"]: ev["attribution"],
        }
        if ev["span"]:
            attrs.update({CRISIS["span_start"]: ev["span"][0], CRISIS["span_end"]: ev["span"][1]})
        if source.get("sha256"):
            attrs[CRISIS["source_sha256"]] = source["sha256"]
        quote = self.doc.entity(CRISIS[name], attrs)
        self.doc.wasQuotedFrom(quote, self.source(source))
        if ev["attributed_to"]:
            self.doc.wasAttributedTo(
                quote,
                self.actor(ev["attributed_to"]),
                other_attributes={CRISIS["attribution"]: ev["attribution"]},
            )
        return quote

    def source(self, s: dict[str, Any]) -> QualifiedName:
        name = CRISIS[s["id"]]
        if self._once(name):
            attrs: dict[Any, Any] = {PROV["type"]: CRISIS["Source"]}
            for key in ("publisher", "sha256", "url"):
                if s.get(key):
                    attrs[CRISIS[key]] = s[key]
            if s.get("title"):
                attrs[PROV["label"]] = s["title"]
            if s.get("published"):
                attrs[CRISIS["published"]] = _when(s["published"])
            self.doc.entity(name, attrs)
        return name

    def actor(self, actor_id: str) -> QualifiedName:
        name = CRISIS[actor_id]
        if self._once(name):
            label = self.names.get(actor_id)
            self.doc.agent(name, {PROV["label"]: label} if label else {})
        return name

    def recording(self, name: QualifiedName, entry: dict[str, Any]) -> None:
        if not self._once(name):
            return
        when = datetime.fromisoformat(entry["recorded_at"].replace("Z", "+00:00"))
        self.doc.activity(name, when, when, {CRISIS["recorded_at"]: entry["recorded_at"]})
        self.doc.wasAssociatedWith(name, self.analyst(entry["recorded_by"]))

    def analyst(self, recorded_by: str) -> QualifiedName:
        name = CRISIS[f"analyst/{recorded_by}"]
        if self._once(name):
            self.doc.agent(name, {PROV["type"]: PROV["Person"], PROV["label"]: recorded_by})
        return name


def _when(pt: dict[str, Any]) -> str:
    """A partial time as its canonical words."""
    from crisis_timeline.time import partial_from_json

    return partial_from_json(pt).value
