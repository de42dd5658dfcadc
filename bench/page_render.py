"""The page's first render in headless Chromium (Debian's, driven by Playwright): from the
navigation to the timeline drawn (the page's `crisis-drawn` mark), its data fetched from a
`crisis serve` in its own process through the API, the first page of each panel."""

from __future__ import annotations

import shutil
import statistics
from datetime import datetime
from typing import Any

from bench.served import _q, serving

TARGET_MS = 1000.0


def first_render(db: str, as_of: datetime, runs: int = 5) -> dict[str, Any]:
    """ms to the timeline drawn: on a server just started, then the median of `runs` more
    (each in a fresh browser context, nothing cached); the rows drawn."""
    from playwright.sync_api import sync_playwright

    with serving(db) as (conn, _pid):
        url = f"http://{conn.host}:{conn.port}/?as_of={_q(as_of)}"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "chromium", args=["--no-sandbox"]
            )
            try:
                found = [_once(browser, url) for _ in range(runs + 1)]
            finally:
                browser.close()
    warm = [ms for ms, _ in found[1:]]
    return {"cold_ms": found[0][0], "warm_ms": statistics.median(warm), "rows": found[0][1]}


def _once(browser: Any, url: str) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        drawn = page.evaluate("performance.getEntriesByName('crisis-drawn')[0]?.startTime")
        if drawn is None:  # drawn, but the mark comes in the same task: wait for it
            page.wait_for_timeout(50)
            drawn = page.evaluate("performance.getEntriesByName('crisis-drawn')[0].startTime")
        return float(drawn), int(page.locator("#timeline .fact").count())
    finally:
        context.close()


def line(scale: int, found: dict[str, Any]) -> str:
    """PASS or MISS against TARGET_MS, on the warm median and the cold first render."""
    worst = max(found["cold_ms"], found["warm_ms"])
    verdict = "PASS" if worst < TARGET_MS else "MISS"
    return (
        f"{verdict}  page first render {scale:>9,}  {found['cold_ms']:.0f} ms on a server just "
        f"started, {found['warm_ms']:.0f} ms after (median), {found['rows']} timeline rows drawn "
        f"(target < {TARGET_MS:.0f})"
    )
