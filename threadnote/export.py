"""The `thread.json` export (schema `threadnote/thread@1`), exactly as DESIGN.md fixes it."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import MutableMapping, Sequence
from typing import Any

from .links import Pages
from .markdown import render_markdown
from .model import AnnotatedThread, Comment, Note, QuoteLink
from .views import REMOVED

SCHEMA = "threadnote/thread@1"


def export_thread(
    annotated: AnnotatedThread,
    pages: Pages,
    fragments: MutableMapping[str, str] | None = None,
    page_stamps: Sequence[str] = (),
) -> str:
    """Deterministic JSON: sorted as the thread reads, no timestamps.

    With `fragments` and the stamp of every page, each page's comments are serialised once and
    reused while that page's stamp holds (a note edit then redoes one page's share)."""
    thread = annotated.thread
    quotes: dict[str, list[QuoteLink]] = defaultdict(list)
    quoted_by: dict[str, list[str]] = defaultdict(list)
    quotes_in_paragraph: dict[int, list[QuoteLink]] = defaultdict(list)
    for link in annotated.quotes:
        quotes[link.comment].append(link)
        quotes_in_paragraph[link.span.paragraph].append(link)
        if link.source and link.source.startswith("c-") and link.comment not in quoted_by[link.source]:
            quoted_by[link.source].append(link.comment)
    notes: dict[str, list[Note]] = defaultdict(list)
    for note in annotated.notes:
        if note.comment:
            notes[note.comment].append(note)
    mentions: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for mention in annotated.mentions:
        mentions[mention.comment].append({"name": mention.name, "comment": mention.target})

    def text_of(paragraph: int, start: int, end: int, source: str | None) -> str:
        if source in annotated.hidden:
            return REMOVED
        return thread.paragraphs[paragraph].text[start:end] if paragraph >= 0 else thread.title[start:end]

    def paragraph_text(index: int) -> str:
        """A paragraph as published: words quoted from a hidden comment are removed here too."""
        text = thread.paragraphs[index].text
        removed = [q.span for q in quotes_in_paragraph.get(index, ()) if q.source in annotated.hidden]
        for span in sorted(removed, key=lambda s: s.start, reverse=True):
            text = text[: span.start] + REMOVED + text[span.end :]
        return text

    def comment_json(comment: Comment) -> dict[str, Any]:
        hidden = comment.id in annotated.hidden
        return {
            "id": comment.id,
            "number": comment.number,
            "author": comment.author,
            "url": pages.url(comment.id),
            "paragraphs": [] if hidden else [paragraph_text(i) for i in comment.paragraph_range],
            "quotes": [
                {
                    "text": text_of(q.span.paragraph, q.span.start, q.span.end, q.source),
                    "source": q.source,
                    "source_text": text_of(q.source_span.paragraph, q.source_span.start, q.source_span.end, q.source) if q.source_span else None,
                    "how": q.how,
                }
                for q in quotes[comment.id]
            ],
            "quoted_by": quoted_by[comment.id],
            "mentions": mentions[comment.id],
            "notes": [
                {
                    "type": n.type,
                    "verdict": n.verdict,
                    "text": None if hidden else n.text,  # the words the editors removed
                    "body_html": render_markdown(n.body),
                    "editor": n.editor,
                    "tags": list(n.tags),
                }
                for n in notes[comment.id]
            ],
            "hidden": hidden,
        }

    head = {"schema": SCHEMA, "slug": thread.slug, "title": thread.title, "byline": thread.byline, "source_url": thread.source_url}
    # One comment a line: readable in a diff, and compact dumps use json's C encoder (indent does not).
    chunks = []
    for page in range(1, pages.count + 1):
        key = f"json-{page_stamps[page - 1]}" if fragments is not None and page_stamps else ""
        chunk = fragments.get(key) if fragments is not None and key else None
        if chunk is None:
            comments_on_page = thread.comments[(page - 1) * pages.size : page * pages.size]
            chunk = ",\n".join(_compact(comment_json(c)) for c in comments_on_page)
            if fragments is not None and key:
                fragments[key] = chunk
        chunks.append(chunk)
    comments = ",\n".join(chunk for chunk in chunks if chunk)
    return f'{_compact(head)[:-1]},\n"comments":[\n{comments}\n]}}\n'


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
