"""Template lines with optional parts and free text: a subject line over each comment (`Re:Nice
(Score:4, Funny)`), a byline with an aside some commenters show (`<bob@example.com>`), a row of
actions with a word some comments only show (`Parent`).

A page's template shows some parts only on some comments. A shape is another with a run of
elements put in (a bracketed aside counts as one element, whatever it holds) when the rest is the
same: they are one template line, and their occurrences are counted together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from .chrome_tokens import NUMBERS, beside_a_date

Element = tuple[str, ...]
Shape = tuple[Element, ...]

_BRACKETS = {"(": ")", "[": "]", "{": "}", "<": ">", "«": "»"}
"""Opening and closing brackets: an aside between them is one optional part."""
_CLOSING = frozenset(_BRACKETS.values())
_ASIDE_ENDS = frozenset({("",), *((closing,) for closing in _CLOSING)})
"""The last elements of a run `_is_aside` may take for an aside: a closing bracket, or a slot (`""`,
as `_BRACKETS.get` gives for a first element that is no bracket)."""


def least_change(shape: Shape, other: Shape) -> int:
    """A bound the change sizes that turn one shape into the other reach, however they align: the
    elements of the longer one left over count one each, unless a run put in or left out may count
    as one aside (what `change_size` takes for one ends with a closing bracket or a slot)."""
    if any(element in _ASIDE_ENDS for element in (*shape, *other)):
        return 0
    return abs(len(shape) - len(other))


def change_size(old: Shape, new: Shape) -> int:
    """How many elements a change of `old` into `new` counts for: a bracketed aside put in or
    left out (`<bob@example.com>`, `(edited)`) is one, whatever it holds."""
    if (not old or not new) and _is_aside(old or new):
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
PARTS = 2
"""Shapes of one line differ in at most this many optional parts, on either side."""
LOOSE_KEPT = 4096
"""Shapes whose loose form is remembered: a shape is compared with many others."""
MAX_SPAN = 5
"""A shape met once is compared with the shapes at most this many elements longer or shorter: an aside is short."""


def families(shapes: Sequence[Shape]) -> list[list[Shape]]:
    """The shapes in families: shapes one optional part apart are one template line (`Reply  Share`
    and `Reply  Parent  Share`), and so are shapes linked through others (`Re:` put in, a label left out)."""
    family_of = list(range(len(shapes)))
    # two shapes of one line keep SHARED constants: most pairs are told apart by counting them
    constants = [Counter(part for element in shape for part in element if part[:1].isalnum()) for shape in shapes]
    for i, j in combinations(range(len(shapes)), 2):
        if family_of[i] == family_of[j] or abs(len(shapes[i]) - len(shapes[j])) > MAX_SPAN:
            continue
        shared = constants[i] & constants[j]
        # masked numbers alone make no family: every line of a date shows them (`answered Jun 5, 2013
        # at 23:15` and a quoted `On Tue, 16 Nov 2010 06:51:17 -0800`)
        if shared.total() >= SHARED and any(part[:1].isalpha() for part in shared) and _parts_apart(shapes[i], shapes[j]):
            old, new = family_of[j], family_of[i]
            family_of = [new if family == old else family for family in family_of]
    grouped: defaultdict[int, list[Shape]] = defaultdict(list)
    for shape, family in zip(shapes, family_of):
        grouped[family].append(shape)
    return list(grouped.values())


def one_part_apart(shape: Shape, other: Shape) -> bool:
    """Whether two shapes are one line: alike but for their words (free text, a label: `Re:It is`,
    `Funny`) and one optional part put in, anywhere; the rest shows SHARED constants of both."""
    return _cut(shape, other) is not None


def _parts_apart(shape: Shape, other: Shape) -> bool:
    """Whether two shapes are one line with a part or two some comments only show, each put in
    either of them (`Score:-1` has a sign where `Score:1, Funny` has a label)."""
    if one_part_apart(shape, other):
        return True
    loose, loose_other = _loose(shape), _loose(other)
    if loose[:1] != loose_other[:1] and loose[-1:] != loose_other[-1:]:
        return False
    changes = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in SequenceMatcher(None, loose, loose_other, autojunk=False).get_opcodes() if op != "equal"]
    if len(changes) > PARTS or any(i1 != i2 and j1 != j2 for i1, i2, j1, j2 in changes):
        return False  # a part replaced by another is no part put in
    if any(change_size(shape[i1:i2], other[j1:j2]) > MAX_PART for i1, i2, j1, j2 in changes):
        return False
    kept = [a for a, b in zip(_without(shape, changes, 0), _without(other, changes, 2)) if a == b]
    return sum(1 for element in kept for part in element if part[:1].isalnum()) >= SHARED


def _without(shape: Shape, changes: list[tuple[int, int, int, int]], side: int) -> list[Element]:
    """The shape without its elements in the changes (`side` 0 for the first shape's places, 2 for the other's)."""
    dropped = {at for change in changes for at in range(change[side], change[side + 1])}
    return [element for at, element in enumerate(shape) if at not in dropped]


def _cut(shape: Shape, other: Shape) -> int | None:
    """Where the longer of two shapes one part apart has its optional part, or None when they are not."""
    short, long = (shape, other) if len(shape) <= len(other) else (other, shape)
    loose_short, loose_long = _loose(short), _loose(long)
    # with one part put in, the two begin alike or end alike: most pairs differ at both ends
    if loose_short[:1] != loose_long[:1] and loose_short[-1:] != loose_long[-1:]:
        return None
    extra = len(long) - len(short)
    best, most = None, SHARED - 1  # of the places the part may be put in, the one that keeps most constants
    for cut in range(len(short) + 1):
        if cut and loose_short[cut - 1] != loose_long[cut - 1]:
            break
        if loose_short[cut:] == loose_long[cut + extra :] and (not extra or change_size((), long[cut : cut + extra]) <= MAX_PART):
            kept = zip(short, (*long[:cut], *long[cut + extra :]))
            shared = sum(1 for a, b in kept if a == b for part in a if part[:1].isalnum())
            if shared > most:
                best, most = cut, shared
    return best


def as_kin(rare: Shape, shapes: Sequence[Shape]) -> tuple[Shape, Shape] | None:
    """A shape met once as one of the shapes' lines, with their slots where they have them (a
    byline with an address only one commenter shows, a subject with a rarer label), and the shape
    it is kin to; None when it is no shape's kin. A shape met once keeps all its words."""
    for shape in shapes:
        if abs(len(shape) - len(rare)) <= MAX_SPAN and (cut := _cut(rare, shape)) is not None:
            extra = len(rare) - len(shape)
            # the rare shape's own part is left as it is; the rest stands beside the kin's elements
            beside = [None if cut <= at < cut + extra else shape[at if at < cut else at - extra] for at in range(len(rare))]
            merged = [element if kin is None else _with_slots(element, kin) for element, kin in zip(rare, beside)]
            if all(merged):
                return tuple(merged), shape
    return None


def _with_slots(element: Element, kin: Element) -> Element:
    """The element with a slot wherever its kin has one or the two differ, word for word; a run of
    another length is the kin's run where it shows the kin's words around its slot (`by` of `by
    SLOT`), a slot where the kin's run is one, and nothing where it does not fit: a name cut up by
    a digit or a symbol (`by 67mustangman`) is no optional part."""
    if len(element) != len(kin):
        if SLOT not in kin:
            return (SLOT,)
        head, tail = kin[: kin.index(SLOT)], kin[len(kin) - kin[::-1].index(SLOT) :]
        fits = len(element) > len(head) + len(tail) and element[: len(head)] == head and element[len(element) - len(tail) :] == tail
        return kin if fits else ()
    words = [word if word == other else SLOT for word, other in zip(element, kin)]
    return tuple(word for at, word in enumerate(words) if word != SLOT or not at or words[at - 1] != SLOT)


@lru_cache(maxsize=LOOSE_KEPT)
def _loose(shape: Shape) -> Shape:
    """The shape with each run of words taken for a slot: free text, or a label some comments show where others show another."""
    return tuple((SLOT,) if element[0][:1].isalpha() or element[0] == SLOT else element for element in shape)


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
