"""How close `crisis draft` comes to a fixture written by hand from the same text.

    python -m bench.draft_quality            # the seed article, drafted from its text and day only
    python -m bench.draft_quality invasion   # the 24 February 2022 invasion article, likewise

Facts are matched by their quotes' offsets: a fixture fact and a draft fact match when a quote
of one overlaps a quote of the other. Figures:

- times: the fixture's time values (occurred and the time fields of data, and the source's
  published) that some matching draft fact holds in the same field with the same interval;
- attributions: the fixture's evidence items for which the draft's best-overlapping quote has the
  same attribution and the same speaker (the same actor id, or an actor of the same name, alias
  or description);
- sentences: the text's sentences on which some draft quote lies;
- to delete: draft facts that match no fixture fact of the same type (a wrong guess of type is
  deleted and written anew, so it counts here);
- found: fixture facts that some matching draft fact has with the same type (the rest the
  reviewer adds by hand).
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crisis_timeline.draft.sentences import sentences
from crisis_timeline.quotes import locate
from crisis_timeline.time import parse_partial

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
INVASION = ROOT / "fixtures" / "crisis-timeline-2022-02-24-russia-invades-ukraine.yaml"
TIME_FIELDS = ("scheduled", "held", "period", "happened")


@dataclass(frozen=True)
class Figures:
    """The comparison's counts: (matched, of) for each figure."""

    times: tuple[int, int]
    attributions: tuple[int, int]
    sentences: tuple[int, int]
    to_delete: tuple[int, int]
    found: tuple[int, int] = (0, 0)
    missed_times: tuple[str, ...] = ()
    missed_attributions: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()


