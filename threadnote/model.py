"""The typed in-memory model shared by every stage; no I/O, no project imports."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

TITLE = "title"
"""Quote source meaning the thread's own title."""
ARTICLE = "article"
"""Quote source meaning the (lost) article body."""
T = TypeVar("T")

ProgressCallback = Callable[[str, int, int], None]
"""`(stage, done, total)`: what a stage calls as it goes; cheap enough to call per item."""
Aside = Callable[[Callable[[], Any]], Callable[[], Any]]
"""Starts `work` beside the caller (the build forks a child) and gives back how to wait for its
result, None when it failed (the caller then does the work itself). A stage given one knows
nothing of the processes behind it; the build stops whatever its stage left unread."""


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, column 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Inline:
    """Inline formatting over characters `start:end` of a paragraph's plain text, as a source's
    HTML or Markdown body gave it: the text stays plain for quotes and notes, the marks are drawn."""

    start: int
    end: int
    kind: str
    """`em`, `strong`, `code`, `strike` or `link`."""
    href: str | None = None
    """For a link: an http(s) or mailto address, already checked."""

    def __reduce__(self) -> tuple[type[Inline], tuple[int, int, str, str | None]]:
        return (Inline, (self.start, self.end, self.kind, self.href))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a comment, as plain text."""

    text: str
    """The words as in the source, line endings and spaces normalised."""
    line: int
    """1-based line of the paragraph's first line in the thread file."""
    kind: str = "text"
    """`text`, `code` (kept verbatim), `list`, or `quote` (marked with `>`)."""
    depth: int = 0
    """How many `>` marks stood before a marked quote."""
    inline: tuple[Inline, ...] = ()
    """Emphasis, code and links in the text, sorted by start; empty for a plain-text scrape."""

    def __reduce__(self) -> tuple[type[Paragraph], tuple[object, ...]]:
        # the cache pickles hundreds of thousands of these; the slots default walks fields() each time
        if self.inline:
            return (Paragraph, (self.text, self.line, self.kind, self.depth, self.inline))
        return (Paragraph, (self.text, self.line, self.kind, self.depth))


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment of a thread."""

    id: str
    """Stable id (`c-` + 8 characters): from the source's own id when it has one, else from the
    comment's own words."""
    number: int
    """Display number, 1-based, in thread order."""
    first: int
    """Index of the comment's first paragraph in `Thread.paragraphs`."""
    paragraphs: tuple[Paragraph, ...]
    author: str | None = None
    author_source: str = ""
    """How the author is known: `chrome`, `signature`, `editor`, `inferred`, `source`, or empty."""
    time: str | None = None
    """Posting time: RFC 3339 where the source gives one, else as the scrape printed it."""
    parent: str | None = None
    """Id of the comment this one replies to, or None for a top-level comment."""
    parent_inferred: bool = False
    """The parent was read from the text (an `@name`, an attribution, a quote), not given by the source."""
    source_id: str | None = None
    """The source's own id for the comment (Disqus post id, Message-ID, Reddit `t1_...`), as written there."""
    source_url: str | None = None
    """The comment's address at its source."""
    deleted: bool = False
    """A placeholder for a deleted comment that keeps its replies in place; it has no paragraphs."""

    def __reduce__(self) -> tuple[type[Comment], tuple[object, ...]]:
        return (Comment, (
            self.id, self.number, self.first, self.paragraphs, self.author, self.author_source, self.time,
            self.parent, self.parent_inferred, self.source_id, self.source_url, self.deleted,
        ))

    @property
    def line(self) -> int:
        return self.paragraphs[0].line if self.paragraphs else 0

    @property
    def paragraph_range(self) -> range:
        return range(self.first, self.first + len(self.paragraphs))


@dataclass(frozen=True, slots=True)
class Boundary:
    """A comment boundary the reader was unsure about (between paragraphs `before` and `after`)."""

    before: int
    after: int
    split: bool
    """Whether the reader decided to start a new comment here."""
    reason: str
    probability: float = 0.5
    """The boundary model's probability that a comment starts here (near one half: unsure)."""


