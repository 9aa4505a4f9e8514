"""Peak memory of reading a site-wide Disqus export as a build does: N generated posts, one figure each.

    python bench/export_memory.py 20000 200000 [--work DIR] [--gzip] [--no-trace]

For each N it writes an N-post export (50 posts a thread, seeded: same N, same bytes) under
`imports:` in a scratch site, reads the site with `load_site` in a fresh process, and prints the
file's size, the traced peak (tracemalloc), what is still held after the read (the parsed
comments), the peak beyond that, the peak's ratio to the file's size, and the growth of the
process's resident set (ru_maxrss; with --no-trace, without tracemalloc's own overhead).
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
sys.path.append(str(REPO))  # after PYTHONPATH: another checkout's threadnote can be measured

POSTS_PER_THREAD = 50
WORDS = ["the", "comment", "thread", "reader", "export", "archive", "editor", "note", "quote", "reply", "said",
         "because", "would", "council", "budget", "policy", "evidence", "figure", "report", "road", "train",
         "energy", "price", "market", "town"]
HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n')


def write_disqus_export(out: IO[str], posts: int, words: int = 40, seed: int = 12) -> None:
    """An N-post Disqus export of paragraphs of up to `words` words, written post by post (the
    generator holds no more than the reader should)."""
    rng = random.Random(seed)
    threads = (posts + POSTS_PER_THREAD - 1) // POSTS_PER_THREAD
    out.write(HEAD)
    for thread in range(threads):
        out.write(f'<thread dsq:id="t{thread}">\n<id />\n<link>https://blog.example.org/{thread // 12}/{thread}/post/</link>\n'
                  f"<title>Post {thread}</title>\n<createdAt>2020-01-01T10:00:00Z</createdAt>\n</thread>\n")
    for post in range(posts):
        out.write("".join(_post(rng, post, words)))
    out.write("</disqus>\n")


def _post(rng: random.Random, post: int, words: int) -> Iterator[str]:
    thread, at = divmod(post, POSTS_PER_THREAD)
    paragraphs = "".join(f"<p>{' '.join(rng.choices(WORDS, k=rng.randint(8, words)))} &amp; more</p>" for _ in range(rng.randint(1, 3)))
    yield f'<post dsq:id="{post}">\n<message><![CDATA[{paragraphs}]]></message>\n'
    yield f"<createdAt>2020-01-{1 + at % 28:02d}T{at % 24:02d}:{post % 60:02d}:00Z</createdAt>\n"
    yield f"<isDeleted>{'true' if rng.random() < 0.02 else 'false'}</isDeleted>\n<isSpam>false</isSpam>\n"
    yield f"<author><name>user{rng.randint(1, 500)}</name><email>u{post}@example.org</email></author>\n"
    yield f'<ipAddress>192.0.2.{post % 250}</ipAddress>\n<thread dsq:id="t{thread}" />\n'
    if at and rng.random() < 0.5:
        yield f'<parent dsq:id="{post - rng.randint(1, at)}" />\n'
    yield "</post>\n"


def make_site(root: Path, posts: int, zipped: bool, words: int = 40) -> Path:
    """A site whose only threads are those of an N-post export; returns the export's path."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "imports").mkdir(exist_ok=True)
    name = f"imports/disqus-{posts}.xml" + (".gz" if zipped else "")
    (root / "site.yaml").write_text(f"title: Memory\nsearch: false\nimports: [{name}]\n", encoding="utf-8")
    with (gzip.open(root / name, "wt", encoding="utf-8") if zipped else open(root / name, "w", encoding="utf-8")) as out:
        write_disqus_export(out, posts, words)
    return root / name


def measure(root: Path, trace: bool) -> str:
    """One read of the site, in this process: the figures as one line of tab-separated fields."""
    from threadnote.build.sources import load_site

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    sources, problems = load_site(root)
    seconds = time.perf_counter() - started
    current, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) << 10  # KiB on Linux
    comments = sum(len(s.thread.export.comments) for s in sources.threads if s.thread.export is not None)
    return f"{comments}\t{len(problems)}\t{current}\t{peak}\t{grown}\t{seconds:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("posts", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "threadnote-export-memory")
    parser.add_argument("--gzip", action="store_true", help="write the export as .xml.gz")
    parser.add_argument("--no-trace", action="store_true", help="resident set only, without tracemalloc")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process's own run
    args = parser.parse_args()
    if args.measure is not None:
        print(measure(args.measure, not args.no_trace))
        return
    mib = 1 << 20
    print("posts\tfile MiB\tcomments\ttraced peak MiB\theld after MiB\tpeak beyond held MiB\tpeak/file\trss growth MiB\tseconds")
    for posts in args.posts:
        root = args.work / f"site-{posts}{'-gz' if args.gzip else ''}"
        export = make_site(root, posts, args.gzip)
        command = [sys.executable, __file__, str(posts), "--measure", str(root)] + (["--no-trace"] if args.no_trace else [])
        line = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
        comments, _, held, peak, grown, seconds = (int(line[0]), int(line[1]), int(line[2]), int(line[3]), int(line[4]), line[5])
        size = export.stat().st_size
        print(f"{posts}\t{size / mib:.1f}\t{comments}\t{peak / mib:.1f}\t{held / mib:.1f}\t{(peak - held) / mib:.1f}\t"
              f"{peak / size:.2f}\t{grown / mib:.1f}\t{seconds}")


if __name__ == "__main__":
    main()
