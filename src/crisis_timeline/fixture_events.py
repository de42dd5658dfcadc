"""One fixture file's checked specs to events: its source, actors and facts, with their evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import pydantic

from crisis_timeline import loadchecks
from crisis_timeline.errors import CrisisError
from crisis_timeline.events import Attribution, Evidence, NewEvent, registry
from crisis_timeline.events.common import Fact
from crisis_timeline.fixture_model import (
    REFERENCE_FIELDS,
    ActorSpec,
    EvidenceSpec,
    FactSpec,
    Item,
    Parsed,
    SourceSpec,
    error_loc,
    error_msg,
    fact_id,
    own_errors,
    validated,
)
from crisis_timeline.quotes import locate, sha256_text
from crisis_timeline.time import PartialTime


class EventBuilder:
    """Builds a file's events, sharing the source, its text and the problem list."""

    def __init__(self, out: Parsed, source: SourceSpec, text: str | None) -> None:
        self.out, self.source, self.text = out, source, text
        self.source_id = f"source/{source.id}"

    def add_source(self) -> None:
        s = self.source
        data = s.model_dump(mode="json", exclude={"id", "text_file", "evidence"})
        if data["sha256"] is None and self.text is not None:
            data["sha256"] = sha256_text(self.text)
        self._add(
            "source", "source", "SourceRegistered", self.source_id, data, None, None, s.evidence
        )

    def add_actor(self, index: int, raw: Any) -> None:
        where = f"{self.out.path}: actor #{index + 1}"
        spec = validated(ActorSpec, raw, where, self.out)
        if spec is None:
            return
        data = spec.model_dump(mode="json", exclude={"key", "evidence"})
        self.out.actors.add(f"actor/{spec.key}")
        self._add(
            f"actor '{spec.key}'",
            f"actor:{spec.key}",
            "ActorIdentified",
            f"actor/{spec.key}",
            data,
            None,
            None,
            spec.evidence,
        )

    def add_fact(self, index: int, raw: Any) -> None:
        key = fact_key(raw)
        where = f"{self.out.path}: fact {key!r}" if key else f"{self.out.path}: fact #{index + 1}"
        spec = validated(FactSpec, raw, where, self.out)
        if spec is None:
            return
        data = dict(spec.data)
        written = ("", "")
        for name in REFERENCE_FIELDS:
            if isinstance(data.get(name), str):
                written = (name, data[name])
                if ":" in data[name]:
                    source_id, _, ref_key = data[name].rpartition(":")
                    data[name] = str(fact_id(source_id, ref_key))
        item = self._add(
            f"fact {spec.key!r}",
            spec.key,
            spec.type,
            spec.stream,
            data,
            spec.occurred,
            spec.reported,
            spec.evidence,
        )
        if item is not None:
            item.target_ref = written

    def _add(
        self,
        label: str,
        key: str,
        type_name: str,
        stream: str,
        data: dict[str, Any],
        occurred: PartialTime | None,
        reported: PartialTime | None,
        evidence: Sequence[EvidenceSpec],
    ) -> Item | None:
        where = f"{self.out.path}: {label}"
        before = len(self.out.problems)
        payload = self._payload(where, type_name, data)
        if (wrong_family := loadchecks.family_problem(type_name, stream)) is not None:
            self.out.problems.append(f"{where}: {wrong_family}")
        items = [self._evidence(where, i, ev) for i, ev in enumerate(evidence)]
        if payload is None or len(self.out.problems) > before:
            return None
        try:
            event = NewEvent.of(
                payload,
                id=fact_id(self.source.id, key),
                stream=stream,
                occurred=occurred,
                reported=reported or self.source.published,
                evidence=tuple(e for e in items if e is not None),
            )
        except pydantic.ValidationError as e:
            self.out.problems.extend(
                f"{where}: {error_loc(err['loc'])}: {error_msg(err)}"
                for err in own_errors(e.errors())
            )
            return None
        item = Item(self.out.path, where, event, actor_refs(payload, evidence))
        target = next((data[n] for n in REFERENCE_FIELDS if n in data), None)
        item.target = None if target is None else (stream, UUID(str(target)))
        self.out.items.append(item)
        return item

    def _payload(self, where: str, type_name: str, data: dict[str, Any]) -> Fact | None:
        try:
            cls = registry.payload_class(type_name)
        except CrisisError as e:
            self.out.problems.append(f"{where}: type: {e}")
            return None
        try:
            payload = cls.model_validate(data)
        except pydantic.ValidationError as e:
            self.out.problems.extend(
                f"{where}: data.{error_loc(err['loc'])}: {error_msg(err)}"
                for err in own_errors(e.errors())
            )
            return None
        assert isinstance(payload, Fact)  # every registered type derives from Fact
        return payload

    def _evidence(self, where: str, index: int, spec: EvidenceSpec) -> Evidence | None:
        field_ = f"{where}: evidence[{index}]"
        if spec.attribution is Attribution.NAMED and spec.attributed_to is None:
            self.out.problems.append(f"{field_}.attributed_to: required when attribution is named")
            return None
        source = spec.source or self.source_id
        span = spec.span
        if self.text is not None and source == self.source_id:
            try:
                span = locate(self.text, spec.quote, spec.span)
            except ValueError as e:
                self.out.problems.append(f"{field_}.quote: {e}")
                return None
        return Evidence(
            source=source,
            quote=spec.quote,
            span=span,
            attributed_to=spec.attributed_to,
            attribution=spec.attribution,
        )


def actor_refs(payload: Fact, evidence: Sequence[EvidenceSpec]) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []
    for name in payload.actor_fields:
        value = getattr(payload, name)
        for actor in value if isinstance(value, tuple) else (value,):
            if actor is not None:
                refs.append((f"data.{name}", actor))
    refs += [
        (f"evidence[{i}].attributed_to", e.attributed_to)
        for i, e in enumerate(evidence)
        if e.attributed_to
    ]
    return refs


def fact_key(raw: Any) -> str | None:
    """The fact's key if it is a non-empty string (checked against the slug pattern later)."""
    key = raw.get("key") if isinstance(raw, dict) else None
    return key if isinstance(key, str) and key else None
