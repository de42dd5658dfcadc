"""`crisis serve` against a real uvicorn on 127.0.0.1, on both backends: the CLI's JSON at the
API's paths, one-line errors, a server that never writes, and one that keeps answering while
another process loads.

The expected ids are read by hand from the seed fixture (its meetings and claims)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from pathlib import Path

import pytest
from serving import SEED, crisis, get, served
from support import make_store, note

from crisis_timeline.store.engine import open_engine

UPCOMING_NOON = [
    "meeting/biden-putin-call-2021-12-30",
    "meeting/us-russia-security-talks-2022-01-10",
    "meeting/russia-nato-session-2022-01-12",
    "meeting/european-security-conference-2022-01-13",
]
MARKUP = Path(__file__).resolve().parents[1] / "exports" / "data" / "markup.yaml"


@pytest.fixture
def seeded(db_url: str) -> str:
    assert crisis(db_url, "load", str(SEED)).returncode == 0
    return db_url


def test_views_answer_with_the_cli_json(seeded: str) -> None:
    with served(seeded) as base:
        status, headers, rows = get(
            base, "/api/views/meetings?upcoming=true&as_of=2021-12-30T12:00Z"
        )
        _, _, evening = get(base, "/api/views/meetings?upcoming=true&as_of=2021-12-30T23:59Z")
        _, _, page = get(base, "/api/views/timeline?as_of=2021-12-30&limit=3")
        _, _, claim = get(base, "/api/audit/claim/russia-pulling-back-10000-troops")
        _, _, later = get(base, "/api/views/timeline?as_of=2021-12-30&limit=3&offset=2")
        _, _, sources = get(base, "/api/views/sources")
    assert status == 200 and headers["x-crisis-behind"] == "0"
    assert [r["id"] for r in rows] == UPCOMING_NOON
    assert [r["id"] for r in evening] == UPCOMING_NOON[1:]
    cli = crisis(seeded, "meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z", "--json")
    assert rows == json.loads(cli.stdout)
    assert page == json.loads(
        crisis(seeded, "timeline", "--as-of", "2021-12-30", "--limit", "3", "--json").stdout
    )
    assert later == json.loads(
        crisis(
            seeded, "timeline", "--as-of", "2021-12-30", "--limit", "3", "--offset", "2", "--json"
        ).stdout
    )
    assert later[0] == page[2] and len(later) == 3
    assert [s["id"] for s in sources] == ["source/reuters-2021-12-30-biden-putin-second-call"]
    assert claim["row"]["attribution"] == "unattributed"
    assert claim["history"][0]["evidence"][0]["span"] == [2144, 2252]


def test_every_command_has_its_path(seeded: str) -> None:
    with served(seeded) as base:
        answers = {
            path: get(base, path)
            for path in (
                "/api/replay?as_of=2021-12-30",
                "/api/diff?t1=2021-12-29&t2=2021-12-30",
                "/api/events?limit=2",
                "/api/search?q=" + urllib.parse.quote("10,000 troops"),
                "/api/export/ics?upcoming=true",
                "/api/export/timelinejs",
                "/api/export/prov/claim/russia-pulling-back-10000-troops",
                "/api/openapi.json",
                "/api/page?as_of=2021-12-29",
                "/",
            )
        }
    assert all(status == 200 for status, _, _ in answers.values()), {
        p: a[0] for p, a in answers.items()
    }
    assert len(answers["/api/replay?as_of=2021-12-30"][2]["timeline"]) == 28
    assert [e["position"] for e in answers["/api/events?limit=2"][2]] == [1, 2]
    assert answers["/api/search?q=10%2C000%20troops"][2][0]["span"] == [2144, 2252]
    assert "BEGIN:VCALENDAR" in answers["/api/export/ics?upcoming=true"][2]
    assert "/api/views/{name}" in answers["/api/openapi.json"][2]["paths"]
    assert answers["/api/page?as_of=2021-12-29"][2]["timeline"] == []
    csp = answers["/"][1]["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/views/meetings?as_of=banana", 400, "as_of: 'banana' is not a time"),
        ("/api/views/claims?limit=0", 400, "limit: 0 is out of range"),
        ("/api/views/claims?limit=many", 400, "limit:"),
        ("/api/views/claims?upcoming=true", 400, "upcoming does not apply to the claims view"),
        ("/api/views/meetings?status=held-up", 400, "status 'held-up' is not a status of meetings"),
        ("/api/views/nothing", 400, "no view 'nothing'"),
        ("/api/views/sources?actor=actor/russia", 400, "actor does not apply to the sources view"),
        ("/api/views/timeline?offset=-1", 400, "offset: -1 is out of range"),
        ("/api/audit/claim/no-such-claim", 404, "no claim 'claim/no-such-claim'"),
        ("/api/export/prov/claim/no-such-claim", 404, "no-such-claim"),
        ("/api/diff?t1=2022-01-01&t2=2021-01-01", 400, "t2 is before t1"),
        ("/api/search?q=%21%21", 400, "has no letters or digits"),
        ("/api/texts/0000", 404, "no source text"),
        ("/no/such/path", 404, "no such path"),
    ],
)
def test_bad_requests_get_one_line(seeded: str, path: str, status: int, words: str) -> None:
    with served(seeded) as base:
        got, headers, body = get(base, path)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert set(body) == {"error"} and words in body["error"] and "\n" not in body["error"]


def test_the_server_never_writes_and_says_how_far_behind(seeded: str) -> None:
    engine = open_engine(seeded)
    make_store(engine).append(
        "context/not-folded-yet", [note("context/not-folded-yet", "x")], None, recorded_by="t"
    )
    engine.dispose()
    with served(seeded) as base:
        _, headers, rows = get(base, "/api/views/timeline")
        _, again, status = get(base, "/api/status")
    assert headers["x-crisis-behind"] == again["x-crisis-behind"] == "1"
    assert (
        status["behind"] == 1 and status["position"] == status["head"] - 1
    )  # the server caught nothing up
    assert len(rows) == 28


def test_answers_while_another_process_loads(seeded: str) -> None:
    with served(seeded) as base:
        before = get(base, "/api/views/meetings")[2]
        failures: list[object] = []
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                status, _, body = get(base, "/api/views/timeline")
                if status != 200:
                    failures.append(body)

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            loaded = crisis(seeded, "load", str(MARKUP))
        finally:
            stop.set()
            poller.join()
        after = get(base, "/api/views/meetings")[2]
    assert loaded.returncode == 0, loaded.stderr
    assert failures == []
    new = {r["id"] for r in after} - {r["id"] for r in before}
    assert new == {
        "meeting/test-geneva-talks",
        "meeting/test-second-round",
    }  # the next request sees the load
