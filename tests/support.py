"""Test helpers: a test-only vocabulary and event builders."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4, uuid5

from click.testing import CliRunner, Result
from sqlalchemy import Engine, text

from crisis_timeline.events import Attribution, Evidence, NewEvent, Payload, Registry
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.time import parse_partial

test_registry = Registry()
NAMESPACE = UUID("6f1c7a52-27a4-4a53-9d7e-4d3f2b8f6a10")


@test_registry.register("Noted")
class Noted(Payload):
    """A test-only fact: some text."""

    text: str


def make_store(engine: Engine, batch_size: int = 1000) -> EventStore:
    return EventStore(engine, registry=test_registry, batch_size=batch_size)


def note(
    stream: str, text: str, *, reported: str = "2021-12-30", key: str | None = None, **extra: Any
) -> NewEvent:
    """A Noted event; with `key` its id is deterministic (uuid5 of stream and key)."""
    envelope: dict[str, Any] = {
        "stream": stream,
        "reported": parse_partial(reported),
        "evidence": (Evidence(source="source/test", quote=text, attribution=Attribution.REPORTER),),
        **extra,
    }
    if key is not None:
        envelope["id"] = uuid5(NAMESPACE, f"{stream}:{key}")
    return NewEvent.of(Noted(text=text), **envelope)


def reported(stream: str, payload: Payload, when: str = "2021-12-30") -> NewEvent:
    """An event of the real vocabulary, reported at `when`, with one reporter's quote."""
    evidence = (Evidence(source="source/test", quote="q", attribution=Attribution.REPORTER),)
    return NewEvent.of(
        payload, id=uuid4(), stream=stream, reported=parse_partial(when), evidence=evidence
    )


def beside(fixture: Path, doc: Any) -> None:
    """Copy an absolute text_file of doc next to where the fixture will be written, and name
    it relatively: the loader reads a text_file only inside the fixture's own folder."""
    source = doc.get("source") if isinstance(doc, dict) else None
    text_file = source.get("text_file") if isinstance(source, dict) else None
    if isinstance(text_file, str) and "\x00" not in text_file and Path(text_file).is_absolute():
        if Path(text_file).is_file():
            target = fixture.parent / Path(text_file).name
            if not target.exists():
                shutil.copyfile(text_file, target)
            source["text_file"] = target.name


def execute(engine: Engine, statement: Any) -> None:
    """Run one statement in its own transaction, bypassing the store."""
    with engine.begin() as conn:
        conn.execute(text(statement) if isinstance(statement, str) else statement)


def drop_guard(engine: Engine, verb: str) -> None:
    """Drop the trigger refusing `verb` (UPDATE or DELETE), as a tamperer with DDL rights would."""
    if engine.dialect.name == "sqlite":
        execute(engine, f"DROP TRIGGER events_no_{verb.lower()}")
    else:
        execute(engine, "DROP TRIGGER events_no_update_delete ON events")


CLEAN_ENV: dict[str, str | None] = {"CRISIS_DB": None, "CRISIS_ANALYST": None}
"""The environment CLI tests run `crisis` in: no database or analyst from the caller's shell."""


def run(args: Sequence[str]) -> Result:
    """`crisis ARGS` in process, as a user would type it."""
    from crisis_timeline.cli.main import cli

    return CliRunner().invoke(cli, list(args), prog_name="crisis", env=CLEAN_ENV)


def ok(result: Result) -> str:
    """The standard output of a command that must have succeeded without a traceback."""
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    return result.stdout
