"""Stored payloads decoded without a second validation are the payloads validation makes.

The folds read payloads through `registry.trusted` (model_construct and per-field JSON
conversions); a field it left as JSON (a partial time as a dict, a kind as a str, a rating
as a dict) would differ here from the validated model.
"""

from __future__ import annotations

import histories
from hypothesis import given, settings

from crisis_timeline.events import registry
from crisis_timeline.time import PartialTime


@settings(max_examples=60, deadline=None)
@given(history=histories.histories())
def test_trusted_decoding_equals_validation(history: histories.History) -> None:
    for e in history.events():
        data = registry.normalise(e.type, e.schema_version, e.data)
        trusted = registry.trusted(e.type, e.schema_version, data)
        validated = registry.decode(e.type, e.schema_version, data)
        assert type(trusted) is type(validated)
        assert trusted == validated, e.type
        for name in type(validated).model_fields:
            mine, theirs = getattr(trusted, name), getattr(validated, name)
            assert type(mine) is type(theirs), (e.type, name)
            if isinstance(theirs, PartialTime):
                assert mine.model_dump() == theirs.model_dump()
