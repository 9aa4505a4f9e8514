"""Render the site: model in, `{relative output path: text}` out; no file is written here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt

from .config import SiteConfig
from .export import export_thread
from .links import Pages, page_file, paginate
from .markdown import make_markdown
from .model import AnnotatedThread
from .views import NoteView, ThreadViews

def make_environment(templates: Path) -> Environment:
    """The one Jinja2 environment: autoescape on for every template, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "htm", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["hostname"] = lambda url: urlsplit(url).hostname or url
    env.globals["page_file"] = page_file
    return env


def render_site(config: SiteConfig, threads: Sequence[AnnotatedThread], env: Environment) -> Iterator[tuple[PurePosixPath, str]]:
    """Every output page, in a stable order."""
    md = make_markdown()
    paged = [(t, paginate(t.thread, config.page_size)) for t in threads]
    yield PurePosixPath("index.html"), _render_index(config, paged, env)
    for annotated, pages in paged:
        yield from _render_thread(config, annotated, pages, env, md)
    yield PurePosixPath("notes/index.html"), _render_notes(config, paged, env, md)


def _base(config: SiteConfig, root: str, path: str) -> dict[str, Any]:
    canonical = config.base_url + path if config.base_url else ""
    return {"site": config, "root": root, "canonical": canonical}


def _render_index(config: SiteConfig, paged: Sequence[tuple[AnnotatedThread, Pages]], env: Environment) -> str:
    entries = []
    for annotated, _ in paged:
        types: dict[str, int] = defaultdict(int)
        for note in annotated.notes:
            types[note.type] += 1
        entries.append({
            "thread": annotated.thread,
            "comments": len(annotated.thread.comments),
            "quotes": len(annotated.quotes),
            "notes": len(annotated.notes),
            "note_types": ", ".join(f"{count} {kind}" for kind, count in sorted(types.items())),
        })
    return env.get_template("index.html").render(threads=entries, **_base(config, "", "index.html"))


def _render_thread(
    config: SiteConfig, annotated: AnnotatedThread, pages: Pages, env: Environment, md: MarkdownIt
) -> Iterator[tuple[PurePosixPath, str]]:
    thread = annotated.thread
    views = ThreadViews(annotated, pages, md)
    template = env.get_template("thread.html")
    thread_notes = [NoteView(n, views.note_html(n), i) for i, n in enumerate(annotated.thread_notes, 1)]
    for page in range(1, pages.count + 1):
        chunk = thread.comments[(page - 1) * pages.size : page * pages.size]
        path = f"{thread.slug}/{page_file(page)}"
        html = template.render(
            thread=thread,
            page=page,
            pages=pages,
            first_number=chunk[0].number if chunk else 1,
            comments=[views.comment(c, page) for c in chunk],
            thread_notes=thread_notes if page == 1 else [],
            **_base(config, "../", path),
        )
        yield PurePosixPath(path), html
    yield PurePosixPath(f"{thread.slug}/thread.json"), export_thread(annotated, pages, md)


def _render_notes(config: SiteConfig, paged: Sequence[tuple[AnnotatedThread, Pages]], env: Environment, md: MarkdownIt) -> str:
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_tag: dict[str, list[dict[str, Any]]] = defaultdict(list)
    orphans = []
    for annotated, pages in paged:
        thread = annotated.thread
        numbers = {c.id: c.number for c in thread.comments}
        for note in annotated.notes:
            if note.comment is None:
                continue
            entry = {"note": note, "thread": thread.title, "number": numbers[note.comment],
                     "href": f"../{thread.slug}/{pages.url(note.comment).replace('#' + note.comment, '#' + note.id)}"}
            by_type[note.type].append(entry)
            for tag in note.tags:
                by_tag[tag].append(entry)
        for note in annotated.orphans:
            orphans.append({"note": note, "thread": thread.title, "body_html": md.render(note.body)})
    groups = lambda found: [{"key": key, "entries": found[key]} for key in sorted(found)]  # noqa: E731
    return env.get_template("notes.html").render(
        by_type=groups(by_type), by_tag=groups(by_tag), orphans=orphans, **_base(config, "../", "notes/index.html")
    )

