"""Build what templates show from an annotated thread: links resolved, text marked, notes rendered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from markupsafe import Markup

from ..dates import thread_times
from ..model import ARTICLE, TITLE, AnnotatedThread, Comment, Mention, Note, Paragraph, QuoteLink, Span, comments_by_id
from .links import Pages
from .markdown import render_markdown
from .replies import ReplyPlaces, reading_order
from .textrender import Mark, escape_html, inline_marks, render_text

BLOCK_QUOTE_SHARE = 0.8
REMOVED = "[words removed by the editors]"


@dataclass(slots=True)
class QuoteRef:
    """One end of a quote link, as a reader sees it."""

    label: str
    href: str
    words: str = ""


@dataclass(slots=True)
class NoteView:
    note: Note
    body_html: Markup
    number: int
    words_href: str = ""
    previous_href: str = ""
    """The note before this one in thread order (on whatever page it is)."""
    next_href: str = ""


@dataclass(slots=True)
class CommentView:
    comment: Comment
    page: int
    body_html: Markup
    """All the paragraphs, each as its element: a block quote with its source, code or a list, or plain text."""
    # Empty tuples, not lists, by default: most comments list nothing, and a page's views all live
    # until the page is written, where every extra container is one more object for the collector.
    quoted_by: Sequence[QuoteRef] = ()
    notes: Sequence[NoteView] = ()
    mentions: Sequence[QuoteRef] = ()
    hidden_reason: str | None = None
    flags: Sequence[str] = ()
    in_reply_to: QuoteRef | None = None
    """The comment it answers, when the page does not show it right under that one."""
    replies: Sequence[QuoteRef] = ()
    """Its replies that the page does not show under it."""
    moment: str | None = None
    """Its time in RFC 3339, for the page's `<time datetime>`; the page shows it as the source wrote it."""


