"""Read a Disqus XML export: its threads and posts, streamed, matched by their `dsq:id`s, handed on in batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from ..dates import iso_time
from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .html import parse_html
from .record import PUBLISHED, Export, SourceComment, Streamed, gathered, streaming, url_key
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


BATCH_POSTS = 2000
"""Posts made comments and held until they are handed on together, each thread's as one piece."""


def read_disqus(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """One Export per thread (threads whose links differ only in scheme, host or `index.html` are one)."""
    return gathered(stream_disqus(data, path))


def stream_disqus(data: bytes | Chunks, path: str) -> Streamed:
    """The threads' posts as they are read, BATCH_POSTS at a time: an export lists its threads
    first, then the posts of all of them, interleaved. Only the threads are kept to the end, and
    the posts of a thread not listed yet (which wait for it, as it may come later)."""
    return streaming(lambda streamed: _pieces(data, path, streamed))


@dataclass(slots=True)
class _Batch:
    """The posts read since the last batch was handed on, by thread key."""

    pieces: dict[str, Export] = field(default_factory=dict)
    posts: int = 0
    deleted: Counter[str] = field(default_factory=Counter)
    """Posts of each thread deleted in Disqus, told once for the thread."""

    def add(self, thread_id: str, thread: _Thread, post: SourceComment) -> None:
        if thread.deleted:
            self.deleted[thread_id] += 1
            return
        key = url_key(thread.link) or f"thread-{thread_id}"
        piece = self.pieces.setdefault(key, Export("disqus", thread.title, thread.link or None, thread.created, key=key))
        page = thread.link.partition("#")[0]
        piece.comments.append(replace(post, source_url=f"{page}#comment-{post.source_id}" if page else None))
        self.posts += 1

    def taken(self) -> list[Export]:
        pieces = list(self.pieces.values())
        self.pieces.clear()
        self.posts = 0
        return pieces


def _pieces(data: bytes | Chunks, path: str, streamed: Streamed) -> Iterator[Export]:
    repairs: list[Diagnostic] = []
    diagnostics: list[Diagnostic] = []
    threads: dict[str, _Thread] = {}
    early: dict[str | None, list[tuple[int, SourceComment]]] = {}
    """Posts read before their thread, with their place in the file."""
    batch = _Batch()
    try:
        elements = read_elements(data, path, lambda names: len(names) == 2 and names[1] in ("thread", "post"), repairs)
        for number, element in enumerate(elements):
            ident = element.get(INTERNALS)
            what = element.tag.rpartition("}")[2]
            if not ident:
                diagnostics.append(warning(Location(path, line_of(element)), f"a {what} without a dsq:id: left out"))
            elif what == "thread":
                threads[ident] = _Thread(child_text(element, "link"), child_text(element, "title"),
                                         iso_time(child_text(element, "createdAt")), _yes(element, "isDeleted"))
                for _, post in early.pop(ident, []):
                    batch.add(ident, threads[ident], post)
            else:
                thread_id = _reference(element, "thread")
                post = _post(ident, element, path, diagnostics)
                if (thread := threads.get(thread_id or "")) is not None:
                    batch.add(thread_id or "", thread, post)
                else:
                    early.setdefault(thread_id, []).append((number, post))
            if batch.posts >= BATCH_POSTS:
                yield from batch.taken()
    except XmlProblem as problem:
        streamed.broken = True
        streamed.diagnostics += repairs + diagnostics + [error(Location(path, problem.line), problem.message)]
        return
    yield from batch.taken()
    left = sorted((number, thread_id, post) for thread_id, posts in early.items() for number, post in posts)
    diagnostics += [warning(post.location, f"post {post.source_id} belongs to thread '{thread_id}', not in the file: left out")
                    for _, thread_id, post in left]
    diagnostics += [warning(Location(path), f"thread '{ident}' is deleted in Disqus: its {count} posts are left out")
                    for ident, count in batch.deleted.items()]
    streamed.diagnostics += repairs + diagnostics


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
