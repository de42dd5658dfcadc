"""Queries in a loop while a load and then a rebuild run in other processes: no error, and no
answer that mixes two states — each equals the views before the load or after it.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from figures import FIGURES
from workload import base_fixture, big_fixture, crisis, writer_fixture

from crisis_timeline import queries
from crisis_timeline.store.engine import open_engine
from crisis_timeline.views import At

pytestmark = pytest.mark.slow
LATER = At(datetime(2030, 1, 1, tzinfo=UTC))
VIEWS = ("claims", "meetings", "timeline")


def test_every_answer_during_a_load_and_a_rebuild_is_a_committed_state(
    db_url: str, tmp_path: Path
) -> None:
    engine = open_engine(db_url)
    assert crisis(db_url, "load", str(base_fixture(tmp_path))).wait(timeout=120) == 0
    answers: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for name in VIEWS:
                try:
                    answers.append(
                        (name, json.dumps(queries.view(engine, name, LATER), sort_keys=True))
                    )
                except BaseException as e:  # noqa: BLE001  (every failure is a finding)
                    errors.append(e)

    before = {name: json.dumps(queries.view(engine, name, LATER), sort_keys=True) for name in VIEWS}
    reader = threading.Thread(target=read)
    reader.start()
    try:
        # The shared claim and meeting change too, not only new rows.
        load = crisis(
            db_url,
            "load",
            str(writer_fixture(tmp_path, 1, 0)),
            str(big_fixture(tmp_path, "fault-big", 400)),
        )
        assert load.wait(timeout=180) == 0, load.communicate()
        assert crisis(db_url, "rebuild").wait(timeout=180) == 0
    finally:
        stop.set()
        reader.join()
    after = {name: json.dumps(queries.view(engine, name, LATER), sort_keys=True) for name in VIEWS}
    engine.dispose()

    assert errors == []
    assert all(before[name] != after[name] for name in VIEWS)
    mixed = [(name, text[:80]) for name, text in answers if text not in (before[name], after[name])]
    assert mixed == []
    FIGURES["readers: answers during a load and a rebuild, each a committed state"] += len(answers)
