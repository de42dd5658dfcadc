"""Incidents and tolls drafted from short texts written for them; expected values worked out by
hand; and the invasion article against its hand-written fixture."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from crisis_timeline.draft.run import draft_file

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a top-level package of the repository, not installed
    sys.path.insert(0, str(ROOT))

from bench.draft_quality import INCIDENT_TYPES, INVASION, by_type, draft_seed  # noqa: E402


def draft(tmp: Path, text: str, published: str = "2024-05-09") -> list[dict[str, Any]]:
    article = tmp / "article.txt"
    article.write_text(text, encoding="utf-8")
    out = draft_file(article, tmp / "draft.yaml", published=published)
    facts: list[dict[str, Any]] = yaml.safe_load(out.fixture.read_text(encoding="utf-8"))["facts"]
    return facts


def of_type(facts: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [f for f in facts if f["type"] == name]


@pytest.mark.parametrize(
    ("text", "kind", "location"),
    [
        ("Explosions were heard in Kharkiv on Tuesday.", "explosion_remote_violence", "Kharkiv"),
        ("The shelling of Odesa went on overnight.", "shelling_artillery_missile", "Odesa"),
        ("An air strike on Aleppo destroyed a market.", "air_drone_strike", "Aleppo"),
        ("Hundreds of protesters gathered in Tbilisi.", "protest", "Tbilisi"),
        ("Armed men attacked a checkpoint near Goma.", "assault", "Goma"),
    ],
)
def test_incident_kind_and_place(tmp_path: Path, text: str, kind: str, location: str) -> None:
    (fact,) = of_type(draft(tmp_path, text), "IncidentReported")
    assert (fact["data"]["kind"], fact["data"]["location"]) == (kind, location)
    assert fact["evidence"][0]["quote"] == text
    assert fact["stream"].startswith("incident/")
    assert any(w.startswith(f"location {location}: ") for w in fact["draft"]["why"])


def test_incident_time_actors_and_toll(tmp_path: Path) -> None:
    facts = draft(
        tmp_path,
        "Russian forces shelled Ukraine on Tuesday. Officials said three people died "
        "and dozens were injured.",
    )
    (incident,) = of_type(facts, "IncidentReported")
    assert incident["data"]["happened"] == {"value": "2024-05-07", "text": "on Tuesday"}
    assert incident["data"]["perpetrators"] == ["actor/russia"]
    assert incident["data"]["targets"] == ["actor/ukraine"]
    (toll,) = of_type(facts, "CasualtiesReported")
    assert toll["stream"] == incident["stream"]
    assert toll["data"]["killed"] == {"text": "three", "low": 3, "high": 3}
    assert toll["data"]["injured"] == {"text": "dozens", "low": 24, "high": 99}
    assert "injured: 'dozens': 24 to 99 (inferred from the words)" in toll["draft"]["why"]


def test_no_time_written_is_the_publication_day_and_said_so(tmp_path: Path) -> None:
    (fact,) = of_type(draft(tmp_path, "Clashes broke out in Bamako."), "IncidentReported")
    assert fact["data"]["happened"]["value"] == "2024-05-09"
    assert "happened: no time written; the publication day" in fact["draft"]["why"]
    assert fact["draft"]["confidence"] == "low"


def test_a_city_is_not_the_state_acting(tmp_path: Path) -> None:
    (fact,) = of_type(draft(tmp_path, "Residents of Kyiv heard blasts."), "IncidentReported")
    assert "perpetrators" not in fact["data"]


def test_a_toll_with_no_incident_before_has_a_stream_of_its_own(tmp_path: Path) -> None:
    (toll,) = of_type(draft(tmp_path, "At least 12 people were killed."), "CasualtiesReported")
    assert toll["data"]["killed"] == {"text": "At least 12", "low": 12}
    assert toll["stream"].startswith("incident/")
    assert any(w.startswith("no incident drafted before it") for w in toll["draft"]["why"])


def test_a_text_with_no_incident_proposes_none(tmp_path: Path) -> None:
    facts = draft(
        tmp_path,
        "The two leaders will speak by phone on Friday, the White House said. "
        "Officials expect a short call about trade.",
    )
    assert facts
    assert not [f for f in facts if f["type"] in INCIDENT_TYPES]


def test_an_earlier_year_is_recalled_not_an_incident(tmp_path: Path) -> None:
    facts = draft(tmp_path, "The fighting there ended in 2015, after the accords.")
    assert not of_type(facts, "IncidentReported")


def test_invasion_article_against_its_fixture() -> None:
    """Every incident and toll of the hand-written fixture is drafted; most drafted ones are."""
    figures = by_type(*draft_seed(INVASION), INCIDENT_TYPES)
    assert figures["IncidentReported"][0] == (3, 3)
    assert figures["CasualtiesReported"] == ((1, 1), (1, 1))
    found, of = figures["IncidentReported"][1]
    assert found / of >= 0.8
