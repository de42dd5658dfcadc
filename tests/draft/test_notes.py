"""The loader and draft: notes: a note anywhere a draft puts one stops the load, named in one line;
accepted, the notes are dropped and the rest loads as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from crisis_timeline import fixtures
from crisis_timeline.draft.actors import Actor, Cast
from crisis_timeline.draft.notes import unreviewed, without_notes

MINIMAL = Path(__file__).resolve().parents[1] / "loader" / "data" / "minimal.yaml"
ARTICLE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "sources"
    / "reuters-2021-12-30-biden-putin-second-call.txt"
)
NOTE = {"confidence": "low", "why": ["a guess"]}


def minimal(folder: Path) -> dict[str, Any]:
    """The loader's minimal fixture, with its text in `folder` (a text_file must lie beside it)."""
    doc: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    (folder / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    doc["source"]["text_file"] = ARTICLE.name
    return doc


def first_fact(doc: dict[str, Any]) -> dict[str, Any]:
    fact: dict[str, Any] = doc["facts"][0]
    return fact


@pytest.mark.parametrize(
    ("place", "named"),
    [
        (lambda d: d["source"], "source: draft"),
        (lambda d: d["actors"][0], "actor '{actor}': draft"),
        (lambda d: first_fact(d), "fact '{fact}': draft"),
        (lambda d: first_fact(d)["evidence"][0], "fact '{fact}': evidence[0]: draft"),
    ],
)
def test_a_note_stops_the_load_naming_where_it_is(tmp_path: Path, place: Any, named: str) -> None:
    doc = minimal(tmp_path)
    place(doc)["draft"] = NOTE
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    where = named.format(actor=doc["actors"][0]["key"], fact=first_fact(doc)["key"])
    assert fixtures.parse_file(path).problems == [
        f"{path}: {where}: unreviewed draft note; check the guess and delete the note, "
        "or load with --accept-draft"
    ]
    accepted = fixtures.parse_file(path, accept_draft=True)
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        yaml.safe_dump(minimal(tmp_path), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    assert accepted.problems == []
    assert [i.event for i in accepted.items] == [i.event for i in fixtures.parse_file(plain).items]


def test_the_first_note_in_file_order_is_named(tmp_path: Path) -> None:
    doc = minimal(tmp_path)
    first_fact(doc)["draft"] = NOTE
    doc["facts"][-1]["draft"] = NOTE
    assert unreviewed(doc) == f"fact {first_fact(doc)['key']!r}: draft"
    assert unreviewed(without_notes(doc)) is None
    assert "draft" in first_fact(doc)  # the document given is left as it was


def test_known_actors_are_matched_by_name_and_alias() -> None:
    """An actor already in the store wins over the starting list, under its own key."""
    store = Actor(
        "russian-federation", "Russian Federation", "state", ["Russia", "Moscow"], known=True
    )
    kremlin = Actor(
        "kremlin-administration",
        "Presidential Administration",
        "organisation",
        ["the Kremlin"],
        known=True,
    )
    cast = Cast([store, kremlin])
    text = "Moscow said no. Russia denies it. The Kremlin will answer; the Kremlin spoke."
    assert [(text[m.start : m.end], m.key) for m in cast.mentions(text) if not m.adjective] == [
        ("Moscow", "russian-federation"),
        ("Russia", "russian-federation"),
        ("The Kremlin", "kremlin-administration"),
        ("the Kremlin", "kremlin-administration"),
    ]
    assert cast.named("Moscow") == "russian-federation"
    assert cast.named("the Kremlin") == "kremlin-administration"
    assert "russia" not in cast.actors
