"""Table cells of the incidents, casualties, places and agreements views, for people."""

from __future__ import annotations

from typing import Any

HAPPENED = ("happened", "signed", "effective")
"""Partial times of these views, shown in words as the other views' are."""


def happened_cells(row: dict[str, Any]) -> dict[str, Any]:
    """Tolls as their words (marked when the range is read from them), points as 'lat, lon (p)'."""
    out: dict[str, Any] = {}
    for key in ("killed", "injured", "missing"):
        if isinstance(row.get(key), dict):
            out[key] = toll_cell(row[key])
    point = row.get("coordinates")
    if isinstance(point, dict):
        out["coordinates"] = f"{point['latitude']}, {point['longitude']} ({point['precision']})"
    for key in ("by", "against", "measures", "parties"):
        if isinstance(row.get(key), list):
            out[key] = ", ".join(row[key])
    return out


def toll_cell(toll: dict[str, Any]) -> str:
    """ "at least 40", or "dozens (24–99, inferred from the words)"."""
    if not toll.get("inferred"):
        return str(toll["text"])
    low, high = ("?" if n is None else f"{n:,}" for n in (toll.get("low"), toll.get("high")))
    return f"{toll['text']} ({low}–{high}, inferred from the words)"
