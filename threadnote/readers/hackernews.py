"""Read Hacker News items: an Algolia item tree (`children`) or a list of Firebase items (`kids`, `parent`)."""

from __future__ import annotations

import html
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .html import parse_html
from .record import PUBLISHED, Export, SourceComment, epoch_time, iso_time, load_json, text_of

ITEM_URL = "https://news.ycombinator.com/item?id="
STORY_TYPES = frozenset({"story", "job", "poll"})


def read_hackernews(data: bytes, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """The first story is the thread; every comment item (of any depth) is a comment."""
    root, diagnostics = load_json(data, path)
    items = _items(root)
    if items is None:
        return [], diagnostics + [error(Location(path), "not Hacker News items (an object with 'children', or a list)")]
    export = Export("hackernews")
    for item in items:
        kind = text_of(item.get("type"))
        if kind in STORY_TYPES and not export.title:
            export.title = html.unescape(text_of(item.get("title")))
            export.source_url = ITEM_URL + text_of(item.get("id"))
            export.published = _time(item)
        elif kind == "comment":
            export.comments.append(_comment(item, path))
        elif kind not in STORY_TYPES | {"pollopt"}:
            diagnostics.append(warning(Location(path), f"item {text_of(item.get('id'))} of type '{kind}': left out"))
    return [export], diagnostics


def _items(root: object) -> list[dict[str, Any]] | None:
    """Every item of the file, an Algolia tree walked without recursion (threads nest deep)."""
    if isinstance(root, dict):
        root = [root]
    if not isinstance(root, list):
        return None
    found: list[dict[str, Any]] = []
    stack = [x for x in reversed(root)]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        found.append(item)
        stack.extend(reversed([c for c in item.get("children") or [] if isinstance(c, dict)]))
    return found


def _time(item: dict[str, Any]) -> str | None:
    for key in ("time", "created_at_i"):
        if item.get(key) is not None:
            return epoch_time(item[key])
    return iso_time(text_of(item.get("created_at")))


def _comment(item: dict[str, Any], path: str) -> SourceComment:
    ident = text_of(item.get("id"))
    parent = text_of(item.get("parent") if "parent" in item else item.get("parent_id"))
    text = item.get("text")
    author = text_of(item.get("by") or item.get("author"))
    # Algolia gives a deleted or dead comment with text and author null; Firebase says so outright
    status = "deleted" if item.get("deleted") or text is None and not author else "removed" if item.get("dead") else PUBLISHED
    return SourceComment(
        source_id=ident or None,
        parent_id=parent or None,
        author=author or None,
        time=_time(item),
        paragraphs=parse_html(text_of(text), 0),
        location=Location(path),
        source_url=ITEM_URL + ident if ident else None,
        status=status,
    )
