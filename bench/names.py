"""Name pools for the synthetic crisis: actors, outlets, places, topics (seeded, deterministic)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

STATES = (
    "Arveland",
    "Borovia",
    "Calderra",
    "Dravonia",
    "Estmark",
    "Feranza",
    "Galicor",
    "Hestria",
    "Istovia",
    "Jarnland",
    "Kalvenia",
    "Lutheria",
    "Morvania",
    "Nordavia",
    "Ostrana",
    "Pelagia",
    "Quorvia",
    "Rostania",
    "Selvaria",
    "Tarvonia",
    "Ulmeria",
    "Valdoria",
    "Westrava",
    "Zemlia",
)
ORGANISATIONS = (
    "Defence Ministry",
    "Foreign Ministry",
    "Presidential Office",
    "General Staff",
    "Security Council",
    "Border Service",
    "Interior Ministry",
    "Energy Ministry",
    "Parliament",
    "Central Bank",
)
ALLIANCES = (
    "Northern Treaty Organisation",
    "Eastern Security Pact",
    "Continental Union",
    "Council of Nations",
    "Monitoring Mission",
    "Red Crescent Society",
    "Grain Corridor Secretariat",
    "Atomic Energy Agency",
)
OUTLETS = (
    "Wire Daily",
    "Global Dispatch",
    "The Continental",
    "Northern Herald",
    "Frontline Monitor",
    "Capital Times",
    "Evening Ledger",
    "Radio Meridian",
    "Harbour Post",
    "Observer Network",
    "Signal News",
    "Border Gazette",
)
FIRST = (
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Irina",
    "Jonas",
    "Katya",
    "Lukas",
    "Marta",
    "Nikolai",
    "Olga",
    "Pavel",
    "Rosa",
    "Stefan",
    "Tamara",
    "Viktor",
    "Yara",
    "Zoltan",
)
LAST = (
    "Abrams",
    "Baranov",
    "Castell",
    "Dorn",
    "Eriksen",
    "Falk",
    "Gromov",
    "Horvat",
    "Ivanic",
    "Jansen",
    "Kovac",
    "Lindqvist",
    "Marek",
    "Novak",
    "Orlov",
    "Petrov",
    "Quist",
    "Rusu",
    "Sokol",
    "Tamm",
    "Urban",
    "Vesely",
    "Weiss",
    "Zorin",
)
TITLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Chief of Staff",
    "Ambassador",
    "National Security Adviser",
    "Spokesperson",
    "Deputy Foreign Minister",
    "Envoy",
)
ANONYMOUS = (
    "a senior administration official",
    "two officials familiar with the talks",
    "a diplomatic source",
    "a military intelligence officer",
    "people briefed on the matter",
    "a Western diplomat",
    "an official who declined to be named",
    "a government adviser",
    "regional officials",
    "a source close to the delegation",
    "security sources",
    "a senior defence official",
)
PLACES = (
    "Geneva",
    "Vienna",
    "Helsinki",
    "Istanbul",
    "Minsk",
    "Brussels",
    "Warsaw",
    "Riga",
    "Oslo",
    "Ankara",
    "Budapest",
    "Bratislava",
    "Bucharest",
    "Tallinn",
    "Vilnius",
    "Prague",
)
REGIONS = (
    "northern-border",
    "eastern-frontier",
    "southern-coast",
    "river-delta",
    "central-plain",
    "mountain-pass",
    "western-corridor",
    "lake-district",
    "steppe-sector",
    "island-chain",
)
TOPICS = (
    "border security",
    "energy supplies",
    "prisoner exchanges",
    "grain exports",
    "arms control",
    "sanctions relief",
    "humanitarian corridors",
    "troop deployments",
    "cyber attacks",
    "gas transit",
    "nuclear plant safety",
    "airspace restrictions",
    "naval exercises",
    "refugee flows",
    "ceasefire terms",
)
CONTEXTS = (
    "annexation of the peninsula",
    "collapse of the arms treaty",
    "border clashes",
    "gas price dispute",
    "election crisis",
    "embassy expulsions",
    "naval blockade",
    "pipeline sabotage",
    "airliner downing",
    "mobilisation order",
    "ceasefire agreement",
    "peace accord",
)


def slug(text: str) -> str:
    """Lower-case words joined by dashes: 'Foreign Ministry' -> 'foreign-ministry'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Actor:
    """An actor as declared in the first document, and the words sources use for it."""

    key: str
    name: str
    kind: str
    affiliation: str | None = None
    titles: tuple[str, ...] = ()
    description: str | None = None

    @property
    def id(self) -> str:
        return f"actor/{self.key}"


@dataclass
class Cast:
    """Every actor of the corpus, by role."""

    states: list[Actor] = field(default_factory=list)
    bodies: list[Actor] = field(default_factory=list)
    outlets: list[Actor] = field(default_factory=list)
    people: list[Actor] = field(default_factory=list)
    anonymous: list[Actor] = field(default_factory=list)

    def all(self) -> list[Actor]:
        return self.states + self.bodies + self.outlets + self.people + self.anonymous

    def speakers(self) -> list[Actor]:
        """Who makes named statements: people, states, organisations."""
        return self.people + self.states + self.bodies


def cast(rng: random.Random, size: int) -> Cast:
    """A deterministic pool of about `size` actors (at least 25)."""
    size = max(25, size)
    c = Cast()
    n_states = min(len(STATES), max(6, size // 8))
    for name in STATES[:n_states]:
        c.states.append(Actor(slug(name), name, "state"))
    for name in ALLIANCES[: max(2, min(len(ALLIANCES), size // 25))]:
        c.bodies.append(Actor(slug(name), name, "organisation"))
    for state in c.states[: max(2, size // 20)]:
        for org in ORGANISATIONS[: max(1, min(len(ORGANISATIONS), size // 40))]:
            name = f"{state.name} {org}"
            c.bodies.append(Actor(slug(name), name, "organisation", affiliation=state.id))
    for name in OUTLETS[: max(4, min(len(OUTLETS), size // 15))]:
        c.outlets.append(Actor(slug(name), name, "organisation", description="a news outlet"))
    n_anon = max(3, min(len(ANONYMOUS) * len(c.states), size // 8))
    for i in range(n_anon):
        words = ANONYMOUS[i % len(ANONYMOUS)]
        state = c.states[(i // len(ANONYMOUS)) % len(c.states)]
        name = f"{words} from {state.name}"
        c.anonymous.append(
            Actor(slug(name), name, "anonymous", affiliation=state.id, description=name)
        )
    people = max(6, size - len(c.all()))
    combos = [(f, last) for last in LAST for f in FIRST]
    rng.shuffle(combos)
    for first, last in combos[:people]:
        state = rng.choice(c.states)
        title = f"{state.name}'s {rng.choice(TITLES)}"
        name = f"{first} {last}"
        c.people.append(Actor(slug(name), name, "person", affiliation=state.id, titles=(title,)))
    return c
