"""Render the site: plan every output file with its stamp and a way to make it; write nothing.

A site is planned in two steps: each thread's own files (`thread_outputs`, with the summary and
listing the site step needs of it), then the site's files from those alone (`site_outputs`).
Planning is cheap and rendering is not, so the pipeline compares stamps with the previous build
and calls `make` only for the files whose inputs changed.
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

from ..config import SiteConfig
from ..dates import year_month
from ..model import AnnotatedThread, Comment, ThreadSummary, comment_numbers
from ..stamps import ThreadStamps, stamp
from .annotations import FILE as ANNOTATIONS_FILE
from .annotations import render_annotations
from .archive import NO_NEIGHBOURS, NOTES, Listing, Neighbours, NotesPage, listing_stamp, notes_pages, section_slug
from .archive import listings as archive_listings
from .claimreview import claim_reviews
from .export import export_thread
from .feeds import FeedEntry, KeptEntries, atom_feed, entry_stamp, newest_of, robots, sitemap, thread_feed_entries
from .links import Pages, page_file
from .markdown import render_markdown
from .pieces import Pieces
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
    remembers (the fragments it is given) serve the next build in that process."""


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
    env.filters["section_slug"] = section_slug
    env.tests["dated"] = lambda date: year_month(date) is not None
    return env


def thread_outputs(
    annotated: AnnotatedThread, pages: Pages, stamps: ThreadStamps, config: SiteConfig, env: Environment,
    fragments: Pieces | None = None, around: Neighbours = NO_NEIGHBOURS,
) -> list[Output]:
    """A thread's own files: its pages, its thread.json and its annotations. With `fragments`
    (kept between builds in one process), the pieces they are made of are reused while their
    stamps hold. `around` is the thread's previous and next thread, which its pages link to."""
    thread = annotated.thread
    views = ThreadViews(annotated, pages, place_replies(thread, pages, config.replies == "nested", config.reply_depth))
    outputs = []
    own = stamps.pages(comment_numbers(thread), pages.page_of, pages.count)
    page_stamps = [stamp(notes, neighbours, repr(around)) for notes, neighbours in zip(own, views.page_neighbours())]
    for page, page_stamp in enumerate(page_stamps, 1):
        path = f"{thread.slug}/{page_file(page)}"
        make = partial(_render_page, config, views, page, path, around, env, _Pieces(stamps, fragments))
        outputs.append(Output(PurePosixPath(path), page_stamp, make))
    export = partial(export_thread, annotated, pages, fragments, stamps, page_stamps)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/thread.json"), stamps.whole(), export, local=True))
    notes = partial(render_annotations, annotated, pages, config.base_url, config.language)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/{ANNOTATIONS_FILE}"), stamps.whole(), notes))
    return outputs


@dataclass(frozen=True, slots=True)
class ThreadListing:
    """What the site step lists of one thread besides its summary: small, so that a thread task
    hands it back instead of the thread."""

    notes: tuple[tuple[NoteEntry, tuple[str, ...]], ...]
    """Each note as the notes index lists it, with its tags (thread notes first)."""
    orphans: tuple[OrphanEntry, ...]
    feed: tuple[FeedEntry, ...]
    """The thread's newest feed entries."""
    paths: tuple[PurePosixPath, ...]
    """The thread's own files (for the sitemap)."""


def thread_listing(annotated: AnnotatedThread, pages: Pages, outputs: Sequence[Output]) -> ThreadListing:
    notes, orphans = _note_entries(annotated, pages)
    return ThreadListing(notes, orphans, tuple(thread_feed_entries(annotated, pages)), tuple(o.path for o in outputs))


