"""Comment text is plain text: escape it and mark quotes, quoted words, note words and mentions.

Spans may overlap, so the paragraph is cut at every span edge and each piece is wrapped in the
tags of the spans covering it, always in the same order; a span's id goes on its first piece
only and its trailing link (to a quote's source, to a note) follows its last piece.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

ORDER = {"quote": 0, "quoted": 1, "note": 2, "mention": 3}


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to mark inside a paragraph."""

    kind: str
    """`quote`, `quoted` (words someone else quoted), `note` or `mention`."""
    start: int
    end: int
    ident: str = ""
    href: str = ""
    after: Markup = field(default_factory=Markup)
    """Markup placed right after the span (a link to the source or the note)."""
    title: str = ""


_OPEN = {
    "quote": '<q class="quote"{id}>',
    "quoted": '<span class="quoted-words"{id}>',
    "note": '<mark class="note-words"{id}>',
    "mention": '<a class="mention" href="{href}"{id}>',
}
_CLOSE = {"quote": "</q>", "quoted": "</span>", "note": "</mark>", "mention": "</a>"}


def render_text(text: str, marks: Sequence[Mark]) -> Markup:
    """Escaped text with every mark applied; line breaks of code and lists are kept by CSS."""
    if not marks:
        return escape(text)
    edges = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    ordered = sorted(marks, key=lambda m: (ORDER[m.kind], m.start, -m.end))
    pieces: list[str] = []
    for a, b in pairwise(edges):
        covering = [m for m in ordered if m.start <= a and b <= m.end]
        piece = str(escape(text[a:b]))
        for mark in reversed(covering):
            ident = f' id="{mark.ident}"' if mark.ident and a == mark.start else ""
            piece = _OPEN[mark.kind].format(id=ident, href=escape(mark.href)) + piece + _CLOSE[mark.kind]
        pieces.append(piece)
        pieces.extend(str(m.after) for m in ordered if m.end == b and m.after)
    return Markup("".join(pieces))