class ThreadViews:
    """Views of one thread's comments; quote and note indexes are built once per thread."""

    def __init__(self, annotated: AnnotatedThread, pages: Pages, places: ReplyPlaces | None = None) -> None:
        self.annotated = annotated
        self.pages = pages
        self.places = places or ReplyPlaces({}, {}, {})
        thread = annotated.thread
        self.by_id = comments_by_id(thread)
        # the quote and mention indexes depend on the thread's structure only, kept with the thread
        self.quotes_in, self.quoted_in = thread.derived("views-quotes", partial(_quote_indexes, annotated.quotes, self.by_id), annotated.quotes)
        self.mentions_in = mentions_by_comment(annotated)
        self.notes_on = notes_by_comment(annotated)
        self.linked = frozenset().union(self.quotes_in, self.quoted_in, self.notes_on, self.mentions_in)
        """The comments that quote, are quoted, carry notes or mention someone (looked up once a comment)."""
        self.moments = comment_times(annotated)
        self.note_order = [n for n in annotated.notes if n.comment]  # merge sorts them in thread order
        if self.places.held:  # a nested page reads replies right after what they answer
            rank = reading_order(thread, self.places)
            self.note_order.sort(key=lambda n: rank[n.comment or ""])
        self.note_position = {n.id: k for k, n in enumerate(self.note_order)}

    def label(self, comment_id: str) -> str:
        comment = self.by_id[comment_id]
        return f"#{comment.number}" + (f" {comment.author}" if comment.author else "")

    def source_ref(self, link: QuoteLink, k: int, page: int) -> QuoteRef:
        if link.source == TITLE:
            return QuoteRef("the headline", "#thread-title")
        if link.source == ARTICLE:
            return QuoteRef("the article (no longer online)", "")
        if link.source is None:
            return QuoteRef("a source not in this thread", "")
        target = f"qw-{link.comment}-{k}" if link.source_span else link.source
        return QuoteRef(self.label(link.source), self.pages.href(link.source, page, target))

    def comment(self, comment: Comment, page: int) -> CommentView:
        if comment.id not in self.linked:  # most comments: plain text, nothing to mark or list
            body = _body([
                _paragraph_html(p, render_text(p.text, inline_marks(p)) if p.inline else escape_html(p.text))
                for p in comment.paragraphs
            ])
            moment = self.moments.get(comment.time or "")
            if comment.parent is None and comment.id not in self.places.replies:
                return CommentView(comment, page, body, moment=moment)
            return CommentView(comment, page, body, in_reply_to=self._parent_ref(comment, page), replies=self._reply_refs(comment, page), moment=moment)
        notes = [self._note(n, i, page) for i, n in enumerate(self.notes_on.get(comment.id, ()), 1)]
        hidden = next((n for n in notes if n.note.type == "moderation" and n.note.action in ("hide", "redact")), None)
        if hidden is not None:  # the removed words must not come back through the notes
            notes = [replace(n, note=replace(n.note, text=None), words_href="") for n in notes]
        quoted_by = [
            QuoteRef(self.label(link.comment), self.pages.href(link.comment, page, f"q-{link.comment}-{k}"), self._words(link))
            for k, link in self.quoted_in.get(comment.id, ())
        ]
        mentions = [
            QuoteRef("@" + m.name, self.pages.href(m.target, page)) for m in self.mentions_in.get(comment.id, ()) if m.target
        ]
        return CommentView(
            comment=comment,
            page=page,
            body_html=Markup() if hidden else self._marked_body(comment, page, notes),
            quoted_by=quoted_by,
            notes=notes,
            mentions=mentions,
            hidden_reason=hidden.note.reason if hidden else None,
            flags=[n.note.reason or "" for n in notes if n.note.type == "moderation" and n.note.action == "flag"],
            in_reply_to=self._parent_ref(comment, page),
            replies=self._reply_refs(comment, page),
            moment=self.moments.get(comment.time or ""),
        )

    def _parent_ref(self, comment: Comment, page: int) -> QuoteRef | None:
        """The link to the parent, unless the page shows the comment right under it; an inferred
        parent is named even there, so that a guess never passes for what the source said."""
        parent = comment.parent
        if parent is None or (self.places.holder.get(comment.id) == parent and not comment.parent_inferred):
            return None
        return QuoteRef(self.label(parent), self.pages.href(parent, page))

    def _reply_refs(self, comment: Comment, page: int) -> list[QuoteRef]:
        holder = self.places.holder
        return [
            QuoteRef(self.label(reply), self.pages.href(reply, page))
            for reply in self.places.replies.get(comment.id, ())
            if holder.get(reply) != comment.id
        ]

    def _marked_body(self, comment: Comment, page: int, notes: list[NoteView]) -> Markup:
        """The paragraphs with their quotes, quoted words, note words and mentions marked."""
        quotes = self.quotes_in.get(comment.id, ())
        sources = {f"q-{comment.id}-{k}": self.source_ref(link, k, page) for k, link in quotes}
        marks = self._marks(comment, page, notes, sources)
        removed = self._removed_quotes(comment)
        return _body([
            _marked_paragraph(paragraph, marks.get(number, []), removed.get(number, []), sources)
            for number, paragraph in zip(comment.paragraph_range, comment.paragraphs)
        ])

    def _words(self, link: QuoteLink) -> str:
        if link.source in self.annotated.hidden:
            return REMOVED
        text = self.annotated.thread.paragraphs[link.span.paragraph].text[link.span.start : link.span.end]
        return text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"

    def note_html(self, note: Note) -> Markup:
        return Markup(render_markdown(note.body))

    def _note(self, note: Note, number: int, page: int) -> NoteView:
        position = self.note_position[note.id]
        return NoteView(
            note,
            self.note_html(note),
            number,
            f"#m-{note.id}" if note.span else "",
            self._note_href(position - 1, page),
            self._note_href(position + 1, page),
        )

    def _note_href(self, position: int, page: int) -> str:
        if not 0 <= position < len(self.note_order):
            return ""
        note = self.note_order[position]
        return self.pages.href(note.comment or "", page, note.id)

    def neighbour_notes(self, comment_ids: list[str]) -> str:
        """Ids of the notes just outside these comments' notes: the first and last link to them."""
        positions = [self.note_position[n.id] for c in comment_ids for n in self.notes_on.get(c, ())]
        return self._outside(min(positions), max(positions)) if positions else ""

    def page_neighbours(self) -> list[str]:
        """`neighbour_notes` of every page's comments, from the notes alone."""
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for position, note in enumerate(self.note_order):
            page = self.pages.page_of.get(note.comment or "")
            if page is not None:
                first.setdefault(page, position)
                last[page] = position
        return [self._outside(first[p], last[p]) if p in first else "" for p in range(1, self.pages.count + 1)]

    def _outside(self, first: int, last: int) -> str:
        outside = [self.note_order[p] for p in (first - 1, last + 1) if 0 <= p < len(self.note_order)]
        return " ".join(f"{n.id}@{n.comment}" for n in outside)

    def _marks(
        self, comment: Comment, page: int, notes: list[NoteView], sources: dict[str, QuoteRef]
    ) -> dict[int, list[Mark]]:
        marks: dict[int, list[Mark]] = defaultdict(list)
        for k, link in self.quotes_in.get(comment.id, ()):
            ident = f"q-{comment.id}-{k}"
            ref = sources[ident]
            after = Markup(" " + _source_link(ref)) if ref.href else Markup()
            marks[link.span.paragraph].append(Mark("quote", link.span.start, link.span.end, ident, after=after))
        for k, link in self.quoted_in.get(comment.id, ()):
            if link.source_span is not None:
                span = link.source_span
                marks[span.paragraph].append(Mark("quoted", span.start, span.end, f"qw-{link.comment}-{k}"))
        for view in notes:
            note_span = view.note.span
            if note_span is not None:
                note, number = view.note, view.number
                label = f"{escape_html(note.type)} note {number}"
                after = Markup(f'<a class="note-ref" href="#{escape_html(note.id)}" aria-label="{label}">{number}</a>')
                marks[note_span.paragraph].append(Mark("note", note_span.start, note_span.end, f"m-{note.id}", after=after))
        for mention in self.mentions_in.get(comment.id, ()):
            at = mention.span
            if mention.target and not _in_link(self.annotated.thread.paragraphs[at.paragraph], at):
                marks[at.paragraph].append(Mark("mention", at.start, at.end, href=self.pages.href(mention.target, page)))
        for number, paragraph in zip(comment.paragraph_range, comment.paragraphs):
            if paragraph.inline:
                marks[number].extend(inline_marks(paragraph))
        return marks

    def _removed_quotes(self, comment: Comment) -> dict[int, list[tuple[str, Span]]]:
        """The comment's quotes of hidden comments (their ids and spans) by paragraph: their words must not show."""
        removed: dict[int, list[tuple[str, Span]]] = defaultdict(list)
        for k, link in self.quotes_in.get(comment.id, ()):
            if link.source in self.annotated.hidden:
                removed[link.span.paragraph].append((f"q-{comment.id}-{k}", link.span))
        return removed