def spans(item: dict[str, Any], text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Every evidence item of a fact or actor with its offsets."""
    return [
        (*locate(text, e["quote"], tuple(e["span"]) if e.get("span") else None), e)
        for e in item.get("evidence", [])
    ]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _times(fact: dict[str, Any]) -> dict[str, Any]:
    found = {}
    if fact.get("occurred"):
        found["occurred"] = fact["occurred"]
    found.update({k: v for k, v in fact.get("data", {}).items() if k in TIME_FIELDS})
    return {k: parse_partial(v["value"] if isinstance(v, dict) else v) for k, v in found.items()}


def _names(doc: dict[str, Any]) -> dict[str, set[str]]:
    out = {}
    for a in doc.get("actors", []):
        words = {a["name"], *a.get("aliases", []), a.get("description") or a["name"]}
        out[f"actor/{a['key']}"] = {
            w.lower().removeprefix("the ").removeprefix("a ") for w in words
        }
    return out


def compare(expected: dict[str, Any], draft: dict[str, Any], text: str) -> Figures:
    """The figures of a draft against the fixture written by hand."""
    exp = [(f, spans(f, text)) for f in expected["facts"]]
    got = [(f, spans(f, text)) for f in draft["facts"]]
    match = {
        id(f): [g for g, gs in got if any(_overlap(a[:2], b[:2]) for a in fs for b in gs)]
        for f, fs in exp
    }
    times, missed = [0, 1], []
    if parse_partial(expected["source"]["published"]["value"]) == parse_partial(
        draft["source"]["published"]["value"]
    ):
        times[0] += 1
    for f, _fs in exp:
        for name, value in _times(f).items():
            times[1] += 1
            if any(_times(g).get(name) == value for g in match[id(f)]):
                times[0] += 1
            else:
                missed.append(f"{f['key']}.{name}")
    attributions = _attributions(exp, got, _names(expected), _names(draft))
    lines = sentences(text)
    quoted = [
        s for s in lines if any(_overlap((s.start, s.end), b[:2]) for _g, gs in got for b in gs)
    ]
    extra = [
        g
        for g, gs in got
        if not any(
            f["type"] == g["type"] and any(_overlap(a[:2], b[:2]) for a in fs for b in gs)
            for f, fs in exp
        )
    ]
    found = [f for f, _fs in exp if any(g["type"] == f["type"] for g in match[id(f)])]
    return Figures(
        (times[0], times[1]),
        attributions[0],
        (len(quoted), len(lines)),
        (len(extra), len(got)),
        (len(found), len(exp)),
        tuple(missed),
        attributions[1],
        tuple(f"to delete: {g['key']} ({g['type']})" for g in extra)
        + tuple(f"not drafted: {f['key']} ({f['type']})" for f, _fs in exp if f not in found),
    )


def _attributions(
    exp: list[Any], got: list[Any], exp_names: dict[str, set[str]], got_names: dict[str, set[str]]
) -> tuple[tuple[int, int], tuple[str, ...]]:
    ok, total, missed = 0, 0, []
    for f, fs in exp:
        for start, end, ev in fs:
            total += 1
            best = max(
                ((_jaccard((start, end), b[:2]), b[2]) for _g, gs in got for b in gs),
                key=lambda t: t[0],
                default=(0.0, None),
            )
            d = best[1]
            if (
                d is not None
                and best[0] > 0
                and d["attribution"] == ev["attribution"]
                and _same(ev.get("attributed_to"), d.get("attributed_to"), exp_names, got_names)
            ):
                ok += 1
            else:
                missed.append(
                    f"{f['key']}: {ev['attribution']} {ev.get('attributed_to')} "
                    f"/ draft {d and d['attribution']} {d and d.get('attributed_to')}"
                )
    return (ok, total), tuple(missed)


INCIDENT_TYPES = ("IncidentReported", "CasualtiesReported")


def by_type(
    expected: dict[str, Any], draft: dict[str, Any], text: str, types: tuple[str, ...]
) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """For each type, (fixture facts a draft fact of the type overlaps, of them) and
    (draft facts of the type overlapping a fixture fact of the type, of them)."""
    out = {}
    for name in types:
        exp = [spans(f, text) for f in expected["facts"] if f["type"] == name]
        got = [spans(f, text) for f in draft["facts"] if f["type"] == name]

        def hit(a: list[Any], others: list[list[Any]]) -> bool:
            return any(_overlap(x[:2], y[:2]) for o in others for x in a for y in o)

        recall = (sum(hit(f, got) for f in exp), len(exp))
        out[name] = (recall, (sum(hit(g, exp) for g in got), len(got)))
    return out


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = _overlap(a, b)
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter else 0.0


def _same(
    a: str | None, b: str | None, exp_names: dict[str, set[str]], got_names: dict[str, set[str]]
) -> bool:
    if a is None or b is None:
        return a == b
    return a == b or bool(exp_names.get(a, set()) & got_names.get(b, set()))


def draft_seed(fixture: Path = SEED) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A fixture, a draft of its text with the publication day only, and the text."""
    from crisis_timeline.draft.run import draft_file

    expected = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    text_path = fixture.parent / expected["source"]["text_file"]
    with tempfile.TemporaryDirectory() as tmp:
        out = draft_file(
            text_path, Path(tmp) / "draft.yaml", published=expected["source"]["published"]["value"]
        )
        doc = yaml.safe_load(out.fixture.read_text(encoding="utf-8"))
    return expected, doc, text_path.read_text(encoding="utf-8")


def _pct(pair: tuple[int, int]) -> str:
    return f"{pair[0]} of {pair[1]} ({100 * pair[0] / max(1, pair[1]):.0f} %)"


def main() -> None:
    """Print the seed's figures (or the invasion article's, given `invasion`)."""
    figures = compare(*draft_seed(INVASION if sys.argv[1:] == ["invasion"] else SEED))
    print(f"time values reproduced     {_pct(figures.times)}  (target >= 90 %)")
    print(f"attributions (kind, who)   {_pct(figures.attributions)}  (target >= 80 %)")
    print(f"sentences with a quote     {_pct(figures.sentences)}  (target 100 %)")
    print(f"draft facts to delete      {_pct(figures.to_delete)}")
    print(f"fixture facts drafted      {_pct(figures.found)}")
    if sys.argv[1:] == ["invasion"]:
        for name, (recall, precision) in by_type(*draft_seed(INVASION), INCIDENT_TYPES).items():
            print(f"{name:<26} recall {_pct(recall)}, precision {_pct(precision)}")
    for line in (*figures.missed_times, *figures.missed_attributions, *figures.deleted):
        print(f"  missed: {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
