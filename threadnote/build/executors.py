"""Where thread tasks run: in this process, on a pool of local processes, or on a Dask cluster.

Each gives back the tasks' results as they are done (in any order). A task run on another
process hands back its files as bytes (`materialised`) and no more of the thread than the site
step needs; the process that builds writes everything.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, Protocol

import jinja2

from ..model import ProgressCallback
from ..render.markdown import remember_rendered
from ..render.site import make_environment
from .background import can_fork
from .cache import BuildCache
from .sources import code_stamp
from .tasks import SiteInputs, ThreadDone, ThreadTask, materialised, run_thread

LOCAL_CLUSTER = "local"
"""`--cluster local`: a Dask cluster of this machine's cores, started for the build."""
CONNECT_TIMEOUT = "10s"
"""How long a build waits for a scheduler before it says it cannot reach it."""


class ClusterError(Exception):
    """The cluster cannot be used (no distributed, no scheduler at the address)."""


class Executor(Protocol):
    def run(self, tasks: Sequence[ThreadTask], site: SiteInputs) -> Iterator[ThreadDone]: ...

    def close(self) -> None:
        """Let the workers go; a build may run several batches of tasks on them before."""


@dataclass(frozen=True, slots=True)
class InProcess:
    """Tasks one after the other in this process, with its cache: `serve` keeps what they make
    between builds, and a big thread uses forked children and forked page workers."""

    cache: BuildCache
    env: jinja2.Environment
    progress: ProgressCallback | None = None

    def run(self, tasks: Sequence[ThreadTask], site: SiteInputs) -> Iterator[ThreadDone]:
        for task in tasks:
            yield run_thread(task, site, self.cache, self.env, self.progress, may_fork=True)
            if not self.cache.session:  # a single build: this process then runs the next thread as a worker does
                _let_go(self.cache)

    def close(self) -> None:
        pass


@dataclass(slots=True)
class ProcessPool:
    """Tasks on `jobs` worker processes, the biggest threads first (so that the last to finish
    is a small one); one process per job for the whole build, never one per thread."""

    jobs: int
    out_dir: Path
    pool: Pool | None = None
    """Started by the first run of tasks, kept for a build's next ones until `close`."""

    def run(self, tasks: Sequence[ThreadTask], site: SiteInputs) -> Iterator[ThreadDone]:
        if self.pool is None:
            # fork is cheapest (the workers inherit every module imported); without it, spawn
            context = multiprocessing.get_context("fork" if can_fork() else "spawn")
            self.pool = context.Pool(min(self.jobs, len(tasks)))
        for done in self.pool.imap_unordered(partial(remote_threads, site, self.out_dir), batches(tasks, self.jobs)):
            yield from done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()  # every task handed out is done: nothing is left to wait for
            self.pool.join()
            self.pool = None


@dataclass(slots=True)
class DaskCluster:
    """Tasks on a Dask cluster: `address` is a scheduler's (`tcp://HOST:PORT`), whose workers see
    the same site folder, or LOCAL_CLUSTER for one started on this machine for the build."""

    address: str
    jobs: int
    out_dir: Path
    connection: tuple[Any, Any] | None = None
    """The client and the local cluster (or None), from the first batch until `close`."""

    def run(self, tasks: Sequence[ThreadTask], site: SiteInputs) -> Iterator[ThreadDone]:
        from distributed import as_completed

        client, _ = self.connection = self.connection or _connect(self.address, self.jobs)
        futures = client.map(partial(remote_threads, site, self.out_dir), batches(tasks, self.jobs), pure=False)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield from future.result()
            future.release()

    def close(self) -> None:
        if self.connection is not None:
            client, cluster = self.connection
            client.close()
            if cluster is not None:
                cluster.close()
            self.connection = None


