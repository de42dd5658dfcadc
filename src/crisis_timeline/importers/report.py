"""What an import did, counted, and said in one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AcledReport:
    """What an ACLED import did, row by row."""

    rows: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    kept: int = 0
    """Rows whose stored answer stands: from an older export than one imported before, or of an
    event ACLED has deleted."""
    deleted: int = 0
    not_found: int = 0
    """Ids of the deleted-events list that name no imported event."""
    appended: int = 0

    def line(self) -> str:
        """One line: rows, what became of them, and the events appended."""
        parts = [
            f"{self.rows} rows: {self.new} new, {self.revised} revised, {self.unchanged} unchanged"
        ]
        if self.kept:
            parts.append(f"{self.kept} older than the stored answer (kept)")
        if self.deleted or self.not_found:
            parts.append(f"{self.deleted} deleted ({self.not_found} not imported before)")
        return f"{', '.join(parts)}; {self.appended} events appended"


@dataclass
class PloverReport:
    """What a PLOVER import did, record by record."""

    rows: int = 0
    new: int = 0
    present: int = 0
    """Records whose id names a stored event of their category (imported or exported before)."""
    appended: int = 0

    def line(self) -> str:
        """One line: records, what became of them, and the events appended."""
        return (
            f"{self.rows} records: {self.new} new, {self.present} already present; "
            f"{self.appended} events appended"
        )
