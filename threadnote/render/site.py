"""Render the site: plan every output file with its stamp and a way to make it; write nothing.

Planning is cheap and rendering is not, so the pipeline asks for the plan, compares stamps with
the previous build and calls `make` only for the files whose inputs changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..build.fragments import Fragments
from ..build.stamps import ThreadStamps, stamp
from ..config import SiteConfig
from ..model import AnnotatedThread, Comment, comment_numbers
from .annotations import FILE as ANNOTATIONS_FILE
from .annotations import render_annotations
from .claimreview import claim_reviews
from .export import export_thread
from .feeds import KeptEntries, atom_feed, entry_stamp, newest_entries, robots, sitemap
from .links import Pages, page_file, paginate
from .markdown import render_markdown
from .replies import ReplyNode, place_replies, reply_tree
from .views import NoteView, ThreadViews

Content = str | bytes | Iterable[str | bytes]
"""A file's text, its bytes, or its text in pieces (text or bytes) made as they are written
(thread.json, 80 MB at 100,000 comments, never stands whole in memory)."""


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site: where it goes, what it depends on, how to make it."""

    path: PurePosixPath
    stamp: str
    make: Callable[[], Content]
    local: bool = False
    """Made in the building process even when pages are made in parallel, so the pieces it
    remembers (SiteModel.fragments) serve the next build in that process."""


@dataclass(frozen=True, slots=True)
class SiteModel:
    """Everything the renderer needs."""

    config: SiteConfig
    threads: Sequence[AnnotatedThread]
    stamps: Sequence[ThreadStamps]
    site_stamp: str
    """Stamp of the code, config and templates: a change there re-renders everything."""
    fragments: Fragments | None = None
    """Rendered pieces kept between builds in one process (see fragments.py)."""


def make_environment(templates: Path, compiled_folder: Path | None = None) -> Environment:
    """The one Jinja2 environment: autoescape on for every template, undefined names are errors.

    With `compiled_folder`, compiled templates are kept there for the next process (Jinja2's
    bytecode cache, keyed by each template's source)."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "htm", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=FileSystemBytecodeCache(str(compiled_folder)) if compiled_folder else None,
    )
    env.filters["hostname"] = lambda url: urlsplit(url).hostname or url
    env.globals["page_file"] = page_file
    return env


def plan_site(site: SiteModel, env: Environment) -> list[Output]:
    """Every output file of the site, in a stable order."""
    paged = [(t, paginate(t.thread, site.config.page_size)) for t in site.threads]
    everything = stamp(site.site_stamp, *(s.whole() for s in site.stamps))
    outputs = [Output(PurePosixPath("index.html"), everything, partial(_render_index, site.config, paged, env))]
    for (annotated, pages), stamps in zip(paged, site.stamps):
        outputs.extend(_plan_thread(site, annotated, pages, stamps, env))
    index = notes_index(paged)
    # stamped by what it lists: a note's body is not shown there, so editing one leaves it as it is
    outputs.append(Output(PurePosixPath("notes/index.html"), stamp(site.site_stamp, repr(index)), partial(_render_notes, site.config, index, env)))
    if site.config.search:
        outputs.append(Output(PurePosixPath("search/index.html"), site.site_stamp, partial(_render_search, site.config, env)))
    pages_by_slug = {annotated.thread.slug: pages for annotated, pages in paged}
    entries = newest_entries(site.threads, pages_by_slug)
    kept = KeptEntries(site.fragments, site.site_stamp) if site.fragments is not None else None
    feed = partial(atom_feed, site.config, site.threads, pages_by_slug, entries, kept)
    outputs.append(Output(PurePosixPath("feed.xml"), stamp(site.site_stamp, *map(entry_stamp, entries)), feed, local=True))
    # The sitemap lists every page, so it is made from the plan itself; it is small.
    map_text = sitemap(site.config, [o.path for o in outputs])
    if map_text is not None:
        outputs.append(Output(PurePosixPath("sitemap.xml"), stamp(map_text), partial(str, map_text)))
    robots_text = robots(site.config)
    outputs.append(Output(PurePosixPath("robots.txt"), stamp(robots_text), partial(str, robots_text)))
    return outputs


def _render_search(config: SiteConfig, env: Environment) -> str:
    return env.get_template("search.html").render(**_base(config, "../", "search/index.html"))


def _base(config: SiteConfig, root: str, path: str) -> dict[str, Any]:
    canonical = config.base_url + quote(path) if config.base_url else ""
    return {"site": config, "root": root, "canonical": canonical}


def _render_index(config: SiteConfig, paged: Sequence[tuple[AnnotatedThread, Pages]], env: Environment) -> str:
    entries = []
    for annotated, _ in paged:
        notes = [*annotated.notes, *annotated.thread_notes]
        types: dict[str, int] = defaultdict(int)
        for note in notes:
            types[note.type] += 1
        entries.append({
            "thread": annotated.thread,
            "comments": len(annotated.thread.comments),
            "quotes": len(annotated.quotes),
            "notes": len(notes),
            "note_types": sorted(types.items()),
        })
    return env.get_template("index.html").render(threads=entries, **_base(config, "", "index.html"))


def _plan_thread(site: SiteModel, annotated: AnnotatedThread, pages: Pages, stamps: ThreadStamps, env: Environment) -> list[Output]:
    thread = annotated.thread
    config = site.config
    views = ThreadViews(annotated, pages, place_replies(thread, pages, config.replies == "nested", config.reply_depth))
    outputs = []
    own = stamps.pages(comment_numbers(thread), pages.page_of, pages.count)
    page_stamps = [stamp(notes, neighbours) for notes, neighbours in zip(own, views.page_neighbours())]
    for page, page_stamp in enumerate(page_stamps, 1):
        path = f"{thread.slug}/{page_file(page)}"
        make = partial(_render_page, site.config, views, page, path, env, _Pieces(stamps, site.fragments))
        outputs.append(Output(PurePosixPath(path), page_stamp, make))
    export = partial(export_thread, annotated, pages, site.fragments, stamps, page_stamps)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/thread.json"), stamps.whole(), export, local=True))
    notes = partial(render_annotations, annotated, pages, config.base_url, config.language)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/{ANNOTATIONS_FILE}"), stamps.whole(), notes))
    return outputs


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Where a page finds its comments already rendered, and the stamps that say which still hold."""

    stamps: ThreadStamps
    fragments: Fragments | None


