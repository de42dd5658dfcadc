"""Every export is a function of what was known: the same bytes on SQLite and PostgreSQL, and
whatever order the sources were loaded in (the system clock pinned, see exporting.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from exporting import CORRECTION, FOLLOWUP, MARKUP, SEED, load, ok, run

EXPORTS = [
    ["ics"],
    ["ics", "--upcoming"],
    ["timelinejs"],
    ["timelinejs-csv"],
    ["plover"],
    ["prov", "claim/russia-pulling-back-10000-troops"],
    ["prov", "claim/test-talks-soon"],
    *(["csv", view] for view in ("meetings", "claims", "timeline", "actors", "forces", "demands")),
]
ORDERS = {
    "seed first": (SEED, MARKUP, FOLLOWUP, CORRECTION),
    "seed last": (FOLLOWUP, MARKUP, CORRECTION, SEED),
}


@pytest.fixture
def stores(databases: Any, pinned_clock: None) -> Iterator[dict[str, str]]:
    """Four databases: each backend, each load order."""
    urls = {}
    for backend in ("sqlite", "postgresql"):
        for order, files in ORDERS.items():
            url = databases.url(backend)
            load(url, *files)
            urls[f"{backend}, {order}"] = url
    yield urls
    for url in urls.values():
        databases.drop(url)


def outputs(url: str, args: list[str]) -> tuple[bytes, str]:
    result = run(["--db", url, "export", *args])
    ok(result)
    return result.stdout_bytes, result.stderr


@pytest.mark.parametrize("as_of", [["--as-of", "2022-01-10"], ["--as-of", "2022-01-21"], []])
def test_every_export_is_the_same_on_both_backends_whatever_the_load_order(
    stores: dict[str, str], as_of: list[str]
) -> None:
    for args in EXPORTS:
        found = {name: outputs(url, [*args, *as_of]) for name, url in stores.items()}
        first = next(iter(found.values()))
        assert first[0], args  # something was exported
        assert all(out == first for out in found.values()), (
            args,
            {k: v[0][:200] for k, v in found.items()},
        )


def test_the_load_orders_differ_in_positions(stores: dict[str, str]) -> None:
    """The comparison above means something: the stores hold the events at other positions."""
    firsts = {
        name: ok(run(["--db", url, "events", "--limit", "1", "--csv"]))
        .splitlines()[1]
        .split(",")[2]
        for name, url in stores.items()
    }
    assert (
        firsts["sqlite, seed first"]
        == firsts["postgresql, seed first"]
        == "source/reuters-2021-12-30-biden-putin-second-call"
    )
    assert (
        firsts["sqlite, seed last"]
        == firsts["postgresql, seed last"]
        == "source/test-followup-2022-01-20"
    )


def test_a_file_written_with_o_holds_the_same_bytes(stores: dict[str, str], tmp_path: Path) -> None:
    url = stores["sqlite, seed first"]
    for n, args in enumerate(EXPORTS):
        target = tmp_path / f"out{n}"
        ok(run(["--db", url, "export", *args, "-o", str(target)]))
        assert target.read_bytes() == outputs(url, args)[0]