def site_outputs(
    summaries: Sequence[ThreadSummary], listings: Sequence[ThreadListing], config: SiteConfig, env: Environment,
    site_stamp: str, fragments: Pieces | None = None,
) -> list[Output]:
    """The site's own files, made from the threads' summaries and listings (in the threads' order)
    alone: front page, notes index, search page, feed, sitemap, robots.txt.

    `site_stamp` stamps the code, config and templates: a change there re-renders everything."""
    index = notes_index(listings)
    notes = notes_pages(index.by_type, index.by_tag, config.notes_per_page)
    note_links = {link.label: f"{NOTES}/{link.href}" for link in notes[0].types}
    outputs = [
        Output(page.path, stamp(listing_stamp(site_stamp, page), repr(note_links) if page.front else ""),
               partial(_render_listing, config, page, note_links, env))
        for page in archive_listings(summaries, config.threads_per_page)
    ]
    # stamped by what it lists: a note's body is not shown there, so editing one leaves it as it is
    for page in notes:
        shown = (page, index.orphans) if page.page == 1 else page
        outputs.append(Output(page.path, stamp(site_stamp, repr(shown)), partial(_render_notes, config, page, index.orphans, env)))
    if config.search:
        outputs.append(Output(PurePosixPath("search/index.html"), site_stamp, partial(_render_search, config, env)))
    entries = newest_of(listing.feed for listing in listings)
    kept = KeptEntries(fragments, site_stamp) if fragments is not None else None
    feed = partial(atom_feed, config, (), {}, entries, kept)
    outputs.append(Output(PurePosixPath("feed.xml"), stamp(site_stamp, *map(entry_stamp, entries)), feed, local=True))
    # The sitemap lists every page: stamped by their paths, it is made only when they change
    if config.base_url:
        paths = [*(o.path for o in outputs), *(p for listing in listings for p in listing.paths)]
        outputs.append(Output(PurePosixPath("sitemap.xml"), stamp(site_stamp, *map(str, paths)), partial(_sitemap, config, paths)))
    robots_text = robots(config)
    outputs.append(Output(PurePosixPath("robots.txt"), stamp(robots_text), partial(str, robots_text)))
    return outputs


def _sitemap(config: SiteConfig, paths: Sequence[PurePosixPath]) -> str:
    return sitemap(config, paths) or ""  # made only with a base_url: never empty


def _render_search(config: SiteConfig, env: Environment) -> str:
    return env.get_template("search.html").render(**_base(config, "../", "search/index.html"))


def _base(config: SiteConfig, root: str, path: str) -> dict[str, Any]:
    canonical = config.base_url + quote(path) if config.base_url else ""
    return {"site": config, "root": root, "canonical": canonical}


def _render_listing(config: SiteConfig, listing: Listing, note_links: dict[str, str], env: Environment) -> str:
    template = "index.html" if listing.front else "archive.html"
    return env.get_template(template).render(listing=listing, note_links=note_links, **_base(config, listing.root, str(listing.path)))


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Where a page finds its comments already rendered, and the stamps that say which still hold."""

    stamps: ThreadStamps
    fragments: Pieces | None


def _render_page(
    config: SiteConfig, views: ThreadViews, page: int, path: str, around: Neighbours, env: Environment, pieces: _Pieces
) -> str:
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
        neighbours=around,
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


def notes_index(listings: Sequence[ThreadListing]) -> NotesIndex:
    by_type: dict[str, list[NoteEntry]] = defaultdict(list)
    by_tag: dict[str, list[NoteEntry]] = defaultdict(list)
    for listing in listings:
        for entry, tags in listing.notes:
            by_type[entry.type].append(entry)
            for tag in tags:
                by_tag[tag].append(entry)
    return NotesIndex(_grouped(by_type), _grouped(by_tag), tuple(o for listing in listings for o in listing.orphans))


def _note_entries(annotated: AnnotatedThread, pages: Pages) -> tuple[tuple[tuple[NoteEntry, tuple[str, ...]], ...], tuple[OrphanEntry, ...]]:
    thread = annotated.thread
    numbers = comment_numbers(thread)
    entries = []
    for note in (*annotated.thread_notes, *annotated.notes):
        on_comment = note.comment is not None and note.comment in numbers
        href = f"../{thread.slug}/" + (pages.href(note.comment or "", 0, note.id) if on_comment else f"index.html#{note.id}")
        number = numbers[note.comment or ""] if on_comment else None
        entries.append((NoteEntry(note.type, note.text, note.verdict, note.editor, number, thread.title, href), note.tags))
    orphans = []
    for note in annotated.orphans:
        where = note.location
        html = Markup(render_markdown(note.body))
        orphans.append(OrphanEntry(note.type, note.comment, note.text, where.path, where.line, thread.title, html))
    return tuple(entries), tuple(orphans)


def _render_notes(config: SiteConfig, page: NotesPage[NoteEntry], orphans: Sequence[OrphanEntry], env: Environment) -> str:
    return env.get_template("notes.html").render(
        by_type=page.by_type, by_tag=page.by_tag, orphans=orphans if page.page == 1 else (), notes_page=page,
        **_base(config, "../", str(page.path)),
    )


def _grouped(found: dict[str, list[NoteEntry]]) -> tuple[tuple[str, tuple[NoteEntry, ...]], ...]:
    return tuple((key, tuple(found[key])) for key in sorted(found))
