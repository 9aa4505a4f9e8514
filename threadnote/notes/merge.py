"""Merge editors' files into a detected thread: corrections first, then quote links and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..detect.grouping import Group
from ..detect.identity import comment_ids
from ..detect.mentions import resolve_mentions
from ..detect.quotes import TITLE_INDEX
from ..detect.replies import with_inferred_parents
from ..detect.threads import DetectedThread, assemble_comments, comment_groups, comment_times
from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import (
    ARTICLE,
    AnnotatedThread,
    Comment,
    Correction,
    Mention,
    Note,
    NotesFile,
    QuoteLink,
    Span,
    Thread,
    comment_numbers,
    comments_by_id,
)
from .anchors import AnchorContext, without_removed_words

HIDING_ACTIONS = ("hide", "redact")


@dataclass(frozen=True, slots=True)
class Structure:
    """A thread after the editors' corrections and before their notes: comments, quotes, mentions."""

    thread: Thread
    quotes: tuple[QuoteLink, ...]
    mentions: tuple[Mention, ...]
    anchoring: AnchorContext
    """Where notes find their words; remembered with the structure, as are the notes it placed."""
    times: Mapping[str, str | None]
    """Each distinct time its comments give, in RFC 3339: detection's, unless corrections regrouped them."""


def merge_thread(detected: DetectedThread, files: Sequence[NotesFile]) -> tuple[AnnotatedThread, list[Diagnostic]]:
    """Apply every notes file to one thread; the order of the files never changes the result."""
    structure, diagnostics = merge_structure(detected, files)
    annotated, problems = place_notes(structure, files)
    return annotated, diagnostics + problems


def structure_inputs(files: Sequence[NotesFile]) -> list[str]:
    """What merge_structure reads of the notes files: a note's words or body never change it."""
    return [repr((f.path, f.corrections, f.thread_meta)) for f in sorted(files, key=lambda f: f.path)]


def merge_structure(detected: DetectedThread, files: Sequence[NotesFile]) -> tuple[Structure, list[Diagnostic]]:
    """Corrections, thread facts, quote links and mentions: the costly part of a merge, which a
    note edit leaves as it was (the pipeline remembers it by `structure_inputs`)."""
    files = sorted(files, key=lambda f: f.path)
    corrections = sorted((c for f in files for c in f.corrections), key=lambda c: (c.location.path, c.location.line))
    diagnostics = _contradictions(corrections)
    thread, problems = _regroup(detected, corrections)
    diagnostics += problems
    times = detected.times if thread is detected.thread else comment_times(thread.comments)
    thread = _with_meta(thread, files)
    quotes, problems = _quote_links(detected, thread, corrections)
    diagnostics += problems
    resolved = resolve_mentions(thread.comments, quotes)
    thread = with_inferred_parents(_with_inferred_authors(thread, resolved.inferred), resolved.mentions, quotes)
    thread, problems = _apply_parents(thread, corrections)
    diagnostics += problems
    return Structure(thread, tuple(quotes), resolved.mentions, AnchorContext(thread, quotes), times), diagnostics


def place_notes(structure: Structure, files: Sequence[NotesFile]) -> tuple[AnnotatedThread, list[Diagnostic]]:
    """Anchor every note on the words it names, in thread order, and apply moderation."""
    files = sorted(files, key=lambda f: f.path)
    thread = structure.thread
    notes = _unique_ids(sorted((n for f in files for n in f.notes), key=lambda n: (n.location.path, n.location.line)))
    placed, orphans, diagnostics = structure.anchoring.place(notes)
    thread_notes = tuple(sorted((n for f in files for n in f.thread_notes), key=lambda n: (n.type, n.id)))
    hidden = frozenset(n.comment for n in placed if n.type == "moderation" and n.action in HIDING_ACTIONS and n.comment)
    placed = without_removed_words(placed, hidden)
    numbers = comment_numbers(thread)
    # the notes' own content orders them, never the names of the files they came from
    placed.sort(key=lambda n: (numbers.get(n.comment or "", 0), n.span.paragraph if n.span else -1, n.span.start if n.span else -1, n.type, n.id))
    annotated = AnnotatedThread(
        thread=thread,
        quotes=structure.quotes,
        mentions=structure.mentions,
        notes=tuple(placed),
        thread_notes=thread_notes,
        orphans=tuple(orphans),
        hidden=hidden,
        times=structure.times,
    )
    return annotated, diagnostics


