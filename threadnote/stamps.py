"""Content stamps: what each output file depends on, hashed, so a rebuild redoes only what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import AnnotatedThread, Note, NotesFile
from .recall import Recall


def stamp(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def note_stamp(note: Note) -> str:
    """A note as placed (target, words, span and every field): repr of frozen dataclasses is stable."""
    return stamp(repr(note))


@dataclass(frozen=True, slots=True)
class ThreadStamps:
    """`thread` covers everything of a thread but its comment notes; notes are stamped one by one."""

    thread: str
    notes: dict[str, str]
    """Comment id to the stamp of the notes shown on it."""

    def pages(self, numbers: Mapping[str, int], page_of: Mapping[str, int], count: int) -> list[str]:
        """Each page's stamp: which comments a page has follows from the thread's stamp, so only
        the notes of its comments are added, in the comments' order."""
        noted: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        for comment, notes in self.notes.items():
            noted[page_of[comment] - 1].append((numbers[comment], f"{comment}={notes}"))
        return [stamp(self.thread, *(part for _, part in sorted(parts))) for parts in noted]

    def whole(self) -> str:
        return stamp(self.thread, *(f"{c}={s}" for c, s in sorted(self.notes.items())))


def thread_stamps(source: str, files: Iterable[NotesFile], annotated: AnnotatedThread, known: Recall[str] | None = None) -> ThreadStamps:
    """`source` stamps the code, templates, config and the thread's text. Structure (corrections,
    thread-level notes, hidden comments) goes into the thread's stamp too, because it can change
    ids, numbers and quoted words on any page.

    With `known` (serve's rebuilds, whose unchanged notes are the very notes of the last build),
    each note is stamped once."""
    structure = [repr((f.path, f.corrections, f.thread_meta, f.thread_notes)) for f in sorted(files, key=lambda f: f.path)]
    base = stamp(source, *structure, repr(sorted(annotated.hidden)), repr(annotated.orphans))
    per_comment: dict[str, list[str]] = {}
    known = known if known is not None else Recall()
    for note in annotated.notes:
        if note.comment:
            found = known.recall(note)
            if found is None:
                found = note_stamp(note)
                known.keep(note, found)
            per_comment.setdefault(note.comment, []).append(found)
    known.end_pass()
    return ThreadStamps(base, {c: stamp(*s) for c, s in per_comment.items()})
