"""Read Reddit comments: a `/comments/ID.json` listing, `/api/morechildren`'s flat list, or a dump of one comment a line."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, error, warning
from ..model import Location, Paragraph
from .batches import Batches
from .html import parse_html
from .jsonstream import iter_json
from .markdown_body import parse_markdown
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

SITE = "https://www.reddit.com"
GONE = "[deleted]"
REMOVED = "[removed]"


def read_reddit(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Every thread of the file, whole (see stream_reddit)."""
    return gathered(stream_reddit(data, path))


def stream_reddit(data: bytes | Chunks, path: str) -> Streamed:
    """A thread per link the comments belong to (a Pushshift or Arctic Shift dump, one comment a
    line, may hold many, as may a file of listings), read a value at a time and handed on in
    batches. Nested `replies` are walked without recursion (Reddit nests hundreds deep); `more`
    stubs are counted as comments the file does not hold."""
    return streaming(lambda streamed: _pieces(data, path, streamed))


def _pieces(data: bytes | Chunks, path: str, streamed: Streamed) -> Iterator[Export]:
    diagnostics = streamed.diagnostics
    threads = Batches("reddit")
    listed = False
    for line, value in iter_json(pieces(data), path, diagnostics):
        things = _things(value, threads)
        if things is None:
            diagnostics.append(warning(Location(path, line), "neither a Reddit listing nor a comment: left out"))
            continue
        listed = True
        try:
            _read_things(things, _entity_escaped(things), Location(path, line), threads, diagnostics)
        except STRUCTURE_ERRORS as exc:
            diagnostics.append(warning(Location(path, line), f"a listing of a shape not foreseen ({type(exc).__name__}: {exc}): "
                                                             "left out from there"))
        yield from threads.full()
    if not listed:
        diagnostics.append(error(Location(path), "not a Reddit comments listing"))
        return
    yield from threads.rest()


def _read_things(things: list[Any], escaped: bool, where: Location, threads: Batches, diagnostics: list[Diagnostic]) -> None:
    stack = list(reversed(things))
    while stack:
        thing = stack.pop()
        if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
            diagnostics.append(warning(where, "a listing entry that is not a thing: left out"))
            continue
        fields: dict[str, Any] = thing["data"]
        if thing.get("kind") == "more":
            # a `more` stub counts the comments it stands for; "continue this thread" (`_`) counts none
            threads.add_missing(_thread(threads, fields), int(text_of(fields.get("count")) or 0))
            continue
        if thing.get("kind") != "t1":
            continue
        threads.add(_thread(threads, fields), _comment(fields, escaped, where))
        replies = fields.get("replies")
        if isinstance(replies, dict):  # `""` when there are none
            stack.extend(reversed(_children(replies)))


def _thread(threads: Batches, fields: dict[str, Any]) -> str:
    """The key of the thread of the link (`t3_...`) a comment belongs to; one that names none (a
    listing's comments need not) belongs to the listing's link, the first read."""
    link = text_of(fields.get("link_id"))
    key = f"reddit-{link.removeprefix('t3_')}" if link else next(iter(threads.threads), "reddit-")
    threads.thread(key)
    return key


def _things(value: object, threads: Batches) -> list[Any] | None:
    """The comments of one value of the file; a link's title and address go into its thread."""
    if isinstance(value, dict) and isinstance(value.get("json"), dict):  # /api/morechildren
        data = value["json"].get("data")
        things = data.get("things") if isinstance(data, dict) else None
        return things if isinstance(things, list) else None
    if isinstance(value, dict) and value.get("kind") in ("t1", "more"):
        return [value]
    if isinstance(value, dict) and "body" in value and "parent_id" in value:  # a dump's comment, bare
        return [{"kind": "t1", "data": value}]
    listings = [x for x in (value if isinstance(value, list) else [value]) if isinstance(x, dict) and x.get("kind") == "Listing"]
    whole = len(listings) == (len(value) if isinstance(value, list) else 1)
    if not listings or not whole or not all(isinstance(x.get("data"), dict) for x in listings):
        return None
    children = [t for x in listings for t in _children(x) if isinstance(t, dict)]
    for link in (t["data"] for t in children if t.get("kind") == "t3" and isinstance(t.get("data"), dict)):
        key = _thread(threads, {"link_id": text_of(link.get("name")) or "t3_" + text_of(link.get("id"))})
        threads.describe(key, html.unescape(text_of(link.get("title"))),
                         SITE + text_of(link.get("permalink")) if link.get("permalink") else None, epoch_time(link.get("created_utc")))
    return [t for t in children if t.get("kind") != "t3"]


def _children(listing: dict[str, Any]) -> list[Any]:
    data = listing.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else []


def _entity_escaped(things: list[Any]) -> bool:
    """Whether the listing was fetched without `raw_json=1`: then every `<`, `>` and `&` of a body is
    an entity, and `body_html` is escaped HTML. Decided once per listing, so text is decoded once."""
    for thing in things:
        fields = thing.get("data") if isinstance(thing, dict) else None
        if isinstance(fields, dict) and isinstance(fields.get("body_html"), str):
            return bool(fields["body_html"].startswith("&lt;"))
        if isinstance(fields, dict) and any(mark in text_of(fields.get("body")) for mark in "<>"):
            return False
    return True


def _comment(fields: dict[str, Any], escaped: bool, where: Location) -> SourceComment:
    body = text_of(fields.get("body"))
    body = html.unescape(body) if escaped else body
    author = text_of(fields.get("author"))
    status = "deleted" if body == GONE else "removed" if body == REMOVED else PUBLISHED
    parent = text_of(fields.get("parent_id"))
    name = text_of(fields.get("name")) or ("t1_" + text_of(fields.get("id")) if fields.get("id") else "")
    return SourceComment(
        source_id=name or None,
        parent_id=parent if parent.startswith("t1_") else None,
        author=author if author and author != GONE else None,
        time=epoch_time(fields.get("created_utc")),
        paragraphs=_body(body, text_of(fields.get("body_html")), escaped),
        location=where,
        source_url=SITE + text_of(fields.get("permalink")) if fields.get("permalink") else None,
        status=status,
    )


def _body(body: str, body_html: str, escaped: bool) -> tuple[Paragraph, ...]:
    """The Markdown source; where a capture kept only the rendered `body_html`, that."""
    if body or not body_html:
        return parse_markdown(body, 0)
    return parse_html(html.unescape(body_html) if escaped else body_html, 0)
