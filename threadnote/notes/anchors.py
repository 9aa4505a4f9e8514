"""Place each note on its words: exact first, then moved or lightly edited words, else an orphan.

A note targets a comment by stable id (`comment:`), by exact words (`text:`, narrowed by
`prefix:` / `suffix:` as in the W3C TextQuoteSelector), or both. Re-imports move, add and edit
comments; the rules below keep every note on its words while they exist, and say so when a note
had to move or lost its target, so that nothing is dropped silently.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from ..diagnostics import Diagnostic, did_you_mean, error, warning
from ..model import Comment, Note, QuoteLink, Span, Thread, comments_by_id
from ..recall import Recall

FUZZY_RATIO = 0.9
"""Words at least this similar (difflib ratio) count as the note's words with a typo fixed."""
_FOLD = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "), ("\n", " "), ("\t", " "))
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
CLOSEST_PARAGRAPHS = 25
"""How many paragraphs, those sharing most words, are searched for the closest words."""
_EDGE = "\"'([{.,;:!?)]}"
"""Punctuation a fuzzy match leaves off its ends."""


class AnchorContext:
    """What every lookup needs about one thread, built once; it also remembers where each note
    went, so that `serve`'s rebuilds (whose merged structure, and so this context, is remembered)
    place again only the notes that changed."""

    __slots__ = ("_folded", "_placed", "by_id", "owner", "quoted", "thread")

    def __init__(self, thread: Thread, quotes: Sequence[QuoteLink] = ()) -> None:
        self.thread = thread
        self.by_id = comments_by_id(thread)
        self.owner = _paragraph_owner(thread)
        """Comment id of each paragraph."""
        self.quoted: dict[int, list[tuple[int, int]]] = {}
        """Spans of each paragraph that repeat earlier words (pasted quotes)."""
        for link in quotes:
            self.quoted.setdefault(link.span.paragraph, []).append((link.span.start, link.span.end))
        self._folded: list[str] | None = None
        self._placed: Recall[tuple[Note | None, list[Diagnostic]]] = Recall()

    @property
    def folded(self) -> list[str]:
        """Each paragraph's text as `find_words` compares it, folded once for all notes (and only
        when a note names words: notes by id alone need no word search)."""
        if self._folded is None:
            self._folded = [_fold(p.text) for p in self.thread.paragraphs]
        return self._folded

    def label(self, span: Span) -> str:
        comment = self.by_id[self.owner[span.paragraph]]
        return f"#{comment.number} ({comment.id})"

    def words(self, span: Span) -> str:
        return self.thread.paragraphs[span.paragraph].text[span.start : span.end]

    @property
    def everywhere(self) -> range:
        return range(len(self.thread.paragraphs))

    def find(self, note: Note, scope: range) -> list[Span]:
        """Places of the note's words that belong to a comment (page text never holds a note)."""
        return [s for s in find_words(self.thread, note, scope, self.folded) if self.owner[s.paragraph]]

    def unknown(self, comment: str) -> str:
        return f"unknown comment id '{comment}'{did_you_mean(comment, _near_ids(comment, self.by_id))}"

    def place(self, notes: Sequence[Note]) -> tuple[list[Note], list[Note], list[Diagnostic]]:
        """Every note placed (or orphaned); a note already placed in this context is looked up."""
        placed: list[Note] = []
        orphans: list[Note] = []
        diagnostics: list[Diagnostic] = []
        for note in notes:
            found = self._placed.recall(note)
            if found is None:
                problems: list[Diagnostic] = []
                found = (_anchor(note, self, problems), problems)
                self._placed.keep(note, found)
            diagnostics += found[1]
            if found[0] is None:
                orphans.append(note)
            else:
                placed.append(found[0])
        self._placed.end_pass()  # the notes of the last placing only: edited ones are let go
        return placed, orphans, diagnostics


def anchor_notes(
    thread: Thread, notes: Sequence[Note], quotes: Sequence[QuoteLink] = ()
) -> tuple[list[Note], list[Note], list[Diagnostic]]:
    """Resolve every note's target; returns (placed notes, orphans, diagnostics).

    `quotes` lets words that a later comment pasted count as the original's: a note on words
    that a new reply quotes stays on the original instead of becoming ambiguous.
    """
    return AnchorContext(thread, quotes).place(notes)


