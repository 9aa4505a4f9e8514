"""Marks a template shows on some comments only: a field after a head (`• edited`, `· Edited`), a
word that trails the name in some heads of several commenters (`bob edited 8 years ago`) and a badge
one commenter's heads show after the name (`Ann Lee Mod • 2 years ago`).

A mark is told from a name by how it recurs: a field after a head's last one is the head's own
fields and one more, behind a separator the head already uses; a word after a name is a mark when
it follows several commenters' names that are also shown without it (names of commenters share no
word, and nobody has one name in some comments and another in the rest). A badge on every head of
one commenter only is told by the name shown without it elsewhere: written in full in the thread's
text (`Ann Lee wrote:`), or a handle in a slot of many handles (a handle has no second word).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

MAX_FIELD_WORDS = 3
"""A mark's field holds a word or a few (`edited`, `bearbeitet am`), never a sentence."""
MARKED_NAMES = 2
"""A word trails at least this many commenters' names, shown without it too, to be a mark."""
FULL_NAME_WORDS = 2
"""A name written in the text without a word its heads show is a full name of this many words at
least: a commenter is called by their first name alone (`Ann` of `Ann Lee`), never by half a surname."""
LEAST_HANDLES = 24
"""A slot is of handles when it shows this many one-word names at least and no name of two words
but the badge's carriers: a thread of few commenters may have one display name of two words."""

_FIELD = re.compile(r"(?P<head>.+?)\s?(?P<separator>[^\w\s])\s?(?P<words>[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*)*)")
"""A line cut before its last field: what comes before, the separator, and the field's words."""


def last_fields(lines: Iterable[str]) -> list[tuple[str, str]]:
    """Each line that ends in a field of a few words behind a separator, cut before it: (what comes
    before, the separator)."""
    cut = (_FIELD.fullmatch(line) for line in lines)
    return [(f["head"], f["separator"]) for f in cut if f is not None and len(f["words"].split()) <= MAX_FIELD_WORDS]


def separators_after(pattern: re.Pattern[str], fields: Iterable[tuple[str, str]]) -> set[str]:
    """The separators behind which lines show one field more than a head's pattern matches
    (`Ann • 3 years ago • edited`, `Jun 5, 2013, 22:18 · Edited`)."""
    return {separator for head, separator in fields if pattern.fullmatch(head) is not None}


def with_trailing_field(pattern: re.Pattern[str], separators: set[str]) -> re.Pattern[str]:
    """The pattern, with an optional last field of words behind one of the separators (no group:
    the head's own groups keep their numbers)."""
    between = "|".join(re.escape(s) for s in sorted(separators))
    field = rf"[^\W\d_][\w'’.\-]*(?: [^\W\d_][\w'’.\-]*){{0,{MAX_FIELD_WORDS - 1}}}"
    return re.compile(rf"(?:{pattern.pattern})(?:\s?(?:{between})\s?{field})?", pattern.flags)


def name_marks(values: Sequence[str], text: str = "") -> frozenset[str]:
    """The words that trail names in a name slot's values as a mark: after a name the slot also
    shows without it (`bob edited` and `bob`), and after several names or in a slot of handles
    (one word each): two commenters may be `Daniel` and `Daniel D`, a handle has no second word.
    A badge only one commenter's heads show is a mark where that commenter's name is shown without
    it all the same: in the thread's `text` in full, or as a handle among many."""
    shown = {value.strip().lower() for value in values}
    marked: defaultdict[str, set[str]] = defaultdict(set)
    for value in shown:
        name, _, word = value.rpartition(" ")
        if name:
            marked[word].add(name)
    return frozenset(
        word for word, names in marked.items()
        if word not in shown and (_is_mark(word, names, shown) or _is_badge(word, names, shown, text))
    )


def _is_mark(word: str, names: set[str], shown: set[str]) -> bool:
    return not names.isdisjoint(shown) and (len(names) >= MARKED_NAMES or _of_handles(word, names, shown))


def _of_handles(word: str, names: set[str], shown: set[str]) -> bool:
    """Whether the slot's names but those the word trails are handles, of one word each."""
    return all(" " not in value for value in shown - {f"{name} {word}" for name in names})


def _is_badge(word: str, names: set[str], shown: set[str], text: str) -> bool:
    if all(" " not in name for name in names) and _of_handles(word, names, shown):
        return len(shown) - len(names) >= LEAST_HANDLES
    return any(len(name.split()) >= FULL_NAME_WORDS and _written_without(name, word, text) for name in names)


def _written_without(name: str, word: str, text: str) -> bool:
    """Whether the text writes the name, as a whole, without the word after it (a quote's `Ann Lee wrote:`)."""
    alone = rf"(?<![\w.'’\-]){re.escape(name)}(?![\w'’\-]|\s+{re.escape(word)}(?!\w))"
    return re.search(alone, text, re.IGNORECASE) is not None


def without_mark(name: str, marks: frozenset[str]) -> str:
    """The name without a mark trailing it."""
    rest, _, word = name.rpartition(" ")
    return rest if rest and word.lower() in marks else name
