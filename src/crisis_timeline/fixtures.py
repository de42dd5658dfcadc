"""Fixture files (YAML, one per source) to validated events, appended atomically and idempotently.

Everything is checked before anything is written; each problem is reported as one line
naming the file, the fact and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID, uuid5

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from crisis_timeline import fixtures_io, loadchecks, yamlsafe
from crisis_timeline.draft import notes as draft_notes
from crisis_timeline.errors import CrisisError, EventIdConflictError
from crisis_timeline.events import Attribution, Evidence, NewEvent, registry
from crisis_timeline.events.actors import ActorIdentified
from crisis_timeline.events.common import ActorId, Fact, SourceId
from crisis_timeline.events.sources import SourceRegistered
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.quotes import locate, sha256_text
from crisis_timeline.store.event_store import ANY_VERSION, Batch, EventStore
from crisis_timeline.time import PartialTime

NAMESPACE = UUID("3b0c6f1e-8d0e-5a52-9a40-6c1f0f6c9e21")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")]
REFERENCE_FIELDS = ("corrects", "retracts")
SOURCE_KEY = "source"
"""The key of a file's source event; a fact may not use it (their ids would be the same)."""


def fact_id(source_id: str, key: str) -> UUID:
    """The deterministic id of a fixture fact: uuid5 of the source id and the key."""
    return uuid5(NAMESPACE, f"{source_id}:{key}")


class FixtureError(CrisisError):
    """One or more problems in fixture files; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(fixtures_io.capped(list(problems))))
        self.problems = list(problems)


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EvidenceSpec(_Spec):
    quote: str = Field(min_length=1)
    attribution: Attribution
    attributed_to: ActorId | None = None
    span: tuple[int, int] | None = None
    source: SourceId | None = None


class SourceSpec(SourceRegistered):
    """A fixture's source: the SourceRegistered payload, plus its id, text and evidence."""

    id: Slug
    text_file: str | None = None
    evidence: tuple[EvidenceSpec, ...] = ()


class ActorSpec(ActorIdentified):
    """A fixture's actor: the ActorIdentified payload, plus its key and evidence."""

    key: Slug
    evidence: tuple[EvidenceSpec, ...] = ()


class FactSpec(_Spec):
    key: Slug
    type: str
    stream: str
    data: dict[str, Any] = {}
    occurred: PartialTime | None = None
    reported: PartialTime | None = None
    evidence: tuple[EvidenceSpec, ...] = Field(min_length=1)


@dataclass
class _Item:
    """One event to be, and where it came from (for error messages)."""

    path: str
    where: str
    event: NewEvent
    actor_refs: list[tuple[str, str]] = field(default_factory=list)
    target: tuple[str, UUID] | None = None
    target_ref: tuple[str, str] = ("", "")
    """The reference field and its value as written, e.g. ("corrects", "reuters-x:call")."""


