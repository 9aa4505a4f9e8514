"""The notes index as data: every note of the site as its index lists it, grouped by type and by
tag, and the notes that lost their target (the site step renders its pages)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ..model import AnnotatedThread, comment_numbers
from .links import Pages
from .markdown import render_markdown


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """A note as the notes index lists it: all the page can show of it, so that it is its stamp."""

    type: str
    text: str | None
    verdict: str | None
    editor: str | None
    number: int | None
    """Of the comment it is on; None for a thread note."""
    thread: str
    href: str


@dataclass(frozen=True, slots=True)
class OrphanEntry:
    """A note that lost its target, with where it is written."""

    type: str
    comment: str | None
    text: str | None
    path: str
    line: int
    thread: str
    body_html: Markup


@dataclass(frozen=True, slots=True)
class NotesIndex:
    by_type: tuple[tuple[str, tuple[NoteEntry, ...]], ...]
    by_tag: tuple[tuple[str, tuple[NoteEntry, ...]], ...]
    orphans: tuple[OrphanEntry, ...]


def notes_index(notes: Iterable[tuple[NoteEntry, tuple[str, ...]]], orphans: Iterable[OrphanEntry]) -> NotesIndex:
    """The site's notes (each with its tags, in the threads' order) grouped by type and by tag."""
    by_type: dict[str, list[NoteEntry]] = defaultdict(list)
    by_tag: dict[str, list[NoteEntry]] = defaultdict(list)
    for entry, tags in notes:
        by_type[entry.type].append(entry)
        for tag in tags:
            by_tag[tag].append(entry)
    return NotesIndex(_grouped(by_type), _grouped(by_tag), tuple(orphans))


def note_entries(annotated: AnnotatedThread, pages: Pages) -> tuple[tuple[tuple[NoteEntry, tuple[str, ...]], ...], tuple[OrphanEntry, ...]]:
    thread = annotated.thread
    numbers = comment_numbers(thread)
    entries = []
    for note in (*annotated.thread_notes, *annotated.notes):
        on_comment = note.comment is not None and note.comment in numbers
        href = f"../{thread.slug}/" + (pages.href(note.comment or "", 0, note.id) if on_comment else f"index.html#{note.id}")
        number = numbers[note.comment or ""] if on_comment else None
        entries.append((NoteEntry(note.type, note.text, note.verdict, note.editor, number, thread.title, href), note.tags))
    orphans = []
    for note in annotated.orphans:
        where = note.location
        html = Markup(render_markdown(note.body))
        orphans.append(OrphanEntry(note.type, note.comment, note.text, where.path, where.line, thread.title, html))
    return tuple(entries), tuple(orphans)


def _grouped(found: dict[str, list[NoteEntry]]) -> tuple[tuple[str, tuple[NoteEntry, ...]], ...]:
    return tuple((key, tuple(found[key])) for key in sorted(found))
