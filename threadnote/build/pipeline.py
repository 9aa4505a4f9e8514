"""Wire the stages: read the site, map the thread task over its threads, reduce their summaries
into the site's own pages, write. No logic of its own beyond the order."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2

from ..config import SiteConfig, parse_config
from ..diagnostics import Diagnostic, Severity, error, has_errors
from ..model import AnnotatedThread, Location, ProgressCallback, ThreadSummary
from ..recall import Recall
from ..render.archive import Neighbours, thread_neighbours
from ..render.markdown import remember_rendered
from ..render.site import Output, ThreadListing, crawler_outputs, listing_outputs, make_environment, notes_outputs
from ..stamps import ThreadStamps, stamp
from .cache import CACHE_DIR, BuildCache
from .collector import collector_paused, collector_skips_existing
from .executors import ClusterError, InProcess, choose
from .pagefind import SearchError
from .runner import TaskRunner, with_neighbours
from .search_index import index_documents
from .sources import (
    CONTENT_DIR,
    KnownFiles,
    SiteSources,
    ThreadSource,
    code_stamp,
    load_code_stamp,
    load_site,
    reload_threads,
)
from .tasks import SiteInputs, ThreadDone, ThreadTask, analyse_thread
from .write import MANIFEST, SiteWriter

LAST_READ = "last"
"""Where a session keeps the sources of its last read of the site (that found no problem)."""


@dataclass(slots=True)
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    threads: list[AnnotatedThread] = field(default_factory=list)
    """The threads as merged (by `analyse` only: a build hands back summaries)."""
    stamps: list[ThreadStamps] = field(default_factory=list)
    summaries: list[ThreadSummary] = field(default_factory=list)
    """What a build knows of each thread, in the site's order."""
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
    cache = cache or BuildCache()
    with collector_paused():
        result, sources, site = _read(root, cache)
        if site is None:
            return result, sources
        for source in sources.threads:
            with result.timed("detect+merge"):
                analysed = analyse_thread(source, site, cache, progress)
            result.diagnostics += analysed.diagnostics
            if analysed.annotated is not None and analysed.stamps is not None:
                result.threads.append(analysed.annotated)
                result.stamps.append(analysed.stamps)
    result.diagnostics.sort()
    return result, sources


def _read(root: Path, cache: BuildCache, changed: Collection[Path] | None = None) -> tuple[BuildResult, SiteSources, SiteInputs | None]:
    """The read stage: the site's files, its settings, and what every thread task shares."""
    result = BuildResult()
    with result.timed("read"):
        sources, problems = _load_sources(root, cache, changed)
        result.diagnostics += problems
        config = None
        if sources.config is not None:
            config, problems = parse_config(sources.config.text, sources.config.path)
            result.diagnostics += problems
    if config is None or sources.config is None:
        return result, sources, None
    result.config = config
    site_stamp = result.site_stamp = stamp(load_code_stamp(sources.templates), sources.config.text)
    # detection depends on the code and the quote settings only: a template edit keeps it
    detection = stamp(code_stamp(), repr(config.quotes), repr(config.pingbacks))
    return result, sources, SiteInputs(config, site_stamp, detection, sources.templates, cache.folder)


def _load_sources(root: Path, cache: BuildCache, changed: Collection[Path] | None) -> tuple[SiteSources, list[Diagnostic]]:
    """The site's files; in a session told which files `changed` since its last read, only the
    folders of their threads are read again (see sources.reload_threads)."""
    known: KnownFiles | None = cache.between_builds("files", dict)
    held: dict[str, SiteSources] | None = cache.between_builds("sources", dict)
    last = held.get(LAST_READ) if held is not None and changed is not None else None
    sources = reload_threads(root, last, changed, known) if last is not None and changed is not None and known is not None else None
    problems: list[Diagnostic] = []
    if sources is None:
        sources, problems = load_site(root, known=known, cache=cache.folder)
    # each thread task reads its thread file again: bytes read here would be held (and
    # copied to other processes) until the task's turn, and to the end of the build
    sources = replace(sources, threads=tuple(s if s.thread.data is None else replace(s, thread=replace(s.thread, data=None)) for s in sources.threads))
    if held is not None:
        held.clear()
        if not problems:
            held[LAST_READ] = sources
    return sources, problems


