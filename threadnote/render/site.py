"""Render the site: plan every output file with its stamp and a way to make it; write nothing.

A site is planned in two steps: each thread's own files (`thread_pages.thread_outputs`, with the
summary and listing the site step needs of it), then the site's files from those alone (the notes
index, the listings, then what lists them all: `notes_outputs`, `listing_outputs`,
`crawler_outputs`). Planning is cheap and rendering is not, so the pipeline compares stamps with
the previous build and calls `make` only for the files whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from types import CodeType
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from ..config import SiteConfig
from ..dates import year_month
from ..model import AnnotatedThread, ThreadSummary
from ..stamps import stamp
from .archive import NOTES, Listing, NotesPage, listing_stamp, notes_pages, section_slug
from .archive import listings as archive_listings
from .feeds import FeedEntry, KeptEntries, atom_feed, entry_stamp, newest_of, robots, sitemap, thread_feed_entries
from .links import Pages, page_file
from .notes_index import NoteEntry, OrphanEntry, note_entries, notes_index
from .pieces import Pieces
from .textrender import escape_html

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
    unplaced: bool = False
    """A thread page made before its thread's neighbours were known: the build puts the links to
    them in its NEIGHBOURS_MARK (see thread_pages.py), and its stamp is not final till then."""


class _PlainEscapes(Template):
    """A template whose `{{ value }}` escapes text into a plain string: the macro, block or page
    it goes into is marked safe whole, and a Markup object for each value cost a third of a
    comment's rendering. The text is the same: a Markup stays as it is (a comment's body, its
    whole article), any other value goes through escape."""

    @classmethod
    def from_code(
        cls, environment: Environment, code: CodeType, globals: MutableMapping[str, Any], uptodate: Callable[[], bool] | None = None
    ) -> Template:
        template = super().from_code(environment, code, globals, uptodate)
        # the compiled module's own name for what each `{{ }}` calls (see test_templates.py)
        template.root_render_func.__globals__["escape"] = _escaped
        return template


def _escaped(value: object) -> str:
    if type(value) is str:
        return escape_html(value)
    if type(value) is Markup:
        return value
    return escape(value)


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
        # a build looks its templates up thousands of times: it need not stat their files each
        # time, since an edited template makes a new stamp, and so a new environment
        auto_reload=False,
    )
    env.template_class = _PlainEscapes
    env.filters["hostname"] = lambda url: urlsplit(url).hostname or url
    env.globals["page_file"] = page_file
    env.filters["section_slug"] = section_slug
    env.tests["dated"] = lambda date: year_month(date) is not None
    return env


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
    notes, orphans = note_entries(annotated, pages)
    return ThreadListing(notes, orphans, tuple(thread_feed_entries(annotated, pages)), tuple(o.path for o in outputs))


def notes_outputs(
    listings: Sequence[ThreadListing], config: SiteConfig, env: Environment, site_stamp: str
) -> tuple[list[Output], dict[str, str]]:
    """The pages of the notes index, and the page where each note type's list starts (which the
    front page links to). They show the listings' notes and orphans only."""
    index = notes_index((n for listing in listings for n in listing.notes), (o for listing in listings for o in listing.orphans))
    notes = notes_pages(index.by_type, index.by_tag, config.notes_per_page)
    note_links = {link.label: f"{NOTES}/{link.href}" for link in notes[0].types}
    # stamped by what it lists: a note's body is not shown there, so editing one leaves it as it is
    outputs = []
    for page in notes:
        shown = (page, index.orphans) if page.page == 1 else page
        outputs.append(Output(page.path, stamp(site_stamp, repr(shown)), partial(_render_notes, config, page, index.orphans, env)))
    return outputs, note_links


def listing_outputs(
    summaries: Sequence[ThreadSummary], note_links: dict[str, str], config: SiteConfig, env: Environment, site_stamp: str
) -> list[Output]:
    """The front page and the archive's pages (years, months, sections, undated): the summaries
    alone, and the front page's links to the notes index."""
    return [
        Output(page.path, stamp(listing_stamp(site_stamp, page), repr(note_links) if page.front else ""),
               partial(_render_listing, config, page, note_links, env))
        for page in archive_listings(summaries, config.threads_per_page)
    ]


def crawler_outputs(
    listings: Sequence[ThreadListing], pages: Sequence[Output], config: SiteConfig, env: Environment, site_stamp: str,
    fragments: Pieces | None = None,
) -> list[Output]:
    """The site's `pages` (its listings and notes index), and what lists every page or the newest
    notes: the search page, the feed, the sitemap and robots.txt."""
    outputs = list(pages)
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
    return env.get_template("search.html").render(**base_context(config, "../", "search/index.html"))


def base_context(config: SiteConfig, root: str, path: str) -> dict[str, Any]:
    canonical = config.base_url + quote(path) if config.base_url else ""
    return {"site": config, "root": root, "canonical": canonical}


def _render_listing(config: SiteConfig, listing: Listing, note_links: dict[str, str], env: Environment) -> str:
    template = "index.html" if listing.front else "archive.html"
    return env.get_template(template).render(listing=listing, note_links=note_links, **base_context(config, listing.root, str(listing.path)))


def _render_notes(config: SiteConfig, page: NotesPage[NoteEntry], orphans: Sequence[OrphanEntry], env: Environment) -> str:
    return env.get_template("notes.html").render(
        by_type=page.by_type, by_tag=page.by_tag, orphans=orphans if page.page == 1 else (), notes_page=page,
        **base_context(config, "../", str(page.path)),
    )
