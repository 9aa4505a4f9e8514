"""Thread tasks give the same bytes wherever they run; a pool starts its workers once and hands
them small threads in batches, a worker keeps nothing of the threads it ran, and the cache costs
the same per insert whatever it holds."""

from __future__ import annotations

import gc
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from threadnote.build import executors, packs, sources, tasks
from threadnote.build.cache import CACHE_DIR, BuildCache
from threadnote.build.executors import BATCH_BYTES, InProcess, ProcessPool, batches, choose
from threadnote.build.pipeline import build
from threadnote.build.sources import default_templates, load_site
from threadnote.build.tasks import SiteInputs, ThreadTask
from threadnote.cli.main import main
from threadnote.config import parse_config
from threadnote.model import Comment
from threadnote.render.site import make_environment

REPO = Path(__file__).resolve().parent.parent
NOTES = "notes/fact-checks.yaml"
COPIES = ("alpha", "beta", "gamma", "delta")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The example thread under four slugs, one of them with a note edited, and a small thread."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for slug in COPIES:
        shutil.copytree(REPO / "content" / "china-japan", root / "content" / slug)
    edit(root, "beta", "(then prime minister)")
    (root / "content" / "small").mkdir()
    (root / "content" / "small" / "thread.txt").write_text("A small thread\n\n\nOne comment, long enough to stand.\n", encoding="utf-8")
    return root


