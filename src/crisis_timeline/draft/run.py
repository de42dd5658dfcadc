"""`crisis draft` as a library call: read the article, draft it, check the draft loads, write it."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crisis_timeline.draft.actors import Actor
from crisis_timeline.draft.assemble import draft_document, publication
from crisis_timeline.draft.extract import Article, DraftError, read_article

HEADER = (
    "# Drafted by `crisis draft` from {name}. Every guess carries a `draft:` note "
    "(confidence, why).\n"
    "# Review each one: correct what is wrong, delete what is not in the text, "
    "then delete the note.\n"
    "# `crisis load` refuses this file while a note is left "
    "(or loads it as it stands with --accept-draft).\n"
)


@dataclass(frozen=True)
class Drafted:
    """What a draft wrote."""

    fixture: Path
    text: Path
    text_written: bool
    facts: int
    actors: int


def draft_file(
    path: Path,
    output: Path | None = None,
    *,
    published: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    known: Iterable[Actor] = (),
    overwrite: bool = False,
    places: dict[str, str] | None = None,
) -> Drafted:
    """Draft FILE into a fixture (and its source text beside it); nothing is written on an error."""
    article = read_article(path)
    when = publication(published, article, str(path))
    fixture = output or Path(path.stem + ".yaml")
    text_path, write_text = _text_place(path, article, fixture)
    if not fixture.parent.is_dir():
        raise DraftError(f"-o: directory {str(fixture.parent)!r} does not exist")
    if fixture.exists() and not overwrite:
        raise DraftError(
            f"{fixture}: already exists; a reviewed draft would be lost "
            "(give another -o, or --force)"
        )
    if (
        write_text
        and text_path.exists()
        and text_path.read_text(encoding="utf-8", errors="replace") != article.text
        and not overwrite
    ):
        raise DraftError(
            f"{text_path}: already exists with other text (give another -o, or --force)"
        )
    doc = draft_document(
        article,
        when,
        publisher=publisher,
        title=title,
        known=list(known),
        text_file=os.path.relpath(str(text_path), str(fixture.parent)),
        places=places,
    )
    _check(doc, fixture, article.text, {a.id for a in known})
    try:
        if write_text:
            text_path.write_text(article.text, encoding="utf-8", newline="")
        fixture.write_text(HEADER.format(name=path.name) + _yaml(doc), encoding="utf-8")
    except OSError as e:
        raise DraftError(f"{e.filename}: cannot write: {e.strerror}") from None
    return Drafted(fixture, text_path, write_text, len(doc["facts"]), len(doc["actors"]))


def _text_place(path: Path, article: Article, fixture: Path) -> tuple[Path, bool]:
    """Where the source text goes: the input itself when it is that text and beside the draft."""
    same_dir = path.resolve().parent == fixture.resolve().parent
    if not article.is_html and same_dir and path.read_text(encoding="utf-8") == article.text:
        return path, False
    text = fixture.with_suffix(".txt")
    # never write over the file being drafted (a text with a byte-order mark, say)
    return (fixture.with_suffix(".source.txt") if text.resolve() == path.resolve() else text), True


def _check(doc: dict[str, Any], fixture: Path, text: str, known: set[str]) -> None:
    """The draft must load as is (notes accepted): any problem is the drafter's, not the user's."""
    from crisis_timeline.draft.notes import without_notes
    from crisis_timeline.fixtures import Parsed, parse_document

    out = parse_document(without_notes(_roundtrip(doc)), Parsed(str(fixture)), lambda _s: text)
    problems = out.problems + [
        f"{i.where}: {name}: unknown actor {ref!r}"
        for i in out.items
        for name, ref in i.actor_refs
        if ref not in out.actors | known
    ]
    if problems:
        raise DraftError(f"the draft would not load ({problems[0]}); nothing written")


def _roundtrip(doc: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(_yaml(doc))
    return loaded


class _Dumper(yaml.SafeDumper):
    """Writes a string YAML would read back otherwise (NEL, line and paragraph separators,
    other control characters) double-quoted with escapes, so that every quote stays exact."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    awkward = any(
        c in "\x85\u2028\u2029\ufeff" or (not c.isprintable() and c not in "\n") for c in value
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if awkward else None)


_Dumper.add_representer(str, _string)


def _yaml(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
