"""Time quote detection alone on generated threads, and score it against the generator's truth.

    python bench/quotes_bench.py                       # 1,000, 10,000 and 100,000 comments
    python bench/quotes_bench.py --sizes 1000,10000 --runs 3 --work /tmp/qb

Not part of the test suite. For each size it writes a thread with the generator
(`python3 bench/gen_thread.py N DIR`, the shared generator's copy, seed 20240312, run as a subprocess and only
when DIR/thread.txt is missing), then runs one child process per measurement so that memory
figures are the detector's own: the child parses the scrape (threadnote.readers.scrape.parse_scrape),
notes its peak RSS, runs threadnote.detect.quotes.find_quotes, and reports the wall and CPU time of
find_quotes, the growth of the process's peak RSS during it, and (in a separate child, since
tracemalloc slows Python down) tracemalloc's peak of the detector's allocations.

Precision and recall: the generator's `thread.json` says which earlier comment each comment
quotes (`quote_of`). Generator comment i is the scrape's i-th chrome comment, so every detected
paragraph link becomes a (quoting comment, source comment) pair; a pair is right when the
generator lists it. The generator also pastes whole paragraphs shorter than the default
thresholds (quotes.min_words, quotes.min_chars), which the detector leaves alone by design, so
recall is shown twice: over all of the generator's quotes, and over those above the thresholds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from threadnote.config import DEFAULT_MIN_CHARS, DEFAULT_MIN_WORDS

GENERATOR = Path(__file__).resolve().parent / "gen_thread.py"
SIZES = (1_000, 10_000, 100_000)

CHILD = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
from threadnote.config import QuoteSettings
from threadnote.detect.quotes import find_quotes
from threadnote.readers.scrape import parse_scrape
path, mode = sys.argv[2], sys.argv[3]
scrape, _ = parse_scrape(open(path, encoding="utf-8").read(), path)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if mode == "trace":
    tracemalloc.start()
wall, cpu = time.perf_counter(), time.process_time()
quotes = find_quotes(scrape.paragraphs, scrape.title, QuoteSettings())
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak = tracemalloc.get_traced_memory()[1] if mode == "trace" else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
owner = {}
for number, chrome in enumerate(scrape.chrome or []):
    for p in range(chrome.first, chrome.first + chrome.count):
        owner[p] = number
pairs = sorted({(owner[q.paragraph], owner.get(q.source, -1) if q.source is not None and q.source >= 0 else -1)
                for q in quotes if owner[q.paragraph] != owner.get(q.source)})
print(json.dumps({"wall": wall, "cpu": cpu, "rss_growth_kb": after - before, "trace_peak": peak,
                  "paragraphs": len(scrape.paragraphs), "comments": len(scrape.chrome or []),
                  "links": len(quotes), "pairs": pairs}))
"""


def generate(size: int, work: Path) -> Path:
    folder = work / f"data-{size}"
    if not (folder / "thread.txt").is_file():
        subprocess.run([sys.executable, str(GENERATOR), str(size), str(folder)], check=True)
    return folder


def measure(folder: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(folder / "thread.txt"), mode],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout)


def truth(folder: Path, long_only: bool = False) -> set[tuple[int, int]]:
    """The generator's (quoting, quoted) comment pairs; `long_only` keeps quotes over the default thresholds."""
    comments = json.loads((folder / "thread.json").read_text(encoding="utf-8"))
    position = {c["id"]: k for k, c in enumerate(comments)}
    return {
        (k, position[c["quote_of"]])
        for k, c in enumerate(comments)
        if c["quote_of"] and (not long_only or _long(c["body_markdown"].split("\n\n")[0].removeprefix("> ")))
    }


def _long(quote: str) -> bool:
    return len(re.findall(r"\w+(?:['’]\w+)*", quote)) >= DEFAULT_MIN_WORDS and len(quote) >= DEFAULT_MIN_CHARS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=1, help="timed runs per size; the median is shown")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "threadnote-quotes-bench"))
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    header = ("comments", "paragraphs", "wall s", "cpu s", "rss +MB", "traced MB", "links", "precision", "recall", "recall>=min")
    rows = [header]
    for size in (int(s) for s in args.sizes.split(",")):
        folder = generate(size, work)
        runs = [measure(folder, "time") for _ in range(args.runs)]
        traced = measure(folder, "trace")
        expected = truth(folder)
        long = truth(folder, long_only=True)
        found = {tuple(p) for p in runs[0]["pairs"]}
        right = len(found & expected)
        rows.append((
            f"{size:,}",
            f"{runs[0]['paragraphs']:,}",
            f"{statistics.median(r['wall'] for r in runs):.2f}",
            f"{statistics.median(r['cpu'] for r in runs):.2f}",
            f"{max(r['rss_growth_kb'] for r in runs) / 1024:.0f}",
            f"{traced['trace_peak'] / 2**20:.0f}",
            f"{runs[0]['links']:,}",
            f"{right / len(found):.4f}" if found else "-",
            f"{right / len(expected):.4f}" if expected else "-",
            f"{len(found & long) / len(long):.4f}" if long else "-",
        ))
        for pair in sorted(found - expected)[:5]:
            print(f"  {size}: unexpected link {pair}", file=sys.stderr)
        for pair in sorted(long - found)[:5]:
            print(f"  {size}: missed long quote {pair}", file=sys.stderr)
    widths = [max(len(r[k]) for r in rows) for k in range(len(header))]
    for row in rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
