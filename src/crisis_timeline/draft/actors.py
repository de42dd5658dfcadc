"""Who the article speaks of: actors matched by name and alias (those in the store first, then
a starting gazetteer), people found after their titles, anonymous sources as the text describes
them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from crisis_timeline.draft import gazetteer

_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)


def slug(words: str) -> str:
    """A key from words: lower case, dots dropped ("U.S." is "us"), other runs of signs a hyphen."""
    text = (
        _ARTICLE.sub("", words.strip()).replace(".", "").replace("’", "").replace("'", "").lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or "actor"


@dataclass
class Actor:
    """An actor of the draft: known (from the store) or proposed, and where the text names it."""

    key: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    description: str | None = None
    known: bool = False
    why: str = ""
    first_at: tuple[int, int] | None = None
    """The span of the first words that name it, for its evidence."""

    @property
    def id(self) -> str:
        """The actor's stream id."""
        return f"actor/{self.key}"


@dataclass(frozen=True)
class Mention:
    """Words in the text that name an actor."""

    start: int
    end: int
    key: str
    adjective: bool = False


class Cast:
    """The actors a draft may name, and how the text names them."""

    def __init__(self, known: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {}
        self.used: set[str] = set()
        self.places: dict[str, str] = {}
        """Place ids by the names and aliases of the places already in the store."""
        for actor in known:
            self.actors[actor.key] = actor
        self._names: list[tuple[str, str, bool]] = []
        self._gazetteer()
        self._index()

    def _add(self, actor: Actor) -> Actor:
        name = _plain(actor.name)
        for other in self.actors.values():
            if name in {_plain(n) for n in [other.name, *other.aliases]}:
                return other
        while actor.key in self.actors:
            actor.key += "-2"
        self.actors[actor.key] = actor
        return actor

    def _gazetteer(self) -> None:
        for name, (aliases, _adjectives) in gazetteer.STATES.items():
            self._add(
                Actor(
                    slug(name),
                    name,
                    "state",
                    list(aliases),
                    why="a state in the starting gazetteer",
                )
            )
        for name, (aliases, state) in gazetteer.ORGANISATIONS.items():
            self._add(
                Actor(
                    slug(name),
                    name,
                    "organisation",
                    list(aliases),
                    affiliation=state and f"actor/{slug(state)}",
                    why="an organisation in the starting gazetteer",
                )
            )
        for name, aliases in gazetteer.GROUPS.items():
            self._add(
                Actor(
                    slug(name),
                    name,
                    "group",
                    list(aliases),
                    why="a group in the starting gazetteer",
                )
            )

    def _index(self) -> None:
        names = [
            (n, a.key, False) for a in self.actors.values() for n in _written(a.name, *a.aliases)
        ]
        names += [
            (adj, slug(s), True) for s, (_al, adjs) in gazetteer.STATES.items() for adj in adjs
        ]
        self._names = sorted(names, key=lambda t: -len(t[0]))
        alternatives = "|".join(re.escape(n) for n, _k, _a in self._names)
        self._regex = re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)") if alternatives else None
        self._lookup = {n: (k, adj) for n, k, adj in reversed(self._names)}

    def find_people(self, text: str) -> None:
        """Add people named after a title ("Russian President Vladimir Putin"), surnames too."""
        titles = "|".join(re.escape(t) for t in sorted(gazetteer.TITLES, key=len, reverse=True))
        people = re.compile(
            rf"(?:(?P<aff>[A-Z][\w.’'-]*)\s+)?(?P<title>{titles})\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)"
        )
        for m in people.finditer(text):
            state = self._state_of(m["aff"])
            title = f"{m['aff']} {m['title']}" if state else m["title"]
            actor = self._add(
                Actor(
                    slug(m["name"]),
                    m["name"],
                    "person",
                    [m["name"].split()[-1]],
                    affiliation=state,
                    why=f"a person named after the title {m['title']!r}",
                )
            )
            if title not in actor.titles:
                actor.titles.append(title)
        self._index()

    def _state_of(self, word: str | None) -> str | None:
        hit = self._lookup.get(word or "")
        return (
            f"actor/{hit[0]}"
            if hit and self.actors.get(hit[0], Actor("", "", "")).kind == "state"
            else None
        )

    def mentions(self, text: str, start: int = 0) -> list[Mention]:
        """The actors named in text (offsets from start), longest names first, in order."""
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(text):
            key, adjective = self._lookup[m.group()]
            out.append(Mention(start + m.start(), start + m.end(), key, adjective))
        return out

    def named(self, phrase: str) -> str | None:
        """The key of the actor a phrase names, if it names one (not as an adjective)."""
        words = _ARTICLE.sub("", phrase.strip())
        hit = self._lookup.get(words) or self._lookup.get(phrase.strip())
        if hit and not hit[1]:
            return hit[0]
        found = [m for m in self.mentions(words) if not m.adjective]
        return found[-1].key if len(found) == 1 and _head_is(words, found[-1], self) else None

    def anonymous(self, description: str) -> str:
        """The key of an anonymous source described by these words (added if new)."""
        affiliation = next(
            (
                self.actors[m.key].affiliation
                if self.actors[m.key].kind == "person"
                else f"actor/{m.key}"
                for m in self.mentions(description)
                if self.actors[m.key].kind in ("state", "person")
            ),
            None,
        )
        actor = Actor(
            slug(description),
            description,
            "anonymous",
            description=description,
            affiliation=affiliation,
            why="an unnamed source, as the text describes it",
        )
        for other in self.actors.values():
            if other.kind == "anonymous" and other.description == description:
                return other.key
        return self._add(actor).key

    def organisation(self, phrase: str, adjective: str) -> str:
        """The key of a state's body that speaks ("the Swiss foreign ministry"), added if new."""
        state = self._state_of(adjective)
        name = _ARTICLE.sub("", phrase)
        actor = self._add(
            Actor(
                slug(name),
                name,
                "organisation",
                affiliation=state,
                why="a body of a state, named as the speaker",
            )
        )
        self._index()
        return actor.key

    def proposed(self, phrase: str) -> str:
        """The key of a speaker the lists do not know, proposed with a guessed kind."""
        kind = "person" if len(phrase.split()) >= 2 else "organisation"
        actor = self._add(
            Actor(
                slug(phrase), phrase, kind, why=f"named as a speaker; the kind ({kind}) is a guess"
            )
        )
        self._index()
        return actor.key

    def use(self, key: str, at: tuple[int, int] | None = None) -> str:
        """Mark an actor as named by the draft; returns its id."""
        self.used.add(key)
        actor = self.actors[key]
        if actor.first_at is None and at is not None:
            actor.first_at = at
        return actor.id


def _plain(name: str) -> str:
    """A name compared without case or a leading article: "the Kremlin" is "Kremlin"."""
    return _ARTICLE.sub("", name.strip()).lower()


def _written(*names: str) -> list[str]:
    """Names as the text may write them: "the Kremlin" also opens a sentence as "The Kremlin"."""
    out = list(names)
    out += [f"The {n[4:]}" for n in names if n.startswith("the ")]
    return out


def _head_is(words: str, mention: Mention, cast: Cast) -> bool:
    """Whether the actor's name ends the phrase (so "Russian troops" does not name Russia)."""
    return words[mention.end :].strip(" ,") == "" or cast.actors[mention.key].kind == "person"
