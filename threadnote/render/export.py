"""The `thread.json` export (schema `threadnote/thread@1`), exactly as DESIGN.md fixes it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

from ..model import AnnotatedThread, Comment, Note, QuoteLink, Span
from ..stamps import ThreadStamps
from .links import Pages
from .markdown import render_markdown
from .pieces import Pieces
from .views import REMOVED, comment_times, mentions_by_comment, notes_by_comment

SCHEMA = "threadnote/thread@1"


def export_thread(
    annotated: AnnotatedThread,
    pages: Pages,
    fragments: Pieces | None = None,
    stamps: ThreadStamps | None = None,
    page_stamps: Sequence[str] = (),
) -> Iterator[str | bytes]:
    """Deterministic JSON, sorted as the thread reads, no timestamps; made page by page as it is
    written, so a big thread's export never stands whole in memory.

    With `fragments` and the stamps of the thread and of every page, each page's share is made
    once and reused while its page's stamp holds, and within a page each comment's line while
    the stamps of the thread and of the comment's notes hold (a note edit redoes one line)."""
    thread = annotated.thread
    export = _ThreadExport(annotated, pages)
    head = {
        "schema": SCHEMA, "slug": thread.slug, "title": thread.title, "byline": thread.byline, "source_url": thread.source_url,
        "published": thread.published, "section": thread.section,
    }
    # One comment a line: readable in a diff, and compact dumps use json's C encoder (indent does not).
    yield f'{_compact(head)[:-1]},\n"comments":[\n'
    kept = fragments is not None and stamps is not None and len(page_stamps) == pages.count
    separator = ""
    for page in range(1, pages.count + 1):
        on_page = thread.comments[(page - 1) * pages.size : page * pages.size]
        if not on_page:
            continue
        yield separator
        separator = ",\n"
        if kept:
            assert fragments is not None and stamps is not None
            yield _kept_chunk(export, fragments, stamps, f"{page}-{page_stamps[page - 1]}", on_page)
        else:
            yield ",\n".join([export.line(c) for c in on_page])
    yield "\n]}\n"
    if kept:
        assert fragments is not None
        fragments.exported(thread.slug)


def _kept_chunk(export: _ThreadExport, fragments: Pieces, stamps: ThreadStamps, page_key: str, on_page: Sequence[Comment]) -> bytes:
    """A page's share, as bytes: it is written whole at every rebuild, and encoded once. The key
    has the page's number besides its stamp: pages without notes all have the same stamp."""
    slug = export.annotated.thread.slug
    chunk = fragments.share(slug, page_key)
    if chunk is None:
        chunk = ",\n".join([_kept_line(export, fragments, stamps, c) for c in on_page]).encode("utf-8")
        fragments.keep_share(slug, page_key, chunk)
    return chunk


def _kept_line(export: _ThreadExport, fragments: Pieces, stamps: ThreadStamps, comment: Comment) -> str:
    return fragments.remembered(f"json-{stamps.thread}-{comment.id}-{stamps.notes.get(comment.id, '')}", partial(export.line, comment))


_string = json.encoder.encode_basestring
"""A JSON string as `_compact` writes one (ensure_ascii off): the same C function."""
def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
"""`json.dumps(value, ensure_ascii=False, separators=(",", ":"))`, without building an encoder for each of a hundred
thousand comments; the values are fresh trees, so the check for cycles is left out."""


