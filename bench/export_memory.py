"""Peak memory of a site-wide Disqus export (or Hacker News dump) in a build: N generated posts, one figure each.

    python bench/export_memory.py 20000 200000 [--work DIR] [--gzip] [--no-trace] [--hackernews]
    python bench/export_memory.py 160000 --build [--before CHECKOUT] [--jobs N] [--hackernews]

For each N it writes an N-post export (50 posts a thread, seeded: same N, same bytes; with
--hackernews, a Firebase dump of JSON Lines, its stories first, then their comments in order)
under `imports:` in a scratch site, reads the site with `load_site` in a fresh process, and prints the
file's size, the traced peak (tracemalloc), what is still held after the read (the parsed
comments), the peak beyond that, the peak's ratio to the file's size, and the growth of the
process's resident set (ru_maxrss; with --no-trace, without tracemalloc's own overhead).

With --build it runs a whole cold `build.py` of the site instead (no output, no cache), of this
checkout and of each `--before` one, in turn, and prints each run's peak of the proportional set
size summed over the build's processes (its pool's workers share the pages they were forked
with: PSS counts each page once), its ratio to the file's size, and its wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
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


def write_hackernews_dump(out: IO[str], posts: int, words: int = 40, seed: int = 12) -> None:
    """An N-comment Firebase dump, one item a line: the stories, then each one's comments (a
    reply to the story or to an earlier comment of it), as a dump in id order has them."""
    rng = random.Random(seed)
    stories = (posts + POSTS_PER_THREAD - 1) // POSTS_PER_THREAD
    for story in range(stories):
        out.write(json.dumps({"id": story + 1, "type": "story", "by": "editor", "time": 1577872800, "title": f"Post {story}"}) + "\n")
    for post in range(posts):
        story, at = divmod(post, POSTS_PER_THREAD)
        ident = stories + 1 + post
        parent = ident - rng.randint(1, at) if at and rng.random() < 0.5 else story + 1
        text = "<p>".join(f"{' '.join(rng.choices(WORDS, k=rng.randint(8, words)))} &amp; more" for _ in range(rng.randint(1, 3)))
        item = {"id": ident, "type": "comment", "parent": parent, "by": f"user{rng.randint(1, 500)}", "time": 1577872800 + post,
                "text": text}
        out.write(json.dumps(item | ({"deleted": True} if rng.random() < 0.02 else {})) + "\n")


def make_site(root: Path, posts: int, zipped: bool, words: int = 40, hackernews: bool = False) -> Path:
    """A site whose only threads are those of an N-post export; returns the export's path."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "imports").mkdir(exist_ok=True)
    name = (f"imports/hn-{posts}.jsonl" if hackernews else f"imports/disqus-{posts}.xml") + (".gz" if zipped else "")
    (root / "site.yaml").write_text(f"title: Memory\nsearch: false\nimports: [{name}]\n", encoding="utf-8")
    with (gzip.open(root / name, "wt", encoding="utf-8") if zipped else open(root / name, "w", encoding="utf-8")) as out:
        (write_hackernews_dump if hackernews else write_disqus_export)(out, posts, words)
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


def build_peak(checkout: Path, root: Path, jobs: int | None) -> tuple[int, float]:
    """A cold build of the site by `checkout`'s build.py: its process tree's peak PSS and its seconds."""
    shutil.rmtree(root / "output", ignore_errors=True)
    shutil.rmtree(root / ".threadnote-cache", ignore_errors=True)
    command = [sys.executable, str(checkout / "build.py"), "--site", str(root), "--out", str(root / "output")]
    started = time.perf_counter()
    build = subprocess.Popen(command + (["--jobs", str(jobs)] if jobs else []), cwd=checkout, stdout=subprocess.DEVNULL)
    peak = 0
    while build.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(build.pid)))
        time.sleep(SAMPLE_SECONDS)
    if build.returncode != 0:
        raise SystemExit(f"{checkout}: the build failed ({build.returncode})")
    return peak, time.perf_counter() - started


SAMPLE_SECONDS = 0.05


def _tree(pid: int) -> list[int]:
    """The process and its descendants, as /proc lists them now."""
    found, waiting = [], [pid]
    while waiting:
        at = waiting.pop()
        found.append(at)
        try:
            for task in Path(f"/proc/{at}/task").iterdir():
                waiting += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # it ended meanwhile
    return found


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) << 10 for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def compare_builds(args: argparse.Namespace) -> None:
    mib = 1 << 20
    print("posts\tfile MiB\tcheckout\tpeak PSS MiB\tpeak/file\tseconds")
    for posts in args.posts:
        root = args.work / _site_name(posts, args)
        size = make_site(root, posts, args.gzip, hackernews=args.hackernews).stat().st_size
        for checkout in [REPO, *args.before]:
            peak, seconds = build_peak(checkout, root, args.jobs)
            print(f"{posts}\t{size / mib:.1f}\t{checkout}\t{peak / mib:.1f}\t{peak / size:.2f}\t{seconds:.1f}", flush=True)


def _site_name(posts: int, args: argparse.Namespace) -> str:
    return f"site-{posts}{'-hn' if args.hackernews else ''}{'-gz' if args.gzip else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("posts", type=int, nargs="+")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "threadnote-export-memory")
    parser.add_argument("--gzip", action="store_true", help="write the export gzipped")
    parser.add_argument("--hackernews", action="store_true", help="a Hacker News dump (JSON Lines) instead of a Disqus export")
    parser.add_argument("--no-trace", action="store_true", help="resident set only, without tracemalloc")
    parser.add_argument("--build", action="store_true", help="measure whole builds, not the read alone")
    parser.add_argument("--before", type=Path, action="append", default=[], help="another checkout to build with too")
    parser.add_argument("--jobs", type=int, help="the builds' --jobs (default: theirs)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the fresh process's own run
    args = parser.parse_args()
    if args.measure is not None:
        print(measure(args.measure, not args.no_trace))
        return
    if args.build:
        compare_builds(args)
        return
    mib = 1 << 20
    print("posts\tfile MiB\tcomments\ttraced peak MiB\theld after MiB\tpeak beyond held MiB\tpeak/file\trss growth MiB\tseconds")
    for posts in args.posts:
        root = args.work / _site_name(posts, args)
        export = make_site(root, posts, args.gzip, hackernews=args.hackernews)
        command = [sys.executable, __file__, str(posts), "--measure", str(root)] + (["--no-trace"] if args.no_trace else [])
        line = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
        comments, _, held, peak, grown, seconds = (int(line[0]), int(line[1]), int(line[2]), int(line[3]), int(line[4]), line[5])
        size = export.stat().st_size
        print(f"{posts}\t{size / mib:.1f}\t{comments}\t{peak / mib:.1f}\t{held / mib:.1f}\t{(peak - held) / mib:.1f}\t"
              f"{peak / size:.2f}\t{grown / mib:.1f}\t{seconds}")


if __name__ == "__main__":
    main()
