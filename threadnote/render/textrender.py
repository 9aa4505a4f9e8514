"""Comment text is plain text: escape it and mark quotes, quoted words, note words, mentions, and
the emphasis, code and links that a source's HTML or Markdown gave it (`Paragraph.inline`).

Spans may overlap, so the paragraph is cut at every span edge and each piece is wrapped in the
tags of the spans covering it, always in the same order; a span's id goes on its first piece
only and its trailing link (to a quote's source, to a note) follows its last piece.

The results are plain strings of HTML, not Markup: a page joins hundreds of thousands of these
pieces, and the caller wraps each comment's whole body in Markup once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, _escape_inner  # type: ignore[attr-defined]

from ..model import Paragraph

ORDER = {"quote": 0, "quoted": 1, "note": 2, "mention": 3, "link": 4, "strong": 5, "em": 6, "strike": 7, "code": 8}
"""Outer tags first: threadnote's own marks hold the source's formatting, never the other way round."""
SAFE_HREF = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+)", re.IGNORECASE)
"""The only links a comment may carry: a web address with a host, or an e-mail address."""


NOTHING = Markup()
"""No markup after a span: one for every mark (a page makes a mark for each quote, link and emphasis)."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to mark inside a paragraph."""

    kind: str
    """`quote`, `quoted` (words someone else quoted), `note`, `mention`, or an `Inline` kind."""
    start: int
    end: int
    ident: str = ""
    href: str = ""
    after: Markup = NOTHING
    """Markup placed right after the span (a link to the source or the note)."""
    title: str = ""


_OPEN = {
    "quote": '<q class="quote"',
    "quoted": '<span class="quoted-words"',
    "note": '<mark class="note-words"',
    "mention": '<a class="mention"',
    "link": '<a class="link" rel="nofollow ugc noopener"',
    "strong": "<strong",
    "em": "<em",
    "strike": "<s",
    "code": "<code",
}
"""Each kind's opening tag, to be completed with its link (mentions), its id (first piece only) and `>`."""
_CLOSE = {
    "quote": "</q>", "quoted": "</span>", "note": "</mark>", "mention": "</a>",
    "link": "</a>", "strong": "</strong>", "em": "</em>", "strike": "</s>", "code": "</code>",
}


def escape_html(text: str) -> str:
    """The text as markupsafe.escape writes it, as a plain string: markupsafe's own C function,
    which escape wraps in a Markup object (a page escapes hundreds of thousands of pieces)."""
    return _escape_inner(text)


def inline_marks(paragraph: Paragraph) -> list[Mark]:
    """The paragraph's own formatting as marks; a link to anything but the web or mail stays text,
    and a mark outside the text or of an unknown kind is left out."""
    size = len(paragraph.text)
    return [
        Mark(m.kind, m.start, m.end, href=m.href or "")
        for m in paragraph.inline
        if m.kind in ORDER and ORDER[m.kind] >= ORDER["link"] and 0 <= m.start < m.end <= size
        and (m.kind != "link" or SAFE_HREF.match(m.href or ""))
    ]


def render_text(text: str, marks: Sequence[Mark]) -> str:
    """Escaped text with every mark applied; line breaks of code and lists are kept by CSS.

    One sweep over the span edges keeps the set of covering marks, so a paragraph with
    thousands of marks costs what its output costs, not pieces times marks.
    """
    if not marks:
        return escape_html(text)
    ordered = sorted(marks, key=_nesting)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for rank, mark in enumerate(ordered):
        if mark.start < mark.end:  # an empty span covers no piece, but its trailing link still follows
            starting.setdefault(mark.start, []).append(rank)
        ending.setdefault(mark.end, []).append(rank)
    edges = sorted({0, len(text), *(m.start for m in marks), *ending})
    covering: set[int] = set()
    pieces: list[str] = []
    for a, b in pairwise(edges):
        covering.difference_update(ending.get(a, ()))
        covering.update(starting.get(a, ()))
        piece = escape_html(text[a:b])
        if covering:
            outermost_first = [ordered[r] for r in sorted(covering)]
            opening = "".join([_opening(m, a) for m in outermost_first])
            piece = opening + piece + "".join([_CLOSE[m.kind] for m in reversed(outermost_first)])
        pieces.append(piece)
        pieces.extend([str(ordered[r].after) for r in ending.get(b, ()) if ordered[r].after])
    return "".join(pieces)


def _nesting(mark: Mark) -> tuple[int, int, int]:
    """Outer tags first: by kind, then the earlier and longer span outside."""
    return ORDER[mark.kind], mark.start, -mark.end


def _opening(mark: Mark, at: int) -> str:
    href = f' href="{escape_html(mark.href)}"' if mark.kind in ("mention", "link") else ""
    ident = f' id="{mark.ident}"' if mark.ident and mark.start == at else ""
    return f"{_OPEN[mark.kind]}{href}{ident}>"