class _ThreadExport:
    """The per-comment JSON objects of one thread, from indexes built once."""

    def __init__(self, annotated: AnnotatedThread, pages: Pages) -> None:
        self.annotated = annotated
        self.pages = pages
        # plain dicts read with .get: most comments have no quotes, notes or mentions, and a defaultdict
        # would keep an empty list for each of them. Those of the structure are kept with the thread.
        thread = annotated.thread
        self.quotes, self.quoted_by = thread.derived("export-quotes", partial(_quote_indexes, annotated.quotes), annotated.quotes)
        self.mentions = mentions_by_comment(annotated)
        self.removed_spans: dict[int, list[Span]] = {}
        """Per paragraph, the words it quotes from hidden comments."""
        for link in annotated.quotes if annotated.hidden else ():
            if link.source in annotated.hidden:
                self.removed_spans.setdefault(link.span.paragraph, []).append(link.span)
        self.notes = notes_by_comment(annotated)
        self.times = comment_times(annotated)

    def line(self, comment: Comment) -> str:
        """The comment's line of thread.json. Most comments quote nobody, are quoted by nobody and
        carry no note: their line is spelt out here, as the encoder would write it, without the
        object tree (a fifth of a big build's time went to thread.json)."""
        cid = comment.id
        linked = cid in self.quotes or cid in self.quoted_by or cid in self.notes or cid in self.mentions
        if linked or self.removed_spans or cid in self.annotated.hidden:
            return _compact(self.comment(comment))
        paragraphs = ",".join([_string(p.text) for p in comment.paragraphs])
        return (
            f'{{"id":{_string(cid)},"number":{comment.number},"author":{_text(comment.author)},'
            f'"url":{_string(self.pages.url(cid))},"paragraphs":[{paragraphs}],'
            f'"quotes":[],"quoted_by":[],"mentions":[],"notes":[],"hidden":false,"parent":{_text(comment.parent)},'
            f'"time":{_text(self.times.get(comment.time or ""))},"source_id":{_text(comment.source_id)},'
            f'"source_url":{_text(comment.source_url)},"deleted":{"true" if comment.deleted else "false"}}}'
        )

    def comment(self, comment: Comment) -> dict[str, Any]:
        cid = comment.id
        hidden = cid in self.annotated.hidden
        quotes, notes = self.quotes.get(cid), self.notes.get(cid)
        return {
            "id": cid,
            "number": comment.number,
            "author": comment.author,
            "url": self.pages.url(cid),
            "paragraphs": [] if hidden else self._paragraph_texts(comment),
            # a tuple is a JSON array too: most comments share the one empty ()
            "quotes": [self._quote(q) for q in quotes] if quotes else (),
            "quoted_by": self.quoted_by.get(cid, ()),
            "mentions": [{"name": m.name, "comment": m.target} for m in mentions] if (mentions := self.mentions.get(cid)) else (),
            "notes": [self._note(n, hidden) for n in notes] if notes else (),
            "hidden": hidden,
            "parent": comment.parent,
            "time": self.times.get(comment.time or ""),
            "source_id": comment.source_id,
            "source_url": comment.source_url,
            "deleted": comment.deleted,
        }

    def _quote(self, link: QuoteLink) -> dict[str, Any]:
        return {
            "text": self._words(link.span, link.source),
            "source": link.source,
            "source_text": self._words(link.source_span, link.source) if link.source_span else None,
            "how": link.how,
        }

    @staticmethod
    def _note(note: Note, hidden: bool) -> dict[str, Any]:
        return {
            "type": note.type,
            "verdict": note.verdict,
            "text": None if hidden else note.text,  # the words the editors removed
            "body_html": render_markdown(note.body),
            "editor": note.editor,
            "tags": list(note.tags),
        }

    def _words(self, span: Span, source: str | None) -> str:
        if source in self.annotated.hidden:
            return REMOVED
        thread = self.annotated.thread
        text = thread.paragraphs[span.paragraph].text if span.paragraph >= 0 else thread.title
        return text[span.start : span.end]

    def _paragraph_texts(self, comment: Comment) -> list[str]:
        if not self.removed_spans:  # no hidden comment is quoted: every paragraph is published as it is
            first, end = comment.first, comment.first + len(comment.paragraphs)
            return [paragraph.text for paragraph in self.annotated.thread.paragraphs[first:end]]
        return [self._paragraph_text(i) for i in comment.paragraph_range]

    def _paragraph_text(self, index: int) -> str:
        """A paragraph as published: words quoted from a hidden comment are removed here too."""
        text = self.annotated.thread.paragraphs[index].text
        for span in sorted(self.removed_spans.get(index, ()), key=lambda s: s.start, reverse=True):
            text = text[: span.start] + REMOVED + text[span.end :]
        return text


def _quote_indexes(quotes: Sequence[QuoteLink]) -> tuple[dict[str, list[QuoteLink]], dict[str, list[str]]]:
    """Each comment's quote links, and the comments that quote each comment (once each, in order)."""
    quotes_in: dict[str, list[QuoteLink]] = {}
    quoted_by: dict[str, list[str]] = {}
    for link in quotes:
        quotes_in.setdefault(link.comment, []).append(link)
        if link.source and link.source.startswith("c-"):
            quoting = quoted_by.setdefault(link.source, [])
            if link.comment not in quoting:
                quoting.append(link.comment)
    return quotes_in, quoted_by

