"""Place each note on its words: exact first, then moved or lightly edited words, else an orphan."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace

from .diagnostics import Diagnostic, did_you_mean, error, warning
from .model import Comment, Note, Span, Thread

_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def anchor_notes(thread: Thread, notes: Sequence[Note]) -> tuple[list[Note], list[Note], list[Diagnostic]]:
    """Resolve every note's target; returns (placed notes, orphans, diagnostics)."""
    by_id = {c.id: c for c in thread.comments}
    owner = _paragraph_owner(thread)
    placed: list[Note] = []
    orphans: list[Note] = []
    diagnostics: list[Diagnostic] = []
    for note in notes:
        result = _anchor(note, thread, by_id, owner, diagnostics)
        if result is None:
            orphans.append(note)
        else:
            placed.append(result)
    return placed, orphans, diagnostics


def _paragraph_owner(thread: Thread) -> list[str]:
    owner: list[str] = []
    for comment in thread.comments:
        owner.extend([comment.id] * len(comment.paragraphs))
    return owner


def _anchor(note: Note, thread: Thread, by_id: dict[str, Comment], owner: list[str], diagnostics: list[Diagnostic]) -> Note | None:
    where = note.location
    target = by_id.get(note.comment) if note.comment else None
    if note.comment and target is None and not note.text:
        hint = did_you_mean(note.comment, by_id)
        diagnostics.append(warning(where, f"orphaned note: unknown comment id '{note.comment}'{hint}"))
        return None
    if not note.text:
        return note
    scope = target.paragraph_range if target else range(len(thread.paragraphs))
    spans = find_words(thread, note, scope)
    if len(spans) > 1:
        places = ", ".join(f"#{by_id[owner[s.paragraph]].number}" for s in spans[:5])
        diagnostics.append(error(where, f"text '{note.text}' matches {len(spans)} places ({places}): add 'prefix:', 'suffix:' or 'comment:'"))
        return None
    if spans:
        return replace(note, comment=owner[spans[0].paragraph], span=spans[0])
    return _reanchor(note, thread, by_id, owner, target, diagnostics)


def _reanchor(
    note: Note, thread: Thread, by_id: dict[str, Comment], owner: list[str], target: Comment | None, diagnostics: list[Diagnostic]
) -> Note | None:
    """The words are not where the note says: look thread-wide, then for lightly edited words."""
    where = note.location
    assert note.text is not None
    if target is not None or note.comment:
        spans = find_words(thread, note, range(len(thread.paragraphs)))
        if len(spans) == 1:
            moved = by_id[owner[spans[0].paragraph]]
            was = f"comment '{note.comment}'" if target is None else f"#{target.number}"
            diagnostics.append(warning(where, f"note re-anchored: the words '{note.text}' moved from {was} to #{moved.number} ({moved.id})"))
            return replace(note, comment=moved.id, span=spans[0])
    close = closest_words(thread, note.text, target.paragraph_range if target else range(len(thread.paragraphs)))
    if close is not None and close[1] >= 0.85:
        span = close[0]
        found = thread.paragraphs[span.paragraph].text[span.start : span.end]
        moved = by_id[owner[span.paragraph]]
        diagnostics.append(warning(where, f"note re-anchored: '{note.text}' not found; using the edited words '{found}' in #{moved.number} ({moved.id})"))
        return replace(note, comment=moved.id, span=span)
    hint = ""
    if close is not None:
        span = close[0]
        hint = f" (closest: '{thread.paragraphs[span.paragraph].text[span.start:span.end]}' in #{by_id[owner[span.paragraph]].number})"
    diagnostics.append(warning(where, f"orphaned note: text '{note.text}' matches nothing{hint}"))
    return None


def find_words(thread: Thread, note: Note, scope: range) -> list[Span]:
    """Every place in `scope` where the note's words stand, narrowed by its prefix and suffix."""
    assert note.text is not None
    wanted = _fold(note.text)
    spans = []
    for number in scope:
        text = _fold(thread.paragraphs[number].text)
        start = text.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            if (not note.prefix or text[:start].rstrip().endswith(_fold(note.prefix).rstrip())) and (
                not note.suffix or text[end:].lstrip().startswith(_fold(note.suffix).lstrip())
            ):
                spans.append(Span(number, start, end))
            start = text.find(wanted, start + 1)
    return spans


def _fold(text: str) -> str:
    """Curly and straight quotes count as the same; lengths stay equal so offsets hold."""
    return text.translate(_FOLD)


def closest_words(thread: Thread, words: str, scope: range) -> tuple[Span, float] | None:
    """The most similar run of words in scope, by difflib ratio; only paragraphs sharing a word are tried."""
    wanted = words.lower()
    vocabulary = set(re.findall(r"\w{4,}", wanted))
    best: tuple[Span, float] | None = None
    for number in scope:
        text = thread.paragraphs[number].text
        if vocabulary and not any(w in text.lower() for w in vocabulary):
            continue
        match = _best_window(text, wanted)
        if match and (best is None or match[1] > best[1]):
            best = (Span(number, match[0][0], match[0][1]), match[1])
    return best


def _best_window(text: str, wanted: str) -> tuple[tuple[int, int], float] | None:
    lowered = text.lower()
    size = len(wanted)
    best = None
    starts = [0] + [m.end() for m in re.finditer(r"\s+", lowered)]
    for start in starts:
        for end in {min(len(text), start + size + d) for d in (-3, -1, 0, 1, 3)}:
            if end <= start:
                continue
            ratio = difflib.SequenceMatcher(None, wanted, lowered[start:end]).ratio()
            if best is None or ratio > best[1]:
                best = ((start, end), ratio)
    return best
