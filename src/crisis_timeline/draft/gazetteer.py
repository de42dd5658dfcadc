"""A starting list of states and organisations that news copy names by many words: "Moscow" and
"the Kremlin" for Russia's government, "U.S." and "Washington" for the United States.

Actors already in the store come first; this list only proposes new ones, and every proposal
carries a draft note.
"""

from __future__ import annotations

STATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (aliases as written for the state itself, adjectives)
    "United States": (("U.S.", "US", "USA", "America", "Washington"), ("American", "U.S.")),
    "Russia": (("Moscow", "Russian Federation"), ("Russian", "Russia’s", "Russia's")),
    "Ukraine": (("Kyiv", "Kiev"), ("Ukrainian", "Ukraine’s", "Ukraine's")),
    "China": (("Beijing",), ("Chinese",)),
    "United Kingdom": (("Britain", "U.K.", "UK", "London"), ("British",)),
    "France": (("Paris",), ("French",)),
    "Germany": (("Berlin",), ("German",)),
    "Iran": (("Tehran",), ("Iranian",)),
    "Israel": (("Jerusalem",), ("Israeli",)),
    "Turkey": (("Ankara", "Türkiye"), ("Turkish",)),
    "Poland": (("Warsaw",), ("Polish",)),
    "Belarus": (("Minsk",), ("Belarusian",)),
    "Armenia": (("Yerevan",), ("Armenian",)),
    "Azerbaijan": (("Baku",), ("Azerbaijani",)),
    "Georgia": (("Tbilisi",), ("Georgian",)),
    "Moldova": (("Chisinau",), ("Moldovan",)),
    "Switzerland": (("Bern",), ("Swiss",)),
    "Japan": (("Tokyo",), ("Japanese",)),
    "North Korea": (("Pyongyang",), ("North Korean",)),
    "South Korea": (("Seoul",), ("South Korean",)),
    "India": (("New Delhi",), ("Indian",)),
    "Pakistan": (("Islamabad",), ("Pakistani",)),
    "Syria": (("Damascus",), ("Syrian",)),
    "Taiwan": (("Taipei",), ("Taiwanese",)),
    "Serbia": (("Belgrade",), ("Serbian",)),
    "Kosovo": (("Pristina",), ("Kosovar",)),
    "Finland": (("Helsinki",), ("Finnish",)),
    "Sweden": (("Stockholm",), ("Swedish",)),
    "Estonia": (("Tallinn",), ("Estonian",)),
    "Latvia": (("Riga",), ("Latvian",)),
    "Lithuania": (("Vilnius",), ("Lithuanian",)),
    "Romania": (("Bucharest",), ("Romanian",)),
    "Hungary": (("Budapest",), ("Hungarian",)),
    "Italy": (("Rome",), ("Italian",)),
    "Spain": (("Madrid",), ("Spanish",)),
    "Canada": (("Ottawa",), ("Canadian",)),
    "Egypt": (("Cairo",), ("Egyptian",)),
    "Saudi Arabia": (("Riyadh",), ("Saudi",)),
    "Qatar": (("Doha",), ("Qatari",)),
    "Lebanon": (("Beirut",), ("Lebanese",)),
    "Iraq": (("Baghdad",), ("Iraqi",)),
    "Venezuela": (("Caracas",), ("Venezuelan",)),
    "Cuba": (("Havana",), ("Cuban",)),
    "Sudan": (("Khartoum",), ("Sudanese",)),
    "Ethiopia": (("Addis Ababa",), ("Ethiopian",)),
}

ORGANISATIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    # name: (aliases, the state it belongs to)
    "White House": ((), "United States"),
    "Kremlin": ((), "Russia"),
    "Pentagon": ((), "United States"),
    "State Department": (("U.S. State Department",), "United States"),
    "Downing Street": ((), "United Kingdom"),
    "NATO": (("North Atlantic Treaty Organization", "the alliance"), None),
    "European Union": (("EU", "E.U."), None),
    "United Nations": (("U.N.", "UN"), None),
    "OSCE": (("Organization for Security and Co-operation in Europe",), None),
    "IAEA": (("International Atomic Energy Agency",), None),
}

GROUPS: dict[str, tuple[str, ...]] = {
    "the West": ("Western",),
}

TITLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Secretary of State",
    "Defense Secretary",
    "Defence Secretary",
    "Secretary",
    "Chancellor",
    "Minister",
    "Ambassador",
    "General",
    "Gen.",
    "Senator",
    "Sen.",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "Secretary-General",
    "Secretary General",
    "Foreign Ministry spokesperson",
)
"""Words that put a person's name after them: "Russian President Vladimir Putin"."""
