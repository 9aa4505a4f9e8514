"""Wire the stages: read, detect, merge, render, write. No logic of its own beyond the order."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2

from .annotations import parse_annotations
from .config import SiteConfig, parse_config
from .diagnostics import Diagnostic, Severity, error, has_errors
from .merge import merge_thread
from .model import AnnotatedThread, Location
from .render import make_environment, render_site
from .sources import SiteSources, load_site
from .threads import parse_thread
from .write import write_site


@dataclass(slots=True)
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    threads: list[AnnotatedThread] = field(default_factory=list)
    config: SiteConfig | None = None
    written: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def analyse(root: Path) -> tuple[BuildResult, SiteSources]:
    """Read and check everything, and merge it into annotated threads; writes nothing."""
    result = BuildResult()
    clock = time.perf_counter()
    sources, problems = load_site(root)
    result.diagnostics += problems
    result.timings["read"] = time.perf_counter() - clock
    if sources.config is None:
        return result, sources
    config, problems = parse_config(sources.config.text, sources.config.path)
    result.diagnostics += problems
    if config is None:
        return result, sources
    result.config = config
    for source in sources.threads:
        clock = time.perf_counter()
        detected, problems = parse_thread(source.thread.text, source.thread.path, source.slug, config.quotes)
        result.diagnostics += problems
        result.timings["detect"] = result.timings.get("detect", 0.0) + time.perf_counter() - clock
        clock = time.perf_counter()
        files = []
        for notes_file in source.notes:
            parsed, problems = parse_annotations(notes_file.text, notes_file.path)
            result.diagnostics += problems
            files.append(parsed)
        annotated, problems = merge_thread(detected, files)
        result.diagnostics += problems
        result.threads.append(annotated)
        result.timings["merge"] = result.timings.get("merge", 0.0) + time.perf_counter() - clock
    result.diagnostics.sort()
    return result, sources


def build(root: Path, out_dir: Path, strict: bool = False) -> BuildResult:
    """Check everything, then write the whole site, or nothing when there is an error."""
    result, sources = analyse(root)
    if strict:
        result.diagnostics = [promote(d) for d in result.diagnostics]
    if not result.ok or result.config is None:
        return result
    clock = time.perf_counter()
    env = make_environment(sources.templates)
    files = _all_files(result, sources, env)
    try:
        result.written = write_site(files, out_dir)
    except jinja2.TemplateSyntaxError as exc:
        result.diagnostics.append(error(Location(_template_path(sources, exc.filename or exc.name), exc.lineno), f"template: {exc.message}"))
    except jinja2.TemplateError as exc:
        result.diagnostics.append(error(Location(_template_path(sources, None)), f"template: {exc}"))
    result.timings["render+write"] = time.perf_counter() - clock
    return result


def _all_files(result: BuildResult, sources: SiteSources, env: jinja2.Environment) -> Iterator[tuple[PurePosixPath, str | bytes]]:
    assert result.config is not None
    yield from render_site(result.config, result.threads, env)
    yield from sources.static


def _template_path(sources: SiteSources, name: str | None) -> str:
    folder = sources.templates
    path = folder / name if name and not Path(name).is_absolute() else Path(name or folder)
    try:
        return path.relative_to(sources.root).as_posix()
    except ValueError:
        return str(path)


def promote(diagnostic: Diagnostic) -> Diagnostic:
    """Under --strict a warning stops the build like an error."""
    if diagnostic.severity is Severity.WARNING:
        return Diagnostic(diagnostic.location, Severity.ERROR, diagnostic.message)
    return diagnostic
