"""A built wheel carries the CLI and the migrations, and `crisis init` works from it alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path

import pytest

from crisis_timeline.store import migrate

ROOT = Path(__file__).resolve().parents[2]
# Build from a copy: an in-tree build would leave build/ and *.egg-info in the working tree.
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    "__pycache__",
    "build",
    "dist",
    "*.egg-info",
    ".venv",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "*.db",
    "*.db-*",
    "results",
)
IN_WHEEL = {
    "crisis_timeline/cli/main.py",
    "crisis_timeline/migrations/env.py",
    "crisis_timeline/migrations/script.py.mako",
    "crisis_timeline/migrations/versions/0001_events.py",
}


def venv_can_build() -> bool:
    """Whether this environment meets pyproject's build requirements (setuptools>=69, wheel)."""
    try:
        found = version("setuptools")
    except PackageNotFoundError:
        return False
    major, minor = (int(n) for n in re.findall(r"\d+", found)[:2])
    # From setuptools 70.1 on, bdist_wheel lives in setuptools itself.
    return (major, minor) >= (69, 0) and (
        (major, minor) >= (70, 1) or find_spec("wheel") is not None
    )


def pip(*args: str, cwd: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


@pytest.mark.slow
def test_wheel_installs_and_initialises_a_database(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    # Without the build requirements here (this venv has setuptools 65, no wheel), pip builds
    # in an isolated environment fetched from the configured index.
    isolation = ["--no-build-isolation"] if venv_can_build() else []
    pip("wheel", "--no-deps", *isolation, "-w", str(tmp_path / "wheel"), str(source), cwd=tmp_path)
    [wheel] = (tmp_path / "wheel").glob("*.whl")

    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_text = zf.read(entry_points).decode()
    every_revision = {
        f"crisis_timeline/migrations/versions/{p.name}"
        for p in (ROOT / "migrations" / "versions").glob("*.py")
    }
    assert IN_WHEEL | every_revision <= names, sorted((IN_WHEEL | every_revision) - names)
    every_module = {
        "crisis_timeline/" + str(p.relative_to(ROOT / "src" / "crisis_timeline"))
        for p in (ROOT / "src" / "crisis_timeline").rglob("*.py")
    } | {f"crisis_timeline/cli/{p.name}" for p in (ROOT / "cli").glob("*.py")}
    assert every_module <= names, sorted(every_module - names)
    assert "crisis = crisis_timeline.cli.main:main" in entry_text

    site = tmp_path / "site"
    pip("install", "--no-deps", "--target", str(site), str(wheel), cwd=tmp_path)

    db = tmp_path / "x.db"
    code = (
        "import sys, crisis_timeline.cli.main as m, crisis_timeline.migrations as mig; "
        "print(m.__file__, mig.__file__, sep='\\n', file=sys.stderr); m.main()"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISIS_")}
    env["PYTHONPATH"] = str(site)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, "--db", str(db), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    proc = run("init")
    head = migrate.head()
    assert (proc.returncode, proc.stdout) == (0, f"{db}: schema at revision {head}\n"), proc.stderr
    cli_file, migrations_file = proc.stderr.splitlines()[:2]
    assert Path(cli_file) == site / "crisis_timeline" / "cli" / "main.py"
    assert Path(migrations_file) == site / "crisis_timeline" / "migrations" / "__init__.py"
    assert db.exists()

    seed = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
    loaded = run("load", str(seed))
    assert loaded.returncode == 0, loaded.stderr
    upcoming = run("meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z", "--nl")
    assert upcoming.returncode == 0, upcoming.stderr
    assert len(upcoming.stdout.splitlines()) == 4
