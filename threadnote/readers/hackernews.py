"""Read Hacker News items, streamed: Algolia item trees (`children`) and search `hits`, Firebase item lists or JSON Lines."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..diagnostics import Diagnostic, warning
from ..model import Location
from .html import parse_html
from .jsonstream import iter_json
from .record import PUBLISHED, STRUCTURE_ERRORS, Export, SourceComment, epoch_time, iso_time, text_of
from .xmltree import Chunks, pieces

ITEM_URL = "https://news.ycombinator.com/item?id="
STORY_TYPES = frozenset({"story", "job", "poll"})
KNOWN_TYPES = STORY_TYPES | {"comment", "pollopt"}


@dataclass(slots=True)
class _Items:
    """What the items read so far hold: the stories, and each comment with the story it names (Algolia does)."""

    stories: dict[str, Export] = field(default_factory=dict)
    comments: list[tuple[SourceComment, str]] = field(default_factory=list)
    named: dict[str, Export] = field(default_factory=dict)
    """Stories not in the file that comments name, with the title they give (Algolia's `story_title`)."""


def read_hackernews(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """A thread per story whose comments the file holds, read an item at a time (a Firebase dump
    can hold a whole site): a comment's story is the one it names, else the root of its parents. A
    comment whose root is not in the file joins the first thread: it answers a comment not fetched."""
    diagnostics: list[Diagnostic] = []
    items = _Items()
    for line, value in iter_json(pieces(data), path, diagnostics):
        for item in _walk(value):
            where = Location(path, line)
            try:
                _add(item, where, items, diagnostics)
            except STRUCTURE_ERRORS as exc:
                diagnostics.append(warning(where, f"an item of a shape not foreseen ({type(exc).__name__}: {exc}): left out"))
    return _threads(items), diagnostics


def _walk(value: object) -> Iterator[dict[str, Any]]:
    """The items of one value: an Algolia tree walked without recursion (threads nest deep), the
    `hits` of a search, or one Firebase item."""
    if isinstance(value, dict) and isinstance(value.get("hits"), list):
        value = value["hits"]
    stack = list(reversed(value)) if isinstance(value, list) else [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            children = item.get("children")
            stack.extend(reversed([c for c in children if isinstance(c, dict)] if isinstance(children, list) else []))


def _add(item: dict[str, Any], where: Location, items: _Items, diagnostics: list[Diagnostic]) -> None:
    ident = text_of(item.get("id", item.get("objectID")))
    kind = _kind(item)
    if kind in STORY_TYPES:
        title = html.unescape(text_of(item.get("title")))
        items.stories.setdefault(ident, Export("hackernews", title, ITEM_URL + ident, _time(item), key=f"hn-{ident}"))
    elif kind == "comment":
        story = text_of(item.get("story_id"))
        if story and story not in items.named:
            title = html.unescape(text_of(item.get("story_title")))
            items.named[story] = Export("hackernews", title, ITEM_URL + story, None, key=f"hn-{story}")
        items.comments.append((_comment(item, ident, where), story))
    elif kind != "pollopt":
        diagnostics.append(warning(where, f"item {ident or '(no id)'} of type '{kind}': left out"))


def _kind(item: dict[str, Any]) -> str:
    """An item's type; a search hit tells it among its `_tags`."""
    if item.get("type") is not None:
        return text_of(item.get("type"))
    tags = item.get("_tags")
    return next((t for t in tags if t in KNOWN_TYPES), "") if isinstance(tags, list) else ""


def _time(item: dict[str, Any]) -> str | None:
    for key in ("time", "created_at_i"):
        if item.get(key) is not None:
            return epoch_time(item[key])
    return iso_time(text_of(item.get("created_at")))


def _comment(item: dict[str, Any], ident: str, where: Location) -> SourceComment:
    parent = text_of(item.get("parent") if "parent" in item else item.get("parent_id"))
    text = item.get("text", item.get("comment_text"))
    author = text_of(item.get("by") or item.get("author"))
    # Algolia gives a deleted or dead comment with text and author null; Firebase says so outright
    deleted = item.get("deleted") or text is None and not author
    return SourceComment(
        source_id=ident or None,
        parent_id=parent or None,
        author=author or None,
        time=_time(item),
        paragraphs=parse_html(text_of(text), 0),
        location=where,
        source_url=ITEM_URL + ident if ident else None,
        status="deleted" if deleted else "removed" if item.get("dead") else PUBLISHED,
    )


def _threads(items: _Items) -> list[Export]:
    """Each comment under its story, a reply to the story itself made top-level."""
    parent_of = {c.source_id: c.parent_id for c, _ in items.comments if c.source_id}
    threads = items.stories | {story: e for story, e in items.named.items() if story not in items.stories}
    roots = [story or _root(comment, parent_of) for comment, story in items.comments]
    unknown = {root for root in roots if root not in threads}
    if not threads and len(unknown) == 1:  # one story's comments without the story: its id is known
        story = unknown.pop()
        threads[story] = Export("hackernews", "", ITEM_URL + story, None)
    first = next(iter(threads.values()), None) or Export("hackernews")
    for (comment, _), root in zip(items.comments, roots):
        thread = threads.get(root)
        if thread is None:
            first.comments.append(comment)
        else:
            thread.comments.append(replace(comment, parent_id=None) if comment.parent_id == root else comment)
    found = [t for t in threads.values() if t.comments] or [first]
    if len(found) == 1:
        found[0].key = ""  # a one-thread file: its slug is its folder's
    return found


def _root(comment: SourceComment, parent_of: dict[str, str | None]) -> str:
    """The item at the top of the comment's parents in the file (a loop stops where it closes)."""
    at, seen = comment.source_id or "", set()
    while (parent := parent_of.get(at)) and at not in seen:
        seen.add(at)
        at = parent
    return at
