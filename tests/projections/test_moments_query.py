"""`queries.moments`: the knowledge times at which the page's answers may change, made distinct
and sorted by the database. Checked against the plainest reading of DESIGN.md's rule over the
raw version rows (every known_from and known_until, and the ends of spanning views' rows), at
the current system time and before it, on both backends, with the seed and the invasion
fixture loaded (a correction supersedes rows in system time there)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select
from test_golden_invasion import loaded  # noqa: F401  (a fixture)

from crisis_timeline import queries
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.views import At
from crisis_timeline.web.page import PANELS


def by_hand(engine: Engine, names: list[str], recorded_before: datetime | None) -> list[datetime]:
    found: set[datetime] = set()
    with engine.connect() as conn:
        for row in conn.execute(select(V).where(V.c.projection.in_(names))):
            stood = (
                row.recorded_until is None
                if recorded_before is None
                else row.recorded_from <= recorded_before
                and (row.recorded_until is None or row.recorded_until > recorded_before)
            )
            if not stood:
                continue
            found.add(row.known_from)
            if row.known_until is not None:
                found.add(row.known_until)
            if VIEWS[row.projection].spans is not None and row.sort_until is not None:
                found.add(row.sort_until)
    return sorted(found)


@pytest.mark.parametrize("names", [list(PANELS), ["meetings"], ["timeline", "claims"]])
def test_moments_are_every_time_an_answer_may_change(loaded: Engine, names: list[str]) -> None:  # noqa: F811
    views = [VIEWS[n] for n in names]
    got = queries.moments(loaded, views)
    assert got == by_hand(loaded, names, None)
    assert len(got) >= 2 and got == sorted(set(got))  # two sources: two days at least
    with loaded.connect() as conn:
        recorded = sorted(set(conn.execute(select(V.c.recorded_from)).scalars()))
    for rb in (recorded[0], recorded[-1]):  # the first load alone, and everything
        assert queries.moments(loaded, views, At(None, rb)) == by_hand(loaded, names, rb)
