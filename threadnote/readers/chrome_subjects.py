"""Template lines with optional parts and free text: a subject line over each comment (`Re:Nice
(Score:4, Funny)`), a byline with an aside some commenters show (`<bob@example.com>`), a row of
actions with a word some comments only show (`Parent`).

A page's template shows some parts only on some comments. A shape is another with a run of
elements put in (a bracketed aside counts as one element, whatever it holds) when the rest is the
same: they are one template line, and their occurrences are counted together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from .chrome_tokens import NUMBERS, beside_a_date

Element = tuple[str, ...]
Shape = tuple[Element, ...]

_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">", "«": "»"}
"""Opening and closing brackets: an aside between them is one optional part."""
_CLOSING = frozenset(_BRACKETS.values())


def change_size(old: Shape, new: Shape) -> int:
    """How many elements a change of `old` into `new` counts for: a bracketed aside put in or
    left out (`<bob@example.com>`, `(edited)`) is one, whatever it holds."""
    if not old or not new:
        inserted = old or new
        if _is_aside(inserted):
            return 1
    return max(len(old), len(new))


def _is_aside(run: Shape) -> bool:
    """Whether the run is one bracketed aside: it opens with a bracket and closes with its match, and no bracket closes it before."""
    closing = (_BRACKETS.get(run[0][0], ""),) if len(run[0]) == 1 else None
    return len(run) >= 2 and run[-1] == closing and closing not in run[1:-1]


SLOT = ""
"""A slot in a shape, as chrome.py writes it."""
SHARED = 2
"""Shapes one part apart keep at least this many constant words or numbers in common: `David` and `0 Empfehlungen` are not one line."""
MAX_PART = 2
"""An optional part holds at most this many elements (`Parent` and its column, `Re` and its colon), or one aside."""


def families(shapes: Sequence[Shape]) -> list[list[Shape]]:
    """The shapes in families: shapes one optional part apart are one template line (`Reply  Share`
    and `Reply  Parent  Share`), and so are shapes linked through others (`Re:` put in, a label left out)."""
    family_of = list(range(len(shapes)))
    for i, j in combinations(range(len(shapes)), 2):
        if family_of[i] != family_of[j] and one_part_apart(shapes[i], shapes[j]):
            old, new = family_of[j], family_of[i]
            family_of = [new if family == old else family for family in family_of]
    grouped: defaultdict[int, list[Shape]] = defaultdict(list)
    for shape, family in zip(shapes, family_of):
        grouped[family].append(shape)
    return list(grouped.values())


def one_part_apart(shape: Shape, other: Shape) -> bool:
    """Whether one shape is the other with one optional part put in, anywhere, and the rest shows
    SHARED constants of both: a lone word may stand where the other has a slot (a label)."""
    (short, loose_short), (long, loose_long) = sorted(((s, _loose(s)) for s in (shape, other)), key=lambda pair: len(pair[0]))
    extra = len(long) - len(short)
    if extra == 0:
        return False
    for cut in range(len(short) + 1):
        if cut and loose_short[cut - 1] != loose_long[cut - 1]:
            break
        if loose_short[cut:] == loose_long[cut + extra :] and change_size((), long[cut : cut + extra]) <= MAX_PART:
            kept = zip(short, (*long[:cut], *long[cut + extra :]))
            return sum(1 for a, b in kept if a == b for part in a if part[:1].isalnum()) >= SHARED
    return False


def _loose(shape: Shape) -> Shape:
    """The shape with a lone word taken for a slot: a label some comments show where others show another."""
    return tuple((SLOT,) if len(element) == 1 and element[0][:1].isalpha() else element for element in shape)


def shows_a_date(constants: Sequence[str]) -> bool:
    """Whether a line's constants (words, masked numbers, symbols) hold a date: a word or a date's
    punctuation between two numbers or before one another continues (`May 0, 0`, `0-0-0`, `0. Mai 0`);
    a count with a label (`Score: 0, Funny`) is none."""
    return any(part not in NUMBERS and beside_a_date(constants, index) for index, part in enumerate(constants))


def in_an_aside(parts: Sequence[str], index: int) -> bool:
    """Whether the part at `index` of a line's parts (symbols as themselves) sits between a bracket
    and its match: an aside about the name beside it (`<bob@example.com>`, a user id), not the name."""
    depth = 0
    for part in reversed(parts[:index]):
        if part in _CLOSING:
            depth += 1
        elif part in _BRACKETS:
            if depth == 0:
                return _BRACKETS[part] in parts[index + 1 :]
            depth -= 1
    return False
