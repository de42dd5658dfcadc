"""`claims --limit N` is read from SQL in (sort_at, key) order; the view's order is
(first_reported, id). The two agree only while a claim's sort_at is its first report, which
can come before the claim itself (a dispute reported earlier)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from support import reported

from crisis_timeline import queries
from crisis_timeline.events.claims import ClaimDisputed, ClaimMade, Modality
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.views import At, Filters

AS_OF = At(as_of=datetime(2022, 1, 1, tzinfo=UTC))


def test_a_claim_disputed_before_it_was_reported_pages_by_its_first_report(engine: Engine) -> None:
    store = EventStore(engine)
    early = [
        reported("claim/a", ClaimDisputed(statement="no"), "2021-12-07"),
        reported("claim/a", ClaimMade(statement="a", modality=Modality.ASSERTION), "2021-12-31"),
    ]
    store.append("claim/a", early, 0, recorded_by="test")
    store.append(
        "claim/b",
        [reported("claim/b", ClaimMade(statement="b", modality=Modality.ASSERTION), "2021-12-30")],
        0,
        recorded_by="test",
    )
    ProjectionRunner(engine).catch_up()
    whole = queries.view(engine, "claims", AS_OF, Filters(open_only=True))
    assert [r["id"] for r in whole] == ["claim/a", "claim/b"]  # first reported 7 and 30 December
    assert queries.view(engine, "claims", AS_OF, Filters(open_only=True, limit=1)) == whole[:1]
