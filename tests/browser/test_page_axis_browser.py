"""The page's world-time axis in headless Chromium: it opens fitted to where most rows are (the
2014 Crimea context off to the left), zooms and pans by buttons, keys, wheel and drag, keeps the
window in the URL beside as_of (a shared URL opens the same view), and draws rows of any event
type from their own fields, each precision its own way.

Expected windows are read by hand from the seed: its earliest row is the Crimea seizure "in
2014" (from 2014-01-01), its latest end the conference of 13 January 2022 (to 2022-01-14).
Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from serving import SEED, TEXTS, crisis, get, served
from test_page_browser import ARTIFACTS, at, browser, ids, open_page

__all__ = ["browser"]  # the fixture, shared with the page's other browser tests

NOON = "2021-12-30T12:00Z"
WHOLE = "2014-01-01T00:00Z/2022-01-14T00:00Z"


def window(page: Any) -> tuple[datetime, datetime]:
    """The axis window the page says it shows (body[data-axis], as in the URL)."""
    lo, hi = str(page.evaluate("document.body.dataset.axis")).split("/")
    return datetime.fromisoformat(lo), datetime.fromisoformat(hi)


def off(page: Any, text: str) -> str:
    """Where the row whose text starts so lies against the window: before, after or ''."""
    row = page.locator("#timeline .fact", has_text=text).first
    return str(row.locator(".track").get_attribute("data-off"))


@pytest.fixture
def exported(db_url: str, tmp_path: Path) -> str:
    assert crisis(db_url, "load", str(SEED)).returncode == 0
    target = tmp_path / "timeline.html"
    assert (
        crisis(db_url, "export", "html", "--texts", str(TEXTS), "-o", str(target)).returncode == 0
    )
    return target.as_uri()


def test_opens_fitted_and_zooms_by_buttons_and_keys(browser: Any, exported: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    page = open_page(browser, exported, "wide", problems)
    at(page, lambda t: f"{exported}?as_of={t}", NOON)
    lo, hi = window(page)
    assert off(page, "Russia seized Ukraine’s Crimea") == "before"
    assert datetime.fromisoformat("2021-12-30T00:00Z") >= lo
    assert datetime.fromisoformat("2022-01-14T00:00Z") <= hi  # every row of the crisis inside
    for text in ("Russia backs separatists", "Biden-Putin call", "broader conference"):
        assert off(page, text) == ""
    page.screenshot(path=str(ARTIFACTS / "page-axis-fit.png"))
    page.click("#zoom-in")
    zlo, zhi = window(page)
    assert (zhi - zlo) * 2 == hi - lo and zlo + (zhi - zlo) / 2 == lo + (hi - lo) / 2
    assert "axis=" in page.url
    page.screenshot(path=str(ARTIFACTS / "page-axis-zoomed.png"))
    page.focus("#axis")
    page.keyboard.press("-")
    assert window(page) == (lo, hi)
    page.keyboard.press("ArrowRight")
    assert window(page) == (lo + (hi - lo) / 5, hi + (hi - lo) / 5)
    page.keyboard.press("a")
    assert page.evaluate("document.body.dataset.axis") == WHOLE
    assert off(page, "Russia seized Ukraine’s Crimea") == ""
    page.keyboard.press("f")
    assert window(page) == (lo, hi)
    assert problems == []


def test_wheel_zooms_at_the_pointer_and_drag_pans(browser: Any, exported: str) -> None:
    problems: list[str] = []
    page = open_page(browser, exported, "wide", problems)
    at(page, lambda t: f"{exported}?as_of={t}", NOON)
    lo, hi = window(page)
    box = page.locator("#axis").bounding_box()
    x, y = box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2
    before = page.evaluate("document.body.dataset.axis")
    page.mouse.move(x, y)
    page.mouse.wheel(0, -200)  # away from the reader: closer in
    page.wait_for_function("(before) => document.body.dataset.axis !== before", arg=before)
    wlo, whi = window(page)
    assert whi - wlo < hi - lo
    pointed = lo + (hi - lo) * 0.75
    pixel = (hi - lo) / box["width"]
    assert abs(wlo + (whi - wlo) * 0.75 - pointed) <= pixel  # what was under the pointer stays
    page.mouse.down()
    page.mouse.move(x - box["width"] / 2, y, steps=4)
    page.mouse.up()
    dlo, dhi = window(page)
    assert dlo > wlo and dhi - dlo == pytest.approx(
        whi - wlo, abs=timedelta(minutes=2)
    )  # to the left: later
    assert problems == []


def test_a_shared_url_opens_the_same_view(browser: Any, exported: str) -> None:
    problems: list[str] = []
    page = open_page(browser, exported, "narrow", problems)
    shared = "2021-12-30T00:00Z/2021-12-31T00:00Z"
    page.goto(f"{exported}?as_of={NOON}&axis={shared}")
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("document.body.dataset.axis") == shared
    assert off(page, "Russia seized Ukraine’s Crimea") == "before"
    assert off(page, "Russia backs separatists") == ""
    assert off(page, "broader conference") == "after"
    assert page.locator("#axis-window").text_content() == "2021-12-30 to 2021-12-31"
    page.fill("#as-of-field", "2021-12-30T23:59")
    page.dispatch_event("#as-of-field", "change")
    page.wait_for_selector("body[data-ready=true][data-as-of='2021-12-30T23:59Z']")
    assert page.evaluate("document.body.dataset.axis") == shared  # knowledge time moves alone
    assert "as_of=2021-12-30T23%3A59Z" in page.url and "axis=" in page.url
    page.screenshot(path=str(ARTIFACTS / "page-axis-shared-narrow.png"))
    assert problems == []


def row(kind: str, summary: str, when: dict[str, Any], actor: str) -> dict[str, Any]:
    """A timeline row as the timeline view writes one, of a type the page has never seen."""
    return {
        "id": f"{kind}-1",
        "stream": f"{kind.lower()}/test",
        "type": kind,
        "summary": summary,
        "when": when,
        "actors": [actor],
        "speaker": "actor/test-wire",
        "source": "source/test",
        "source_title": "Test wire",
    }


NEW_TYPES = [
    row(
        "CasualtiesReported",
        "at least 40 dead",
        {"start": "2022-02-24T00:00:00Z", "end": None, "precision": "day", "text": "since 24 Feb"},
        "actor/a",
    ),
    row(
        "SanctionsImposed",
        "export controls",
        {"start": "2022-02-01T00:00:00Z", "end": "2022-03-01T00:00:00Z", "precision": "month"},
        "actor/b",
    ),
    row(
        "AgreementSigned",
        "a ceasefire text",
        {"start": "2022-02-20T00:00:00Z", "end": "2022-02-25T00:00:00Z", "precision": "day"},
        "actor/a",
    ),
    row(
        "IncidentReported",
        "shelling near a village",
        {"start": "2022-02-24T00:00:00Z", "end": "2022-02-25T00:00:00Z", "precision": "day"},
        "actor/b",
    ),
]


def test_any_event_type_is_drawn_from_its_fields(browser: Any, tmp_path: Path) -> None:
    from crisis_timeline.web import page as the_page

    empty = {"upcoming": [], "claims": [], "forces": [], "behind": 0, "note": None}
    data = {
        "mode": "file",
        "held": {"since": None, "as_of": None},
        "snapshots": [
            {"as_of": "2022-02-01T00:00:00Z", "timeline": [], **empty},
            {"as_of": "2022-03-01T00:00:00Z", "timeline": NEW_TYPES, **empty},
        ],
        "audits": {},
        "texts": {},
    }
    target = tmp_path / "new-types.html"
    target.write_text(the_page.render(data, inline=True), encoding="utf-8")
    problems: list[str] = []
    page = open_page(browser, target.as_uri(), "wide", problems)
    at(page, lambda t: f"{target.as_uri()}?as_of={t}", "2022-03-02")
    shown = page.eval_on_selector_all(
        "#timeline .fact",
        "bs => bs.map(b => [b.querySelector('.type').textContent, "
        "b.querySelector('.text').textContent, b.querySelector('.bar').className, b.title])",
    )
    assert sorted(shown) == [
        ["AgreementSigned", "a ceasefire text", "bar p-range", "actor/test-wire · Test wire"],
        ["CasualtiesReported", "at least 40 dead", "bar p-open", "actor/test-wire · Test wire"],
        ["IncidentReported", "shelling near a village", "bar p-day", "actor/test-wire · Test wire"],
        ["SanctionsImposed", "export controls", "bar p-month", "actor/test-wire · Test wire"],
    ]
    page.select_option("#group-by", "actor")
    assert page.eval_on_selector_all("#timeline .group h3", "hs => hs.map(h => h.textContent)") == [
        "actor/a",
        "actor/b",
    ]
    page.screenshot(path=str(ARTIFACTS / "page-new-types.png"))
    assert problems == []


def test_the_page_names_no_event_type() -> None:
    from importlib.resources import files

    from crisis_timeline.events import registry

    static = files("crisis_timeline.web").joinpath("static")
    for name in ("page.js", "axis.js", "page.html"):
        text = static.joinpath(name).read_text(encoding="utf-8")
        assert [t for t in registry.names() if t in text] == [], name


def test_the_served_timeline_comes_a_page_at_a_time(browser: Any, db_url: str) -> None:
    assert crisis(db_url, "load", str(SEED)).returncode == 0
    problems: list[str] = []
    with served(db_url) as base:
        whole = [r["id"] for r in get(base, f"/api/views/timeline?as_of={NOON}")[2]]
        page = open_page(browser, base, "wide", problems)
        at(page, lambda t: f"{base}/?limit=10&as_of={t}", NOON)
        for shown in (10, 20):
            assert page.locator("#timeline .fact").count() == shown
            assert page.locator("#timeline-count").text_content() == f"({shown}+)"
            page.click("#more")
            page.wait_for_function(
                "(n) => document.querySelectorAll('#timeline .fact').length > n", arg=shown
            )
        assert page.locator("#timeline-count").text_content() == "(28)"
        assert page.locator("#more").is_hidden()
        page.select_option("#group-by", "family")  # the seed's 28 rows, each once, in its order
        assert sorted(ids(page, "#timeline .fact")) == sorted(whole) and len(whole) == 28
    assert problems == []
