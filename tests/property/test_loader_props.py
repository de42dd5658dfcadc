"""Generated histories loaded through the YAML loader answer as the same history appended directly.

Each example turns a generated history (tests/histories.py, corrections and retractions
included) into fixture files (tests/as_fixtures.py), loads them with `loading.load` into one
fresh database and appends the events the files stand for into another, on SQLite and on
PostgreSQL; every view, with the filters of the property tests, must agree at any knowledge
time, and equal the independent reference fold over what the loader stored.

Not every generated event can be written in the format; `as_fixtures.expressible` drops, and
its docstring says why: events with `named` evidence but no `attributed_to` (the loader refuses
them, a rule of the format), an EventCorrected of a correction or a retraction (refused:
"correct the original event instead"), an actor's first ActorIdentified in a source when
another event of that actor's stream comes before it (a file's `actors:` section is loaded
first), and the corrections and retractions of a dropped event. Ids are rewritten to the
fixture's, a source always registers itself, and a last file identifies the actors and places
the strategies name on purpose without identifying them (the loader requires every name to be
identified).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import as_fixtures
import histories
import pytest
import yaml
from histories import History
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from test_projection_props import BACKENDS, CASES, fresh, moments

from crisis_timeline import loading, queries
from crisis_timeline.events import NewEvent
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.event_store import ANY_VERSION, Batch, EventStore
from crisis_timeline.testing import reference

pytestmark = pytest.mark.timeout(900)


def write(documents: list[dict[str, Any]], folder: Path) -> list[Path]:
    """The documents as YAML files, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, document in enumerate(documents):
        path = folder / f"{n:02d}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def append_as_one_load(engine: Engine, history: History) -> None:
    """Append every event in one call, a batch per stream in source order, as one load does
    (ties in the timeline fall to log positions, so the interleaving of streams must match)."""
    by_stream: dict[str, list[NewEvent]] = {}
    for event in history.events():
        by_stream.setdefault(event.stream, []).append(event)
    batches = [Batch(s, events, ANY_VERSION) for s, events in by_stream.items()]
    EventStore(engine).append_batches(batches, recorded_by="tests")
    ProjectionRunner(engine).catch_up()


@pytest.mark.parametrize("backend", BACKENDS)
@given(history=histories.histories(), data=st.data())
def test_histories_loaded_from_fixtures_answer_as_appended_directly(
    databases: Any, backend: str, history: History, data: Any, tmp_path_factory: Any
) -> None:
    converted = as_fixtures.convert(as_fixtures.expressible(history))
    paths = write(converted.documents, tmp_path_factory.mktemp("fixtures"))
    with fresh(databases, backend) as loaded, fresh(databases, backend) as direct:
        loading.load(EventStore(loaded), paths, recorded_by="tests")
        ProjectionRunner(loaded).catch_up()
        append_as_one_load(direct, converted.expected)
        stored = list(EventStore(loaded).read())
        appended = list(EventStore(direct).read())
        assert [e.id for e in stored] == [e.id for e in appended]
        for mine, theirs in zip(stored, appended):
            assert mine.content() == theirs.content()
        for at in data.draw(
            st.lists(moments(converted.expected), min_size=1, max_size=3), label="moments"
        ):
            for name, filters in CASES:
                answer = queries.view(loaded, name, at, filters)
                assert answer == reference.view(name, stored, at, filters), (name, at, filters)
                assert answer == queries.view(direct, name, at, filters), (name, at, filters)
