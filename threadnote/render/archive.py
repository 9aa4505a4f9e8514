"""Plan the pages that browse an archive: the paged front page, a page per year, month and
section, the undated threads, the paged notes index, and each thread's neighbours in date order.

Everything here works on `ThreadSummary` values (what the site step knows of a thread), never
on the threads themselves, and plans pages as plain values; `site.py` renders them. Every
thread is reachable from the front page in at most three clicks: front page, its year, the
thread; or front page, a section or the undated list, the page of it that lists the thread
(every page of a listing is linked from each of its pages).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import PurePosixPath
from typing import Generic, TypeVar

from ..dates import year_month
from ..model import AnnotatedThread, ThreadSummary
from ..stamps import stamp
from .links import page_file

E = TypeVar("E")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
NOT_IN_SLUG = re.compile(r"[^\w]+")
UNDATED = PurePosixPath("archive/undated")
NOTES = PurePosixPath("notes")
Heading = Callable[[int, int, int, int, int], str]
"""What a page of a listing says it lists, from (page, pages, first entry, last entry, entries)."""


def summarise(annotated: AnnotatedThread) -> ThreadSummary:
    """What the site step needs of one thread, stamped by what it holds (so a note edit that
    changes no count leaves every listing as it is)."""
    thread = annotated.thread
    notes = [*annotated.notes, *annotated.thread_notes]
    types: dict[str, int] = defaultdict(int)
    for note in notes:
        types[note.type] += 1
    shown = (
        thread.slug, thread.title, thread.byline, thread.summary, thread.source_url, thread.published, (thread.section or "").strip() or None,
        len(thread.comments), len(annotated.quotes), len(notes), tuple(sorted(types.items())),
    )
    return ThreadSummary(*shown, stamp=stamp(repr(shown)))


@dataclass(frozen=True, slots=True)
class Link:
    """A link as a listing shows it; `href` is relative to the site root."""

    label: str
    href: str
    count: int | None = None
    """How many threads (or notes) are behind the link, when the page shows it."""


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The threads before and after one thread in date order (undated threads among themselves)."""

    previous: Link | None
    next: Link | None


NO_NEIGHBOURS = Neighbours(None, None)
"""A thread alone in its site."""


@dataclass(frozen=True, slots=True)
class Browse:
    """The ways into the archive that every listing offers: years, sections, the undated list."""

    years: tuple[Link, ...]
    sections: tuple[Link, ...]
    undated: Link | None


@dataclass(frozen=True, slots=True)
class Listing:
    """One page that lists threads: its place, what it says it lists, and its entries."""

    path: PurePosixPath
    heading: str
    """What the page lists, for its <title> and <h1>: `Threads of March 2019`."""
    groups: tuple[tuple[Link | None, tuple[ThreadSummary, ...]], ...]
    """Entries under their headings (a year page's months); one group with no heading elsewhere."""
    pages: tuple[Link, ...]
    """Every page of this listing, in order; empty when it has one page."""
    page: int
    browse: Browse
    front: bool = False
    """A page of the front page (shown as cards with counts), not an archive list."""

    @property
    def root(self) -> str:
        return "../" * (len(self.path.parts) - 1)


def date_order(summaries: Iterable[ThreadSummary]) -> tuple[list[ThreadSummary], list[ThreadSummary]]:
    """The dated threads, newest first, and the undated ones by slug."""
    dated = [s for s in summaries if year_month(s.published) is not None]
    dated.sort(key=lambda s: s.slug)
    dated.sort(key=lambda s: (s.published or "").strip(), reverse=True)
    undated = sorted((s for s in summaries if year_month(s.published) is None), key=lambda s: s.slug)
    return dated, undated


def thread_neighbours(summaries: Sequence[ThreadSummary]) -> dict[str, Neighbours]:
    """Each thread's previous (older) and next (newer) thread; undated threads follow each other."""
    dated, undated = date_order(summaries)
    found = {}
    for chain in (dated[::-1], undated):
        links = [Link(s.title, f"{s.slug}/{page_file(1)}") for s in chain]
        for i, summary in enumerate(chain):
            found[summary.slug] = Neighbours(links[i - 1] if i else None, links[i + 1] if i + 1 < len(links) else None)
    return found


def section_slug(name: str) -> str:
    return NOT_IN_SLUG.sub("-", name.strip().lower()).strip("-") or "untitled"


def listings(summaries: Sequence[ThreadSummary], per_page: int) -> list[Listing]:
    """Every listing page of the archive, in a stable order."""
    dated, undated = date_order(summaries)
    by_year = _grouped(dated, lambda s: _year_month(s)[0])
    sections = _sections(summaries)
    browse = Browse(
        years=tuple(Link(str(year), f"archive/{year}/{page_file(1)}", len(found)) for year, found in by_year),
        sections=tuple(Link(name, f"sections/{slug}/{page_file(1)}", len(found)) for slug, name, found in sections),
        undated=Link("Without a date", f"{UNDATED}/{page_file(1)}", len(undated)) if undated else None,
    )
    pages = _paged(PurePosixPath("."), [*dated, *undated], per_page, browse, _front_heading, front=True)
    for year, found in by_year:
        months = _grouped(found, lambda s: _year_month(s)[1])
        folder = PurePosixPath(f"archive/{year}")
        groups = tuple((Link(f"{MONTHS[m - 1]} {year}", f"{folder}/{m:02d}/{page_file(1)}", len(f)), tuple(f)) for m, f in months)
        pages.append(Listing(folder / page_file(1), f"Threads of {year}", groups, (), 1, browse))
        for month, in_month in months:
            path = folder / f"{month:02d}" / page_file(1)
            pages.append(Listing(path, f"Threads of {MONTHS[month - 1]} {year}", ((None, tuple(in_month)),), (), 1, browse))
    for slug, name, found in sections:
        pages += _paged(PurePosixPath(f"sections/{slug}"), found, per_page, browse, _titled(f"Section: {name}"))
    if undated:
        pages += _paged(UNDATED, undated, per_page, browse, _titled("Threads without a date"))
    return pages


