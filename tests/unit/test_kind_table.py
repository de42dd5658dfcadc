"""The README's incident-kind table is the code's: every kind, ACLED name and PLOVER category."""

from __future__ import annotations

from pathlib import Path

from crisis_timeline.events.incident_kinds import MAPPINGS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_table_lists_every_kind_with_its_mapping() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| kind | ACLED event type | ACLED sub-event type | PLOVER category |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("| `"):
            break
        rows.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
    assert rows == [
        (f"`{k.value}`", m.event_type or "—", m.sub_event_type or "—", m.plover or "—")
        for k, m in MAPPINGS.items()
    ]
