"""Time detection (`parse_thread`) on one thread file in this checkout against another checkout.

    python bench/gen_thread.py 100000 /tmp/detectfast/gen          # once
    python bench/detect_speed.py /tmp/detectfast/gen/thread.txt --against /work/wt/base-f9c7101
    python bench/detect_speed.py THREAD --against OTHER --runs 5 --profile

Not part of the test suite. Every run is a fresh process that reads the file, then times
`parse_thread` alone with `time.process_time()` (the CPU of that process: a shared machine
steals wall time, far less CPU). The two checkouts take turns (ABAB...), so a slower spell of
the machine falls on both; each side's median and the ratio this/against are printed.
`--profile` adds a cProfile of one run of this checkout (top entries by own time and by
cumulative time). A checkout from before the package split has `threadnote/threads.py`;
the child imports whichever `parse_thread` the checkout has.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = 30
"""Profile entries printed per ordering."""

CHILD = r"""
import cProfile, io, pstats, sys, time
sys.path.insert(0, sys.argv[1])
try:
    from threadnote.detect.threads import parse_thread
except ImportError:  # a checkout from before the package split
    from threadnote.threads import parse_thread
from threadnote.config import QuoteSettings
text = open(sys.argv[2], encoding="utf-8").read()
profile, top = sys.argv[3] == "profile", int(sys.argv[4])
profiler = cProfile.Profile() if profile else None
start = time.process_time()
if profiler:
    profiler.enable()
parse_thread(text, "content/gen/thread.txt", "gen", QuoteSettings())
if profiler:
    profiler.disable()
print(time.process_time() - start)
if profiler:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue(), file=sys.stderr)
"""


def run_once(checkout: Path, thread: Path, profile: bool = False) -> tuple[float, str]:
    """CPU seconds of one `parse_thread` in a fresh process, and what the child printed on stderr."""
    mode = "profile" if profile else "time"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(checkout), str(thread), mode, str(TOP)],
        check=True, capture_output=True, text=True, cwd=checkout,
    )
    return float(done.stdout.split()[-1]), done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("thread", type=Path, help="a thread file, e.g. gen_thread.py's thread.txt")
    parser.add_argument("--against", type=Path, required=True, help="the other checkout (its root folder)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per checkout (default 3)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one run of this checkout")
    args = parser.parse_args(argv)
    sides = {"this": ROOT, "against": args.against.resolve()}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for turn in range(args.runs):
        for name, checkout in sides.items():
            cpu, _ = run_once(checkout, args.thread)
            times[name].append(cpu)
            print(f"run {turn + 1} {name:8} {cpu:7.2f} s CPU  ({checkout})", flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:8} median {median:7.2f} s CPU over {len(times[name])} runs")
    print(f"ratio this/against {medians['this'] / medians['against']:.3f}")
    if args.profile:
        _, profile = run_once(ROOT, args.thread, profile=True)
        print(profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