QuoteIndex = dict[str, list[tuple[int, QuoteLink]]]
"""Comment id to its quote links, each with its number among the quoting comment's quotes."""


def _quote_indexes(quotes: Sequence[QuoteLink], by_id: dict[str, Comment]) -> tuple[QuoteIndex, QuoteIndex]:
    """The quotes in each comment, and the quotes of each comment, numbered in the quoting comment."""
    quotes_in: QuoteIndex = {}
    quoted_in: QuoteIndex = {}
    for link in quotes:
        found = quotes_in.setdefault(link.comment, [])
        found.append((len(found) + 1, link))
        if link.source in by_id:
            quoted_in.setdefault(link.source, []).append((len(found), link))
    return quotes_in, quoted_in


def notes_by_comment(annotated: AnnotatedThread) -> dict[str, list[Note]]:
    """Each comment's notes, in thread order."""
    found: dict[str, list[Note]] = {}
    for note in annotated.notes:
        if note.comment:
            found.setdefault(note.comment, []).append(note)
    return found


def comment_times(annotated: AnnotatedThread) -> Mapping[str, str | None]:
    """Each time the thread's comments give, in RFC 3339: read once per thread, as a date's order
    (`04/03/2019`) is told by the other dates of the thread."""
    if annotated.times is not None:  # as the merge handed them on
        return annotated.times
    thread = annotated.thread
    return thread.derived("comment-times", lambda: thread_times(c.time for c in thread.comments))


