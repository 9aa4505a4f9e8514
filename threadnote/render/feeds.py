"""Feeds and crawler files: the Atom feed of editors' notes, sitemap.xml and robots.txt.

All three are pure text, byte-for-byte the same for the same site: no build time goes in;
the feed's `<updated>` is the newest note's date.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup, escape

from ..config import SiteConfig
from ..model import AnnotatedThread, Note, comments_by_id
from ..stamps import stamp
from .links import Pages, page_file
from .markdown import render_markdown
from .pieces import Pieces

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_PATH = "feed.xml"
SITEMAP_PATH = "sitemap.xml"
NOTES_PAGE = "notes/index.html"
MAX_ENTRIES = 100
"""The feed carries the newest notes only: readers poll it, the notes index lists them all."""
UNDATED = "1970-01-01T00:00:00Z"
"""`<updated>` of a note without a date (Atom requires one); such notes sort last."""
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_IN_SITEMAP = frozenset({"search/index.html"})
"""Pages crawlers should not list: the search page is empty without a query (it says noindex)."""
SITEMAP_LIMIT = 50_000
"""URLs one sitemap file may list (sitemaps.org); beyond it a sitemap index would be needed."""
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://threadnote.invalid/note")
"""Entry ids are `urn:uuid:` names under this namespace: they do not change when base_url does."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, not even escaped: a scraped comment may hold them."""

@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One note as the feed shows it: small, so that a thread task hands it back cheaply."""

    note: Note
    slug: str
    title: str
    """The thread's."""
    hidden: bool
    """Whether editors hid the words of the note's comment."""
    href: str
    """Relative to the site root: the comment the note is on, or the note on the thread's first page."""
    label: str
    """`#12 Ricky` for a comment note, empty for a thread note."""
    updated: str
    """RFC 3339 in UTC, or UNDATED."""


def thread_feed_entries(annotated: AnnotatedThread, pages: Pages) -> list[FeedEntry]:
    """A thread's newest MAX_ENTRIES placed notes (orphans are not on the site), newest first.

    Notes of the same date follow their comments' order (thread notes first), then note ids:
    never the order of the notes files, so renaming one changes nothing."""
    thread = annotated.thread
    by_id = comments_by_id(thread)
    keyed = []
    for note in annotated.thread_notes:
        entry = FeedEntry(note, thread.slug, thread.title, False, f"{thread.slug}/{page_file(1)}#{note.id}", "", rfc3339(note.date) or UNDATED)
        keyed.append(((0, note.id), entry))
    for note in annotated.notes:
        if note.comment not in by_id:
            continue
        comment = by_id[note.comment]
        label = f"#{comment.number}" + (f" {comment.author}" if comment.author else "")
        hidden = comment.id in annotated.hidden
        href = f"{thread.slug}/{pages.url(comment.id)}"
        keyed.append(((comment.number, note.id), FeedEntry(note, thread.slug, thread.title, hidden, href, label, rfc3339(note.date) or UNDATED)))
    keyed.sort(key=lambda pair: pair[0])
    return _newest_first(entry for _, entry in keyed)


def newest_of(per_thread: Iterable[Sequence[FeedEntry]]) -> list[FeedEntry]:
    """The entries the feed carries, from each thread's own (in the threads' order): notes of one
    date follow the threads' order."""
    return _newest_first(entry for entries in per_thread for entry in entries)


def _newest_first(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    # A stable sort by date alone, newest first, keeps the order among notes of one date.
    return sorted(entries, key=lambda e: e.updated, reverse=True)[:MAX_ENTRIES]


def newest_entries(threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages]) -> list[FeedEntry]:
    """The entries the feed carries: the newest MAX_ENTRIES of these threads, newest first."""
    return newest_of(thread_feed_entries(a, pages_by_slug[a.thread.slug]) for a in threads)


def entry_stamp(entry: FeedEntry) -> str:
    """Everything an entry shows, stamped: the note, where it links, and whether its comment is hidden."""
    return stamp(repr((entry.note, entry.href, entry.label, entry.updated, entry.slug, entry.title, entry.hidden)))


def atom_feed(
    config: SiteConfig, threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages],
    entries: Sequence[FeedEntry] | None = None, kept: KeptEntries | None = None,
) -> str:
    """`feed.xml`: the newest MAX_ENTRIES notes, each linking to its comment.

    With a base_url every link is absolute. Without one, links are relative to the feed, which
    sits at the site root; Atom allows that and readers resolve them against the feed's URL.
    `entries` are the newest entries when already known; with `kept`, each entry's XML is made
    once and reused while its stamp holds (serve's rebuilds).
    """
    entries = newest_entries(threads, pages_by_slug) if entries is None else entries
    base = config.base_url
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    _text(feed, "id", base + FEED_PATH if base else _urn(f"feed:{config.title}"))
    _text(feed, "title", f"{config.title}: editors' notes")
    if config.description:
        _text(feed, "subtitle", config.description)
    _text(feed, "updated", entries[0].updated if entries else UNDATED)
    if base:
        _link(feed, base + FEED_PATH, "self", "application/atom+xml")
    _link(feed, base + NOTES_PAGE, "alternate", "text/html")
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = _clean(config.title)
    _text(feed, "generator", "threadnote")
    head = _serialize(feed)
    # The entries go where the head's root closes, one indented line apart, just as ET.indent
    # would place them in one tree: each entry is then serialised on its own, and kept.
    close = head.rindex("\n</feed>")
    return head[:close] + "".join("\n  " + _entry_xml(e, base, kept) for e in entries) + head[close:]