def _unique_ids(notes: list[Note]) -> list[Note]:
    """Two notes with the same target, type and opening words get `-2`, `-3` ... in file order."""
    seen: dict[str, int] = {}
    unique = []
    for note in notes:
        seen[note.id] = seen.get(note.id, 0) + 1
        unique.append(note if seen[note.id] == 1 else replace(note, id=f"{note.id}-{seen[note.id]}"))
    return unique


def _contradictions(corrections: Sequence[Correction]) -> list[Diagnostic]:
    """Two files that set one comment's author, quote source or parent differently."""
    seen: dict[tuple[str, str], Correction] = {}
    found = []
    for correction in corrections:
        if correction.kind not in ("author", "quote_of", "parent"):
            continue
        key = (correction.kind, correction.comments[0])
        first = seen.setdefault(key, correction)
        if first is not correction and first.value != correction.value:
            other = first.location
            message = f"contradicting corrections: {key[1]} has {correction.kind} '{correction.value}' here but '{first.value}' at {other.path}:{other.line}:{other.column}"
            found.append(error(correction.location, message))
    return found


def _regroup(detected: DetectedThread, corrections: Sequence[Correction]) -> tuple[Thread, list[Diagnostic]]:
    """Apply merges, splits and authors; merged comments keep their first id."""
    thread = detected.thread
    if not any(c.kind in ("merge", "split", "author") for c in corrections):
        return thread, []
    groups = comment_groups(thread.comments)
    ids = [c.id for c in thread.comments]
    merged_away: dict[str, Correction] = {}
    diagnostics: list[Diagnostic] = []
    for correction in corrections:
        unknown = [c for c in correction.comments if c not in ids]
        if unknown:
            diagnostics.append(error(correction.location, _unknown(correction.kind, unknown[0], ids, merged_away)))
            continue
        if correction.kind == "merge":
            problems = _merge(groups, ids, correction)
            diagnostics += problems
            if not problems:
                merged_away.update((c, correction) for c in correction.comments if c not in ids)
        elif correction.kind == "split":
            diagnostics += _split(groups, ids, correction, thread)
        elif correction.kind == "author":
            at = ids.index(correction.comments[0])
            groups[at] = replace(groups[at], author=correction.value, author_source="editor")
    comments = assemble_comments(thread.paragraphs, groups, ids)
    return replace(thread, comments=comments), diagnostics


def _unknown(kind: str, ident: str, ids: list[str], merged_away: dict[str, Correction]) -> str:
    merge = merged_away.get(ident)
    if merge is not None:
        where = merge.location
        into = next(c for c in merge.comments if c in ids)
        return f"{kind}: {ident} was merged into {into} by {where.path}:{where.line}:{where.column}; use {into}"
    return f"{kind}: unknown comment id '{ident}'{did_you_mean(ident, ids)}"


def _merge(groups: list[Group], ids: list[str], correction: Correction) -> list[Diagnostic]:
    positions = sorted(ids.index(c) for c in correction.comments)
    if positions != list(range(positions[0], positions[-1] + 1)):
        return [error(correction.location, "merge: the comments must follow each other in the thread")]
    first, last = groups[positions[0]], groups[positions[-1]]
    author = next((g for g in groups[positions[0] : positions[-1] + 1] if g.author), first)
    merged = replace(first, count=last.first + last.count - first.first, author=author.author, author_source=author.author_source)
    groups[positions[0] : positions[-1] + 1] = [merged]
    ids[positions[0] : positions[-1] + 1] = [ids[positions[0]]]
    return []


def _split(groups: list[Group], ids: list[str], correction: Correction, thread: Thread) -> list[Diagnostic]:
    at = ids.index(correction.comments[0])
    group = groups[at]
    assert correction.value is not None
    starts = [k for k in range(1, group.count) if thread.paragraphs[group.first + k].text.startswith(correction.value)]
    if not starts:
        return [error(correction.location, f"split: no paragraph of {ids[at]} after its first starts with '{correction.value}'")]
    head = replace(group, count=starts[0])
    tail = Group(group.first + starts[0], group.count - starts[0])
    groups[at : at + 1] = [head, tail]
    tail_id = comment_ids([thread.paragraphs[tail.first : tail.first + tail.count]])[0]
    ids[at : at + 1] = [ids[at], tail_id if tail_id not in ids else f"{tail_id}-s"]
    return []


