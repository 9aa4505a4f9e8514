"""Full-text search of comments and notes, indexed offline by Pagefind into `pagefind/`.

Every result links to its comment (`<slug>/page-N.html#c-id`), not to the top of a long page.
A comment with editors' notes is a record of its own, so the note-type filter picks out exactly
those comments. Comments without notes go in groups of up to GROUP_SIZE from one page, one small
HTML document per group with a heading per comment: Pagefind then reports each matching comment
as a sub-result with its own anchor.

Pagefind's memory grows with what one run indexes (at 100,000 comments, one record per comment
took 6 GB; groups of 50, 1.5-2.3 GB; groups of 200, 1.1 GB). So the index is made in parts of
at most PART_COMMENTS comments, one Pagefind run each, SEARCH_PROCESSES of them at a time: the
first part is `pagefind/`, the others `pagefind/part-N/`, listed in `pagefind/parts.json`, and
`search.js` merges them into one search (Pagefind's `mergeIndex`). A run peaks at about 350 MB
whatever the size of the site, and the parts together take less of Pagefind's time than one run.

The index is built by Pagefind's own binary (PyPI `pagefind[bin]`, nothing downloaded) and
handed back as bytes for `write.py` to write. We talk to the binary's `--service` protocol
ourselves instead of through `pagefind.index`: that client sleeps 0.1 s before reading each
reply (30 records took 3.3 s, so 10,000 would take over 15 minutes).
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt

from ..model import AnnotatedThread, Comment, Note, Span
from .links import Pages, page_file
from .markdown import make_markdown
from .views import REMOVED

SEARCH_DIR = PurePosixPath("pagefind")
"""Where the index goes in the output; `static/search.js` imports `../pagefind/pagefind.js`."""
NOTE_FILTER = "note"
"""Pagefind filter holding the note types on a comment (`{"note": ["fact-check"]}`)."""
THREAD_FILTER = "thread"
"""Pagefind filter holding the thread's title: results show it, and the search page filters by it."""
GROUP_SIZE = 200
"""Most comments without notes in one indexed group (a default thread page): few documents for
Pagefind, and a result's fragment (the group's words, fetched to show it) stays tens of KB."""
PARTS_FILE = "parts.json"
"""In `pagefind/`: the folders of the parts after the first, relative to it (`["part-2/"]`)."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One searchable unit of its own: a comment with its notes, or a thread-level note."""

    url: str
    """Relative to the site root, e.g. `china-japan/page-2.html#c-7f3k2a`."""
    title: str
    """What a result is called: `#12 Ricky`, or `Thread note: context`."""
    thread: str
    """The thread's title, shown with the result and used as a filter."""
    content: str
    """Plain text: the comment's words (unless editors hid them) and its notes' words."""
    notes: tuple[str, ...]
    """Note types on this record, sorted and unique: the values of the `note` filter."""


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """Up to GROUP_SIZE comments without notes from one thread page, indexed as one document."""

    url: str
    """The page and its first comment, e.g. `china-japan/page-2.html#c-7f3k2a`."""
    thread: str
    comments: tuple[tuple[str, str, str], ...]
    """(comment id, heading such as `#12 Ricky`, plain text) for each comment, in thread order."""


SearchDocument = SearchRecord | SearchGroup


def search_documents(
    threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages], md: MarkdownIt | None = None
) -> list[SearchDocument]:
    """What gets indexed, in thread order; comments with nothing to show are left out."""
    return list(documents_of(threads, pages_by_slug, md or make_markdown()))


def documents_of(threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages], md: MarkdownIt) -> Iterator[SearchDocument]:
    """The documents one at a time (an indexer holds a part of them, never all)."""
    for annotated in threads:
        yield from _thread_documents(annotated, pages_by_slug[annotated.thread.slug], md)


