"""The editors' notes of a thread as W3C Web Annotations (`annotations.jsonld`), for other tools.

One AnnotationCollection per thread, its notes in one AnnotationPage in thread order (thread notes
first). A note on words targets the comment's permalink with a TextQuoteSelector (exact, prefix,
suffix, from the comment's paragraph); a note on a whole comment targets the permalink, a thread
note the thread's first page. The Web Annotation vocabulary has fixed motivations, so each note
type maps to the nearest one (MOTIVATIONS) and the type itself is kept as a `classifying` body.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import AnnotatedThread, Note
from .links import Pages, page_file
from .markdown import render_markdown

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {
    "note": "commenting",
    "context": "describing",
    "fact-check": "assessing",
    "moderation": "moderating",
    "translation": "describing",
    "correction": "editing",
}
"""threadnote's note types and the Web Annotation motivation each one is published with."""
AFFIX = 32
"""Characters of prefix and suffix: enough to tell repeated words apart, as annotation tools use."""
FILE = "annotations.jsonld"


def render_annotations(annotated: AnnotatedThread, pages: Pages, base_url: str, language: str) -> str:
    """The collection as JSON-LD text; addresses are absolute under `base_url`, else relative to
    the thread's folder (where the file is)."""
    thread = annotated.thread
    folder = f"{base_url}{thread.slug}/" if base_url else ""
    notes = [*annotated.thread_notes, *annotated.notes]
    items = [_annotation(annotated, pages, folder, language, note) for note in notes]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": folder + FILE,
        "type": "AnnotationCollection",
        "label": f"Editors' notes on “{thread.title}”",
        "total": len(items),
    }
    if items:
        collection["first"] = {"id": f"{folder}{FILE}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _annotation(annotated: AnnotatedThread, pages: Pages, folder: str, language: str, note: Note) -> dict[str, Any]:
    on_comment = note.comment is not None and note.comment in pages.page_of
    page = folder + (pages.href(note.comment or "", 0, note.id) if on_comment else f"{page_file(1)}#{note.id}")
    motivation = MOTIVATIONS.get(note.type, "commenting")
    annotation: dict[str, Any] = {"id": page, "type": "Annotation", "motivation": motivation}
    if note.editor:
        annotation["creator"] = {"type": "Person", "name": note.editor}
    if note.date:
        annotation["created"] = note.date
    annotation["body"] = _bodies(note, motivation, language)
    annotation["target"] = _target(annotated, pages, folder, note) if on_comment else folder + page_file(1)
    return annotation


def _bodies(note: Note, motivation: str, language: str) -> list[dict[str, str]]:
    text = {"type": "TextualBody", "format": "text/html", "language": language}
    bodies = [{**text, "purpose": motivation, "value": render_markdown(note.body)}]
    if note.translation:
        bodies.append({**text, "format": "text/plain", "purpose": "describing", "value": note.translation})
    if note.verdict:
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": note.verdict})
    bodies.append({"type": "TextualBody", "purpose": "classifying", "value": note.type})
    bodies.extend({"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in note.tags)
    return bodies


def _target(annotated: AnnotatedThread, pages: Pages, folder: str, note: Note) -> str | dict[str, Any]:
    """The comment's permalink, with the note's words selected when they still stand in it."""
    comment = note.comment or ""
    permalink = folder + pages.url(comment)
    span = note.span
    if span is None or not note.text or comment in annotated.hidden:
        return permalink
    text = annotated.thread.paragraphs[span.paragraph].text
    selector = {"type": "TextQuoteSelector", "exact": text[span.start : span.end]}
    prefix, suffix = text[max(0, span.start - AFFIX) : span.start], text[span.end : span.end + AFFIX]
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return {"source": permalink, "selector": selector}