def _with_inferred_authors(thread: Thread, inferred: dict[str, str]) -> Thread:
    """Authors that replies reveal fill only comments nobody named: editors and chrome win."""
    if not inferred:
        return thread
    comments = tuple(
        replace(c, author=inferred[c.id], author_source="inferred") if c.id in inferred and not c.author else c
        for c in thread.comments
    )
    return replace(thread, comments=comments)


def _with_meta(thread: Thread, files: Sequence[NotesFile]) -> Thread:
    meta = {key: value for f in files for key, value in f.thread_meta}
    return replace(
        thread,
        source_url=meta.get("source_url", thread.source_url),
        published=meta.get("published", thread.published),
        summary=meta.get("summary", thread.summary),
    )


def _quote_links(detected: DetectedThread, thread: Thread, corrections: Sequence[Correction]) -> tuple[list[QuoteLink], list[Diagnostic]]:
    owner = {p: c.id for c in thread.comments for p in c.paragraph_range}
    article = set(detected.article)
    links: list[QuoteLink] = []
    for quote in detected.quotes:
        quoting = owner[quote.paragraph]
        if quote.source is None:
            links.append(QuoteLink(quoting, Span(quote.paragraph, quote.start, quote.end), None, None, quote.how))
            continue
        source = "title" if quote.source == TITLE_INDEX else (ARTICLE if quote.source in article else owner[quote.source])
        if source == quoting:
            continue
        source_span = Span(quote.source, quote.source_start, quote.source_end)
        links.append(QuoteLink(quoting, Span(quote.paragraph, quote.start, quote.end), source, source_span, quote.how))
    for number in detected.article:
        text = thread.paragraphs[number].text
        links.append(QuoteLink(owner[number], Span(number, 0, len(text)), ARTICLE, None, "marker"))
    return _apply_quote_of(links, thread, corrections)


def _apply_quote_of(links: list[QuoteLink], thread: Thread, corrections: Sequence[Correction]) -> tuple[list[QuoteLink], list[Diagnostic]]:
    """Editors win: `quote_of` replaces, adds or (with `none`) drops a comment's quote links."""
    by_id = {c.id: c for c in thread.comments}
    diagnostics: list[Diagnostic] = []
    for correction in corrections:
        if correction.kind != "quote_of" or correction.comments[0] not in by_id:
            continue
        comment = by_id[correction.comments[0]]
        target = correction.value or "none"
        if target not in ("none", ARTICLE, "title") and (target not in by_id or by_id[target].number >= comment.number):
            why = "is not an earlier comment" if target in by_id else f"is not a comment id{did_you_mean(target, by_id)}"
            diagnostics.append(error(correction.location, f"quote_of: '{target}' {why}"))
            continue
        own = [link for link in links if link.comment == comment.id]
        links = [link for link in links if link.comment != comment.id]
        if target == "none":
            continue
        spans = [link.span for link in own] or [_first_paragraph(comment)]
        links.extend(QuoteLink(comment.id, span, target, None, "editor") for span in spans)
    links.sort(key=lambda link: (link.span.paragraph, link.span.start))
    return links, diagnostics


def _apply_parents(thread: Thread, corrections: Sequence[Correction]) -> tuple[Thread, list[Diagnostic]]:
    """Editors win: `parent` names the earlier comment a comment replies to, or `none`."""
    by_id = comments_by_id(thread)
    parents: dict[str, str | None] = {}
    diagnostics: list[Diagnostic] = []
    for correction in corrections:
        if correction.kind != "parent" or correction.comments[0] not in by_id:
            continue
        comment, target = by_id[correction.comments[0]], correction.value or "none"
        if target != "none" and (target not in by_id or by_id[target].number >= comment.number):
            why = "is not an earlier comment" if target in by_id else f"is not a comment id{did_you_mean(target, by_id)}"
            diagnostics.append(error(correction.location, f"parent: '{target}' {why}"))
            continue
        parents[comment.id] = None if target == "none" else target
    if not parents:
        return thread, diagnostics
    comments = tuple(
        replace(c, parent=parents[c.id], parent_inferred=False) if c.id in parents else c for c in thread.comments
    )
    return replace(thread, comments=comments), diagnostics


def _first_paragraph(comment: Comment) -> Span:
    return Span(comment.first, 0, len(comment.paragraphs[0].text))
