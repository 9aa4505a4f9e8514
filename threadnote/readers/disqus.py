"""Read a Disqus XML export: its threads and posts, streamed, matched by their `dsq:id`s."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, replace
from xml.etree.ElementTree import Element

from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .html import parse_html
from .record import PUBLISHED, Export, SourceComment, iso_time, url_key
from .xmltree import Chunks, XmlProblem, child_text, line_of, read_elements

INTERNALS = "{http://disqus.com/disqus-internals}id"
"""Threads, posts and parents are matched by this attribute, never by the `<id>` child (often empty)."""
STATUSES = {"approved": PUBLISHED, "unapproved": "pending", "spam": "spam", "deleted": "deleted"}
"""`<status>`, which some exports carry beside the flags."""


TRUE = frozenset({"true", "1"})
"""How an `xs:boolean` says yes."""


@dataclass(frozen=True, slots=True)
class _Thread:
    link: str
    title: str
    created: str | None
    deleted: bool


def read_disqus(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """One Export per thread (threads whose links differ only in scheme, host or `index.html` are one).
    Each post is made a comment as it is read and its element let go: only the threads, which posts
    may come before, are matched at the end."""
    repairs: list[Diagnostic] = []
    diagnostics: list[Diagnostic] = []
    threads: dict[str, _Thread] = {}
    posts: deque[tuple[str | None, SourceComment]] = deque()
    try:
        for element in read_elements(data, path, lambda names: len(names) == 2 and names[1] in ("thread", "post"), repairs):
            ident = element.get(INTERNALS)
            what = element.tag.rpartition("}")[2]
            if not ident:
                diagnostics.append(warning(Location(path, line_of(element)), f"a {what} without a dsq:id: left out"))
            elif what == "thread":
                threads[ident] = _Thread(child_text(element, "link"), child_text(element, "title"),
                                         iso_time(child_text(element, "createdAt")), _yes(element, "isDeleted"))
            else:
                posts.append((_reference(element, "thread"), _post(ident, element, path, diagnostics)))
    except XmlProblem as problem:
        return [], repairs + diagnostics + [error(Location(path, problem.line), problem.message)]
    exports: dict[str, Export] = {}
    deleted: Counter[str] = Counter()
    while posts:  # each post let go as its comment is made: two copies of them all would double the peak
        thread_id, post = posts.popleft()
        thread = threads.get(thread_id or "")
        if thread is None:
            message = f"post {post.source_id} belongs to thread '{thread_id}', not in the file: left out"
            diagnostics.append(warning(post.location, message))
            continue
        if thread.deleted:
            deleted[thread_id or ""] += 1
            continue
        key = url_key(thread.link) or f"thread-{thread_id}"
        export = exports.setdefault(key, Export("disqus", thread.title, thread.link or None, thread.created, key=key))
        page = thread.link.partition("#")[0]
        export.comments.append(replace(post, source_url=f"{page}#comment-{post.source_id}" if page else None))
    diagnostics += [warning(Location(path), f"thread '{ident}' is deleted in Disqus: its {count} posts are left out")
                    for ident, count in deleted.items()]
    return list(exports.values()), repairs + diagnostics


def _yes(element: Element, name: str) -> bool:
    return child_text(element, name).lower() in TRUE


def _reference(element: Element, name: str) -> str | None:
    found = next((c for c in element if c.tag.rpartition("}")[2] == name), None)
    return found.get(INTERNALS) if found is not None else None


def _post(ident: str, element: Element, path: str, diagnostics: list[Diagnostic]) -> SourceComment:
    where = Location(path, line_of(element))
    created = child_text(element, "createdAt")
    time = iso_time(created)
    if created and time is None:
        diagnostics.append(warning(where, f"post {ident}: createdAt '{created}' is not a date: left undated"))
    author = child_text(element, "author", "name") or child_text(element, "author", "username")
    return SourceComment(
        source_id=ident,
        parent_id=_reference(element, "parent"),
        author=author or None,
        time=time,
        paragraphs=parse_html(child_text(element, "message"), where.line),
        location=where,
        status=_status(element),
    )


def _status(element: Element) -> str:
    if _yes(element, "isSpam"):
        return "spam"
    if _yes(element, "isDeleted"):
        return "deleted"
    if child_text(element, "isApproved").lower() in ("false", "0"):
        return "pending"
    return STATUSES.get(child_text(element, "status").lower(), PUBLISHED)
