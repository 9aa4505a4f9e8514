"""Plan one thread's own files: its pages, its thread.json and its annotations, each with its stamp.

A page links to the threads before and after it in date order, which only the whole site's dates
tell: a task that does not know them yet makes its pages with NEIGHBOURS_MARK in their place, and
the build puts the links there (`place_neighbours`) once every thread is done, so that no thread
is read twice for its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePosixPath
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from ..config import SiteConfig
from ..model import AnnotatedThread, Comment, comment_numbers
from ..stamps import ThreadStamps, stamp
from .annotations import FILE as ANNOTATIONS_FILE
from .annotations import render_annotations
from .archive import Neighbours
from .claimreview import claim_reviews
from .export import export_thread
from .links import Pages, page_file
from .pieces import Pieces
from .replies import ReplyNode, place_replies, reply_tree
from .site import Content, Output, base_context
from .views import NoteView, ThreadViews

NEIGHBOURS_MARK = "<!-- threadnote: the links to this thread's neighbours -->"
"""Where a page made before its thread's neighbours are known gets the links to them. It holds
`<`, which the text of comments and notes never does unescaped, and a page's last one is taken
(thread.html puts the links after everything of the thread)."""
PAGE_ROOT = "../"
"""From a thread's pages to the site root."""


def thread_outputs(
    annotated: AnnotatedThread, pages: Pages, stamps: ThreadStamps, config: SiteConfig, env: Environment,
    fragments: Pieces | None = None, around: Neighbours | None = None,
) -> list[Output]:
    """A thread's own files: its pages, its thread.json and its annotations. With `fragments`
    (kept between builds in one process), the pieces they are made of are reused while their
    stamps hold. `around` is the thread's previous and next thread, which its pages link to;
    None makes the pages `unplaced`, with NEIGHBOURS_MARK where those links go."""
    thread = annotated.thread
    views = ThreadViews(annotated, pages, place_replies(thread, pages, config.replies == "nested", config.reply_depth))
    outputs = []
    own = stamps.pages(comment_numbers(thread), pages.page_of, pages.count)
    page_stamps = [stamp(notes, neighbours) for notes, neighbours in zip(own, views.page_neighbours())]
    nav = Markup(NEIGHBOURS_MARK) if around is None else neighbours_nav(env, around)
    for page, page_stamp in enumerate(page_stamps, 1):
        path = f"{thread.slug}/{page_file(page)}"
        make = partial(_render_page, config, views, page, path, nav, env, _Pieces(stamps, fragments))
        outputs.append(Output(PurePosixPath(path), placed_stamp(page_stamp, around), make, unplaced=around is None))
    export = partial(export_thread, annotated, pages, fragments, stamps, page_stamps)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/thread.json"), stamps.whole(), export, local=True))
    notes = partial(render_annotations, annotated, pages, config.base_url, config.language)
    outputs.append(Output(PurePosixPath(f"{thread.slug}/{ANNOTATIONS_FILE}"), stamps.whole(), notes))
    return outputs


def placed_stamp(page_stamp: str, around: Neighbours | None) -> str:
    """A page's stamp: what it shows of its thread, and its neighbours (None: not known yet)."""
    return page_stamp if around is None else stamp(page_stamp, repr(around))


def neighbours_nav(env: Environment, around: Neighbours) -> Markup:
    """The links from a thread's pages to its neighbours, as `_neighbours.html` makes them."""
    macro = env.get_template("_neighbours.html").module.neighbours_nav  # type: ignore[attr-defined]
    return macro(around, PAGE_ROOT)  # type: ignore[no-any-return]


def place_neighbours(page: bytes, nav: str) -> bytes:
    """A page made with NEIGHBOURS_MARK, with the links to its neighbours in the mark's place."""
    head, mark, tail = page.rpartition(NEIGHBOURS_MARK.encode("ascii"))
    return head + nav.encode("utf-8") + tail if mark else page


def placed_outputs(outputs: Sequence[Output], around: Neighbours, nav: str) -> list[Output]:
    """A task's outputs as if it had known its neighbours (`around`, whose links are `nav`): its
    unplaced pages stamped with them, and made (should they be asked for again) with the links."""
    return [
        replace(o, stamp=placed_stamp(o.stamp, around), make=partial(_placed, o, nav), unplaced=False) if o.unplaced else o
        for o in outputs
    ]


def _placed(unplaced: Output, nav: str) -> bytes:
    return place_neighbours(joined(unplaced.make()), nav)


def joined(content: Content) -> bytes:
    """A file's content as its bytes."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    return b"".join(piece if isinstance(piece, bytes) else piece.encode("utf-8") for piece in content)


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Where a page finds its comments already rendered, and the stamps that say which still hold."""

    stamps: ThreadStamps
    fragments: Pieces | None


def _render_page(
    config: SiteConfig, views: ThreadViews, page: int, path: str, nav: Markup, env: Environment, pieces: _Pieces
) -> str:
    annotated, pages = views.annotated, views.pages
    thread = annotated.thread
    chunk = thread.comments[(page - 1) * pages.size : page * pages.size]
    thread_notes = [NoteView(n, views.note_html(n), i) for i, n in enumerate(annotated.thread_notes, 1)] if page == 1 else []
    folder = f"{config.base_url}{quote(thread.slug)}/" if config.base_url else ""
    on_page = replace(annotated, notes=tuple(n for c in chunk for n in views.notes_on.get(c.id, ())))
    reviews = claim_reviews(on_page, lambda cid: folder + pages.url(cid), config.title, comments=views.by_id)
    return env.get_template("thread.html").render(
        thread=thread,
        page=page,
        pages=pages,
        first_number=chunk[0].number if chunk else 1,
        last_number=chunk[-1].number if chunk else 0,
        comments=_comments_html(views, page, chunk, env, pieces),
        thread_notes=thread_notes,
        claimreview_json=Markup(reviews),
        neighbours_nav=nav,
        **base_context(config, PAGE_ROOT, path),
    )


def _comments_html(views: ThreadViews, page: int, chunk: Sequence[Comment], env: Environment, pieces: _Pieces) -> list[ReplyNode]:
    """The page's reply tree, each comment as its `comment_item`; with fragments, remembered by what
    it shows: the thread, the comment's notes, and the notes before and after them (its notes link
    to those)."""
    comment_item = env.get_template("_comment.html").module.comment_item  # type: ignore[attr-defined]

    def render(comment: Comment) -> Markup:
        return comment_item(views.comment(comment, page))  # type: ignore[no-any-return]

    def remembered(comment: Comment) -> Markup:
        assert fragments is not None
        notes = pieces.stamps.notes.get(comment.id, "")
        key = f"html-{pieces.stamps.thread}-{comment.id}-{notes}-{views.neighbour_notes([comment.id]) if notes else ''}"
        return Markup(fragments.remembered(key, partial(render, comment)))

    fragments = pieces.fragments
    return reply_tree(chunk, views.places, views.by_id, render if fragments is None else remembered)