def _year_month(summary: ThreadSummary) -> tuple[int, int]:
    found = year_month(summary.published)
    assert found is not None, "only dated threads are filed by year"
    return found


def _grouped(summaries: Sequence[ThreadSummary], key: Callable[[ThreadSummary], int]) -> list[tuple[int, list[ThreadSummary]]]:
    """Runs of summaries (already in date order) with the same key, in that order."""
    return [(k, list(run)) for k, run in groupby(summaries, key=key)]


def _sections(summaries: Sequence[ThreadSummary]) -> list[tuple[str, str, list[ThreadSummary]]]:
    """(slug, name, threads newest first) of each section, by slug; names that make the same
    slug share a page, under the first name in date order."""
    dated, undated = date_order(summaries)
    found: dict[str, list[ThreadSummary]] = defaultdict(list)
    for summary in (*dated, *undated):
        if summary.section:
            found[section_slug(summary.section)].append(summary)
    return [(slug, found[slug][0].section or "", found[slug]) for slug in sorted(found)]


def _front_heading(page: int, count: int, first: int, last: int, total: int) -> str:
    return "Newest threads" if page == 1 else f"Threads {first}–{last} of {total}, newest first"


def _titled(name: str) -> Heading:
    def heading(page: int, count: int, first: int, last: int, total: int) -> str:
        return name if count == 1 else f"{name}, page {page} of {count}"

    return heading


def _paged(
    folder: PurePosixPath, summaries: Sequence[ThreadSummary], per_page: int, browse: Browse, heading: Heading,
    front: bool = False,
) -> list[Listing]:
    count = max(1, -(-len(summaries) // per_page))
    paths = [folder / page_file(n) for n in range(1, count + 1)]
    links = tuple(Link(str(n), str(path), None) for n, path in enumerate(paths, 1)) if count > 1 else ()
    pages = []
    for n, path in enumerate(paths, 1):
        chunk = tuple(summaries[(n - 1) * per_page : n * per_page])
        title = heading(n, count, (n - 1) * per_page + 1, (n - 1) * per_page + len(chunk), len(summaries))
        pages.append(Listing(path, title, ((None, chunk),), links, n, browse, front))
    return pages


def listing_stamp(site_stamp: str, listing: Listing) -> str:
    """A listing shows its summaries (each stamped by what it shows) and its links, nothing else."""
    return stamp(site_stamp, repr(listing))


@dataclass(frozen=True, slots=True)
class NotesPage(Generic[E]):
    """One page of the notes index: the entries of its share, grouped by type and by tag, and
    links to where each group starts."""

    path: PurePosixPath
    page: int
    pages: tuple[Link, ...]
    by_type: tuple[tuple[str, tuple[E, ...]], ...]
    by_tag: tuple[tuple[str, tuple[E, ...]], ...]
    types: tuple[Link, ...]
    """Every note type with its count and the page (relative to `notes/`) where its list starts."""
    tags: tuple[Link, ...]


def notes_pages(
    by_type: Sequence[tuple[str, Sequence[E]]], by_tag: Sequence[tuple[str, Sequence[E]]], per_page: int
) -> list[NotesPage[E]]:
    """The notes index in pages of at most `per_page` entries: types first, then tags, a group
    that does not fit going on over the next page."""
    rows = [("type", key, e) for key, entries in by_type for e in entries] + [("tag", key, e) for key, entries in by_tag for e in entries]
    count = max(1, -(-len(rows) // per_page))
    starts: dict[tuple[str, str], str] = {}
    for i, (kind, key, _) in enumerate(rows):
        starts.setdefault((kind, key), f"{page_file(i // per_page + 1)}#{kind}-{key}")
    types = tuple(Link(key, starts["type", key], len(entries)) for key, entries in by_type)
    tags = tuple(Link(key, starts["tag", key], len(entries)) for key, entries in by_tag)
    links = tuple(Link(str(n), page_file(n)) for n in range(1, count + 1)) if count > 1 else ()
    pages = []
    for n in range(1, count + 1):
        share = rows[(n - 1) * per_page : n * per_page]
        groups = {kind: tuple((key, tuple(e for _, _, e in run)) for key, run in groupby((r for r in share if r[0] == kind), key=lambda r: r[1])) for kind in ("type", "tag")}
        pages.append(NotesPage(NOTES / page_file(n), n, links, groups["type"], groups["tag"], types, tags))
    return pages
