"""Infer what a scraped comment replies to from its text, where the source records no parents.

Three signs name an earlier comment: an `@name` resolved to that author's comment (mentions.py),
an attribution line ("Ricky wrote:") naming an earlier author, and quoted words of an earlier
comment (the quote links). A comment gets a parent only when its signs agree on one comment, or
when it quotes exactly one comment and every name it gives is that comment's author: a wrong
parent misleads a reader more than a missing one, so signs that disagree give none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Comment, Mention, Paragraph, QuoteLink, Thread
from .mentions import ATTRIBUTION_LINE, name_key

SIGNATURE_DELIMITER = "-- "


def with_inferred_parents(thread: Thread, mentions: Sequence[Mention], quotes: Sequence[QuoteLink]) -> Thread:
    """The thread with inferred parents (`parent_inferred`); a thread whose source gave any parent
    is left as it is, since there a comment without one is known to start a conversation."""
    comments = thread.comments
    if any(c.parent is not None for c in comments):
        return thread
    parents = infer_parents(comments, mentions, quotes, thread.paragraphs)
    if not parents:
        return thread
    inferred = tuple(replace(c, parent=parents[c.id], parent_inferred=True) if c.id in parents else c for c in comments)
    return replace(thread, comments=inferred)


def infer_parents(
    comments: Sequence[Comment], mentions: Sequence[Mention], quotes: Sequence[QuoteLink], paragraphs: Sequence[Paragraph]
) -> dict[str, str]:
    """Comment id -> the id of the earlier comment its text shows it answers."""
    position = {c.id: k for k, c in enumerate(comments)}
    quoted: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    """Comment id -> ids of the comments its `@name`s and attributions point at."""
    for link in quotes:
        source = link.source
        if source in position and position[source] < position[link.comment] and _own_words(link, paragraphs):
            quoted.setdefault(link.comment, set()).add(source)
    for mention in mentions:
        if mention.target is not None:
            named.setdefault(mention.comment, set()).add(mention.target)
    for replying, target in attributed(comments):
        named.setdefault(replying, set()).add(target)
    parents = {}
    for comment in comments:
        parent = _agreed(quoted.get(comment.id, set()), named.get(comment.id, set()), comments, position)
        if parent is not None:
            parents[comment.id] = parent
    return parents


def _own_words(link: QuoteLink, paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the quoted words are the source's own message: words it quotes in turn name an older
    writer, and a signature (after the `-- ` delimiter of mail and Usenet) repeats in every message
    of its writer without answering any."""
    span = link.source_span
    if span is None:
        return True
    source = paragraphs[span.paragraph]
    return source.kind != "quote" and not source.text.startswith(SIGNATURE_DELIMITER)


def _agreed(quoted: set[str], named: set[str], comments: Sequence[Comment], position: dict[str, int]) -> str | None:
    if len(quoted) > 1:
        return None
    if not quoted:
        return next(iter(named)) if len(named) == 1 else None
    (source,) = quoted
    author = comments[position[source]].author
    # a name that points elsewhere may still be the quoted comment's writer (an earlier or later
    # comment of theirs): it agrees when the names match
    agrees = all(t == source or (author and comments[position[t]].author == author) for t in named)
    return source if agrees else None


def attributed(comments: Sequence[Comment]) -> list[tuple[str, str]]:
    """(comment id, id of the latest earlier comment by the named author) for each attribution
    line ("Ricky wrote:") that names an author of the thread."""
    latest: dict[str, str] = {}
    """Name key -> id of that author's latest comment so far."""
    found = []
    for comment in comments:
        for paragraph in comment.paragraphs:
            line = ATTRIBUTION_LINE.match(paragraph.text.split("\n", 1)[0])
            target = latest.get(name_key(line.group("name"))) if line else None
            if target is not None:
                found.append((comment.id, target))
        if comment.author and comment.author_source != "inferred":  # guesses must not breed guesses
            latest[name_key(comment.author)] = comment.id
    return found
