"""Wire the stages: read, detect, merge, render, write. No logic of its own beyond the order."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import jinja2

from ..config import SiteConfig, parse_config
from ..detect.threads import DetectedThread, parse_thread
from ..diagnostics import Diagnostic, Severity, error, has_errors
from ..model import AnnotatedThread, Location, NotesFile, ProgressCallback
from ..notes.annotations import NotesReuse, parse_annotations
from ..notes.merge import merge_structure, place_notes, structure_inputs
from ..recall import Recall
from ..render.links import paginate
from ..render.markdown import remember_rendered, render_markdown
from ..render.search import search_files
from ..render.site import Output, SiteModel, make_environment, plan_site
from .background import Background, can_fork
from .cache import CACHE_DIR, BuildCache
from .collector import collector_paused, collector_skips_existing
from .pagefind import SearchError
from .sources import CONTENT_DIR, SiteSources, TextFile, ThreadFile, code_stamp, load_code_stamp, load_site
from .stamps import ThreadStamps, stamp, thread_stamps
from .write import MANIFEST, write_site

BACKGROUND_FROM = 2_000_000
"""Bytes of thread files from which forked children prepare the notes and write the detection
cache while detection runs; smaller builds are done before a fork would pay."""


@dataclass(slots=True)
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    threads: list[AnnotatedThread] = field(default_factory=list)
    stamps: list[ThreadStamps] = field(default_factory=list)
    config: SiteConfig | None = None
    site_stamp: str = ""
    """Stamp of the code, templates and config, once they are read."""
    written: int = 0
    unchanged: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def analyse(root: Path, cache: BuildCache | None = None, progress: ProgressCallback | None = None) -> tuple[BuildResult, SiteSources]:
    """Read and check everything, and merge it into annotated threads; writes nothing."""
    with collector_paused():
        return _analyse(root, cache or BuildCache(), progress)


def _analyse(root: Path, cache: BuildCache, progress: ProgressCallback | None) -> tuple[BuildResult, SiteSources]:
    result = BuildResult()
    with result.timed("read"):
        sources, problems = load_site(root, known=cache.between_builds("files", dict))
        result.diagnostics += problems
        config = None
        if sources.config is not None:
            config, problems = parse_config(sources.config.text, sources.config.path)
            result.diagnostics += problems
    if config is None or sources.config is None:
        return result, sources
    result.config = config
    site_stamp = result.site_stamp = stamp(load_code_stamp(sources.templates), sources.config.text)
    # detection depends on the code and the quote settings only: a template edit keeps it
    detection = stamp(code_stamp(), repr(config.quotes), repr(config.pingbacks))
    keys = [stamp(detection, s.slug, s.thread.path, s.thread.digest) for s in sources.threads]
    big = can_fork() and sum(s.thread.size for s in sources.threads) >= BACKGROUND_FROM
    detecting = any(not cache.known(f"detect-{s.slug}", key) for s, key in zip(sources.threads, keys))
    notes = _prepare_in_background(sources, cache) if big and detecting else None
    files_read = {s.slug: s.thread for s in sources.threads}  # each until its detection takes it
    threads = [(s.slug, s.notes) for s in sources.threads]
    sources = replace(sources, threads=())
    try:
        for (slug, notes_files), key in zip(threads, keys):
            with result.timed("detect"):
                detected = _detect(slug, files_read, key, config, cache, result, progress, big)
            if detected is None:
                continue
            with result.timed("merge"):
                files = [_notes_file(f, cache, result, notes) for f in notes_files]
                structure, problems = cache.memo(
                    f"structure-{slug}", stamp(key, *structure_inputs(files)), partial(merge_structure, detected, files)
                )
                annotated, more = place_notes(structure, files)
                result.diagnostics += problems + more
                result.threads.append(annotated)
                known: Recall[str] | None = cache.between_builds(f"note-stamps-{slug}", Recall)
                result.stamps.append(thread_stamps(stamp(site_stamp, key), files, annotated, known))
    finally:  # a thread that could not be read leaves its notes unasked for
        if notes is not None:
            notes.close()
    result.diagnostics.sort()
    return result, sources


def _detect(
    slug: str, files_read: dict[str, ThreadFile], key: str, config: SiteConfig, cache: BuildCache, result: BuildResult,
    progress: ProgressCallback | None, big: bool,
) -> DetectedThread | None:
    found = cache.get(f"detect-{slug}", key)
    if found is None:
        path = files_read[slug].path
        text, problems = files_read.pop(slug).decode()  # the bytes go as soon as they are decoded
        if text is None:
            result.diagnostics += problems
            return None
        # Handed over in a list, so that no frame here holds the text while parse_thread reads it:
        # a big thread's text takes twice its size in memory (one curly apostrophe makes every
        # character two bytes), and parse_thread lets it go once the paragraphs are read.
        handover = [text]
        del text
        found = parse_thread(handover.pop(), path, slug, config.quotes, progress, in_background=big, pingbacks=config.pingbacks)
        cache.put(f"detect-{slug}", key, found, background=big)
    files_read.pop(slug, None)  # found in the cache: its bytes are not needed either
    detected, problems = found
    result.diagnostics += problems
    return detected


PreparedNotes = tuple[dict[str, tuple[NotesFile, list[Diagnostic]]], dict[str, str]]
"""Parsed notes files by path, and their bodies rendered."""


def _prepare_in_background(sources: SiteSources, cache: BuildCache) -> Background[PreparedNotes] | None:
    """Parse the notes files not parsed yet, and render their bodies, while detection runs."""
    pending = [f for s in sources.threads for f in s.notes if not cache.known(f"notes-{f.path}", f.digest)]
    return Background(partial(_prepare_notes, pending)) if pending else None


def _prepare_notes(files: list[TextFile]) -> PreparedNotes:
    parsed = {f.path: parse_annotations(f.text, f.path) for f in files}
    notes = [n for notes_file, _ in parsed.values() for n in (*notes_file.notes, *notes_file.thread_notes)]
    return parsed, {n.body: render_markdown(n.body) for n in notes}


def _notes_file(
    source: TextFile, cache: BuildCache, result: BuildResult, background: Background[PreparedNotes] | None
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
    result.diagnostics += problems
    return parsed


def build(
    root: Path,
    out_dir: Path,
    strict: bool = False,
    cache: BuildCache | None = None,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    fresh_search: bool = True,
) -> BuildResult:
    """Check everything, then bring the output up to date, or write nothing when there is an error.

    `fresh_search=False` keeps the last search index when the site changed (for `serve`, which
    shows an edit at once and refreshes the index in a second build)."""
    unsafe = output_problems(out_dir, root)
    # a build that will not write keeps its cache in memory too: nothing may appear on disk
    cache = cache or BuildCache(None if unsafe else out_dir.resolve().parent / CACHE_DIR, session=False)
    try:
        return _build(root, out_dir, strict, cache, jobs, progress, fresh_search, unsafe)
    finally:
        cache.settle()


def _build(
    root: Path, out_dir: Path, strict: bool, cache: BuildCache, jobs: int | None, progress: ProgressCallback | None,
    fresh_search: bool, unsafe: list[Diagnostic],
) -> BuildResult:
    result, sources = analyse(root, cache, progress)
    if strict:
        result.diagnostics = [promote(d) for d in result.diagnostics]
    result.diagnostics += unsafe
    if not result.ok or result.config is None:
        return result
    with result.timed("render+write"), collector_skips_existing():
        site_stamp = result.site_stamp
        remember_rendered(cache.get("bodies", code_stamp()) or {})
        model = SiteModel(result.config, result.threads, result.stamps, site_stamp, cache.fragments)
        try:
            env = cache.memo("templates", site_stamp, lambda: compiled(make_environment(sources.templates, cache.subfolder("templates"))))
            outputs = plan_site(model, env) + _static_outputs(sources)
            if result.config.search:
                with result.timed("search"):
                    outputs += _search_outputs(result, model, cache, fresh_search)
            report = write_site(outputs, out_dir, jobs or os.cpu_count() or 1, progress, cache.fragments)
            result.written, result.unchanged = report.written, report.unchanged
            _keep_bodies(cache, code_stamp(), result.threads)
            cache.trim([a.thread.slug for a in result.threads])
        except jinja2.TemplateSyntaxError as exc:
            where = Location(_template_path(sources, exc.filename or exc.name), exc.lineno)
            result.diagnostics.append(error(where, f"template: {exc.message}"))
        except jinja2.TemplateError as exc:
            result.diagnostics.append(error(Location(_template_path(sources, None)), f"template: {exc}"))
        except SearchError as exc:
            result.diagnostics.append(error(Location("site.yaml"), f"search: {exc}"))
    return result


def _keep_bodies(cache: BuildCache, key: str, threads: list[AnnotatedThread]) -> None:
    """The note bodies as HTML, for the next build in a new process: rendering Markdown is most of
    a rebuild's work otherwise (thread.json shows every note). Nearly all are remembered already;
    the few that only forked workers rendered (thread notes, on page 1) are rendered here too."""
    bodies = {n.body: render_markdown(n.body) for t in threads for n in (*t.notes, *t.thread_notes, *t.orphans)}
    if bodies != cache.get("bodies", key):
        cache.put("bodies", key, bodies)


def _search_outputs(result: BuildResult, model: SiteModel, cache: BuildCache, fresh: bool) -> list[Output]:
    """The pagefind/ bundle: one Pagefind run makes all of its files, so they are cached together."""
    assert result.config is not None
    import importlib.metadata  # here: it costs a fifth of the start-up, and only a search index needs it

    key = stamp(model.site_stamp, importlib.metadata.version("pagefind_bin"), *(s.whole() for s in model.stamps))
    files = cache.get("search", key) or (None if fresh else cache.latest("search"))
    if files is None:
        pages = {a.thread.slug: paginate(a.thread, result.config.page_size) for a in result.threads}
        files = search_files(result.threads, pages, result.config.language)
        cache.put("search", key, files)
    return [Output(path, hashlib.blake2b(data, digest_size=16).hexdigest(), partial(bytes, data)) for path, data in files]


def compiled(env: jinja2.Environment) -> jinja2.Environment:
    """Compile every template now: forked workers inherit them, and later builds reuse them."""
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    return env


def output_problems(out_dir: Path, root: Path) -> list[Diagnostic]:
    """The output folder is replaced whole, so it must be one threadnote made (or a new one)."""
    out, site = out_dir.resolve(), root.resolve()
    where = Location(str(out_dir))
    if out.exists() and not out.is_dir():
        return [error(where, "the output path is a file, not a folder")]
    if out == site or out in site.parents or (site / CONTENT_DIR).resolve().is_relative_to(out):
        return [error(where, "the output folder would hold the site itself: choose a folder of its own, such as output/")]
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        return [error(where, f"the output folder has files threadnote did not write (no {MANIFEST}): empty it or choose another")]
    return []


def _static_outputs(sources: SiteSources) -> list[Output]:
    return [Output(path, stamp(data.hex()), lambda data=data: data) for path, data in sources.static]  # type: ignore[misc]


def _template_path(sources: SiteSources, name: str | None) -> str:
    folder = sources.templates
    path = folder / name if name and not Path(name).is_absolute() else Path(name or folder)
    try:
        return path.relative_to(sources.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def promote(diagnostic: Diagnostic) -> Diagnostic:
    """Under --strict a warning stops the build like an error."""
    if diagnostic.severity is Severity.WARNING:
        return Diagnostic(diagnostic.location, Severity.ERROR, diagnostic.message)
    return diagnostic
