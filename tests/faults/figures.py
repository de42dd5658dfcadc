"""What the fault suite counts in a run; tests/faults/conftest.py prints it at the end."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()