@dataclass
class Parsed:
    """A fixture file read and checked on its own."""

    path: str
    items: list[_Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class LoadReport:
    """What a load did."""

    appended: int
    already_present: int
    files: int
    warnings: tuple[str, ...] = ()
    """Facts loaded that no view shows yet (loadchecks.warnings), one line each."""


def load(
    store: EventStore, paths: Sequence[Path], *, recorded_by: str, text: Path | None = None,
    progress: Callable[[int], None] | None = None, accept_draft: bool = False,
) -> LoadReport:
    """Validate every file, then append all their events in one transaction."""
    parsed: list[Parsed] = []
    for path in paths:
        if sum(len(p.problems) for p in parsed) >= fixtures_io.MAX_PROBLEMS:
            raise FixtureError([m for p in parsed for m in p.problems] + [f"{len(paths) - len(parsed)} more files not checked"])
        parsed.append(parse_file(path, text, accept_draft=accept_draft))
        if progress:
            progress(1)
    return load_parsed(store, parsed, recorded_by=recorded_by)


def load_parsed(store: EventStore, parsed: Sequence[Parsed], *, recorded_by: str) -> LoadReport:
    """Check what needs the store and every document together, then append all or nothing."""
    problems = [msg for p in parsed for msg in p.problems]
    problems += loadchecks.check(store, parsed)  # first: corrections add the actors they name
    problems += _cross_check(store, parsed)
    warnings = tuple(loadchecks.warnings(store, parsed)) if not problems else ()
    items, repeated = _unique(parsed, problems)
    if problems:
        raise FixtureError(problems)
    try:
        result = store.append_batches(_batches(items), recorded_by=recorded_by)
    except EventIdConflictError as e:
        where = next(i.where for i in items if i.event.id == e.event_id)
        raise FixtureError([f"{where}: already loaded with different content; add an EventCorrected fact instead"]) from None
    return LoadReport(len(result.appended), result.already_present + repeated, len(parsed), warnings)


def _unique(parsed: Sequence[Parsed], problems: list[str]) -> tuple[list[_Item], int]:
    """Each event once: a file given twice counts as already present; a clash is a problem."""
    first: dict[UUID, _Item] = {}
    repeated = 0
    for item in (i for p in parsed for i in p.items):
        seen = first.setdefault(item.event.id, item)
        if seen is item:
            continue
        if seen.event.content() == item.event.content():
            repeated += 1
        else:
            problems.append(f"{item.where}: already given by {seen.path} with different content")
    return list(first.values()), repeated


def parse_file(path: Path, text_override: Path | None = None, *, accept_draft: bool = False) -> Parsed:
    """Read one fixture file into events, collecting every problem found."""
    out = Parsed(str(path))
    doc = _read_yaml(path, out)
    if doc is None:
        return out
    refused = None if accept_draft else draft_notes.refusal(str(path), doc)
    if refused:
        out.problems.append(refused)
        return out
    if accept_draft:
        doc = draft_notes.without_notes(doc)
    return parse_document(doc, out, lambda source: _source_text(path, source, text_override, out))


def parse_document(
    doc: dict[str, Any], out: Parsed, text_for: Callable[[SourceSpec], str | None] = lambda _s: None
) -> Parsed:
    """Turn a fixture document (as parsed from YAML) into events; problems go to out.problems."""
    with fewer_collections():
        return _parse_document(doc, out, text_for)


def _parse_document(doc: dict[str, Any], out: Parsed, text_for: Callable[[SourceSpec], str | None]) -> Parsed:
    path = out.path
    source = _spec(SourceSpec, doc.get("source"), f"{path}: source", out)
    if source is None:
        return out
    ctx = _Context(out, source, text_for(source))
    ctx.add_source()
    for i, raw in enumerate(_list(doc, "actors", path, out)):
        ctx.add_actor(i, raw)
    keys: set[str] = set()
    facts = _list(doc, "facts", path, out)
    for i, raw in enumerate(facts):
        if len(out.problems) >= fixtures_io.MAX_PROBLEMS:
            out.problems.append(f"{path}: stopped after {len(out.problems)} problems; {len(facts) - i:,} facts not checked")
            break
        key = _fact_key(raw)
        if key in keys:
            out.problems.append(f"{path}: fact {key!r}: key: used twice in this file")
            continue
        if key == SOURCE_KEY:
            out.problems.append(f"{path}: fact {key!r}: key: {key!r} is reserved for the source itself; choose another key")
            continue
        if key is not None:
            keys.add(key)
        ctx.add_fact(i, raw)
    for name in sorted(set(doc) - {"source", "actors", "facts"}, key=str):
        out.problems.append(f"{path}: {_name(name)}: unknown top-level key (expected source, actors, facts)")
    return out


def _fact_key(raw: Any) -> str | None:
    """The fact's key if it is a non-empty string (checked against the slug pattern later)."""
    key = raw.get("key") if isinstance(raw, dict) else None
    return key if isinstance(key, str) and key else None


def _name(value: object) -> str:
    """A name as written, quoted and escaped if it is not a plain one-line string."""
    text = str(value)
    return text if isinstance(value, str) and text.isprintable() and text.strip() == text else repr(value)


def _read_yaml(path: Path, out: Parsed) -> dict[str, Any] | None:
    try:
        doc = yamlsafe.load(fixtures_io.read_text(path, fixtures_io.MAX_FIXTURE_BYTES))
    except fixtures_io.InputError as e:
        out.problems.append(f"{path}: {e}")
        return None
    except yamlsafe.YamlError as e:
        out.problems.append(f"{path}: {e}")
        return None
    if not isinstance(doc, dict):
        out.problems.append(f"{path}: expected a mapping with source, actors and facts")
        return None
    return doc


def _list(doc: dict[str, Any], key: str, path: str, out: Parsed) -> list[Any]:
    value = doc.get(key) or []
    if not isinstance(value, list):
        out.problems.append(f"{path}: {key}: expected a list")
        return []
    return value


def _spec(cls: type[BaseModel], raw: Any, where: str, out: Parsed) -> Any:
    if not isinstance(raw, dict):
        out.problems.append(f"{where}: expected a mapping")
        return None
    try:
        return cls.model_validate(raw)
    except pydantic.ValidationError as e:
        out.problems.extend(f"{where}: {_loc(err['loc'])}: {_msg(err)}" for err in _own(e.errors()))
        return None


def _own(errors: list[Any]) -> list[Any]:
    """Errors, less a list's "too short" when its items failed (it only repeats that)."""
    def within(outer: Any, inner: Any) -> bool:
        n = len(outer["loc"])
        return len(inner["loc"]) > n and tuple(inner["loc"][:n]) == tuple(outer["loc"])

    return [e for e in errors if not (e["type"] == "too_short" and any(within(e, o) for o in errors))]


def _loc(loc: Iterable[Any]) -> str:
    parts = ""
    for p in loc:
        parts += f"[{p}]" if isinstance(p, int) else (f".{_name(p)}" if parts else _name(p))
    return parts or "value"


def _msg(err: Any) -> str:
    msg = str(err["msg"])
    # The YAML format has lists where the models have tuples.
    msg = msg.replace("a valid tuple", "a valid list").replace("Tuple should", "List should")
    return msg.removeprefix("Value error, ")


def _source_text(path: Path, source: SourceSpec, override: Path | None, out: Parsed) -> str | None:
    if override is None and source.text_file is None:
        return None
    shown = str(override) if override is not None else source.text_file
    try:
        text_path = override or fixtures_io.confined(path, str(source.text_file))
        text = fixtures_io.read_text(text_path, fixtures_io.MAX_TEXT_BYTES)
    except fixtures_io.InputError as e:
        out.problems.append(f"{path}: source: text_file: {shown!r}: {e}")
        return None
    digest = sha256_text(text)
    if source.sha256 is not None and digest != source.sha256:
        out.problems.append(f"{path}: source: sha256: the text's sha256 is {digest}, the fixture says {source.sha256}")
    return text


class _Context:
    """Builds a file's events, sharing the source, its text and the problem list."""

    def __init__(self, out: Parsed, source: SourceSpec, text: str | None) -> None:
        self.out, self.source, self.text = out, source, text
        self.source_id = f"source/{source.id}"

    def add_source(self) -> None:
        s = self.source
        data = s.model_dump(mode="json", exclude={"id", "text_file", "evidence"})
        if data["sha256"] is None and self.text is not None:
            data["sha256"] = sha256_text(self.text)
        self._add("source", "source", "SourceRegistered", self.source_id, data, None, None, s.evidence)

    def add_actor(self, index: int, raw: Any) -> None:
        where = f"{self.out.path}: actor #{index + 1}"
        spec = _spec(ActorSpec, raw, where, self.out)
        if spec is None:
            return
        data = spec.model_dump(mode="json", exclude={"key", "evidence"})
        self.out.actors.add(f"actor/{spec.key}")
        self._add(f"actor '{spec.key}'", f"actor:{spec.key}", "ActorIdentified", f"actor/{spec.key}", data, None, None, spec.evidence)

    def add_fact(self, index: int, raw: Any) -> None:
        key = _fact_key(raw)
        where = f"{self.out.path}: fact {key!r}" if key else f"{self.out.path}: fact #{index + 1}"
        spec = _spec(FactSpec, raw, where, self.out)
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
        item = self._add(f"fact {spec.key!r}", spec.key, spec.type, spec.stream, data, spec.occurred, spec.reported, spec.evidence)
        if item is not None:
            item.target_ref = written

    def _add(
        self, label: str, key: str, type_name: str, stream: str, data: dict[str, Any],
        occurred: PartialTime | None, reported: PartialTime | None, evidence: Sequence[EvidenceSpec],
    ) -> _Item | None:
        where = f"{self.out.path}: {label}"
        before = len(self.out.problems)
        payload = self._payload(where, type_name, data)
        if (wrong_family := loadchecks.family_problem(type_name, stream)) is not None:
            self.out.problems.append(f"{where}: {wrong_family}")
        items = [self._evidence(where, i, ev) for i, ev in enumerate(evidence)]
        if payload is None or len(self.out.problems) > before:
            return None
        try:
            event = NewEvent(
                id=fact_id(self.source.id, key), stream=stream, type=type_name,
                schema_version=payload.schema_version, data=payload.model_dump(mode="json"),
                occurred=occurred, reported=reported or self.source.published,
                evidence=tuple(e for e in items if e is not None),
            )
        except pydantic.ValidationError as e:
            self.out.problems.extend(f"{where}: {_loc(err['loc'])}: {_msg(err)}" for err in _own(e.errors()))
            return None
        item = _Item(self.out.path, where, event, _actor_refs(payload, evidence))
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
            self.out.problems.extend(f"{where}: data.{_loc(err['loc'])}: {_msg(err)}" for err in _own(e.errors()))
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
        return Evidence(source=source, quote=spec.quote, span=span, attributed_to=spec.attributed_to, attribution=spec.attribution)


def _actor_refs(payload: Fact, evidence: Sequence[EvidenceSpec]) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []
    for name in payload.actor_fields:
        value = getattr(payload, name)
        for actor in (value if isinstance(value, tuple) else (value,)):
            if actor is not None:
                refs.append((f"data.{name}", actor))
    refs += [(f"evidence[{i}].attributed_to", e.attributed_to) for i, e in enumerate(evidence) if e.attributed_to]
    return refs


def _cross_check(store: EventStore, parsed: Sequence[Parsed]) -> list[str]:
    """Problems that need every file and the store: unknown actors, missing correction targets."""
    declared = {a for p in parsed for a in p.actors}
    in_load = {i.event.id: i.event.stream for p in parsed for i in p.items}
    problems: list[str] = []
    referenced = {actor for p in parsed for i in p.items for _, actor in i.actor_refs} - declared
    known_in_store = {a for a, version in store.stream_versions(referenced).items() if version > 0}
    for item in (i for p in parsed for i in p.items):
        for field_name, actor in item.actor_refs:
            if actor not in declared and actor not in known_in_store:
                problems.append(f"{item.where}: {field_name}: unknown actor {actor!r}")
        if item.target is not None:
            problems += _check_target(store, item, in_load)
    return problems


def _check_target(store: EventStore, item: _Item, in_load: dict[UUID, str]) -> list[str]:
    assert item.target is not None
    stream, target = item.target
    found = in_load.get(target) or store.streams_of([str(target)]).get(str(target), "")
    if not found:
        name, written = item.target_ref
        ref = f"{written!r}, id {target}" if written and written != str(target) else str(target)
        return [f"{item.where}: data.{name or 'corrects'}: the event it refers to ({ref}) is not stored in {stream!r}"]
    if found != stream:
        return [f"{item.where}: stream: must be {found!r}, the stream of the event it corrects"]
    return []


def _batches(items: Sequence[_Item]) -> list[Batch]:
    # Facts from different sources are independent appends: a stream another load moved on
    # since these files were checked takes them after its own, so no expected version.
    by_stream: dict[str, list[NewEvent]] = {}
    for item in items:
        by_stream.setdefault(item.event.stream, []).append(item.event)
    return [Batch(s, evs, ANY_VERSION) for s, evs in by_stream.items()]
