"""Read a structured thread (`thread.yaml`): comments with their authors, times and replies, given apart.

Each comment may give its source `id`, the `parent` it replies to (an earlier comment's `id`), its
source `url`, and `deleted: true` for a text-less placeholder that keeps its replies in place.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, error
from ..fields import Fields
from ..model import Location
from ..yamlsrc import parse_yaml
from .scrape import WEB_URL, ChromeComment, Scrape, parse_paragraphs

THREAD_KEYS = {"title", "byline", "source_url", "published", "summary", "section", "notice", "comments"}
COMMENT_KEYS = {"author", "time", "text", "id", "parent", "url", "deleted"}


def parse_structured(text: str, path: str) -> tuple[Scrape, list[Diagnostic]]:
    """The same Scrape as a text scrape yields, with every boundary, author and time known."""
    root, diagnostics = parse_yaml(text, path)
    scrape = Scrape(chrome=[])
    if root is None:
        if not diagnostics:
            diagnostics.append(error(Location(path, 1), "thread.yaml is empty"))
        return scrape, diagnostics
    fields = Fields(root, "thread.yaml", THREAD_KEYS, diagnostics)
    scrape.title = fields.text("title", "") or ""
    scrape.title_line = fields.location("title").line
    scrape.byline = fields.text("byline")
    scrape.notice = fields.text("notice")
    for key in ("source_url", "published", "summary", "section"):
        value = fields.text(key)
        if value:
            scrape.meta[key] = value
    assert scrape.chrome is not None
    ids: set[str] = set()
    for item in fields.items("comments"):
        chrome = _comment(Fields(item, "a comment", COMMENT_KEYS, diagnostics), scrape, ids, diagnostics)
        if chrome is None:
            continue
        scrape.chrome.append(chrome)
        if chrome.source_id is not None:
            ids.add(chrome.source_id)
    if not scrape.paragraphs:
        diagnostics.append(error(root.location, "thread has no comments"))
    return scrape, diagnostics


def _comment(comment: Fields, scrape: Scrape, known: set[str], diagnostics: list[Diagnostic]) -> ChromeComment | None:
    """One comment's entry; its paragraphs join the scrape's. None (and a diagnostic) when unusable.
    `known` holds the ids of the comments before it."""
    body = comment.text("text")
    deleted = comment.flag("deleted", False)
    if deleted and body:
        diagnostics.append(error(comment.location("text"), "a deleted comment has no 'text' (it stands as a placeholder)"))
        return None
    if not body and not deleted:
        diagnostics.append(error(comment.node.location, "a comment needs 'text'"))
        return None
    ident, parent, url = comment.text("id") or None, comment.text("parent") or None, comment.text("url") or None
    if ident is not None and ident in known:
        diagnostics.append(error(comment.location("id"), f"id '{ident}' is already another comment's"))
        return None
    if parent is not None and parent not in known:
        why = "its own id" if parent == ident else "not the id of an earlier comment"
        diagnostics.append(error(comment.location("parent"), f"parent '{parent}' is {why}"))
        parent = None
    if url is not None and not WEB_URL.match(url):
        diagnostics.append(error(comment.location("url"), f"url '{url}' must start with https:// or http://"))
        url = None
    paragraphs = []
    if body:
        # a block scalar (`text: |`) starts on the line after its key
        paragraphs = parse_paragraphs(body, comment.location("text").line + (1 if "\n" in body else 0))
    first = len(scrape.paragraphs)
    scrape.paragraphs.extend(paragraphs)
    author, time = comment.text("author", "") or "", comment.text("time", "") or ""
    return ChromeComment(first, len(paragraphs), author, time, ident, parent, url, deleted)