def build(
    root: Path,
    out_dir: Path,
    strict: bool = False,
    cache: BuildCache | None = None,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    fresh_search: bool = True,
    cluster: str | None = None,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    """Check everything, then bring the output up to date, or write nothing when there is an error.

    Thread tasks run on `jobs` processes (default: every core, when the threads are enough to
    pay for it), or on a Dask `cluster` (`local`, or a scheduler's address).
    `fresh_search=False` keeps the last search index when the site changed (for `serve`, which
    shows an edit at once and refreshes the index in a second build). `changed`: the files
    changed since the last build with this `cache` (serve's watcher knows them), so that only
    their threads' folders are read again; None reads every folder."""
    unsafe = output_problems(out_dir, root)
    # a build that will not write keeps its cache in memory too: nothing may appear on disk
    cache = cache or BuildCache(None if unsafe else out_dir.resolve().parent / CACHE_DIR, session=False)
    try:
        return _build(root, out_dir, strict, cache, _Choice(jobs, cluster, progress, fresh_search, changed), unsafe)
    finally:
        cache.settle()


@dataclass(frozen=True, slots=True)
class _Choice:
    """How a build runs, as its caller asked."""

    jobs: int | None
    cluster: str | None
    progress: ProgressCallback | None
    fresh_search: bool
    changed: Collection[Path] | None


def _build(root: Path, out_dir: Path, strict: bool, cache: BuildCache, choice: _Choice, unsafe: list[Diagnostic]) -> BuildResult:
    if unsafe:  # nothing may be written: check everything, to report it all
        result, _ = analyse(root, cache, choice.progress)
        result.diagnostics += unsafe
        return result
    with collector_paused():
        result, sources, site = _read(root, cache, choice.changed)
    if site is None:
        return result
    writer = None
    try:
        with collector_skips_existing():
            remember_rendered(cache.get("bodies", code_stamp()) or {})
            env = cache.memo("templates", site.site_stamp, lambda: compiled(make_environment(sources.templates, cache.subfolder("templates"))))
            writer = SiteWriter(out_dir, choice.jobs or os.cpu_count() or 1, choice.progress, cache.fragments)
            _build_into(writer, result, sources, site, cache, env, choice)
        if strict:
            result.diagnostics = [promote(d) for d in result.diagnostics]
        result.diagnostics.sort()
        if result.ok:
            with result.timed("write"):
                report = writer.commit()
            result.written, result.unchanged = report.written, report.unchanged
            cache.trim({s.slug for s in result.summaries})
    except jinja2.TemplateSyntaxError as exc:
        where = Location(_template_path(sources, exc.filename or exc.name), exc.lineno)
        result.diagnostics.append(error(where, f"template: {exc.message}"))
    except jinja2.TemplateError as exc:
        result.diagnostics.append(error(Location(_template_path(sources, None)), f"template: {exc}"))
    except SearchError as exc:
        result.diagnostics.append(error(Location("site.yaml"), f"search: {exc}"))
    except ClusterError as exc:
        result.diagnostics.append(error(Location("--cluster"), f"cluster: {exc}"))
    finally:
        if writer is not None and not result.ok:
            writer.abort()
    return result


def _build_into(
    writer: SiteWriter, result: BuildResult, sources: SiteSources, site: SiteInputs, cache: BuildCache,
    env: jinja2.Environment, choice: _Choice,
) -> None:
    """Map the thread task over the threads, each one's files written as it is done; then the site's."""
    config = site.config
    keys = _task_keys(sources.threads, site, cache)
    search_key = stamp(site.site_stamp, _pagefind_version(), *keys) if config.search else ""
    search = (cache.get("search", search_key) or (None if choice.fresh_search else cache.latest("search"))) if config.search else None
    tasks = [ThreadTask(s, {}, config.search and search is None) for s in sources.threads]
    kept: dict[str, ThreadDone] | None = cache.between_builds("threads-done", dict)
    """serve's: each thread's result by its task's key, as its last build left them."""
    order = partial(_neighbours, cache)
    runner = TaskRunner(writer, result.diagnostics, site, env, choice.progress, kept, lambda fresh: choose(
        choice.jobs, choice.cluster, fresh, kept is not None, writer.out_dir, lambda: InProcess(cache, env, choice.progress)
    ), order)
    known: dict[str, ThreadSummary] = cache.get("summaries", site.site_stamp) or {}
    tasks = with_neighbours(tasks, known, order)
    with result.timed("threads"), contextlib.closing(runner):
        done_by_slug = runner.run(tasks, keys)
        if result.ok:
            runner.place(tasks, keys, done_by_slug)
    if not result.ok:
        return
    ordered = [done_by_slug[t.source.slug] for t in tasks]
    if kept is not None:
        kept.clear()
        kept.update(zip(keys, ordered))
    result.summaries = [d.summary for d in ordered if d.summary is not None]
    summaries = {s.slug: s for s in result.summaries}
    if summaries != known:
        cache.put("summaries", site.site_stamp, summaries)
    listings = [d.listing for d in ordered if d.listing is not None]
    with result.timed("site"):
        outputs = _site_outputs(result.summaries, listings, config, env, site.site_stamp, cache) + _static_outputs(sources)
        if config.search:
            with result.timed("search"):
                outputs += _search_outputs(search, search_key, ordered, config.language, cache)
        writer.add(outputs)
    _keep_bodies(cache, ordered)


def _task_keys(sources: Sequence[ThreadSource], site: SiteInputs, cache: BuildCache) -> list[str]:
    """Each thread task's key; a session recalls those of the very sources its last read gave
    (a save reads one thread's folder again, and stamping thousands is a tenth of a second)."""
    recalled: Recall[str] | None = cache.between_builds("task-keys", Recall)
    if recalled is None:
        return [ThreadTask(s, {}, False).key(site) for s in sources]
    context = (site.site_stamp, site.detection)
    keys = []
    for source in sources:
        key = recalled.recall(source, context)
        if key is None:
            key = ThreadTask(source, {}, False).key(site)
            recalled.keep(source, key, context)
        keys.append(key)
    recalled.end_pass()
    return keys


def _neighbours(cache: BuildCache, summaries: Sequence[ThreadSummary]) -> Mapping[str, Neighbours]:
    """Every thread's neighbours, made again only when a summary changed (each stamps all that
    the links show: slug, title, date)."""
    return cache.memo("neighbours", stamp("\n".join(sorted(s.stamp for s in summaries))), partial(thread_neighbours, summaries))


def _site_outputs(
    summaries: Sequence[ThreadSummary], listings: Sequence[ThreadListing], config: SiteConfig, env: jinja2.Environment,
    site_stamp: str, cache: BuildCache,
) -> list[Output]:
    """The site's own files. The notes index and the listings are planned again only when what
    they show changed: a save in serve changes one thread's listing or none, and planning them
    looks at every thread (their inputs are compared, most of them the very objects as before)."""
    notes, note_links = cache.memo(
        "site-notes", (site_stamp, tuple(listing.notes for listing in listings), tuple(listing.orphans for listing in listings)),
        partial(notes_outputs, listings, config, env, site_stamp),
    )
    pages = cache.memo("site-listings", (site_stamp, tuple(summaries), note_links), partial(listing_outputs, summaries, note_links, config, env, site_stamp))
    return crawler_outputs(listings, [*pages, *notes], config, env, site_stamp, cache.fragments)


def _keep_bodies(cache: BuildCache, done: Sequence[ThreadDone]) -> None:
    """The note bodies as HTML, for the next build in a new process: rendering Markdown is most of
    a rebuild's work otherwise (thread.json shows every note)."""
    key = code_stamp()
    bodies = {body: html for d in done for body, html in d.bodies}
    if bodies != cache.get("bodies", key):
        cache.put("bodies", key, bodies)


def _pagefind_version() -> str:
    import importlib.metadata  # here: it costs a fifth of the start-up, and only a search index needs it

    return importlib.metadata.version("pagefind_bin")


def _search_outputs(
    files: list[tuple[PurePosixPath, bytes]] | None, key: str, done: Sequence[ThreadDone], language: str, cache: BuildCache
) -> list[Output]:
    """The pagefind/ bundle: one Pagefind run makes all of its files, so they are cached together."""
    if files is None:
        files = index_documents([doc for d in done for doc in d.search or ()], language)
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