def without_removed_words(notes: Sequence[Note], hidden: Collection[str]) -> list[Note]:
    """Notes on hidden or redacted comments lose the words they point at, so no page, index,
    export or JSON-LD can repeat what the editors removed; the note stays on its comment."""
    return [
        replace(note, text=None, prefix=None, suffix=None, span=None) if note.comment in hidden else note
        for note in notes
    ]


def _near_ids(wanted: str, ids: Collection[str]) -> list[str]:
    """Ids a typo could have come from: same start or end, or most characters in place.

    difflib over every id of a 10,000-comment thread takes a tenth of a second per orphan;
    this keeps the suggestion and drops that cost.
    """
    return [
        known
        for known in ids
        if known[:5] == wanted[:5]
        or known[-4:] == wanted[-4:]
        or sum(a == b for a, b in zip(known, wanted)) >= len(wanted) // 2
    ]


def _paragraph_owner(thread: Thread) -> list[str]:
    owner: list[str] = [""] * len(thread.paragraphs)
    for comment in thread.comments:
        for number in comment.paragraph_range:
            owner[number] = comment.id
    return owner


def _anchor(note: Note, context: AnchorContext, diagnostics: list[Diagnostic]) -> Note | None:
    where = note.location
    target = context.by_id.get(note.comment) if note.comment else None
    if note.comment and target is None and not note.text:
        diagnostics.append(warning(where, f"orphaned note: {context.unknown(note.comment)}"))
        return None
    if not note.text:
        return note
    scope = target.paragraph_range if target else context.everywhere
    spans = _prefer_originals(context.find(note, scope), context)
    if len(spans) > 1:
        places = ", ".join(context.label(s) for s in spans[:5]) + (" (and more)" if len(spans) > 5 else "")
        if note.comment and target is None:
            # Its comment's id changed on a re-import: a warning, so the rebuild is not blocked.
            message = f"orphaned note: {context.unknown(note.comment)}; its words '{note.text}' stand in {len(spans)} places: {places}"
            diagnostics.append(warning(where, message + ": update 'comment:'"))
            return None
        message = f"text '{note.text}' matches {len(spans)} places: {places}; add 'prefix:', 'suffix:' or 'comment:'"
        diagnostics.append(error(where, message))
        return None
    if spans and note.comment and target is None:
        # The comment's first words changed (so did its id) but the note's words are still there.
        message = f"note re-anchored: {context.unknown(note.comment)}; its words '{note.text}' are in {context.label(spans[0])}"
        diagnostics.append(warning(where, message + ": update 'comment:'"))
    if spans:
        return replace(note, comment=context.owner[spans[0].paragraph], span=spans[0])
    return _reanchor(note, context, target, diagnostics)


def _prefer_originals(spans: list[Span], context: AnchorContext) -> list[Span]:
    """Of several places, keep the one that is not a pasted quote of another, if just one is."""
    if len(spans) < 2 or not context.quoted:
        return spans
    originals = [s for s in spans if not _inside_quote(s, context.quoted.get(s.paragraph, ()))]
    return originals if len(originals) == 1 else spans


def _inside_quote(span: Span, quoted: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in quoted)


def _reanchor(note: Note, context: AnchorContext, target: Comment | None, diagnostics: list[Diagnostic]) -> Note | None:
    """The words are not where the note says: a wrong prefix or suffix, moved words, edited words."""
    where = note.location
    assert note.text is not None
    scope = target.paragraph_range if target else context.everywhere
    if note.prefix or note.suffix:
        bare = context.find(replace(note, prefix=None, suffix=None), scope)
        if len(bare) == 1:
            message = f"note re-anchored: 'prefix:'/'suffix:' do not match around '{note.text}'; using its only place, {context.label(bare[0])}"
            diagnostics.append(warning(where, message))
            return replace(note, comment=context.owner[bare[0].paragraph], span=bare[0])
        if bare:
            message = f"text '{note.text}' matches {len(bare)} places but 'prefix:'/'suffix:' match none of them"
            diagnostics.append(error(where, message))
            return None
    if note.comment:
        spans = _prefer_originals(context.find(note, context.everywhere), context)
        if len(spans) == 1:
            was = f"#{target.number} ({target.id})" if target else f"'{note.comment}', which is not in the thread"
            message = f"note re-anchored: the words '{note.text}' moved from {was} to {context.label(spans[0])}"
            diagnostics.append(warning(where, message + ": update 'comment:'"))
            return replace(note, comment=context.owner[spans[0].paragraph], span=spans[0])
    close = closest_words(context.thread, note.text, scope, context.folded)
    if close is not None and close[1] >= FUZZY_RATIO:
        span = close[0]
        message = f"note re-anchored: '{note.text}' not found; using the edited words '{context.words(span)}' in {context.label(span)}"
        diagnostics.append(warning(where, message + ": update 'text:'"))
        return replace(note, comment=context.owner[span.paragraph], span=span)
    hint = f" (closest: '{context.words(close[0])}' in {context.label(close[0])})" if close and close[1] >= 0.6 else ""
    inside = f" in #{target.number} ({target.id})" if target else ""
    diagnostics.append(warning(where, f"orphaned note: text '{note.text}' matches nothing{inside}{hint}"))
    return None


