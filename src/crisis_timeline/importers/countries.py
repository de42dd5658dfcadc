"""ISO 3166-1 country codes between their forms (pycountry's tables, offline)."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=512)
def alpha2_of_numeric(code: str) -> str | None:
    """The alpha-2 code of a numeric one ('804' gives 'UA'); None for 0 (ACLED's code for
    places with none, such as Kosovo) or a code ISO does not have."""
    if not code.isdigit() or int(code) == 0:
        return None
    found = pycountry.countries.get(numeric=f"{int(code):03d}")
    return None if found is None else str(found.alpha_2)


@lru_cache(maxsize=512)
def alpha2_of_alpha3(code: str) -> str | None:
    """The alpha-2 code of an alpha-3 one ('UKR' gives 'UA'), None if ISO does not have it."""
    found = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    return None if found is None else str(found.alpha_2)
