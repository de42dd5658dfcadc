"""Numbers and ranges from the words: "tens of thousands" is 20,000 to 99,999, "about 10,000"
is 9,000 to 11,000, "at least 40" is 40 or more.

Conventions (the seed fixture's): a vague plural ("tens of thousands", "hundreds") runs from two
of its unit to just under the next power; "about N" is N ± 10 %, rounded; a bound the words do not
give is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_SMALL.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "a dozen": 12,
        "a hundred": 100,
        "a thousand": 1000,
    }
)
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}
_QUALIFIERS = {
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "nearly": "under",
    "almost": "under",
    "up to": "at most",
    "as many as": "at most",
    "at most": "at most",
    "no more than": "at most",
    "at least": "at least",
    "more than": "over",
    "over": "over",
    "upwards of": "over",
    "fewer than": "under",
    "less than": "under",
}
_WORD = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_AMOUNT = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + _WORD
    + r")(?:\s+(?P<scale>hundred|thousand|million|billion))?"
)
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_NUMBER = re.compile(
    r"\b(?:(?P<qual>"
    + _QUAL
    + r")\s+)?(?:(?P<vague>"
    + "|".join(sorted(_VAGUE, key=len, reverse=True))
    + r")\b"
    r"|" + _AMOUNT + r"(?:\s*(?:-|to|and)\s*(?P<num2>\d{1,3}(?:,\d{3})+|\d+))?\b)",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A number as written and the range it stands for."""

    text: str
    start: int
    end: int
    low: int | None
    high: int | None
    why: str


def quantities(text: str) -> list[Quantity]:
    """Every number or vague amount in the text, with its range."""
    out = []
    for m in _NUMBER.finditer(text):
        found = _range(m)
        if found is not None:
            low, high, why = found
            out.append(Quantity(m.group().strip(), m.start(), m.end(), low, high, why))
    return out


def _value(num: str, scale: str | None) -> float:
    n = float(num.replace(",", "")) if num[0].isdigit() else float(_SMALL[num.lower()])
    return n * _SCALE[scale.lower()] if scale else n


def _range(m: re.Match[str]) -> tuple[int | None, int | None, str] | None:
    qual = _QUALIFIERS.get((m["qual"] or "").lower(), "")
    words = m.group().strip()
    if m["vague"]:
        low, high = _VAGUE[m["vague"].lower()]
        return _qualified(qual, low, high, words, f"{m['vague']!r}: {low:,} to {high:,}")
    n = round(_value(m["num"], m["scale"]))
    if m["num2"]:
        return n, int(m["num2"].replace(",", "")), f"{words!r}: the range as written"
    if qual == "about":
        delta = max(1, round(n * 0.1))
        return n - delta, n + delta, f"{words!r}: {n:,} ± 10 %"
    return _qualified(qual, n, n, words, f"{words!r}: exactly {n:,}")


def _qualified(
    qual: str, low: int, high: int, words: str, plain: str
) -> tuple[int | None, int | None, str]:
    if qual == "at least":
        return low, None, f"{words!r}: {low:,} or more"
    if qual == "over":
        return low + (1 if low == high else 0), None, f"{words!r}: more than {low:,}"
    if qual == "at most":
        return None, high, f"{words!r}: up to {high:,}"
    if qual == "under":
        return None, high - (1 if low == high else 0), f"{words!r}: fewer than {high:,}"
    if qual == "about":
        return low, high, plain
    return low, high, plain
