"""Read a structured thread (`thread.yaml`): comments with their authors and times, given apart."""

from __future__ import annotations

from ..diagnostics import Diagnostic, error
from ..fields import Fields
from ..model import Location
from ..yamlsrc import parse_yaml
from .scrape import ChromeComment, Scrape, parse_paragraphs

THREAD_KEYS = {"title", "byline", "source_url", "published", "summary", "section", "notice", "comments"}
COMMENT_KEYS = {"author", "time", "text"}


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
    for item in fields.items("comments"):
        comment = Fields(item, "a comment", COMMENT_KEYS, diagnostics)
        body = comment.text("text")
        if not body:
            diagnostics.append(error(item.location, "a comment needs 'text'"))
            continue
        # a block scalar (`text: |`) starts on the line after its key
        first_line = comment.location("text").line + (1 if "\n" in body else 0)
        paragraphs = parse_paragraphs(body, first_line)
        assert scrape.chrome is not None
        scrape.chrome.append(ChromeComment(len(scrape.paragraphs), len(paragraphs), comment.text("author", "") or "", comment.text("time", "") or ""))
        scrape.paragraphs.extend(paragraphs)
    if not scrape.paragraphs:
        diagnostics.append(error(root.location, "thread has no comments"))
    return scrape, diagnostics