def find_words(thread: Thread, note: Note, scope: range, folded: Sequence[str] | None = None) -> list[Span]:
    """Every place in `scope` where the note's words stand, narrowed by its prefix and suffix.

    Curly and straight quotes, and runs of spaces in the note, count as the same; the match
    is otherwise exact and case-sensitive, as a TextQuoteSelector's `exact` is. `folded` is
    the paragraphs already folded, when many notes are looked for in one thread.
    """
    assert note.text is not None
    wanted = _fold(_SPACE.sub(" ", note.text).strip())
    prefix = _fold(_SPACE.sub(" ", note.prefix)).rstrip() if note.prefix else ""
    suffix = _fold(_SPACE.sub(" ", note.suffix)).lstrip() if note.suffix else ""
    spans = []
    for number in scope:
        text = folded[number] if folded is not None else _fold(thread.paragraphs[number].text)
        start = text.find(wanted) if wanted else -1
        while start >= 0:
            end = start + len(wanted)
            if text[:start].rstrip().endswith(prefix) and text[end:].lstrip().startswith(suffix):
                spans.append(Span(number, start, end))
            start = text.find(wanted, start + 1)
    return spans


def _fold(text: str) -> str:
    """Characters that look alike count as the same; one character for one, so offsets hold."""
    for before, after in _FOLD:  # chained replace: several times faster than str.translate here
        if before in text:
            text = text.replace(before, after)
    return text


def closest_words(
    thread: Thread, words: str, scope: range, folded: Sequence[str] | None = None
) -> tuple[Span, float] | None:
    """The most similar run of words in scope, by difflib ratio.

    Only the paragraphs sharing most of the words' vocabulary are compared, and in them only
    windows that start at one of those words, so an orphan costs little even in a long thread.
    """
    wanted = _fold(_SPACE.sub(" ", words).strip()).lower()
    if not wanted:
        return None
    vocabulary = set(_WORD.findall(wanted))
    needed = (len(vocabulary) + 1) // 2
    ranked = []
    for number in scope:
        text = (folded[number] if folded is not None else _fold(thread.paragraphs[number].text)).lower()
        shared = sum(1 for word in vocabulary if word in text) if vocabulary else 1
        if shared >= needed and (not vocabulary or vocabulary & set(_WORD.findall(text))):
            ranked.append((-shared, number, text))
    best: tuple[Span, float] | None = None
    for _, number, text in sorted(ranked)[:CLOSEST_PARAGRAPHS]:
        match = _best_window(text, wanted, vocabulary)
        if match and (best is None or match[1] > best[1]):
            best = (Span(number, match[0][0], match[0][1]), match[1])
    return best


def _best_window(lowered: str, wanted: str, vocabulary: set[str]) -> tuple[tuple[int, int], float] | None:
    """Windows start at a word of `wanted` and end at a word's end, so a match never cuts a word."""
    size = len(wanted)
    slack = max(3, size // 8)
    matcher = difflib.SequenceMatcher(None, b=wanted, autojunk=False)
    ends = sorted({m.start() for m in re.finditer(r"\s", lowered)} | {len(lowered)})
    best: tuple[tuple[int, int], float] | None = None
    for found in _WORD.finditer(lowered):
        if vocabulary and found.group() not in vocabulary:
            continue
        start = found.start()
        for last in ends[bisect.bisect_left(ends, start + size - slack) : bisect.bisect_right(ends, start + size + slack)]:
            end = start + len(lowered[start:last].rstrip(_EDGE))
            if end <= start:
                continue
            matcher.set_seq1(lowered[start:end])
            if best is not None and matcher.real_quick_ratio() <= best[1]:
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best[1]:
                best = ((start, end), ratio)
    return best
