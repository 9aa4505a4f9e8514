"""Read Hacker News items, streamed: Algolia item trees (`children`) and search `hits`, Firebase item lists or JSON Lines."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..dates import iso_time
from ..diagnostics import Diagnostic, warning
from ..model import Location
from .batches import Batches
from .html import parse_html
from .jsonstream import iter_json
from .record import (
    PUBLISHED,
    STRUCTURE_ERRORS,
    Export,
    SourceComment,
    Streamed,
    epoch_time,
    gathered,
    streaming,
    text_of,
)
from .xmltree import Chunks, pieces

ITEM_URL = "https://news.ycombinator.com/item?id="
STORY_TYPES = frozenset({"story", "job", "poll"})
KNOWN_TYPES = STORY_TYPES | {"comment", "pollopt"}


def read_hackernews(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Every thread of the file, whole (see stream_hackernews)."""
    return gathered(stream_hackernews(data, path))


def stream_hackernews(data: bytes | Chunks, path: str) -> Streamed:
    """A thread per story whose comments the file holds, handed on in batches as the items are read
    (a Firebase dump can hold a whole site). A comment's story is the one it names, else its
    parent's: a reply read before its parent waits for it. A comment whose parents go up to an
    item not in the file joins the first thread: it answers a comment not fetched."""
    return streaming(lambda streamed: _pieces(data, path, streamed))


@dataclass(slots=True)
class _Stories:
    """What the items read so far tell: the story each item is under (an id for each item read,
    all that is kept of a comment once it is handed on), and the replies that wait for their parent."""

    batches: Batches = field(default_factory=lambda: Batches("hackernews"))
    story_of: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, list[SourceComment]] = field(default_factory=dict)
    """Replies to an item not read yet, by that item's id."""
    first: str | None = None
    """The first story read: the thread of the comments whose story is not in the file."""
    first_named: str | None = None
    """The first story a comment names: that thread, in a file that holds no story."""


def _pieces(data: bytes | Chunks, path: str, streamed: Streamed) -> Iterator[Export]:
    stories = _Stories()
    for line, value in iter_json(pieces(data), path, streamed.diagnostics):
        for item in _walk(value):
            where = Location(path, line)
            try:
                _add(item, where, stories, streamed.diagnostics)
            except STRUCTURE_ERRORS as exc:
                streamed.diagnostics.append(warning(where, f"an item of a shape not foreseen ({type(exc).__name__}: {exc}): left out"))
        yield from stories.batches.full()
    _place_the_rest(stories)
    first = stories.first or stories.first_named
    yield from stories.batches.rest(_key(first) if first is not None else None)


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


def _add(item: dict[str, Any], where: Location, stories: _Stories, diagnostics: list[Diagnostic]) -> None:
    ident = text_of(item.get("id", item.get("objectID")))
    kind = _kind(item)
    if kind in STORY_TYPES:
        _story(stories, ident, html.unescape(text_of(item.get("title"))), _time(item))
    elif kind == "comment":
        comment = _comment(item, ident, where)
        story = text_of(item.get("story_id"))
        if story:
            _named(stories, story, html.unescape(text_of(item.get("story_title"))))
        story = story or stories.story_of.get(comment.parent_id or "", "")
        if story:
            _place(stories, comment, story)
        else:
            stories.waiting.setdefault(comment.parent_id or "", []).append(comment)
    elif kind != "pollopt":
        diagnostics.append(warning(where, f"item {ident or '(no id)'} of type '{kind}': left out"))


def _key(story: str) -> str:
    return f"hn-{story}"


def _story(stories: _Stories, ident: str, title: str, published: str | None) -> None:
    """A story read: its thread's header, and the replies that waited for it."""
    stories.batches.describe(_key(ident), title, ITEM_URL + ident, published)
    stories.story_of[ident] = ident
    stories.first = stories.first or ident
    for reply in stories.waiting.pop(ident, []):
        _place(stories, reply, ident)


def _named(stories: _Stories, story: str, title: str) -> None:
    """A story a comment names, with its title (Algolia's `story_title`), whether or not the file holds it."""
    stories.batches.describe(_key(story), title, ITEM_URL + story)
    stories.first_named = stories.first_named or story


def _place(stories: _Stories, comment: SourceComment, story: str) -> None:
    """The comment into its story's thread (a reply to the story itself made top-level), and the
    replies that waited for it after it."""
    placing = [comment]
    while placing:
        comment = placing.pop()
        if comment.source_id:
            stories.story_of[comment.source_id] = story
            placing.extend(reversed(stories.waiting.pop(comment.source_id, [])))
        stories.batches.add(_key(story), replace(comment, parent_id=None) if comment.parent_id == story else comment)


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


def _place_the_rest(stories: _Stories) -> None:
    """At the file's end, the comments whose story never came: each into the first thread, or,
    when the file names no story at all and they all go up to one item, into that item's thread."""
    left = [reply for replies in stories.waiting.values() for reply in replies]
    stories.waiting.clear()
    parent_of = {c.source_id: c.parent_id for c in left if c.source_id}
    roots = {_root(comment, parent_of) for comment in left}
    if not stories.batches.headers and len(roots) == 1:  # one story's comments without the story: its id is known
        story = roots.pop()
        stories.batches.describe(_key(story), source_url=ITEM_URL + story)
        for comment in left:
            _place(stories, comment, story)
        return
    first = stories.first or stories.first_named
    for comment in left:
        stories.batches.add(_key(first) if first is not None else "", comment)


def _root(comment: SourceComment, parent_of: dict[str, str | None]) -> str:
    """The item at the top of the comment's parents in the file (a loop stops where it closes)."""
    at, seen = comment.source_id or "", set()
    while (parent := parent_of.get(at)) and at not in seen:
        seen.add(at)
        at = parent
    return at
