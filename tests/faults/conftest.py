"""The fault suite's figures of a run (writers x rounds, crashes injected and how they ended,
bad inputs refused, tamper cases caught), printed at the end for the README's Reliability
section."""

from __future__ import annotations

import pytest
from figures import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.write_sep("-", "fault suite figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")
