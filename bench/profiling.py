"""cProfile reports: the functions that take the time, by own time and by cumulative time."""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path

TOP = 25


def write_report(profiler: cProfile.Profile, path: str | Path, title: str) -> str:
    """Write the top functions (own time, then cumulative) to path; return the text."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    out.write(f"# {title}: {total:.2f} s of own time profiled\n\n## by own time (tottime)\n")
    stats.sort_stats("tottime").print_stats(TOP)
    out.write("\n## by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(TOP)
    text = out.getvalue()
    Path(path).write_text(text, encoding="utf-8")
    return text


def top_lines(profiler: cProfile.Profile, n: int = 12) -> list[str]:
    """The n functions with the most own time, each with its share of the total."""
    stats = pstats.Stats(profiler)
    rows = stats.stats.items()  # type: ignore[attr-defined]
    total = sum(row[2] for _key, row in rows) or 1.0
    ranked = sorted(rows, key=lambda kv: kv[1][2], reverse=True)[:n]
    lines = []
    for (file, line, name), (_cc, calls, own, cum, _callers) in ranked:
        where = f"{Path(file).name}:{line}" if line else file
        lines.append(
            f"{own / total:6.1%} own {own:7.2f}s cum {cum:7.2f}s {calls:>9} calls  {name} ({where})"
        )
    return lines
