"""An export's comments to a thread: what the source withheld left out, its reply tree kept, ids from its own ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic, error, warning
from ..model import Comment, Location, Paragraph
from ..readers.exports import read_export
from ..readers.record import Export, SourceComment, display_name, withheld
from ..readers.xmltree import Chunks
from .identity import source_comment_ids


@dataclass(frozen=True, slots=True)
class ExportedComments:
    """The comments to publish, in thread order, with the paragraphs they hold."""

    comments: tuple[Comment, ...]
    paragraphs: tuple[Paragraph, ...]
    orphans: int
    """Replies to a comment that is not in the file, shown top-level: a fact of the export, told on the page."""


def load_export(content: bytes | Chunks | Export, path: str, slug: str) -> tuple[Export | None, list[Diagnostic]]:
    """The one thread a thread file holds (or the one a site-wide export gave this slug)."""
    if isinstance(content, Export):
        return content, []
    exports, diagnostics = read_export(content, path)
    if len(exports) > 1:
        keys = ", ".join(e.key for e in exports[:5])
        return None, diagnostics + [error(Location(path), f"the file holds {len(exports)} threads ({keys}): "
                                                          "name it under 'imports:' in site.yaml instead")]
    if not exports:
        if not diagnostics:
            diagnostics.append(error(Location(path), "no thread in this file"))
        return None, diagnostics
    return exports[0], diagnostics


def export_comments(export: Export, pingbacks: bool) -> tuple[ExportedComments, list[Diagnostic]]:
    """Published comments, and a text-less placeholder for each withheld one that published replies
    hang under; replies to a comment not in the file are top-level. Order: by time, then source id,
    so the thread is the same whatever order the file lists its comments in."""
    source = export.comments
    diagnostics: list[Diagnostic] = []
    ids = source_comment_ids(export.format, [c.source_id for c in source], [c.paragraphs for c in source])
    seen: set[str] = set()
    for comment, ident in zip(source, ids):
        if comment.source_id and comment.source_id in seen:
            diagnostics.append(warning(comment.location, f"id '{comment.source_id}' is used again: this one is '{ident}'"))
        seen.add(comment.source_id or "")
    parents, orphans = _parents(source, diagnostics)
    shown = [not withheld(c.status, pingbacks) for c in source]
    kept = _with_placeholders(shown, parents)
    order = sorted((i for i in range(len(source)) if kept[i]), key=lambda i: (source[i].time or "", source[i].source_id or "", ids[i]))
    comments: list[Comment] = []
    paragraphs: list[Paragraph] = []
    for number, index in enumerate(order, 1):
        comment, parent = source[index], parents[index]
        words = comment.paragraphs if shown[index] else ()
        author = display_name(comment.author) if shown[index] else None
        comments.append(Comment(
            id=ids[index], number=number, first=len(paragraphs), paragraphs=words, author=author,
            author_source="source" if author else "", time=comment.time if shown[index] else None,
            parent=ids[parent] if parent is not None else None, source_id=comment.source_id,
            source_url=comment.source_url, deleted=not shown[index],
        ))
        paragraphs.extend(words)
    return ExportedComments(tuple(comments), tuple(paragraphs), orphans), diagnostics


def _parents(source: Sequence[SourceComment], diagnostics: list[Diagnostic]) -> tuple[list[int | None], int]:
    """Each comment's parent by position, and how many name one not in the file; a parent not in
    the file, or one that would close a loop, is none."""
    where: dict[str, int] = {}
    for index, comment in enumerate(source):
        if comment.source_id:
            where.setdefault(comment.source_id, index)
    parents = [where.get(c.parent_id) if c.parent_id else None for c in source]
    missing = sum(1 for c, p in zip(source, parents) if c.parent_id and p is None)
    for index in _break_loops(parents):
        comment = source[index]
        named = f"comment '{comment.source_id}'" if comment.source_id else "a comment"
        diagnostics.append(warning(comment.location, f"{named} answers '{comment.parent_id}', which is one of its own "
                                                     "replies or itself: shown as top-level"))
    return parents, missing


def _break_loops(parents: list[int | None]) -> list[int]:
    """Cut every loop of parents (a hand-edited file can make one) where it closes; returns the
    comments whose parent was cut."""
    state = [0] * len(parents)  # 0 not seen, 1 on the walk being made, 2 known to reach a root
    cut: list[int] = []
    for start in range(len(parents)):
        walk: list[int] = []
        at: int | None = start
        while at is not None and state[at] == 0:
            state[at] = 1
            walk.append(at)
            at = parents[at]
        if at is not None and state[at] == 1:
            parents[walk[-1]] = None
            cut.append(walk[-1])
        for index in walk:
            state[index] = 2
    return cut


def _with_placeholders(shown: list[bool], parents: list[int | None]) -> list[bool]:
    """What is kept: every shown comment, and each withheld one with a shown comment under it."""
    kept = list(shown)
    for index, visible in enumerate(shown):
        if not visible:
            continue
        at = parents[index]
        while at is not None and not kept[at]:
            kept[at] = True
            at = parents[at]
    return kept
