"""Read a Discourse topic (`/t/ID.json`, or a list of its pages): posts, parents from `reply_to_post_number`, bodies from `cooked`."""

from __future__ import annotations

import html
import re
from typing import Any

from ..dates import iso_time
from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .html import parse_html
from .jsonstream import read_document
from .record import PUBLISHED, Export, SourceComment, text_of
from .xmltree import Chunks, pieces

REGULAR, WHISPER = 1, 4
"""Post types: 2 (moderator action) and 3 (small action) are events, not comments."""
AVATAR_HOST = re.compile(r"^(/(?:[^/{}]+/)*?)user_avatar/([a-z0-9.-]+\.[a-z]{2,})/", re.IGNORECASE)
"""Discourse serves a forum's own avatars at `/user_avatar/<its host name>/<user>/...`: the one
place a topic's JSON names the forum it came from."""
_LIGHTBOX_META = re.compile(r'<div class="meta">.*?<span class="filename">(.*?)</span>.*?</div>', re.DOTALL)
"""The caption Discourse adds under an image it links to (file name, size, an icon)."""
_ONEBOX = re.compile(r'<aside class="onebox[^"]*"[^>]*data-onebox-src="([^"]*)"[^>]*>(.*?)</aside>', re.DOTALL)
_ONEBOX_TITLE = re.compile(r"<h3>(.*?)</h3>", re.DOTALL)
_EMOJI = re.compile(r'<img\b[^>]*\bclass="emoji[^"]*"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')
_TAGS = re.compile(r"<[^>]*>")


def read_discourse(data: bytes | Chunks, path: str, forum: str | None = None) -> tuple[list[Export], list[Diagnostic]]:
    """Posts in stream order; a post that answers one not in the file (moved, deleted) is top-level,
    and each post of the stream the file does not hold is counted as missing. Relative links are
    made absolute against the forum: `forum` (site.yaml's, without a trailing slash), else the one
    the topic names (`base_url`, or its avatars' host)."""
    root, diagnostics = read_document(pieces(data), path)
    pages = [p for p in (root if isinstance(root, list) else [root]) if isinstance(p, dict)]
    posts = _posts(pages)
    if posts is None:
        return [], diagnostics + [error(Location(path), "not a Discourse topic: no 'post_stream.posts'")]
    topic = next((p for p in pages if p.get("title")), pages[0])
    base = forum or _forum(topic, posts)
    address = f"{base}/t/{text_of(topic.get('slug')) or 'topic'}/{text_of(topic.get('id'))}" if base else None
    export = Export("discourse", html.unescape(text_of(topic.get("title"))), address, iso_time(text_of(topic.get("created_at"))))
    held = {text_of(p.get("id")) for p in posts}
    # the stream lists every post; a page of the topic holds 20 (fetch the rest: /t/ID/posts.json?post_ids[]=...)
    export.missing = len({text_of(i) for page in pages for i in _stream(page)} - held)
    by_number = {text_of(p.get("post_number")): text_of(p.get("id")) for p in posts}
    for post in posts:
        if post.get("post_type", REGULAR) not in (REGULAR, WHISPER):
            continue
        ident = text_of(post.get("id"))
        if not ident:
            diagnostics.append(warning(Location(path), f"post number {text_of(post.get('post_number'))} has no id: its id comes from its words"))
        replied = text_of(post.get("reply_to_post_number"))
        export.comments.append(SourceComment(
            source_id=ident or None,
            parent_id=by_number.get(replied, f"post-number-{replied}") if replied else None,
            author=text_of(post.get("name")) or text_of(post.get("username")) or None,
            time=iso_time(text_of(post.get("created_at"))),
            paragraphs=parse_html(_plain_cooked(text_of(post.get("cooked"))), 0, base + "/" if base else None),
            location=Location(path),
            source_url=f"{address}/{text_of(post.get('post_number'))}" if address and post.get("post_number") else None,
            status=_status(post),
        ))
    return [export], diagnostics


def _posts(pages: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """Every post of the pages, once each (pages fetched apart may overlap), or None if none is a topic."""
    streams = [p.get("post_stream") for p in pages]
    lists = [s["posts"] for s in streams if isinstance(s, dict) and isinstance(s.get("posts"), list)]
    if not lists:
        return None
    posts: dict[str, dict[str, Any]] = {}
    for post in (p for listed in lists for p in listed if isinstance(p, dict)):
        posts.setdefault(text_of(post.get("id")) or f"at-{len(posts)}", post)
    return list(posts.values())


def _stream(page: dict[str, Any]) -> list[Any]:
    stream = page.get("post_stream")
    listed = stream.get("stream") if isinstance(stream, dict) else None
    return listed if isinstance(listed, list) else []


def _forum(topic: dict[str, Any], posts: list[dict[str, Any]]) -> str | None:
    """The forum's address, without a trailing slash: as the export states it, else from the host
    (and the folder, for a forum installed in one) its own avatars are served for, over https."""
    stated = text_of(topic.get("base_url")).rstrip("/")
    if stated.startswith(("http://", "https://")):
        return stated
    templates = [text_of(p.get("avatar_template")) for p in posts]
    found = next((m for t in templates if (m := AVATAR_HOST.match(t))), None)
    return f"https://{found.group(2).lower()}{found.group(1).rstrip('/')}" if found else None


def _plain_cooked(cooked: str) -> str:
    """Discourse's own markup made plain before sanitising: an image link keeps its file name, not
    its caption; a link preview (onebox) is one link; an emoji is its `:name:`."""
    cooked = _LIGHTBOX_META.sub(lambda m: m.group(1), cooked)
    cooked = _ONEBOX.sub(_onebox_link, cooked)
    return _EMOJI.sub(lambda m: found.group(1) if (found := _ALT.search(m.group())) else "", cooked)


def _onebox_link(match: re.Match[str]) -> str:
    source = match.group(1)
    title = _ONEBOX_TITLE.search(match.group(2))
    words = _TAGS.sub("", title.group(1)).strip() if title else ""
    return f'<p><a href="{source}">{words or source}</a></p>'


def _status(post: dict[str, Any]) -> str:
    if post.get("deleted_at") or post.get("user_deleted"):
        return "deleted"
    if post.get("hidden"):
        return "hidden"
    return "hidden" if post.get("post_type") == WHISPER else PUBLISHED