@dataclass(frozen=True, slots=True)
class Thread:
    """A parsed thread: header, paragraphs and their grouping into comments."""

    slug: str
    title: str
    byline: str | None
    notice: str | None
    comments: tuple[Comment, ...]
    paragraphs: tuple[Paragraph, ...]
    path: str
    """Source file, relative to the site root."""
    source_url: str | None = None
    published: str | None = None
    """The thread's date (ISO 8601): front matter, the export, or the earliest comment time."""
    summary: str | None = None
    boundaries: tuple[Boundary, ...] = ()
    title_line: int = 1
    section: str | None = None
    """The archive section the thread belongs to (front matter, `thread.yaml` or the export)."""
    _derived: dict[str, tuple[object, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, make: Callable[[], T], source: object = None) -> T:
        """`make()`, kept with the thread under `key`: lookups over its comments that several
        stages need, made once. `serve` rebuilds on the very same thread while only notes change,
        so they are made once per session. A value made from another object too (the thread's
        quote links) names it as `source`, and is made again when that object is another."""
        found = self._derived.get(key)
        if found is None or found[0] is not source:
            found = self._derived[key] = (source, make())
        return found[1]

    def __reduce__(self) -> tuple[Callable[..., Thread], tuple[object, ...]]:
        # The detection cache pickles threads of hundreds of thousands of paragraphs. As columns
        # (lists of texts and numbers), and with each comment's paragraphs given by position,
        # pickling is faster both ways and the pickler remembers far fewer objects.
        paragraphs, comments = self.paragraphs, self.comments
        if any(c.paragraphs != paragraphs[c.first : c.first + len(c.paragraphs)] for c in comments):
            raise ValueError("a comment's paragraphs are not the thread's own, in place: not cached")
        head = (
            self.slug, self.title, self.byline, self.notice, self.path, self.source_url, self.published, self.summary,
            self.section,
        )
        words = (
            [p.text for p in paragraphs],
            [p.line for p in paragraphs],
            [p.kind for p in paragraphs],
            [p.depth for p in paragraphs],
            [p.inline for p in paragraphs],
        )
        people = [
            (c.id, c.number, c.first, len(c.paragraphs), c.author, c.author_source, c.time,
             c.parent, c.parent_inferred, c.source_id, c.source_url, c.deleted)
            for c in comments
        ]
        return (_thread_from_columns, (head, words, people, self.boundaries, self.title_line))


def comments_by_id(thread: Thread) -> dict[str, Comment]:
    return thread.derived("comments-by-id", lambda: {c.id: c for c in thread.comments})


def comment_numbers(thread: Thread) -> dict[str, int]:
    return thread.derived("comment-numbers", lambda: {c.id: c.number for c in thread.comments})


def _thread_from_columns(
    head: tuple[Any, ...],
    words: tuple[list[str], list[int], list[str], list[int], list[tuple[Inline, ...]]],
    people: list[tuple[Any, ...]],
    boundaries: tuple[Boundary, ...],
    title_line: int,
) -> Thread:
    paragraphs = tuple(map(Paragraph, *words))
    comments = tuple(
        Comment(ident, number, first, paragraphs[first : first + count], *rest)
        for ident, number, first, count, *rest in people
    )
    slug, title, byline, notice, path, source_url, published, summary, section = head
    return Thread(
        slug, title, byline, notice, comments, paragraphs, path, source_url, published, summary, boundaries, title_line,
        section,
    )


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start:end` of paragraph `paragraph` (-1 is the thread title)."""

    paragraph: int
    start: int
    end: int

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int]]:
        return (Span, (self.paragraph, self.start, self.end))


@dataclass(frozen=True, slots=True)
class QuoteLink:
    """Words of one comment that repeat words written earlier."""

    comment: str
    span: Span
    source: str | None
    """A comment id, `title`, `article`, or None when the source is not in the thread."""
    source_span: Span | None
    how: str
    """`verbatim`, `fuzzy`, `marker` or `editor`."""


@dataclass(frozen=True, slots=True)
class Mention:
    """An `@name` in a comment, resolved to an earlier comment by that author when known."""

    comment: str
    span: Span
    name: str
    target: str | None


@dataclass(frozen=True, slots=True)
class Note:
    """One editor's note, merged onto its comment (or the whole thread)."""

    id: str
    type: str
    body: str
    """Markdown source of the note's body."""
    location: Location
    editor: str | None = None
    date: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    verdict: str | None = None
    claim: str | None = None
    action: str | None = None
    reason: str | None = None
    language: str | None = None
    translation: str | None = None
    comment: str | None = None
    """Target comment id; None for a thread-level note."""
    text: str | None = None
    """The exact words the note is about, as the editor wrote them."""
    prefix: str | None = None
    suffix: str | None = None
    span: Span | None = None
    """Where `text` stands in the thread, once resolved."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A structural correction from a notes file (`comments:` list)."""

    kind: str
    """`merge`, `split`, `author` or `quote_of`."""
    location: Location
    comments: tuple[str, ...] = ()
    value: str | None = None
    """The author name, the `quote_of` target, or the words a split starts at."""


@dataclass(frozen=True, slots=True)
class NotesFile:
    """What one `notes/*.yaml` file says."""

    path: str
    notes: tuple[Note, ...] = ()
    corrections: tuple[Correction, ...] = ()
    thread_meta: tuple[tuple[str, str], ...] = ()
    thread_notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotatedThread:
    """A thread with everything detected and merged: what the renderer needs."""

    thread: Thread
    quotes: tuple[QuoteLink, ...] = ()
    mentions: tuple[Mention, ...] = ()
    notes: tuple[Note, ...] = ()
    thread_notes: tuple[Note, ...] = ()
    orphans: tuple[Note, ...] = ()
    hidden: frozenset[str] = field(default_factory=frozenset)
    """Ids of comments whose words a moderation note hides or redacts."""
    times: Mapping[str, str | None] | None = field(default=None, compare=False)
    """Each distinct time its comments give, in RFC 3339, as detection read them (None: not read
    yet); a function of the comments, so left out of comparisons."""


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    """What the site step (front page, archives, notes index, feed, sitemap) knows of one thread:
    a thread task hands this back instead of the thread itself."""

    slug: str
    title: str
    byline: str | None
    summary: str | None
    source_url: str | None
    published: str | None
    """ISO 8601 date or date-time, or None when nothing dates the thread."""
    section: str | None
    comments: int
    quotes: int
    notes: int
    note_types: tuple[tuple[str, int], ...]
    """(type, count) of the thread's notes, sorted by type."""
    stamp: str
    """Changes whenever anything this summary shows changes."""
