"""Where each comment stands in a page's reply tree: under the comment it answers, or at the top.

Pages split the thread in thread order, so a reply's parent is on its page or an earlier one. A
nested view puts a reply under its parent when both are on the same page and the parent is above
the last level; a reply to a comment at the last level stands beside it (flattened). A reply not
under its parent, and a comment with replies not under it, link to each other instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Comment, Thread
from .links import Pages


@dataclass(frozen=True, slots=True)
class ReplyPlaces:
    """The reply tree of every page of one thread."""

    holder: dict[str, str]
    """Comment id -> id of the comment whose reply list holds it; top-of-page comments are absent."""
    replies: dict[str, list[str]]
    """Comment id -> ids of its replies (all of them, wherever they stand), in thread order."""
    held: dict[str, list[str]]
    """Comment id -> ids of the comments its reply list holds, in thread order."""


@dataclass(frozen=True, slots=True)
class ReplyNode:
    """One comment of a page with the replies shown under it: what thread.html lists."""

    comment: Comment
    html: Markup
    """The comment's own article, made by `_comment.html`."""
    replies: tuple[ReplyNode, ...] = ()


def place_replies(thread: Thread, pages: Pages, nested: bool, depth: int) -> ReplyPlaces:
    """Each comment's place; `depth` is how many levels a nested page shows (1: none nested)."""
    holder: dict[str, str] = {}
    level: dict[str, int] = {}
    replies: dict[str, list[str]] = {}
    held: dict[str, list[str]] = {}
    page_of = pages.page_of
    for comment in thread.comments:
        parent = comment.parent
        if parent is None or parent not in page_of:
            continue
        replies.setdefault(parent, []).append(comment.id)
        if not nested or page_of[parent] != page_of[comment.id]:
            continue
        if level.get(parent, 0) + 1 < depth:
            holder[comment.id], level[comment.id] = parent, level.get(parent, 0) + 1
        elif parent in holder:  # the parent is at the last level: its reply stands beside it
            holder[comment.id], level[comment.id] = holder[parent], level[parent]
        else:
            continue
        held.setdefault(holder[comment.id], []).append(comment.id)
    return ReplyPlaces(holder, replies, held)


def reply_tree(chunk: Sequence[Comment], places: ReplyPlaces, by_id: dict[str, Comment], html: Callable[[Comment], Markup]) -> list[ReplyNode]:
    """The page's comments as a forest: the top-of-page ones, each with the replies it holds."""

    def node(comment: Comment) -> ReplyNode:
        under = places.held.get(comment.id, ())
        return ReplyNode(comment, html(comment), tuple(node(by_id[k]) for k in under))

    return [node(c) for c in chunk if c.id not in places.holder]


def reading_order(thread: Thread, places: ReplyPlaces) -> dict[str, int]:
    """Comment id -> its rank as the pages read: page after page, each comment before the replies
    it holds (what "next note" follows); thread order when nothing is nested."""
    rank: dict[str, int] = {}

    def visit(comment_id: str) -> None:
        rank[comment_id] = len(rank)
        for held in places.held.get(comment_id, ()):
            visit(held)

    for comment in thread.comments:
        if comment.id not in places.holder:
            visit(comment.id)
    return rank