def _render_page(config: SiteConfig, views: ThreadViews, page: int, path: str, env: Environment, pieces: _Pieces) -> str:
    annotated, pages = views.annotated, views.pages
    thread = annotated.thread
    chunk = thread.comments[(page - 1) * pages.size : page * pages.size]
    thread_notes = [NoteView(n, views.note_html(n), i) for i, n in enumerate(annotated.thread_notes, 1)] if page == 1 else []
    folder = f"{config.base_url}{quote(thread.slug)}/" if config.base_url else ""
    on_page = replace(annotated, notes=tuple(n for c in chunk for n in views.notes_on.get(c.id, ())))
    reviews = claim_reviews(on_page, lambda cid: folder + pages.url(cid), config.title, comments=views.by_id)
    return env.get_template("thread.html").render(
        thread=thread,
        page=page,
        pages=pages,
        first_number=chunk[0].number if chunk else 1,
        last_number=chunk[-1].number if chunk else 0,
        comments=_comments_html(views, page, chunk, env, pieces),
        thread_notes=thread_notes,
        claimreview_json=Markup(reviews),
        **_base(config, "../", path),
    )


def _comments_html(views: ThreadViews, page: int, chunk: Sequence[Comment], env: Environment, pieces: _Pieces) -> list[ReplyNode]:
    """The page's reply tree, each comment as its `comment_item`; with fragments, remembered by what
    it shows: the thread, the comment's notes, and the notes before and after them (its notes link
    to those)."""
    comment_item = env.get_template("_comment.html").module.comment_item  # type: ignore[attr-defined]

    def render(comment: Comment) -> Markup:
        return comment_item(views.comment(comment, page))  # type: ignore[no-any-return]

    def remembered(comment: Comment) -> Markup:
        assert fragments is not None
        notes = pieces.stamps.notes.get(comment.id, "")
        key = f"html-{pieces.stamps.thread}-{comment.id}-{notes}-{views.neighbour_notes([comment.id]) if notes else ''}"
        return Markup(fragments.remembered(key, partial(render, comment)))

    fragments = pieces.fragments
    return reply_tree(chunk, views.places, views.by_id, render if fragments is None else remembered)


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A note as the notes index lists it: all the page can show of it, so that it is its stamp."""

    type: str
    text: str | None
    verdict: str | None
    editor: str | None
    number: int | None
    """Of the comment it is on; None for a thread note."""
    thread: str
    href: str


@dataclass(frozen=True, slots=True)
class OrphanEntry:
    """A note that lost its target, with where it is written."""

    type: str
    comment: str | None
    text: str | None
    path: str
    line: int
    thread: str
    body_html: Markup


@dataclass(frozen=True, slots=True)
class NotesIndex:
    by_type: tuple[tuple[str, tuple[NoteEntry, ...]], ...]
    by_tag: tuple[tuple[str, tuple[NoteEntry, ...]], ...]
    orphans: tuple[OrphanEntry, ...]


def notes_index(paged: Sequence[tuple[AnnotatedThread, Pages]]) -> NotesIndex:
    by_type: dict[str, list[NoteEntry]] = defaultdict(list)
    by_tag: dict[str, list[NoteEntry]] = defaultdict(list)
    orphans = []
    for annotated, pages in paged:
        thread = annotated.thread
        numbers = comment_numbers(thread)
        for note in (*annotated.thread_notes, *annotated.notes):
            on_comment = note.comment is not None and note.comment in numbers
            href = f"../{thread.slug}/" + (pages.href(note.comment or "", 0, note.id) if on_comment else f"index.html#{note.id}")
            number = numbers[note.comment or ""] if on_comment else None
            entry = NoteEntry(note.type, note.text, note.verdict, note.editor, number, thread.title, href)
            by_type[note.type].append(entry)
            for tag in note.tags:
                by_tag[tag].append(entry)
        for note in annotated.orphans:
            where = note.location
            html = Markup(render_markdown(note.body))
            orphans.append(OrphanEntry(note.type, note.comment, note.text, where.path, where.line, thread.title, html))
    return NotesIndex(_grouped(by_type), _grouped(by_tag), tuple(orphans))


def _render_notes(config: SiteConfig, index: NotesIndex, env: Environment) -> str:
    return env.get_template("notes.html").render(
        by_type=index.by_type, by_tag=index.by_tag, orphans=index.orphans, **_base(config, "../", "notes/index.html")
    )


def _grouped(found: dict[str, list[NoteEntry]]) -> tuple[tuple[str, tuple[NoteEntry, ...]], ...]:
    return tuple((key, tuple(found[key])) for key in sorted(found))
