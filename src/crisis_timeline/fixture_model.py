"""What a fixture file holds, as checked specs and the events they make; how its problems read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any
from uuid import UUID, uuid5

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from crisis_timeline import fixtures_io
from crisis_timeline.errors import CrisisError
from crisis_timeline.events import Attribution, NewEvent
from crisis_timeline.events.actors import ActorIdentified
from crisis_timeline.events.common import ActorId, SourceId
from crisis_timeline.events.sources import SourceRegistered
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
class Item:
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
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)


def validated(cls: type[BaseModel], raw: Any, where: str, out: Parsed) -> Any:
    """The spec `raw` makes, or None with its problems added to out.problems."""
    if not isinstance(raw, dict):
        out.problems.append(f"{where}: expected a mapping")
        return None
    try:
        return cls.model_validate(raw)
    except pydantic.ValidationError as e:
        out.problems.extend(
            f"{where}: {error_loc(err['loc'])}: {error_msg(err)}" for err in own_errors(e.errors())
        )
        return None


def own_errors(errors: list[Any]) -> list[Any]:
    """Errors, less a list's "too short" when its items failed (it only repeats that)."""

    def within(outer: Any, inner: Any) -> bool:
        n = len(outer["loc"])
        return len(inner["loc"]) > n and tuple(inner["loc"][:n]) == tuple(outer["loc"])

    return [
        e for e in errors if not (e["type"] == "too_short" and any(within(e, o) for o in errors))
    ]


def error_loc(loc: Iterable[Any]) -> str:
    """A pydantic error location as the fixture writes it (`data.when`, `evidence[0].quote`)."""
    parts = ""
    for p in loc:
        parts += (
            f"[{p}]"
            if isinstance(p, int)
            else (f".{written_name(p)}" if parts else written_name(p))
        )
    return parts or "value"


def error_msg(err: Any) -> str:
    """A pydantic error message in the fixture's words."""
    msg = str(err["msg"])
    # The YAML format has lists where the models have tuples.
    msg = msg.replace("a valid tuple", "a valid list").replace("Tuple should", "List should")
    return msg.removeprefix("Value error, ")


def written_name(value: object) -> str:
    """A name as written, quoted and escaped if it is not a plain one-line string."""
    text = str(value)
    return (
        text
        if isinstance(value, str) and text.isprintable() and text.strip() == text
        else repr(value)
    )
