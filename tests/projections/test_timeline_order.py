"""Timeline order within equal times: knowledge order (reported, source, the source's own order),
whatever the load order; a response never before what it responds to. Expected orders written
by hand from the made-up fixtures below. Each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crisis_timeline import loading, queries
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore

RATING = "{reliability: C, credibility: 3, rated_by: test, rationale: made up for a test}"


def source(tmp_path: Path, name: str, published: str, facts: str) -> Path:
    """A fixture file of one made-up source (no text file: quotes are not checked)."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"""\
source:
  id: {name}
  publisher: {name.upper()}
  title: The {name} report
  published: "{published}"
  rating: {RATING}
facts:
{facts}""",
        encoding="utf-8",
    )
    return path


def fact(key: str, type_: str, stream: str, data: str, occurred: str | None = None) -> str:
    when = f'    occurred: "{occurred}"\n' if occurred else ""
    return (
        f"  - key: {key}\n    type: {type_}\n    stream: {stream}\n{when}    data: {data}\n"
        f'    evidence: [{{quote: "{key}", attribution: unattributed}}]\n'
    )


def timeline(engine: Engine, paths: list[Path]) -> list[tuple[str, str]]:
    store = EventStore(engine)
    for path in paths:
        loading.load(store, [path], recorded_by="test")
        ProjectionRunner(engine).catch_up()
    return [(r["source"], r["summary"]) for r in queries.view(engine, "timeline")]


def claim(statement: str) -> str:
    return f"{{statement: {statement}, modality: assertion}}"


def test_a_day_precision_dispute_comes_after_the_claim_it_disputes(
    engine: Engine, tmp_path: Path
) -> None:
    # The claim is timed to the minute (14:00Z on the 30th); the dispute, published the same
    # day, has only its day, which starts at midnight, before the claim: it must not come first.
    later = source(
        tmp_path,
        "b-wire",
        "2021-12-30",
        fact("x-made", "ClaimMade", "claim/x", claim("X is so."), "2021-12-30T14:00Z")
        + fact("y-made", "ClaimMade", "claim/y", claim("Y is so."), "2021-12-30T14:00Z"),
    )
    dispute = source(
        tmp_path,
        "a-wire",
        "2021-12-30",
        fact("x-disputed", "ClaimDisputed", "claim/x", "{statement: X is not so.}")
        + fact("z-made", "ClaimMade", "claim/z", claim("Z is so.")),
    )
    assert timeline(engine, [dispute, later]) == [
        ("source/a-wire", "Z is so."),  # the 30th, day precision
        ("source/b-wire", "X is so."),  # 14:00Z, minute precision
        ("source/b-wire", "Y is so."),
        ("source/a-wire", "X is not so."),  # by its day before X; moved after the rows at X's time
    ]


def test_a_rejection_is_not_shown_before_its_demand(engine: Engine, tmp_path: Path) -> None:
    path = source(
        tmp_path,
        "c-wire",
        "2021-12-30",
        fact("d-rejected", "DemandRejected", "demand/d", "{by: actor/c}")
        + fact(
            "d-made", "DemandMade", "demand/d", "{by: actor/c, demand: that D}", "2021-12-30T09:00Z"
        ),
    )
    actors = (
        "actors:\n"
        "  - {key: c, name: C, kind: state, evidence: [{quote: C, attribution: unattributed}]}\n"
    )
    text = path.read_text(encoding="utf-8").replace("facts:\n", actors + "facts:\n")
    path.write_text(text, encoding="utf-8")
    assert timeline(engine, [path]) == [
        ("source/c-wire", "that D"),
        ("source/c-wire", "DemandRejected"),
    ]


def test_equal_times_keep_knowledge_order_whatever_the_load_order(
    engine: Engine,
    databases: Any,
    backend: str,
    tmp_path: Path,
) -> None:
    # Everything on the 30th at day precision. Knowledge order: a-wire before b-wire (the source
    # id), and within b-wire the order it was appended: claim/q, then claim/p (as in the file).
    b = source(
        tmp_path,
        "b-wire",
        "2021-12-30",
        fact("q", "ClaimMade", "claim/q", claim("Q."))
        + fact("p", "ClaimMade", "claim/p", claim("P.")),
    )
    a = source(
        tmp_path,
        "a-wire",
        "2021-12-30",
        fact("s", "ClaimMade", "claim/s", claim("S."))
        + fact("r", "ClaimMade", "claim/r", claim("R.")),
    )
    expected = [
        ("source/a-wire", "S."),
        ("source/a-wire", "R."),
        ("source/b-wire", "Q."),
        ("source/b-wire", "P."),
    ]
    assert timeline(engine, [b, a]) == expected
    other = open_engine(databases.url(backend))
    try:
        assert timeline(other, [a, b]) == expected
    finally:
        other.dispose()


def test_a_response_follows_the_claim_that_stands_when_the_first_is_retracted(
    engine: Engine,
) -> None:
    # 7 December, one source: a dispute, then the claim (so the dispute is moved after it).
    # 30 December, another: the claim is retracted, and made again. Judged with everything
    # known, the dispute follows the claim of the 30th; as of the 8th, the claim of the 7th.
    from uuid import uuid4

    from crisis_timeline.events import Attribution, Evidence, NewEvent
    from crisis_timeline.events.claims import ClaimDisputed, ClaimMade, Modality
    from crisis_timeline.events.corrections import EventRetracted
    from crisis_timeline.store.event_store import ANY_VERSION
    from crisis_timeline.time import parse_partial
    from crisis_timeline.views import At

    def fact(source: str, when: str, payload: Any) -> NewEvent:
        evidence = (Evidence(source=source, quote="q", attribution=Attribution.UNATTRIBUTED),)
        return NewEvent.of(
            payload, id=uuid4(), stream="claim/t", reported=parse_partial(when), evidence=evidence
        )

    store, runner = EventStore(engine), ProjectionRunner(engine)
    first = fact(
        "source/a", "2021-12-07", ClaimMade(statement="First.", modality=Modality.ASSERTION)
    )
    store.append(
        "claim/t",
        [fact("source/a", "2021-12-07", ClaimDisputed(statement="No.")), first],
        0,
        recorded_by="test",
    )
    runner.catch_up()
    store.append(
        "claim/t",
        [
            fact("source/b", "2021-12-30", EventRetracted(retracts=str(first.id), reason="wrong")),
            fact(
                "source/b", "2021-12-30", ClaimMade(statement="Again.", modality=Modality.ASSERTION)
            ),
        ],
        ANY_VERSION,
        recorded_by="test",
    )
    runner.catch_up()
    for _ in range(2):  # caught up, then rebuilt
        assert [r["summary"] for r in queries.view(engine, "timeline")] == ["Again.", "No."]
        on_8 = At(as_of=parse_partial("2021-12-08").end)
        assert [r["summary"] for r in queries.view(engine, "timeline", on_8)] == ["First.", "No."]
        runner.rebuild()