def _connect(address: str, jobs: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster  # here: it takes a second to import
    except ImportError:
        raise ClusterError("needs dask's distributed: pip install distributed (see docs/building.md)") from None
    cluster = None
    try:
        if address == LOCAL_CLUSTER:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
        return Client(cluster if cluster is not None else address, timeout=CONNECT_TIMEOUT), cluster  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the scheduler at {address}: {exc}") from None


BATCH_BYTES = 256_000
"""Bytes of thread files that one batch of tasks handed to a worker holds at most, small threads
together: a thread of 25 comments is done in milliseconds, and each hand-over costs as much
again (inputs and results pickled, a worker woken). A thread this big or bigger is a batch of
its own, so memory stays bounded by the jobs times the biggest thread."""
BATCHES_PER_WORKER = 4
"""At least this many batches per worker, however small the site, so that the work spreads."""


def batches(tasks: Sequence[ThreadTask], workers: int) -> list[list[ThreadTask]]:
    """The tasks, biggest threads first (so that the last to finish are small), in batches of
    consecutive tasks of at most BATCH_BYTES of thread files together."""
    total = sum(t.source.thread.size for t in tasks)
    limit = min(BATCH_BYTES, total // (BATCHES_PER_WORKER * workers))
    found: list[list[ThreadTask]] = []
    held = 0
    for task in sorted(tasks, key=lambda t: -t.source.thread.size):
        if not found or held + task.source.thread.size > limit:
            found.append([])
            held = 0
        found[-1].append(task)
        held += task.source.thread.size
    return found


def remote_threads(site: SiteInputs, out_dir: Path, tasks: Sequence[ThreadTask]) -> list[ThreadDone]:
    """A batch of thread tasks on a worker process: their files come back as bytes, and nothing of
    their threads stays in the worker."""
    cache, env = _worker(site)
    try:
        done = [materialised(run_thread(task, site, cache, env), task.in_place, out_dir) for task in tasks]
    finally:  # the batch's detections in one pack file: thousands of files cost the kernel seconds
        cache.settle()
    _let_go(cache)
    return done


def _let_go(cache: BuildCache) -> None:
    """What a batch of tasks left in its worker, dropped before the next batch: else a worker's memory grows
    with every thread it runs, the whole export's in the end. The cache's memory holds the
    thread's detection and merged structure (their disk copies serve a task that runs again),
    and reference cycles (recursive closures that rendered the pages) hold the whole thread; the
    next task's `gc.freeze` (`skip_what_exists`) would keep those for good, and the collector
    walks little here: what the worker had at fork stays frozen."""
    cache.memory.clear()
    gc.collect()


_WORKER: dict[tuple[str, Path, Path | None], tuple[BuildCache, jinja2.Environment]] = {}
"""A worker process's own disk cache and compiled templates, made by its first task of a build."""


def _worker(site: SiteInputs) -> tuple[BuildCache, jinja2.Environment]:
    which = (site.site_stamp, site.templates, site.cache_folder)
    if which not in _WORKER:
        _WORKER.clear()  # a long-lived cluster worker keeps only the last build's
        cache = BuildCache(site.cache_folder, session=False)
        remember_rendered(cache.get("bodies", code_stamp()) or {})
        _WORKER[which] = (cache, make_environment(site.templates, cache.subfolder("templates")))
    return _WORKER[which]


def choose(
    jobs: int | None, cluster: str | None, tasks: Sequence[ThreadTask], session: bool, out_dir: Path,
    in_process: Callable[[], InProcess],
) -> Executor:
    """Where a build's thread tasks run: a cluster when asked; otherwise a pool when there are
    threads enough for it to pay (or `jobs` asks for one), but never for `serve`, whose session
    keeps what tasks make in this process."""
    if cluster:
        return DaskCluster(cluster, jobs or os.cpu_count() or 1, out_dir)
    workers = jobs or os.cpu_count() or 1
    size = sum(t.source.thread.size for t in tasks)
    if session or workers < 2 or len(tasks) < 2 or (jobs is None and size < POOL_FROM):
        return in_process()
    return ProcessPool(workers, out_dir)


POOL_FROM = 1_000_000
"""Bytes of thread files from which a build with the default `--jobs` uses a pool: below that,
starting the workers costs more than they save."""
