"""Fixture files (YAML, one per source) to validated events; `loading` appends them.

Everything is checked before anything is written; each problem is reported as one line
naming the file, the fact and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from crisis_timeline import fixtures_io, yamlsafe
from crisis_timeline.draft import notes as draft_notes
from crisis_timeline.fixture_events import EventBuilder, fact_key
from crisis_timeline.fixture_model import (
    NAMESPACE,
    REFERENCE_FIELDS,
    SOURCE_KEY,
    ActorSpec,
    EvidenceSpec,
    FactSpec,
    FixtureError,
    Item,
    Parsed,
    SourceSpec,
    fact_id,
    validated,
    written_name,
)
from crisis_timeline.gcpause import fewer_collections
from crisis_timeline.quotes import sha256_text

__all__ = [
    "NAMESPACE",
    "REFERENCE_FIELDS",
    "SOURCE_KEY",
    "ActorSpec",
    "EvidenceSpec",
    "FactSpec",
    "FixtureError",
    "Item",
    "Parsed",
    "SourceSpec",
    "fact_id",
    "parse_document",
    "parse_file",
]


def parse_file(
    path: Path, text_override: Path | None = None, *, accept_draft: bool = False
) -> Parsed:
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


def _parse_document(
    doc: dict[str, Any], out: Parsed, text_for: Callable[[SourceSpec], str | None]
) -> Parsed:
    path = out.path
    source = validated(SourceSpec, doc.get("source"), f"{path}: source", out)
    if source is None:
        return out
    ctx = EventBuilder(out, source, text_for(source))
    ctx.add_source()
    for i, raw in enumerate(_list(doc, "actors", path, out)):
        ctx.add_actor(i, raw)
    keys: set[str] = set()
    facts = _list(doc, "facts", path, out)
    for i, raw in enumerate(facts):
        if len(out.problems) >= fixtures_io.MAX_PROBLEMS:
            out.problems.append(
                f"{path}: stopped after {len(out.problems)} problems; "
                f"{len(facts) - i:,} facts not checked"
            )
            break
        key = fact_key(raw)
        if key in keys:
            out.problems.append(f"{path}: fact {key!r}: key: used twice in this file")
            continue
        if key == SOURCE_KEY:
            out.problems.append(
                f"{path}: fact {key!r}: key: {key!r} is reserved for the source itself; "
                "choose another key"
            )
            continue
        if key is not None:
            keys.add(key)
        ctx.add_fact(i, raw)
    for name in sorted(set(doc) - {"source", "actors", "facts"}, key=str):
        out.problems.append(
            f"{path}: {written_name(name)}: unknown top-level key (expected source, actors, facts)"
        )
    return out


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
        out.problems.append(
            f"{path}: source: sha256: the text's sha256 is {digest}, "
            f"the fixture says {source.sha256}"
        )
    return text