def edit(site: Path, slug: str, words: str) -> None:
    path = site / "content" / slug / NOTES
    path.write_text((REPO / "content" / "china-japan" / NOTES).read_text(encoding="utf-8").replace("Hatoyama announced", f"Hatoyama {words} announced", 1), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_pool_build_equals_a_build_in_this_process(site: Path, tmp_path: Path, alone: None) -> None:
    here, pooled = tmp_path / "here" / "out", tmp_path / "pooled" / "out"
    assert build(site, here, jobs=1).ok
    result = build(site, pooled, jobs=2)
    assert result.ok and [s.slug for s in result.summaries] == sorted([*COPIES, "small"])
    assert files(pooled) == files(here)
    assert "(then prime minister)" in (pooled / "beta" / "thread.json").read_text(encoding="utf-8")


def test_a_pool_rebuild_makes_only_what_changed_and_equals_a_clean_build(site: Path, tmp_path: Path, alone: None) -> None:
    out = tmp_path / "pooled" / "out"
    assert build(site, out, jobs=2).ok
    untouched = {p: p.stat().st_mtime_ns for p in (out / "alpha").iterdir()}
    edit(site, "gamma", "(the former prime minister)")
    again = build(site, out, jobs=2)  # a new process's build: detection comes from the disk cache
    assert again.ok and 0 < again.written < again.unchanged
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched
    clean = tmp_path / "clean" / "out"
    assert build(site, clean, jobs=1).ok
    assert files(out) == files(clean)


def test_a_pool_starts_its_workers_once_however_many_threads(site: Path, tmp_path: Path, alone: None, monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    real = os.fork
    parent = os.getpid()

    def counted() -> int:
        if os.getpid() == parent:
            forks.append(1)
        return real()

    monkeypatch.setattr(os, "fork", counted)
    assert build(site, tmp_path / "pooled" / "out", jobs=2).ok
    assert len(forks) == 4  # one per worker of the threads' pool, then of the site pages': none per thread


def test_a_thread_that_cannot_be_read_in_a_worker_is_a_diagnostic(site: Path, tmp_path: Path, alone: None) -> None:
    out = tmp_path / "pooled" / "out"
    assert build(site, out, jobs=2).ok
    before = files(out)
    (site / "content" / "delta" / "thread.txt").write_bytes(b"Title\n\n\n\xff\xfe not text\n")
    result = build(site, out, jobs=2)
    assert not result.ok and any(d.location.path == "content/delta/thread.txt" for d in result.diagnostics)
    assert files(out) == before


def test_a_session_rebuild_runs_the_edited_threads_task_only(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve holds each thread's result by its task's key: a save redoes one thread of many."""
    out, cache = tmp_path / "served" / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache).ok
    ran: list[str] = []
    real = executors.run_thread
    monkeypatch.setattr(executors, "run_thread", lambda task, *args, **kwargs: ran.append(task.source.slug) or real(task, *args, **kwargs))
    edit(site, "gamma", "(the former prime minister)")
    assert build(site, out, cache=cache).ok
    assert ran == ["gamma"]
    clean = tmp_path / "clean" / "out"
    assert build(site, clean, jobs=1).ok
    assert files(out) == files(clean)


def test_a_worker_keeps_nothing_of_the_threads_it_ran(site: Path, tmp_path: Path) -> None:
    config, _ = parse_config((site / "site.yaml").read_text(encoding="utf-8"), "site.yaml")
    assert config is not None
    inputs = SiteInputs(config, "worker-test", "detection", default_templates(), tmp_path / "cache")
    loaded, _ = load_site(site)
    gc.unfreeze()
    before = _comments_alive()
    try:
        for source in loaded.threads:  # one batch after the other, as a pool's worker runs them
            (done,) = executors.remote_threads(inputs, tmp_path / "out", [ThreadTask(source, {}, False)])
            assert done.summary is not None
        gc.unfreeze()  # each task froze what it found (skip_what_exists): it counts too
        assert _comments_alive() == before  # a worker's memory does not grow with the site
    finally:
        gc.unfreeze()


def test_a_single_build_keeps_nothing_of_the_threads_it_ran_in_process(site: Path, tmp_path: Path) -> None:
    """`--jobs 1` (and every small site) runs its tasks in the build's own process: it lets go of
    each thread as a pool's worker does, else a site-wide export's every thread stays in memory."""
    config, _ = parse_config((site / "site.yaml").read_text(encoding="utf-8"), "site.yaml")
    assert config is not None
    inputs = SiteInputs(config, "in-process-test", "detection", default_templates(), tmp_path / "cache")
    loaded, _ = load_site(site)
    cache = BuildCache(tmp_path / "cache", session=False)
    in_process = InProcess(cache, make_environment(inputs.templates, cache.subfolder("templates")))
    gc.unfreeze()
    before = _comments_alive()
    try:
        for done in in_process.run([ThreadTask(source, {}, False) for source in loaded.threads], inputs):
            assert done.summary is not None
        del done
        gc.unfreeze()
        assert _comments_alive() == before
    finally:
        gc.unfreeze()


def _comments_alive() -> int:
    return sum(isinstance(o, Comment) for o in gc.get_objects())


def test_where_tasks_run(site: Path, tmp_path: Path) -> None:
    sources, _ = load_site(site)
    tasks = [ThreadTask(s, {}, False) for s in sources.threads]
    here = InProcess(BuildCache(), None)  # type: ignore[arg-type]
    out = tmp_path / "out"
    assert choose(None, None, tasks, False, out, lambda: here) is here  # too little for a pool to pay
    assert choose(2, None, tasks, True, out, lambda: here) is here  # serve keeps its session here
    assert choose(2, None, tasks[:1], False, out, lambda: here) is here
    assert choose(1, None, tasks, False, out, lambda: here) is here
    assert choose(2, None, tasks, False, out, lambda: here) == ProcessPool(2, out)


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_number_of_processes(site: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--site", str(site), "--jobs", value]) == 2
    assert "not a number of processes" in capsys.readouterr().err


def test_a_cache_insert_does_not_scan_what_the_cache_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed: list[object] = []
    real = os.scandir
    monkeypatch.setattr(packs.os, "scandir", lambda folder: listed.append(folder) or real(folder))
    cache = BuildCache(tmp_path)
    for number in range(200):
        cache.put(f"detect-t{number}", "aa11", number)
        cache.put(f"detect-t{number}", "bb22", number)
        assert cache.get(f"detect-t{number}", "bb22") == number
    cache.settle()
    assert len(listed) <= 1  # the folder is listed once, not once per insert
    assert len(cache.memory) == 200 and len(list(tmp_path.glob("*.pack"))) == 1
    again = BuildCache(tmp_path)  # a new process
    assert again.get("detect-t7", "bb22") == 7 and again.get("detect-t7", "aa11") is None


def test_small_threads_go_to_a_worker_in_batches_and_big_ones_alone(site: Path) -> None:
    sources, _ = load_site(site)
    source = sources.threads[0]
    sized = [replace(source, slug=f"t{i}", thread=replace(source.thread, size=size)) for i, size in enumerate([10_000] * 200 + [BATCH_BYTES * 2, 5])]
    found = batches([ThreadTask(s, {}, False) for s in sized], workers=2)
    sizes = [[t.source.thread.size for t in batch] for batch in found]
    assert sizes[0] == [BATCH_BYTES * 2]  # the biggest first, alone
    assert all(sum(batch) <= BATCH_BYTES for batch in sizes[1:]) and sum(map(len, sizes)) == 202
    assert sizes[-1][-1] == 5 and len(sizes) < 20
    few = batches([ThreadTask(s, {}, False) for s in sized[:6]], workers=2)
    assert [len(batch) for batch in few] == [1] * 6  # too few to share out in batches: one each


def test_a_session_told_the_saved_file_reads_only_its_thread_and_equals_a_clean_build(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "served" / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache).ok
    read: list[str] = []
    real = sources._names
    monkeypatch.setattr(sources, "_names", lambda folder: read.append(folder) or real(folder))
    edit(site, "gamma", "(the former prime minister)")
    assert build(site, out, cache=cache, changed=[site / "content" / "gamma" / NOTES]).ok
    assert {Path(folder).relative_to(site / "content").parts[0] for folder in read} == {"gamma"}
    clean = tmp_path / "clean" / "out"
    assert build(site, clean, jobs=1).ok
    assert files(out) == files(clean)


def test_a_pool_builds_detections_are_reused_from_its_packs_by_the_next_build(site: Path, tmp_path: Path, alone: None, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pooled" / "out"
    assert build(site, out, jobs=2).ok
    assert list((out.parent / CACHE_DIR).glob(f"*{packs.SUFFIX}"))
    detected = tmp_path / "detected"  # the workers are other processes: each detection leaves a line
    real = tasks.parse_thread

    def counted(*args: Any, **kwargs: Any) -> Any:
        with detected.open("a", encoding="utf-8") as file:
            file.write(f"{args[2]}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "parse_thread", counted)
    assert build(site, out, jobs=2).ok and not detected.exists()  # a new process's build: all from the packs
    thread = site / "content" / "small" / "thread.txt"
    thread.write_text(thread.read_text(encoding="utf-8") + "\n\nAnother comment, long enough to stand.\n", encoding="utf-8")
    assert build(site, out, jobs=2).ok and detected.read_text(encoding="utf-8").split() == ["small"]
