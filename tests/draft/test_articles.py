"""Articles written for these tests, drafted and held against what a reader takes from them by
hand (data/expected.yaml); and the seed article against its hand-written fixture
(bench.draft_quality)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from crisis_timeline.draft.run import draft_file
from crisis_timeline.time import parse_partial

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level package of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench.draft_quality import compare, draft_seed

DATA = Path(__file__).resolve().parent / "data"
EXPECTED: dict[str, Any] = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))
CASES = [(name, i) for name, article in EXPECTED.items() for i in range(len(article["facts"]))]


def drafted(name: str, tmp: Path) -> dict[str, Any]:
    article = EXPECTED[name]
    published = None if name.endswith(".html") else article["published"]
    out = draft_file(DATA / name, tmp / "draft.yaml", published=published)
    doc: dict[str, Any] = yaml.safe_load(out.fixture.read_text(encoding="utf-8"))
    return doc


def speaker_words(doc: dict[str, Any], actor_id: str | None) -> set[str]:
    actor = next((a for a in doc["actors"] if f"actor/{a['key']}" == actor_id), None)
    return set() if actor is None else {actor["name"], actor.get("description") or actor["name"]}


def names(doc: dict[str, Any], ids: list[str]) -> set[str]:
    return {a["name"] for a in doc["actors"] if f"actor/{a['key']}" in ids}


def same_time(value: dict[str, Any] | None, expected: str) -> bool:
    return value is not None and parse_partial(value["value"]) == parse_partial(expected)


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_article_fact(tmp_path: Path, name: str, index: int) -> None:
    want = EXPECTED[name]["facts"][index]
    doc = drafted(name, tmp_path)
    found = [
        (f, e)
        for f in doc["facts"]
        for e in f["evidence"]
        if want["quote"] in e["quote"] and f["type"] == want["type"]
    ]
    assert found, f"no {want['type']} quoting {want['quote']!r}"
    fact, evidence = found[0]
    assert evidence["attribution"] == want["attribution"]
    if "speaker" in want:
        assert want["speaker"] in speaker_words(doc, evidence.get("attributed_to"))
    else:
        assert evidence.get("attributed_to") is None
    data = fact["data"]
    for field in ("scheduled", "held", "period"):
        if field in want:
            assert same_time(data.get(field), want[field]), (field, data.get(field))
    if "occurred" in want:
        assert same_time(fact.get("occurred"), want["occurred"]), fact.get("occurred")
    for field in ("low", "high", "modality", "location"):
        if field in want:
            assert data[field] == want[field], field
    for field in ("participants", "by"):
        if field in want:
            assert names(doc, data[field]) == set(want[field]), field
    if "requested_by" in want:
        assert names(doc, [data["requested_by"]]) == {want["requested_by"]}
    if "why_has" in want:
        assert want["why_has"] in " ".join(fact["draft"]["why"])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_article_source(tmp_path: Path, name: str) -> None:
    source = drafted(name, tmp_path)["source"]
    assert parse_partial(source["published"]["value"]) == parse_partial(EXPECTED[name]["published"])
    for key, value in EXPECTED[name]["source"].items():
        assert source[key] == value, key


def test_seed_against_its_fixture() -> None:
    """The targets of the draft on the seed article, drafted from its text and day alone."""
    figures = compare(*draft_seed())
    times, attributions, sentences_, (deleted, facts) = (
        figures.times,
        figures.attributions,
        figures.sentences,
        figures.to_delete,
    )
    assert times[0] / times[1] >= 0.9, figures.missed_times
    assert attributions[0] / attributions[1] >= 0.8, figures.missed_attributions
    assert sentences_[0] == sentences_[1]
    assert deleted / facts <= 0.25, figures.deleted
