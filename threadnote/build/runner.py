"""The map of a build: thread tasks run where the build chose, each one's files handed to the
writer as it is done, and the links from every thread's pages to its neighbours put in place
once every thread's date is known."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

import jinja2

from ..diagnostics import Diagnostic, has_errors
from ..model import ProgressCallback, ThreadSummary
from ..render.archive import NO_NEIGHBOURS, Neighbours, thread_neighbours
from ..render.thread_pages import NEIGHBOURS_MARK, neighbours_nav, placed_outputs, placed_stamp
from .executors import Executor, InProcess
from .tasks import SiteInputs, ThreadDone, ThreadTask
from .write import SiteWriter

Order = Callable[[Sequence[ThreadSummary]], Mapping[str, Neighbours]]
"""Each thread's neighbours from every thread's summary (`thread_neighbours`, or a memo of it)."""


def with_neighbours(tasks: Sequence[ThreadTask], known: Mapping[str, ThreadSummary], order: Order = thread_neighbours) -> list[ThreadTask]:
    """Each task with its thread's previous and next thread in date order, as far as the build
    knows them before any task runs: the last build's summaries (`known`, by slug) give the
    order. A thread new since does not know its neighbours (None): only its own task could
    date it, so its pages get their links once every task is done (see `TaskRunner.place`)."""
    if len(tasks) < 2:
        return [replace(t, around=NO_NEIGHBOURS) for t in tasks]
    around = order([known[t.source.slug] for t in tasks if t.source.slug in known])
    # made anew rather than by dataclasses.replace, which costs twice as much: serve does
    # this for every thread on every save
    return [ThreadTask(t.source, t.in_place, t.search, around.get(t.source.slug)) for t in tasks]


@dataclass
class TaskRunner:
    """Runs thread tasks where the build chose, hands each one's files to the writer as it is
    done, and keeps what the site step needs of it."""

    writer: SiteWriter
    diagnostics: list[Diagnostic]
    """The build's: each task's are added."""
    site: SiteInputs
    env: jinja2.Environment
    progress: ProgressCallback | None
    kept: dict[str, ThreadDone] | None
    """serve's: each thread's result by its task's key, as its last build left them."""
    choose: Callable[[Sequence[ThreadTask]], Executor]
    order: Order = thread_neighbours
    opened: list[Executor] = field(default_factory=list)
    """The executors this build has run tasks on: a pool's workers serve its every batch."""

    def executor(self, tasks: Sequence[ThreadTask]) -> Executor:
        chosen = self.choose(tasks)
        same = [e for e in self.opened if type(e) is type(chosen)]
        if same:
            return same[0]
        self.opened.append(chosen)
        return chosen

    def close(self) -> None:
        for executor in self.opened:
            executor.close()
        self.opened.clear()

    def run(self, tasks: Sequence[ThreadTask], keys: Sequence[str]) -> dict[str, ThreadDone]:
        kept = self.kept
        held = {key: kept[key] for t, key in zip(tasks, keys) if kept is not None and key in kept and kept[key].serves(t)}
        reused = set(map(id, held.values()))
        fresh = [t for t, key in zip(tasks, keys) if key not in held]
        executor = self.executor(fresh)
        in_process = isinstance(executor, InProcess)
        if not in_process:  # tasks elsewhere make only the files not in place, and hand them back made
            in_place = self.writer.unchanged()
            fresh = [replace(t, in_place=in_place.get(t.source.slug, {})) for t in fresh]
        done_by_slug: dict[str, ThreadDone] = {}
        for done in chain(held.values(), executor.run(fresh, self.site) if fresh else ()):
            self.diagnostics += done.diagnostics
            if done.summary is None or has_errors(self.diagnostics):
                continue  # the build fails: nothing more is made
            self.writer.add(done.outputs, seen_in_place=id(done) in reused, made=not in_process)
            # the files are written: only serve's session keeps them, to reuse them at the next save
            done_by_slug[done.slug] = done if in_process and self.kept is not None else replace(done, outputs=())
            if self.progress is not None:
                self.progress("threads", len(done_by_slug), len(tasks))
        return done_by_slug

    def place(self, tasks: Sequence[ThreadTask], keys: Sequence[str], done_by_slug: dict[str, ThreadDone]) -> None:
        """Every thread's pages linked to its neighbours, now that every date is known: the pages
        of a task that did not know them are finished where they were written; a task that
        knew others (a thread whose date the last build knew otherwise moved) runs again."""
        around = self.order([d.summary for d in done_by_slug.values() if d.summary is not None])
        for slug, done in done_by_slug.items():
            if done.around is None:
                done_by_slug[slug] = self._placed(done, around[slug])
        moved = [(replace(t, around=around[t.source.slug]), key) for t, key in zip(tasks, keys) if t.around not in (None, around[t.source.slug])]
        if moved:
            done_by_slug.update(self.run([t for t, _ in moved], [key for _, key in moved]))

    def _placed(self, done: ThreadDone, around: Neighbours) -> ThreadDone:
        nav = str(neighbours_nav(self.env, around))
        for path, page_stamp in done.unplaced:
            self.writer.finish(path, placed_stamp(page_stamp, around), NEIGHBOURS_MARK.encode("ascii"), nav.encode("utf-8"))
        return replace(done, outputs=tuple(placed_outputs(done.outputs, around, nav)), around=around, unplaced=())
