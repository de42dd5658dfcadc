"""A real `crisis serve` in a subprocess on a free port of 127.0.0.1, for API and page tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
TEXTS = ROOT / "fixtures" / "sources"
CRISIS = str(Path(sys.executable).parent / "crisis")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def crisis(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The crisis program in its own process (as a user runs it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISIS_")}
    return subprocess.run(
        [CRISIS, "--db", db_url, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


@contextmanager
def served(db_url: str, *extra: str) -> Iterator[str]:
    """`crisis serve` on a free port; yields its base URL and stops it afterwards."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISIS_")}
    command = [CRISIS, "--db", db_url, "serve", "--port", str(port), "--texts", str(TEXTS), *extra]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=20)


def _wait(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"crisis serve exited: {process.communicate()[1]}")
        try:
            urllib.request.urlopen(base + "/api/status", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("crisis serve did not answer within 30 s")


def get(base: str, path: str) -> tuple[int, dict[str, str], Any]:
    """GET a path: status, headers (lower-case names), body as JSON when it is JSON."""
    try:
        with urllib.request.urlopen(base + path, timeout=30) as answer:
            status, headers, body = answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, dict(e.headers), e.read()
    headers = {k.lower(): v for k, v in headers.items()}
    if headers.get("content-type", "").startswith("application/json"):
        return status, headers, json.loads(body)
    return status, headers, body.decode("utf-8")