@dataclass(frozen=True, slots=True)
class KeptEntries:
    """Where serve keeps the XML of feed entries, and the site's stamp (base_url, code) to key it by."""

    fragments: Pieces
    site_stamp: str


def _entry_xml(entry: FeedEntry, base: str, kept: KeptEntries | None) -> str:
    if kept is None:
        return _serialised_entry(entry, base)
    return kept.fragments.remembered(f"feed-{kept.site_stamp}-{entry_stamp(entry)}", partial(_serialised_entry, entry, base))


def _serialised_entry(entry: FeedEntry, base: str) -> str:
    element = _entry(entry, base)
    ET.indent(element, level=1)
    return ET.tostring(element, encoding="unicode")


def _entry(entry: FeedEntry, base: str) -> ET.Element:
    note = entry.note
    element = ET.Element("entry")
    _text(element, "id", _urn(f"{entry.slug}/{note.id}"))
    what = note.type + (f" ({note.verdict})" if note.verdict else "")
    where = f"on {entry.label}" if entry.label else "on the thread"
    _text(element, "title", f"{what} {where} · {entry.title}")
    _text(element, "updated", entry.updated)
    _link(element, base + _url_path(entry.href), "alternate", "text/html")
    ET.SubElement(ET.SubElement(element, "author"), "name").text = _clean(
        note.editor or "the editors"
    )
    for term in (note.type, *note.tags):
        ET.SubElement(element, "category", {"term": _clean(term)})
    content = _text(element, "content", _note_html(entry))
    content.set("type", "html")
    if base:
        # Relative links in a note body are relative to its thread's page, not to the feed.
        content.set(XML_BASE, base + _url_path(f"{entry.slug}/"))
    return element


def _note_html(entry: FeedEntry) -> str:
    """The note as HTML (Atom escapes it once more): what the page's note box shows."""
    note = entry.note
    # Words of a comment the editors hid must not come back through the feed.
    parts = []
    if note.text and not entry.hidden:
        parts.append(Markup("<p>On the words “{}”</p>").format(note.text))
    for label, value in (("Claim", note.claim), ("Verdict", note.verdict), ("Translation", note.translation),
                         ("Reason", note.reason), ("Action", note.action)):
        if value:
            parts.append(Markup("<p>{}: {}</p>").format(label, value))
    if note.body:
        parts.append(Markup(render_markdown(note.body)))
    links = [Markup('<a href="{}">{}</a>').format(url, url) for url in note.sources if url.startswith(("https://", "http://"))]
    if links:
        parts.append(Markup("<p>Sources: {}</p>").format(Markup(", ").join(links)))
    return str(escape("").join(parts))


def sitemap(config: SiteConfig, paths: Iterable[PurePosixPath | str]) -> str | None:
    """`sitemap.xml` listing every HTML page by its canonical URL; None without a base_url.

    Sitemaps must hold absolute URLs, so a site without base_url gets none. Pages are sorted
    by URL, and the list stops at SITEMAP_LIMIT (a sitemap index would be needed beyond it).
    """
    if not config.base_url:
        return None
    pages = {str(p) for p in paths if str(p).endswith(".html")} - NOT_IN_SITEMAP
    urls = sorted(config.base_url + _url_path(p) for p in pages)
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in urls[:SITEMAP_LIMIT]:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = url
    return _serialize(root)


def robots(config: SiteConfig) -> str:
    """`robots.txt`: allow everything and name the sitemap when there is one.

    Crawlers read robots.txt only at a host's root: for a base_url with a path
    (`https://example.org/archive/`) copy its Sitemap line into the host's own robots.txt.
    """
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {config.base_url}{SITEMAP_PATH}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=4096)  # notes share few dates, and every build sorts every note by its own
def rfc3339(value: str | None) -> str | None:
    """`2026-11-28` or an ISO date-time as `2026-11-28T00:00:00Z` (UTC); None if it is neither."""
    if not value:
        return None
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        else:
            moment = datetime.fromisoformat(value)
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _url_path(path: str) -> str:
    """A site path as a URL path: spaces and non-ASCII letters in slugs are percent-encoded."""
    return quote(path, safe="/#")


def _urn(name: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, name).urn


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = _clean(text)
    return child


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": _clean(href)})


def _serialize(root: ET.Element) -> str:
    # Elements are built without a namespace and the root carries a plain `xmlns`: the output
    # then has no `ns0:` prefixes, and ElementTree parses it back into the namespace.
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n"
