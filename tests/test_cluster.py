"""Thread tasks on a Dask cluster give the bytes of a plain build; the client writes them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from threadnote.build.pipeline import build

distributed = pytest.importorskip("distributed", reason="the cluster tests need dask's distributed")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for slug in ("one", "two", "three"):
        shutil.copytree(REPO / "content" / "china-japan", root / "content" / slug)
    return root


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cluster_build_equals_a_plain_build(site: Path, tmp_path: Path, scheduler: str) -> None:
    plain, clustered = tmp_path / "plain" / "out", tmp_path / "clustered" / "out"
    assert build(site, plain, jobs=1).ok
    result = build(site, clustered, cluster=scheduler)
    assert result.ok and [s.slug for s in result.summaries] == ["one", "three", "two"]
    assert files(clustered) == files(plain)


def test_a_cluster_rebuild_after_an_edit_equals_a_clean_build(site: Path, tmp_path: Path, scheduler: str) -> None:
    out = tmp_path / "clustered" / "out"
    assert build(site, out, cluster=scheduler).ok
    notes = site / "content" / "two" / "notes" / "fact-checks.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Hatoyama announced", "Hatoyama (then prime minister) announced", 1), encoding="utf-8")
    again = build(site, out, cluster=scheduler)
    assert again.ok and 0 < again.written < again.unchanged
    clean = tmp_path / "clean" / "out"
    assert build(site, clean, jobs=1).ok
    assert files(out) == files(clean)


def test_a_broken_thread_on_the_cluster_is_a_diagnostic_and_writes_nothing(site: Path, tmp_path: Path, scheduler: str) -> None:
    (site / "content" / "three" / "thread.txt").write_bytes(b"Title\n\n\n\xff\xfe not text\n")
    out = tmp_path / "clustered" / "out"
    result = build(site, out, cluster=scheduler)
    assert not result.ok and any(d.location.path == "content/three/thread.txt" for d in result.diagnostics)
    assert not out.exists()


def test_a_scheduler_that_cannot_be_reached_is_a_diagnostic(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "clustered" / "out"
    result = build(site, out, cluster="tcp://127.0.0.1:9")
    assert not result.ok and any(d.message.startswith("cluster: cannot reach the scheduler") for d in result.diagnostics)
    assert not out.exists()
