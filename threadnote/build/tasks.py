"""The thread task: one thread read, detected, merged and rendered, a function of its inputs alone.

A build maps this task over its threads (in this process, on a pool of processes or on a Dask
cluster: see executors.py) and then reduces the small results (ThreadSummary, ThreadListing) into
the site's own pages. What a task reuses between builds is named in its arguments: the build
cache of the process it runs in (detection, parsed notes, merged structures, rendered pieces).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2

from ..config import SiteConfig
from ..detect.threads import DetectedThread, parse_thread
from ..diagnostics import Diagnostic, has_errors
from ..model import AnnotatedThread, NotesFile, ProgressCallback, ThreadSummary
from ..notes.annotations import NotesReuse, parse_annotations
from ..notes.merge import merge_structure, place_notes, structure_inputs
from ..recall import Recall
from ..render.archive import Neighbours, summarise
from ..render.links import paginate
from ..render.markdown import remember_rendered, render_markdown
from ..render.search import SearchDocument, search_documents
from ..render.site import Output, ThreadListing, thread_listing
from ..render.thread_pages import joined, thread_outputs
from ..stamps import ThreadStamps, stamp, thread_stamps
from .background import Background, forked_aside
from .cache import BuildCache
from .collector import collector_paused, skip_what_exists
from .sources import TextFile, ThreadSource

BACKGROUND_FROM = 2_000_000
"""Bytes of a thread file from which forked children prepare its notes and write its detection
cache while it is detected (in the building process only); smaller threads are done before a
fork would pay."""


@dataclass(frozen=True, slots=True)
class SiteInputs:
    """What every thread task of a build shares."""

    config: SiteConfig
    site_stamp: str
    """Stamp of the code, templates and config."""
    detection: str
    """Stamp of what detection depends on besides the thread: the code and the quote settings."""
    templates: Path
    cache_folder: Path | None
    """The disk cache that tasks on other processes read and fill (None: none)."""


@dataclass(frozen=True, slots=True)
class ThreadTask:
    source: ThreadSource
    in_place: Mapping[str, str]
    """Stamps of the thread's files already in the output: a task on another process makes
    only the others, and hands back no bytes for these."""
    search: bool
    """Whether the search index needs the thread's documents (it is not cached yet)."""
    around: Neighbours | None = None
    """The threads before and after this one in date order, which its pages link to; None when
    the build does not know them yet (every thread's date is needed): the pages are made with a
    mark where the links go, which the build fills once every task is done."""

    def key(self, site: SiteInputs) -> str:
        """Stamps everything the task's result depends on (whether it has search documents aside)."""
        return stamp(site.site_stamp, detection_key(site, self.source), *(f"{f.path}:{f.digest}" for f in self.source.notes))


@dataclass(frozen=True, slots=True)
class ThreadDone:
    """What a thread task hands back: all the site step needs of the thread, and its files."""

    slug: str
    diagnostics: tuple[Diagnostic, ...]
    summary: ThreadSummary | None
    """None when the thread could not be read or has errors (the build fails then)."""
    listing: ThreadListing | None
    outputs: tuple[Output, ...]
    bodies: tuple[tuple[str, str], ...]
    """The thread's note bodies and their HTML, for the next build's process."""
    search: tuple[SearchDocument, ...] | None
    """None when the task was not asked for them."""
    around: Neighbours | None = None
    """The neighbours its pages link to (None: its pages are unplaced)."""
    unplaced: tuple[tuple[PurePosixPath, str], ...] = ()
    """Its pages made without their links to its neighbours, and their stamps but for those."""

    def serves(self, task: ThreadTask) -> bool:
        """Whether this result (of a task with the same key) serves `task` as well."""
        return (self.search is not None or not task.search) and self.around == task.around


@dataclass(frozen=True, slots=True)
class Analysed:
    """A thread detected and merged, with the stamps of its files (None: it could not be read)."""

    annotated: AnnotatedThread | None
    stamps: ThreadStamps | None
    diagnostics: list[Diagnostic]


def detection_key(site: SiteInputs, source: ThreadSource) -> str:
    return stamp(site.detection, source.slug, source.thread.path, source.thread.digest)


def run_thread(
    task: ThreadTask, site: SiteInputs, cache: BuildCache, env: jinja2.Environment, progress: ProgressCallback | None = None,
    may_fork: bool = False,
) -> ThreadDone:
    """Read, detect, merge and plan one thread's files; `make` them later (or `materialised`).

    With `may_fork` (in the building process), forked children help a big thread (see BACKGROUND_FROM)."""
    big = may_fork and task.source.thread.size >= BACKGROUND_FROM
    with collector_paused():
        analysed = analyse_thread(task.source, site, cache, progress, big)
    skip_what_exists()
    annotated, stamps = analysed.annotated, analysed.stamps
    diagnostics = tuple(analysed.diagnostics)
    if annotated is None or stamps is None or has_errors(diagnostics):
        return ThreadDone(task.source.slug, diagnostics, None, None, (), (), None)
    pages = paginate(annotated.thread, site.config.page_size)
    outputs = thread_outputs(annotated, pages, stamps, site.config, env, cache.fragments, task.around)
    notes = (*annotated.notes, *annotated.thread_notes, *annotated.orphans)
    search = tuple(search_documents([annotated], {annotated.thread.slug: pages})) if task.search else None
    return ThreadDone(
        annotated.thread.slug, diagnostics, summarise(annotated), thread_listing(annotated, pages, outputs),
        tuple(outputs), tuple({n.body: render_markdown(n.body) for n in notes}.items()), search, task.around,
        tuple((o.path, o.stamp) for o in outputs if o.unplaced),
    )