def _thread_documents(annotated: AnnotatedThread, pages: Pages, md: MarkdownIt) -> Iterator[SearchDocument]:
    thread = annotated.thread
    notes_on: dict[str, list[Note]] = {}
    # By note id, not merge order: renaming a notes file must not change the index.
    for note in sorted(annotated.notes, key=lambda n: n.id):
        if note.comment:
            notes_on.setdefault(note.comment, []).append(note)
    # Words a comment quotes from a hidden comment are replaced, as on the page.
    removed: dict[str, list[Span]] = {}
    for link in annotated.quotes:
        if link.source in annotated.hidden:
            removed.setdefault(link.comment, []).append(link.span)
    for note in annotated.thread_notes:
        content = _note_words(note, md).strip()
        if content:
            url = f"{thread.slug}/{page_file(1)}#{note.id}"
            yield SearchRecord(url, f"Thread note: {note.type}", thread.title, content, (note.type,))
    group: list[tuple[Comment, str]] = []
    for comment in thread.comments:
        notes = notes_on.get(comment.id, [])
        words = [] if comment.id in annotated.hidden else _comment_words(comment, removed.get(comment.id, []))
        if notes:
            content = "\n\n".join(words + [_note_words(n, md) for n in notes]).strip()
            if content:
                url = f"{thread.slug}/{pages.url(comment.id)}"
                yield SearchRecord(url, _heading(comment), thread.title, content, _types(notes))
            continue
        text = "\n\n".join(words).strip()
        if not text:
            continue
        # A group never spans two pages: its sub-results keep the group's page in their links.
        if group and (len(group) == GROUP_SIZE or pages.page_of[group[0][0].id] != pages.page_of[comment.id]):
            yield _group(thread.slug, thread.title, pages, group)
            group = []
        group.append((comment, text))
    if group:
        yield _group(thread.slug, thread.title, pages, group)


def _group(slug: str, title: str, pages: Pages, group: list[tuple[Comment, str]]) -> SearchGroup:
    url = f"{slug}/{pages.url(group[0][0].id)}"
    return SearchGroup(url, title, tuple((c.id, _heading(c), text) for c, text in group))


def _heading(comment: Comment) -> str:
    return f"#{comment.number}" + (f" {comment.author}" if comment.author else "")


def _comment_words(comment: Comment, removed: Sequence[Span]) -> list[str]:
    """The comment's paragraphs, with the `removed` spans replaced by REMOVED."""
    words = []
    for index, paragraph in zip(comment.paragraph_range, comment.paragraphs):
        text = paragraph.text
        # Right to left, so earlier offsets stay valid after each replacement.
        for span in sorted((s for s in removed if s.paragraph == index), key=lambda s: s.start, reverse=True):
            text = text[: span.start] + REMOVED + text[span.end :]
        words.append(text)
    return words


def _note_words(note: Note, md: MarkdownIt) -> str:
    """What a reader sees of a note, as plain text; `note.text` repeats the comment, so it is left out."""
    parts = [note.claim, note.translation, note.reason, _markdown_text(note.body, md)]
    return "\n".join(p for p in parts if p)


def _markdown_text(source: str, md: MarkdownIt) -> str:
    """The words of a Markdown body, without markup or link targets."""
    if not source:
        return ""
    blocks = []
    for token in md.parse(source):
        if token.type == "inline" and token.children is not None:
            blocks.append("".join(
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            ))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content)
    return "\n".join(b.strip() for b in blocks if b.strip())


def pagefind_request(document: SearchDocument, language: str) -> dict[str, Any]:
    """The document as Pagefind's indexing service takes it (a record, or a page of a group)."""
    return _add_record(document, language) if isinstance(document, SearchRecord) else _add_group(document, language)


def _types(notes: Sequence[Note]) -> tuple[str, ...]:
    return tuple(sorted({n.type for n in notes}))


def _add_record(record: SearchRecord, language: str) -> dict[str, Any]:
    # Pagefind puts a record's content into result excerpts as HTML, unescaped: escape it here
    # so a comment's `<img onerror=...>` stays text. Meta and filter values are shown with
    # textContent. The thread's title is a filter, not meta: Pagefind indexes every meta value
    # as words, and a query sharing a word with the title would match every comment in it.
    filters = {THREAD_FILTER: [record.thread]}
    if record.notes:
        filters[NOTE_FILTER] = list(record.notes)
    return {
        "type": "AddRecord",
        "url": record.url,
        "content": html.escape(record.content, quote=False),
        "language": language,
        "meta": {"title": record.title},
        "filters": filters,
        "sort": None,
    }


def _add_group(group: SearchGroup, language: str) -> dict[str, Any]:
    # Pagefind decodes the HTML it reads once, and then shows the text as HTML in excerpts:
    # so words and headings are escaped twice, to come out as escaped text, as records' words
    # do. (A heading's anchor text, the sub-result title, comes out as plain text.) Only
    # headings with ids become sub-results: nothing else may stand in the body.
    body = "".join(
        f'<h2 id="{html.escape(ident)}">{_twice(heading)}</h2><p>{_twice(text)}</p>'
        for ident, heading, text in group.comments
    )
    document = (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head>'
        f'<meta data-pagefind-filter="{THREAD_FILTER}[content]" content="{html.escape(group.thread)}">'
        f"</head><body>{body}</body></html>"
    )
    return {"type": "AddFile", "url": group.url, "file_contents": document, "file_path": None}


def _twice(text: str) -> str:
    return html.escape(html.escape(text, quote=False), quote=False)
