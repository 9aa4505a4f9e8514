"""Read a Discourse topic (`/t/ID.json`): its posts, parents from `reply_to_post_number`, bodies from `cooked`."""

from __future__ import annotations

import html
from typing import Any

from ..diagnostics import Diagnostic, error
from ..model import Location
from .html import parse_html
from .jsonstream import read_document
from .record import PUBLISHED, Export, SourceComment, iso_time, text_of
from .xmltree import Chunks, pieces

REGULAR, WHISPER = 1, 4
"""Post types: 2 (moderator action) and 3 (small action) are events, not comments."""


def read_discourse(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Posts in stream order; a post that answers one not in the file (moved, deleted) is top-level."""
    root, diagnostics = read_document(pieces(data), path)
    stream = root.get("post_stream") if isinstance(root, dict) else None
    if not isinstance(root, dict) or not isinstance(stream, dict) or not isinstance(stream.get("posts"), list):
        return [], diagnostics + [error(Location(path), "not a Discourse topic: no 'post_stream.posts'")]
    posts = stream["posts"]
    posts = [p for p in posts if isinstance(p, dict)]
    export = Export("discourse", html.unescape(text_of(root.get("title"))), published=iso_time(text_of(root.get("created_at"))))
    listed = stream.get("stream")
    # the stream lists every post; a page of the topic holds 20 (fetch the rest: /t/ID/posts.json?post_ids[]=...)
    export.missing = max(len(listed) - len(posts), 0) if isinstance(listed, list) else 0
    by_number = {text_of(p.get("post_number")): text_of(p.get("id")) for p in posts}
    for post in posts:
        if post.get("post_type", REGULAR) not in (REGULAR, WHISPER):
            continue
        replied = text_of(post.get("reply_to_post_number"))
        export.comments.append(SourceComment(
            source_id=text_of(post.get("id")) or None,
            parent_id=by_number.get(replied, f"post-number-{replied}") if replied else None,
            author=text_of(post.get("name")) or text_of(post.get("username")) or None,
            time=iso_time(text_of(post.get("created_at"))),
            paragraphs=parse_html(text_of(post.get("cooked")), 0),
            location=Location(path),
            status=_status(post),
        ))
    return [export], diagnostics


def _status(post: dict[str, Any]) -> str:
    if post.get("deleted_at") or post.get("user_deleted"):
        return "deleted"
    if post.get("hidden"):
        return "hidden"
    return "hidden" if post.get("post_type") == WHISPER else PUBLISHED