def materialised(done: ThreadDone, in_place: Mapping[str, str], out_dir: Path) -> ThreadDone:
    """The task's files made now, as bytes to hand to another process; a file already in place
    with its stamp is not made (and is read back only should it vanish meanwhile)."""
    outputs = tuple(
        Output(o.path, o.stamp, partial(_read_back, out_dir / o.path) if in_place.get(str(o.path)) == o.stamp else partial(bytes, joined(o.make())))
        for o in done.outputs
    )
    return replace(done, outputs=outputs)


def _read_back(path: Path) -> bytes:
    return path.read_bytes()


def analyse_thread(
    source: ThreadSource, site: SiteInputs, cache: BuildCache, progress: ProgressCallback | None = None, big: bool = False
) -> Analysed:
    """Detect (or find in the cache) and merge one thread with its notes."""
    diagnostics: list[Diagnostic] = []
    key = detection_key(site, source)
    detecting = not cache.known(f"detect-{source.slug}", key)
    notes = _prepare_in_background(source.notes, cache) if big and detecting else None
    try:
        detected = _detect(source, key, site.config, cache, diagnostics, progress, big)
        if detected is None:
            return Analysed(None, None, diagnostics)
        files = [_notes_file(f, cache, diagnostics, notes) for f in source.notes]
    finally:  # a thread that could not be read leaves its notes unasked for
        if notes is not None:
            notes.close()
    structure, problems = cache.memo(
        f"structure-{source.slug}", stamp(key, *structure_inputs(files)), partial(merge_structure, detected, files)
    )
    annotated, more = place_notes(structure, files)
    known: Recall[str] | None = cache.between_builds(f"note-stamps-{source.slug}", Recall)
    stamps = thread_stamps(stamp(site.site_stamp, key), files, annotated, known)
    return Analysed(annotated, stamps, diagnostics + problems + more)


def _detect(
    source: ThreadSource, key: str, config: SiteConfig, cache: BuildCache, diagnostics: list[Diagnostic],
    progress: ProgressCallback | None, big: bool,
) -> DetectedThread | None:
    found = cache.get(f"detect-{source.slug}", key)
    if found is None:
        path = source.thread.path
        text, problems = source.thread.decode()
        if text is None:
            diagnostics += problems
            return None
        # Handed over in a list, so that no frame here holds the text while parse_thread reads it:
        # a big thread's text takes twice its size in memory (one curly apostrophe makes every
        # character two bytes), and parse_thread lets it go once the paragraphs are read.
        handover = [text]
        del text
        with forked_aside() if big else nullcontext() as aside:
            found = parse_thread(handover.pop(), path, source.slug, config.quotes, progress, aside, config.pingbacks)
        cache.put(f"detect-{source.slug}", key, found, background=big)
    detected, problems = found
    diagnostics += problems
    return detected


PreparedNotes = tuple[dict[str, tuple[NotesFile, list[Diagnostic]]], dict[str, str]]
"""Parsed notes files by path, and their bodies rendered."""


def _prepare_in_background(files: tuple[TextFile, ...], cache: BuildCache) -> Background[PreparedNotes] | None:
    """Parse the notes files not parsed yet, and render their bodies, while detection runs."""
    pending = [f for f in files if not cache.known(f"notes-{f.path}", f.digest)]
    return Background(partial(_prepare_notes, pending)) if pending else None


def _prepare_notes(files: list[TextFile]) -> PreparedNotes:
    parsed = {f.path: parse_annotations(f.text, f.path) for f in files}
    notes = [n for notes_file, _ in parsed.values() for n in (*notes_file.notes, *notes_file.thread_notes)]
    return parsed, {n.body: render_markdown(n.body) for n in notes}


def _notes_file(
    source: TextFile, cache: BuildCache, diagnostics: list[Diagnostic], background: Background[PreparedNotes] | None
) -> NotesFile:
    def parse() -> tuple[NotesFile, list[Diagnostic]]:
        prepared = background.result() if background else None
        reuse = cache.between_builds(f"notes-{source.path}", NotesReuse)
        if prepared is not None and source.path in prepared[0]:
            remember_rendered(prepared[1])
            if reuse is None:
                return prepared[0][source.path]
        # serve parses here even so: what this parse leaves in `reuse` makes its next parse fast
        return parse_annotations(source.text, source.path, reuse)

    parsed, problems = cache.memo(f"notes-{source.path}", source.digest, parse)
    diagnostics += problems
    return parsed