def mentions_by_comment(annotated: AnnotatedThread) -> dict[str, list[Mention]]:
    """Each comment's mentions, kept with the thread (they depend on its structure only)."""

    def index() -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {}
        for mention in annotated.mentions:
            found.setdefault(mention.comment, []).append(mention)
        return found

    return annotated.thread.derived("mentions", index, annotated.mentions)


def _marked_paragraph(
    paragraph: Paragraph, marks: list[Mark], removed: list[tuple[str, Span]], sources: dict[str, QuoteRef]
) -> str:
    text = paragraph.text
    if removed:
        text, marks = _without_removed(text, removed)
    quotes = [m for m in marks if m.kind == "quote"]
    if len(quotes) == 1 and (quotes[0].end - quotes[0].start) >= BLOCK_QUOTE_SHARE * len(text):
        # the paragraph is one quote: a block quote, its source named below it rather than linked inline
        quote = quotes[0]
        others = [m for m in marks if m is not quote]
        inner = f'<span id="{escape_html(quote.ident)}"></span>' + render_text(text, others)
        return _paragraph_html(paragraph, inner, sources[quote.ident])
    return _paragraph_html(paragraph, render_text(text, marks))


def _in_link(paragraph: Paragraph, span: Span) -> bool:
    """Whether the source's own link covers part of the span: a link may not hold another."""
    return any(m.kind == "link" and m.start < span.end and span.start < m.end for m in paragraph.inline)


def _body(paragraphs_html: list[str]) -> Markup:
    """One Markup for a comment's whole body: Markup objects per paragraph cost more than the text."""
    return Markup("".join(paragraphs_html))


def _paragraph_html(paragraph: Paragraph, inner: str, quote: QuoteRef | None = None) -> str:
    """The paragraph's element around its escaped, marked text, one line each as the pages have always had."""
    if quote is not None:
        source = _source_link(quote) if quote.href else escape_html(quote.label)
        caption = f"<figcaption>Quoting {source}</figcaption>"
        return f'<figure class="quote-block"><blockquote>{inner}</blockquote>{caption}</figure>\n'
    if paragraph.kind in ("code", "list"):
        return f'<pre class="{paragraph.kind}">{inner}</pre>\n'
    if paragraph.kind == "quote":  # marked as a quote by its writer, of words not found in the thread
        return f'<blockquote class="marked"><p>{inner}</p></blockquote>\n'
    return f"<p>{inner}</p>\n"


def _source_link(ref: QuoteRef) -> str:
    return f'<a class="quote-source" href="{escape_html(ref.href)}">{escape_html(ref.label)}</a>'


def _without_removed(text: str, removed: list[tuple[str, Span]]) -> tuple[str, list[Mark]]:
    """Replace every quote of a hidden comment by the placeholder, right to left so offsets hold;
    other marks in such a paragraph are dropped, since their offsets no longer fit."""
    marks: list[Mark] = []
    for ident, span in sorted(removed, key=lambda item: -item[1].start):
        text = text[: span.start] + REMOVED + text[span.end :]
        shift = len(REMOVED) - (span.end - span.start)
        marks = [Mark(m.kind, m.start + shift, m.end + shift, m.ident) for m in marks]
        marks.append(Mark("quote", span.start, span.start + len(REMOVED), ident))
    return text, marks
