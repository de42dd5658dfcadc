"""A database on a read-only mount can still be read: views, verify, audit and search answer;
a load that would write is refused in one line. The mount is made read-only in a private mount
namespace (`unshare -m`, as the suite runs as root), so nothing outside the test sees it."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from workload import CRISIS

from crisis_timeline.errors import ConfigError
from crisis_timeline.store import engine as store_engine

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "reuters-2021-12-30-biden-putin-second-call.yaml"
NEW_FACT = """source:
  id: read-only-probe
  publisher: Probe
  title: A probe
  published: "2021-12-31"
  rating: {reliability: C, credibility: 3, rated_by: desk, rationale: a probe}
actors: []
facts:
  - key: note
    type: HistoricalContextNoted
    stream: context/read-only-probe
    data: {summary: A note, actors: []}
    evidence: [{quote: A note, attribution: reporter}]
"""


def on_read_only_mount(
    folder: Path, *commands: list[str]
) -> list[subprocess.CompletedProcess[str]]:
    """Run each command with `folder` bind-mounted read-only over itself, in a private namespace."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to make a read-only mount")
    script = [
        f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))}",
        f"mount -o remount,bind,ro {shlex.quote(str(folder))}",
    ]
    out = folder.parent / "out"
    out.mkdir()
    for i, command in enumerate(commands):
        script.append(
            f"{shlex.join(command)} >{out}/{i}.out 2>{out}/{i}.err; echo $? >{out}/{i}.rc"
        )
    subprocess.run(
        ["unshare", "-m", "sh", "-c", " && ".join(script[:2]) + "; " + "; ".join(script[2:])],
        check=True,
        timeout=120,
    )
    return [
        subprocess.CompletedProcess(
            c,
            int((out / f"{i}.rc").read_text()),
            (out / f"{i}.out").read_text(),
            (out / f"{i}.err").read_text(),
        )
        for i, c in enumerate(commands)
    ]


@pytest.mark.slow
def test_a_database_on_a_read_only_mount_answers_and_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "crisis.db"
    for args in (["init"], ["load", str(SEED)]):
        subprocess.run(
            [str(CRISIS), "--db", str(db), *args], check=True, capture_output=True, timeout=120
        )
    (tmp_path / "new.yaml").write_text(NEW_FACT, encoding="utf-8")
    crisis = [str(CRISIS), "--db", str(db)]
    upcoming, verify, audit, search, load = on_read_only_mount(
        folder,
        [*crisis, "meetings", "--upcoming", "--as-of", "2021-12-30T12:00Z", "--json"],
        [*crisis, "verify"],
        [*crisis, "audit", "claim/russia-pulling-back-10000-troops", "--json"],
        [*crisis, "search", "10,000 troops", "--json"],
        [*crisis, "load", str(tmp_path / "new.yaml")],
    )
    for answered in (upcoming, verify, audit, search):
        assert (answered.returncode, answered.stderr) == (0, ""), answered.args
    assert '"meeting/biden-putin-call-2021-12-30"' in upcoming.stdout
    assert verify.stdout.startswith("ok: 49 events")
    assert load.returncode == 1
    assert load.stderr.count("\n") == 1 and "readonly database" in load.stderr, load.stderr
    assert "Traceback" not in load.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["crisis.db"]  # nothing written beside it


def test_a_write_ahead_log_left_on_a_read_only_mount_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "crisis.db"
    db.write_bytes(b"")
    (tmp_path / "crisis.db-wal").write_bytes(b"commits the file lacks")
    monkeypatch.setattr(store_engine, "on_read_only_filesystem", lambda path: True)
    with pytest.raises(ConfigError, match="write-ahead log 'crisis.db-wal' was not checkpointed"):
        store_engine.open_engine(str(db))
