"""The page in headless Chromium (Debian's package, driven by Playwright), served by a real
`crisis serve` and as the file `crisis export html` writes: nothing known before the first
report, the upcoming meetings at noon and at 23:59 on 30 December, the 10,000-troop claim's
quote highlighted at its span with its attribution and dispute, markup and terminal escapes
from a source shown as text, no console error, no request off 127.0.0.1 (or off the file).

Expected ids and spans are read by hand from the seed fixture and its source text.
Screenshots of each check are kept in tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import SEED, TEXTS, crisis, served
from test_timelinejs_browser import ARTIFACTS, chromium

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile.yaml"
UPCOMING_NOON = [
    "meeting/biden-putin-call-2021-12-30",
    "meeting/us-russia-security-talks-2022-01-10",
    "meeting/russia-nato-session-2022-01-12",
    "meeting/european-security-conference-2022-01-13",
]
CLAIM = "claim/russia-pulling-back-10000-troops"
ARTICLE = (TEXTS / "reuters-2021-12-30-biden-putin-second-call.txt").read_text(encoding="utf-8")
SIZES = {"wide": {"width": 1280, "height": 800}, "narrow": {"width": 390, "height": 844}}


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            yield found
        finally:
            found.close()


def open_page(browser: Any, allowed: str, size: str, problems: list[str]) -> Any:
    """A page that records console errors, script errors and any request not under `allowed`."""
    page = browser.new_page(viewport=SIZES[size])
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(allowed)
            else (problems.append(f"off-site request: {route.request.url}"), route.abort())
        ),
    )
    return page


def at(page: Any, url: Callable[[str], str], as_of: str) -> None:
    page.goto(url(as_of))
    page.wait_for_selector("body[data-ready=true]")


def ids(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.id)"))


def check_the_seed(browser: Any, allowed: str, url: Callable[[str], str], name: str) -> list[str]:
    problems: list[str] = []
    for size in SIZES:
        page = open_page(browser, allowed, size, problems)
        at(page, url, "2021-12-29")
        assert page.locator(".fact").count() == 0
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{size}-2021-12-29.png"))
        at(page, url, "2021-12-30T12:00Z")
        assert ids(page, "#upcoming li") == UPCOMING_NOON
        assert page.locator("#timeline .fact").count() == 28
        assert page.eval_on_selector_all(
            "#timeline .group h3", "hs => hs.map(h => h.textContent)"
        ) == [
            "context",
            "force",
            "meeting",
            "claim",
            "demand",
        ]  # by stream family, in the timeline's order
        page.select_option("#group-by", "actor")
        assert "actor/other-us-officials" in page.eval_on_selector_all(
            "#timeline .group h3", "hs => hs.map(h => h.textContent)"
        )
        page.select_option("#group-by", "family")
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{size}-noon.png"), full_page=True)
        page.fill("#as-of-field", "2021-12-30T23:59")
        page.dispatch_event("#as-of-field", "change")
        page.wait_for_selector("body[data-ready=true][data-as-of='2021-12-30T23:59Z']")
        assert ids(page, "#upcoming li") == UPCOMING_NOON[1:]
        assert "as_of=2021-12-30T23%3A59Z" in page.url or "as_of=2021-12-30T23:59Z" in page.url
        button = page.locator(f"#claims li[data-id='{CLAIM}'] button")
        button.focus()
        page.keyboard.press("Enter")  # the keyboard reaches every fact
        page.wait_for_selector(f"#detail[data-id='{CLAIM}'] mark")
        mark = page.locator("#detail mark")
        assert mark.get_attribute("data-span") == "2144-2252"
        assert mark.text_content() == ARTICLE[2144:2252]
        assert page.locator("#detail .attribution").text_content() == "unattributed"
        assert "disputed by actor/other-us-officials" in (
            page.locator("#detail .disputes").text_content() or ""
        )
        assert "links verify" in (page.locator("#detail .chain").text_content() or "")
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{size}-claim.png"))
        page.close()
    return problems


def check_hostile(browser: Any, allowed: str, url: Callable[[str], str], name: str) -> list[str]:
    problems: list[str] = []
    page = open_page(browser, allowed, "wide", problems)
    at(page, url, "2022-01-06")
    page.locator("#claims li[data-id='claim/test-hostile-claim'] button").click()
    page.wait_for_selector("#detail[data-id='claim/test-hostile-claim'] mark")
    shown = page.locator("body").text_content() or ""
    assert (
        "<img src=x onerror=window.__pwned=5> \x1b[31mred\x1b[0m" in shown
    )  # the meeting's title, as text
    assert (
        page.locator("#detail mark").text_content()
        == "The envoy said <img src=x onerror=window.__pwned=1> talks \x1b[31mwould\x1b[0m resume."
    )
    assert "<img src=x onerror=window.__pwned=3>" in (
        page.locator("#detail .source").text_content() or ""
    )
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.__pwned === undefined")
    page.screenshot(path=str(ARTIFACTS / f"page-{name}-hostile.png"))
    return problems


@pytest.fixture
def seeded(db_url: str) -> str:
    assert crisis(db_url, "load", str(SEED)).returncode == 0
    return db_url


def test_the_served_page(seeded: str, browser: Any, backend: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with served(seeded) as base:
        problems = check_the_seed(
            browser, base, lambda t: f"{base}/?as_of={t}", f"served-{backend}"
        )
    assert problems == []


def test_the_exported_file(seeded: str, browser: Any, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    target = tmp_path / "timeline.html"
    exported = crisis(seeded, "export", "html", "--texts", str(TEXTS), "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    problems = check_the_seed(
        browser, target.as_uri(), lambda t: f"{target.as_uri()}?as_of={t}", "file"
    )
    assert problems == []


def test_markup_from_a_source_is_text(db_url: str, browser: Any, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert crisis(db_url, "load", str(HOSTILE)).returncode == 0
    texts = str(HOSTILE.parent)
    target = tmp_path / "hostile.html"
    assert crisis(db_url, "export", "html", "--texts", texts, "-o", str(target)).returncode == 0
    problems = check_hostile(
        browser, target.as_uri(), lambda t: f"{target.as_uri()}?as_of={t}", "file"
    )
    with served(db_url, "--texts", texts) as base:
        problems += check_hostile(browser, base, lambda t: f"{base}/?as_of={t}", "served")
    assert problems == []
