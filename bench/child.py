"""A full rebuild in a process of its own, so its peak RSS is its own.

`python -m bench.child DB [--profile OUT]` rebuilds every projection of DB (a path or URL) and
prints one JSON object: events, seconds, peak_rss_mb (VmHWM of this process),
baseline_rss_mb (the same before the rebuild starts: interpreter, imports, engine).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _maxrss_mb() -> float:
    """This process's peak RSS. VmHWM belongs to the address space, which exec replaces;
    ru_maxrss would also carry the high-water mark of the parent that forked us."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str]) -> None:
    from crisis_timeline.projections.runner import ProjectionRunner
    from crisis_timeline.store.engine import open_engine

    db = argv[0]
    profile = argv[2] if len(argv) > 2 and argv[1] == "--profile" else None
    engine = open_engine(db)
    runner = ProjectionRunner(engine)
    runner.total_events()  # connect once, so the baseline includes the driver
    baseline = _maxrss_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    events = runner.rebuild()
    seconds = time.perf_counter() - t0
    if profiler is not None and profile is not None:
        profiler.disable()
        from bench.profiling import write_report

        write_report(profiler, profile, f"rebuild of {events} events")
    engine.dispose()
    print(
        json.dumps(
            {
                "events": events,
                "seconds": seconds,
                "peak_rss_mb": _maxrss_mb(),
                "baseline_rss_mb": baseline,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
