"""A synthetic crisis corpus, deterministic from a seed, of any size (number of events).

`Corpus(events).documents()` yields source documents shaped exactly like the YAML fixtures in
`fixtures/` (source metadata with an Admiralty rating, actors, facts with keys, types, streams,
data, times and evidence), each with its synthetic text, in *delivery* order: about 10 % of
sources arrive late, after sources published later than they were. The first document
declares every actor; later ones refer to them. Feed documents to the real loader with
`fixtures.parse_document(doc.doc, Parsed(doc.label), lambda _s: doc.text)` and
`loading.load_parsed(store, parsed, recorded_by=...)`.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import timewords as tw
from bench.names import FIRST, LAST, PLACES, TOPICS, Actor, Cast, cast, slug
from bench.text import Draft
from bench.world import Fact, World

START = datetime(2021, 10, 1, 6, 0, tzinfo=UTC)
RELIABILITY = ("A", "B", "C", "D", "E", "F")


@dataclass(frozen=True)
class Document:
    """One source as a fixture document, its text, and what the harness needs to know of it."""

    label: str
    doc: dict[str, Any]
    text: str
    published: datetime
    events: int
    late: bool
    probe: str = ""
    """"late": held back and delivered after everything (published before a tenth of the
    corpus); "in_order": one of the last published, delivered in order; "": neither."""


@dataclass
class Corpus:
    """The corpus of `events` events; iterate `documents()` once, then read the summary fields."""

    events: int
    seed: int = 20211230
    sources_per_day: float = 100.0
    late_fraction: float = 0.10
    probes: int = 0
    """How many documents of each probe kind (Document.probe) to mark."""
    start: datetime = START
    end: datetime = START
    sources: int = 0
    late: int = 0
    spans_given: int = 0
    claims: list[tuple[datetime, str]] = field(default_factory=list)

    def documents(self) -> Iterator[Document]:
        """Every document, in the order they are delivered to the loader."""
        rng = random.Random(self.seed)
        actors = cast(rng, max(25, min(300, self.events // 100)))
        if self.events < 2 + len(actors.all()):
            raise ValueError(
                f"a corpus needs at least {2 + len(actors.all())} events "
                "(the first source declares every actor)"
            )
        world = World(rng, actors, self.sources_per_day)
        self.claims = world.claims_made
        delayed: list[tuple[int, int, Document]] = []
        held: list[Document] = []
        late_from = max(2, int(0.85 * self.events / 30) - self.probes)  # ~30 facts a source
        corrigible: deque[tuple[str, str, str, dict[str, Any]]] = deque(maxlen=2000)
        made, index, t = 0, 0, self.start
        while made < self.events:
            t += timedelta(days=rng.expovariate(self.sources_per_day))
            n = rng.randint(20, 40)
            declared = actors.all() if index == 0 else []
            n = min(n, self.events - made - 1 - len(declared))
            doc = self._document(rng, world, actors, declared, t, index, n, corrigible)
            made, index = made + doc.events, index + 1
            if late_from <= index < late_from + self.probes:
                held.append(replace(doc, late=True, probe="late"))
            elif index > 1 and rng.random() < self.late_fraction:
                delay = rng.randint(20, max(40, int(self.sources_per_day * 2)))
                heapq.heappush(delayed, (index + delay, index, replace(doc, late=True)))
            elif index > late_from + self.probes and self.events - made < 30 * self.probes:
                yield self._deliver(replace(doc, probe="in_order"), corrigible)
            else:
                yield self._deliver(doc, corrigible)
            while delayed and delayed[0][0] <= index:
                yield self._deliver(heapq.heappop(delayed)[2], corrigible)
        while delayed:
            yield self._deliver(heapq.heappop(delayed)[2], corrigible)
        for doc in held:
            yield self._deliver(doc, corrigible)

    def _deliver(
        self, doc: Document, corrigible: deque[tuple[str, str, str, dict[str, Any]]]
    ) -> Document:
        """Note a delivered document: its force reports may be corrected by later sources."""
        self.sources += 1
        self.late += doc.late
        self.end = max(self.end, doc.published)
        source_id = doc.doc["source"]["id"]
        for fact in doc.doc["facts"]:
            if fact["type"].startswith("Force"):
                corrigible.append((source_id, fact["key"], fact["stream"], fact["data"]))
        return doc

    def _document(
        self,
        rng: random.Random,
        world: World,
        actors: Cast,
        declared: list[Actor],
        t: datetime,
        index: int,
        n: int,
        corrigible: deque[tuple[str, str, str, dict[str, Any]]],
    ) -> Document:
        outlet = rng.choice(actors.outlets)
        source_id = f"{outlet.key}-{tw.day(t)}-{index:07d}"
        facts = (
            world.facts(t, n - 1, outlet) if n > 1 and corrigible and rng.random() < 0.05 else []
        )
        if facts:
            facts.append(_correction(rng, corrigible, outlet))
        else:
            facts = world.facts(t, n, outlet) if n > 0 else []
        draft = Draft(rng)
        a, b = rng.sample(actors.states, 2)
        title = (
            f"{a.name} and {b.name} trade warnings over {rng.choice(TOPICS)} "
            f"as {rng.choice(PLACES)} waits"
        )
        source = {
            "id": source_id,
            "publisher": outlet.name,
            "title": title,
            "byline": [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(1, 2))],
            "dateline": rng.choice(PLACES).upper(),
            "published": _published(rng, t),
            "retrieved": (t + timedelta(hours=rng.uniform(0.1, 30))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "url": f"https://news.example/{source_id}",
            "language": "en",
            "rating": _rating(rng),
            "evidence": [draft.quote(title, "reporter", outlet)],
        }
        actor_docs = [_actor(draft, a, outlet) for a in declared]
        fact_docs = []
        for i, fact in enumerate(facts):
            fact_docs.append(_fact(draft, rng, fact, f"{slug(fact.type)}-{i + 1}", outlet))
            if rng.random() < 0.1:
                draft.filler()
        text = draft.text()
        self.spans_given += draft.spans_given
        doc = {"source": source, "actors": actor_docs, "facts": fact_docs}
        return Document(
            f"synthetic/{source_id}.yaml", doc, text, t, 1 + len(actor_docs) + len(fact_docs), False
        )


def _published(rng: random.Random, t: datetime) -> dict[str, Any]:
    if rng.random() < 0.85:
        return tw.pt(tw.minute(t), f"{tw.spoken_day(t)}, {tw.clock(t)}")
    return tw.pt(tw.day(t), tw.spoken_day(t))


def _rating(rng: random.Random) -> dict[str, Any]:
    reliability = rng.choices(RELIABILITY, (5, 35, 35, 15, 5, 5))[0]
    credibility = rng.choices((1, 2, 3, 4, 5, 6), (5, 35, 30, 15, 10, 5))[0]
    return {
        "reliability": reliability,
        "credibility": credibility,
        "rated_by": "synthetic benchmark corpus",
        "rationale": f"{reliability}{credibility}: "
        "drawn for the benchmark from a realistic distribution",
    }


def _actor(draft: Draft, actor: Actor, outlet: Actor) -> dict[str, Any]:
    anonymous = actor.kind == "anonymous"
    role = "as the outlet describes them" if anonymous else f"a {actor.kind} in the dispute"
    words = f"{actor.name}, {role}"
    spec: dict[str, Any] = {
        "key": actor.key,
        "name": actor.name,
        "kind": actor.kind,
        "evidence": [draft.quote(words, "reporter", outlet)],
    }
    if actor.description:
        spec["description"] = actor.description
    if actor.titles:
        spec["titles"] = list(actor.titles)
    if actor.affiliation:
        spec["affiliation"] = actor.affiliation
    return spec


def _fact(draft: Draft, rng: random.Random, fact: Fact, key: str, outlet: Actor) -> dict[str, Any]:
    evidence = [draft.quote(words, attribution, who) for words, attribution, who in fact.quotes]
    if rng.random() < 0.2:
        # A second source of the same words within the text:
        # the outlet repeating it in its own voice.
        evidence.append(draft.quote(fact.quotes[0][0], "reporter", outlet))
    spec: dict[str, Any] = {
        "key": key,
        "type": fact.type,
        "stream": fact.stream,
        "data": fact.data,
        "evidence": evidence,
    }
    if fact.occurred is not None:
        spec["occurred"] = fact.occurred
    return spec


def _correction(
    rng: random.Random, corrigible: deque[tuple[str, str, str, dict[str, Any]]], outlet: Actor
) -> Fact:
    """A correction (or, rarely, a retraction) of a force report a source delivered earlier."""
    source_id, key, stream, data = rng.choice(corrigible)
    target = f"{source_id}:{key}"
    location = data["location"]
    if rng.random() < 0.2:
        words = (
            f"an earlier report of {data['size_text']} at {location} ({source_id}) was withdrawn"
        )
        return Fact(
            "EventRetracted",
            stream,
            {"retracts": target, "reason": "the report could not be verified"},
            [(words, "reporter", outlet)],
        )
    low = rng.randrange(1000, 40000, 500)
    changes = {"low": low, "high": low * 2, "size_text": f"between {low:,} and {low * 2:,} troops"}
    words = f"an earlier report on {location} ({source_id}) should have said {changes['size_text']}"
    return Fact(
        "EventCorrected",
        stream,
        {"corrects": target, "reason": "figures revised", "changes": changes},
        [(words, "reporter", outlet)],
    )


def acled_csv(path: Path, rows: int, seed: int = 20220224) -> Path:
    """The corpus as ACLED would export it: `rows` rows of an ACLED-format CSV (acled_csv.py)."""
    from bench.acled_csv import write_acled

    return write_acled(path, rows, seed)
