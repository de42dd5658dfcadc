"""The TimelineJS export in the real TimelineJS (npm @knight-lab/timelinejs) in headless
Chromium (Debian's package, driven by Playwright): no console error, one slide per timeline
row, the seed's slides in the timeline's order, the call shown with its time as written.
Screenshots of the first slide and of the call are kept in tests/artifacts/.

`make test` installs both (see the Makefile's browser step). A browser that cannot start
fails the test: it is never skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crisis_timeline.cli.main import cli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TIMELINEJS = HERE / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
ARTIFACTS = ROOT / "tests" / "artifacts"
SETUP = "run `make browser` (npm ci in tests/browser, Debian's chromium)"


def chromium() -> str:
    """The system Chromium (CRISIS_CHROMIUM may name another binary)."""
    found = (
        os.environ.get("CRISIS_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail(f"no chromium on PATH: {SETUP}")
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A directory served on 127.0.0.1 only: the page, TimelineJS's files, and the export."""
    if not (TIMELINEJS / "js" / "timeline.js").is_file():
        pytest.fail(f"TimelineJS is not installed in {TIMELINEJS}: {SETUP}")
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(HERE / "timeline.html", root / "index.html")
    shutil.copytree(TIMELINEJS, root / "timelinejs")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def export_timeline(db_url: str, target: Path) -> list[dict[str, Any]]:
    runner = CliRunner()
    env = {"CRISIS_DB": None, "CRISIS_ANALYST": None}
    for args in (
        ["load", str(SEED)],
        ["export", "timelinejs", "--as-of", "2021-12-30", "-o", str(target)],
    ):
        result = runner.invoke(cli, ["--db", db_url, *args], prog_name="crisis", env=env)
        assert result.exit_code == 0, result.output
    rows = runner.invoke(
        cli, ["--db", db_url, "timeline", "--as-of", "2021-12-30", "--json"], env=env
    )
    slides: list[dict[str, Any]] = json.loads(target.read_text(encoding="utf-8"))["events"]
    assert [s["unique_id"] for s in slides] == [r["id"] for r in json.loads(rows.stdout)]
    return slides


def test_the_seed_in_timelinejs(db_url: str, site: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    base, root = site
    slides = export_timeline(db_url, root / "timeline.json")
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            # Nothing leaves this machine: any request off 127.0.0.1 is refused and reported.
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(base)
                    else (problems.append(f"off-site request: {route.request.url}"), route.abort())
                ),
            )
            page.goto(f"{base}/index.html")
            page.wait_for_function("window.timelineLoaded === true", timeout=30_000)
            page.wait_for_timeout(1_000)  # let the first slide settle for the screenshot
            shown = page.eval_on_selector_all(
                ".tl-slider-item-container > .tl-slide",
                "els => els.map(e => (e.querySelector('.tl-headline') || {}).textContent || '')",
            )
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "timelinejs-seed.png"))
            call = next(
                n for n, s in enumerate(slides) if "hour" in s["start_date"]
            )  # the 20:30Z call
            page.evaluate(f"window.timeline.goTo({call})")
            page.wait_for_timeout(1_500)
            current = page.evaluate("window.timeline.current_id")
            call_date = page.eval_on_selector(
                f"[id='{current}'] .tl-headline-date", "e => e.textContent"
            )
            page.screenshot(path=str(ARTIFACTS / "timelinejs-seed-call.png"))
        finally:
            browser.close()
    assert problems == []
    assert len(slides) == 28
    assert shown == [unescape(s["text"]["headline"]) for s in slides]
    assert (
        call_date == "on Thursday … at 3:30 p.m. ET (2030 GMT)"
    )  # display_date, the words as written
