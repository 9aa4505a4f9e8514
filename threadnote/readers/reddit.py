"""Read a Reddit comments listing (`/comments/ID.json`, or `/api/morechildren`'s flat list) into comments."""

from __future__ import annotations

import html
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .jsonstream import read_document
from .markdown_body import parse_markdown
from .record import PUBLISHED, Export, SourceComment, epoch_time, text_of
from .xmltree import Chunks, pieces

SITE = "https://www.reddit.com"
GONE = "[deleted]"
REMOVED = "[removed]"


def read_reddit(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Nested `replies` are walked without recursion (Reddit nests hundreds deep); `more` stubs are
    counted as comments the file does not hold."""
    root, diagnostics = read_document(pieces(data), path)
    export = Export("reddit")
    things = _things(root, export)
    if things is None:
        return [], diagnostics + [error(Location(path), "not a Reddit comments listing")]
    escaped = _entity_escaped(things)
    stack = list(reversed(things))
    while stack:
        thing = stack.pop()
        if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
            diagnostics.append(warning(Location(path), "a listing entry that is not a thing: left out"))
            continue
        fields: dict[str, Any] = thing["data"]
        if thing.get("kind") == "more":
            # a `more` stub counts the comments it stands for; "continue this thread" (`_`) counts none
            export.missing += int(fields.get("count") or 0)
            continue
        if thing.get("kind") != "t1":
            continue
        export.comments.append(_comment(fields, escaped, path))
        replies = fields.get("replies")
        if isinstance(replies, dict):  # `""` when there are none
            stack.extend(reversed(replies.get("data", {}).get("children") or []))
    return [export], diagnostics


def _things(root: object, export: Export) -> list[Any] | None:
    """The top-level comments; the link's title and address go into the export."""
    if isinstance(root, dict) and isinstance(root.get("json"), dict):  # /api/morechildren
        things = root["json"].get("data", {}).get("things")
        return things if isinstance(things, list) else None
    if isinstance(root, dict) and root.get("kind") == "Listing":
        root = [root]
    if not isinstance(root, list) or not root or not all(isinstance(x, dict) for x in root):
        return None
    listings = [x.get("data", {}).get("children") or [] for x in root if x.get("kind") == "Listing"]
    links = [t.get("data", {}) for listing in listings for t in listing if isinstance(t, dict) and t.get("kind") == "t3"]
    if links:
        link = links[0]
        export.title = html.unescape(text_of(link.get("title")))
        export.source_url = SITE + text_of(link.get("permalink")) if link.get("permalink") else None
        export.published = epoch_time(link.get("created_utc"))
    return [t for listing in listings for t in listing if isinstance(t, dict) and t.get("kind") != "t3"]


def _entity_escaped(things: list[Any]) -> bool:
    """Whether the file was fetched without `raw_json=1`: then every `<`, `>` and `&` of a body is
    an entity, and `body_html` is escaped HTML. Decided once per file, so text is decoded once."""
    for thing in things:
        fields = thing.get("data") if isinstance(thing, dict) else None
        if isinstance(fields, dict) and isinstance(fields.get("body_html"), str):
            return bool(fields["body_html"].startswith("&lt;"))
        if isinstance(fields, dict) and any(mark in text_of(fields.get("body")) for mark in "<>"):
            return False
    return True


def _comment(fields: dict[str, Any], escaped: bool, path: str) -> SourceComment:
    body = text_of(fields.get("body"))
    body = html.unescape(body) if escaped else body
    author = text_of(fields.get("author"))
    status = "deleted" if body == GONE else "removed" if body == REMOVED else PUBLISHED
    parent = text_of(fields.get("parent_id"))
    return SourceComment(
        source_id=text_of(fields.get("name")) or None,
        parent_id=parent if parent.startswith("t1_") else None,
        author=author if author and author != GONE else None,
        time=epoch_time(fields.get("created_utc")),
        paragraphs=parse_markdown(body, 0),
        location=Location(path),
        source_url=SITE + text_of(fields.get("permalink")) if fields.get("permalink") else None,
        status=status,
    )
