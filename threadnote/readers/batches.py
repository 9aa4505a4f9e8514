"""The threads of a JSON dump handed on as it is read: a batch of comments at a time, each thread's as one piece."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .record import Export, SourceComment

BATCH_COMMENTS = 2000
"""Comments held until they are handed on together, each thread's as one piece."""


@dataclass(slots=True)
class _Pending:
    comments: list[SourceComment] = field(default_factory=list)
    missing: int = 0


@dataclass(slots=True)
class Batches:
    """A dump's threads by key: their headers, kept to the end (they are small) and filled in as
    the file tells more, and their comments, handed on BATCH_COMMENTS at a time (record.Streamed).

    A file that holds one thread is keyed "" (its slug is its folder's, or the file's): until a
    second thread shows, the first one's comments wait, and a one-thread file is held whole."""

    format: str
    headers: dict[str, Export] = field(default_factory=dict)
    threads: dict[str, None] = field(default_factory=dict)
    """The keys of the threads the file holds so far, in the order they showed (a header alone,
    such as a story without comments, is no thread of the file's)."""
    pending: dict[str, _Pending] = field(default_factory=dict)
    held: int = 0
    """Comments pending."""
    handed: set[str] = field(default_factory=set)
    """Threads a piece of which was handed on."""

    def describe(self, key: str, title: str = "", source_url: str | None = None, published: str | None = None) -> None:
        """What the file tells of a thread's header: each field not known yet (the first told
        stands). A thread handed on already gets it with its next piece."""
        header = self.headers.setdefault(key, Export(self.format, key=key))
        told = (header.title or title, header.source_url or source_url, header.published or published)
        if told != (header.title, header.source_url, header.published):
            header.title, header.source_url, header.published = told
            if key in self.handed:
                self.pending.setdefault(key, _Pending())

    def thread(self, key: str) -> None:
        """A thread the file holds (even with no comments)."""
        self.threads.setdefault(key, None)
        self.headers.setdefault(key, Export(self.format, key=key))

    def add(self, key: str, comment: SourceComment) -> None:
        self.thread(key)
        self.pending.setdefault(key, _Pending()).comments.append(comment)
        self.held += 1

    def add_missing(self, key: str, count: int) -> None:
        """Comments of the thread that the source counts and the file does not hold."""
        self.thread(key)
        self.pending.setdefault(key, _Pending()).missing += count

    def full(self) -> Iterator[Export]:
        """The pending pieces, once they make a batch and the file is known to hold several threads."""
        if self.held >= BATCH_COMMENTS and len(self.threads) > 1:
            yield from self._taken()

    def rest(self, alone: str | None = None) -> Iterator[Export]:
        """At the file's end: what is pending, and each thread not handed on yet (a thread of no
        comments is one too). A file of one thread gives it keyed "", and a file of none gives
        the header of `alone`, a key (or an empty one)."""
        if len(self.threads) > 1:
            yield from self._taken()
            yield from (self._piece(key, _Pending()) for key in self.threads if key not in self.handed)
            return
        key = next(iter(self.threads), alone)
        header = self.headers.get(key or "") or Export(self.format)
        yield _piece(header, self.pending.pop(key or "", _Pending()), "")

    def _taken(self) -> Iterator[Export]:
        pending, self.pending, self.held = self.pending, {}, 0
        for key, waiting in pending.items():
            self.handed.add(key)
            yield self._piece(key, waiting)

    def _piece(self, key: str, waiting: _Pending) -> Export:
        return _piece(self.headers[key], waiting, key)


def _piece(header: Export, waiting: _Pending, key: str) -> Export:
    """A piece of the thread: its header as it stands now, and what waited."""
    return Export(header.format, header.title, header.source_url, header.published, waiting.comments, waiting.missing, key)
