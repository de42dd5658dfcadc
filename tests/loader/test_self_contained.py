"""The repository stands alone: every text a fixture quotes lives inside it, with its sha256."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BAD_INPUT_CORPUS = (
    ROOT / "tests" / "faults" / "corpus"
)  # refused on purpose: not YAML, texts outside
FIXTURE_FILES = sorted(
    p
    for p in ROOT.glob("**/*.yaml")
    if ".venv" not in p.parts and ".git" not in p.parts and not p.is_relative_to(BAD_INPUT_CORPUS)
)


def fixture_sources() -> list[tuple[Path, dict[str, object]]]:
    found = []
    for path in FIXTURE_FILES:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and isinstance(document.get("source"), dict):
            found.append((path, document["source"]))
    return found


def test_the_repository_has_fixtures_with_texts() -> None:
    with_text = [path for path, source in fixture_sources() if source.get("text_file")]
    assert ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml" in with_text


@pytest.mark.parametrize(
    "path,source",
    [(p, s) for p, s in fixture_sources() if s.get("text_file")],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_every_text_file_resolves_inside_the_repository(
    path: Path, source: dict[str, object]
) -> None:
    text = (path.parent / str(source["text_file"])).resolve()
    assert text.is_relative_to(ROOT), f"{path}: text_file {text} is outside the repository"
    assert text.is_file(), f"{path}: text_file {text} does not exist"
    if source.get("sha256"):
        assert hashlib.sha256(text.read_bytes()).hexdigest() == source["sha256"]


def test_every_source_text_is_tracked_and_listed_in_its_readme() -> None:
    listing = (ROOT / "fixtures" / "sources" / "README.md").read_text(encoding="utf-8")
    tracked = subprocess.run(
        ["git", "ls-files", "fixtures/sources"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    texts = sorted(p for p in (ROOT / "fixtures" / "sources").glob("*.txt"))
    assert texts
    for text in texts:
        digest = hashlib.sha256(text.read_bytes()).hexdigest()
        assert f"`{text.name}`" in listing and digest in listing, text.name
        if tracked:  # a git checkout (not an unpacked archive): the text must be committed
            assert f"fixtures/sources/{text.name}" in tracked, text.name


def test_no_file_of_the_project_reads_beyond_the_repository() -> None:
    parts = ("src", "cli", "tests", "fixtures", "migrations", "bench", ".ci")
    offenders = []
    needle = "../" + "shared"
    for part in parts:
        for path in (ROOT / part).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".sh", ""}:
                if needle in path.read_text(encoding="utf-8", errors="replace"):
                    offenders.append(str(path.relative_to(ROOT)))
    if needle in (ROOT / "Makefile").read_text(encoding="utf-8"):
        offenders.append("Makefile")
    assert offenders == []
