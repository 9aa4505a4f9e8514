"""Cut a short line of a page into the tokens chrome is learned from, and tell a date's words from names."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations, pairwise

FEW_TIMES = 3
"""A time's words (months) are at most a third of its occurrences: a month lasts several comments."""

Token = tuple[str, str]
"""(kind, text) of a token: gap, digits, unit (a number with a unit glued on, `5h`), word or symbol."""

_TOKEN = re.compile(
    r"(?P<gap>[ ]{2,}|\t+)|(?P<digits>(?:(?<![\w,.:\-−])[-−](?=\d))?\d+(?:[,.:]\d+)*(?P<unit>[^\W\d_]{1,3}(?!\w))?)"
    r"|(?P<word>[^\W\d_](?:[\w'’.\-@]*\w)?)|(?P<symbol>\S)"
)
"""A minus sign that starts a word is the number's (`-1` votes); between two numbers it joins a date."""
_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-@]*\w)?")
"""A word token as _TOKEN cuts one."""
_GLUED_COUNT = re.compile(r"(?<=[^\W\d_])(?=\d)")
"""Where a number follows a letter with nothing between: a count glued to a word."""
_DIGIT = re.compile(r"\d")


def tokens(text: str) -> tuple[Token, ...]:
    """(kind, text) of each token of a line; a count glued to a word of a script written without
    spaces (`返信3`, `いいね12`) is a token of its own."""
    found = _tokens(text)
    # only letters without case (Han, kana, Thai, ...) glue counts on: a name like `bob42` is one word;
    # and a line without digits has no count to cut off (`Reply · Share · Report`)
    if text.isascii() or _DIGIT.search(text) is None:
        return found
    return tuple(piece for token in found for piece in _unglued(token))


def is_one_word(text: str) -> bool:
    """Whether `tokens` makes one word of the text (most bare names), told without cutting it up."""
    return _WORD.fullmatch(text) is not None and (text.isascii() or _DIGIT.search(text) is None)


def _tokens(text: str) -> tuple[Token, ...]:
    # findall's tuples of groups cost less than match objects; each group is empty or a whole token,
    # and the digits group holds a unit glued on
    return tuple(
        ("gap", gap) if gap else ("unit" if unit else "digits", digits) if digits else ("word", word) if word else ("symbol", symbol)
        for gap, digits, unit, word, symbol in _TOKEN.findall(text)
    )


def _unglued(token: Token) -> tuple[Token, ...]:
    """The token, cut where a number follows a caseless letter (a word otherwise stays whole)."""
    kind, text = token
    if kind != "word":
        return (token,)
    cuts = [m.start() for m in _GLUED_COUNT.finditer(text) if is_caseless(text[m.start() - 1])]
    if not cuts:
        return (token,)
    pieces = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)])]
    return tuple(found for piece in pieces for found in _tokens(piece))


def is_caseless(letter: str) -> bool:
    """Whether a letter has no upper and lower case: the letters of scripts written without spaces
    between words (and a few written with them, where a count glued on is as rare as in Latin)."""
    return letter.isalpha() and not letter.isupper() and not letter.islower()


NUMBERS = frozenset(("0", "0a"))
"""How a number shows in a shape: masked, with or without a unit."""
DATE_PUNCTUATION = frozenset(",./:-")
"""Symbols inside a date or a time (`Nov 16, 2010`, `20. Juli`, `2:00`)."""
GAP = "  "
"""A run of spaces or a tab as a shape shows it."""


def beside_a_date(kinds: Sequence[str], index: int) -> bool:
    """Whether the element at `index` of a shape (each element's kind: a word, `0`, a symbol) sits
    in a date: between two numbers (`20 juillet 2011`), or next to a number that another number
    continues (`Jul 20, 2011`), a month's word between them too (`Sun, 17 May 2009`), a punctuation
    mark between any two of them (`20. Juli 2011`)."""
    left = _number_from(kinds, index - 1, -1)
    right = index + 2 if pads_a_day(kinds, index + 1) else _number_from(kinds, index + 1, 1)
    if left is not None and right is not None:
        return True
    return (right is not None and _continued(kinds, right, 1)) or (left is not None and _continued(kinds, left, -1))


def pads_a_day(kinds: Sequence[str], index: int) -> bool:
    """Whether the element at `index` is a gap that pads a date's day to two places after its month
    (`Sun Mar  3 02:40:00 UTC 2011`, as mail archives print dates): the date's, no column. The day
    is followed by its clock or year; a column before a date of its own (`alice  2010-05-01`) is none."""
    return (
        0 < index < len(kinds) - 2 and kinds[index] == GAP and (kinds[index - 1][:1].isalpha() or not kinds[index - 1])
        and kinds[index + 1] in NUMBERS and kinds[index + 2] in NUMBERS
    )


def _continued(kinds: Sequence[str], at: int, step: int) -> bool:
    """Whether another number continues the number at `at`, a punctuation mark or a word (a month) between."""
    beyond = at + step
    if _number_from(kinds, beyond, step) is not None:
        return True
    # a word's kind is its text, a run's `W` or a slot's empty string: whatever holds no digit or symbol
    return 0 <= beyond < len(kinds) and (kinds[beyond][:1].isalpha() or not kinds[beyond]) and _number_from(kinds, beyond + step, step) is not None


def _number_from(kinds: Sequence[str], at: int, step: int) -> int | None:
    """Where the number at `at` is, or just past one punctuation mark of a date there."""
    if 0 <= at < len(kinds) and kinds[at] in DATE_PUNCTUATION:
        at += step
    return at if 0 <= at < len(kinds) and kinds[at] in NUMBERS else None


def varies_like_a_time(values: Sequence[str], *, may_stay: bool = False) -> bool:
    """Whether the words a place beside a date holds, in thread order, are a time's (a month's):
    a few that change, each in one stretch of the thread (time runs on), where a name comes and
    goes with its commenter. One word all through is a time's only where it `may_stay` (a head's
    slot: nobody posts every comment), not among a line's constants (`at` of `2009 at 2:00`)."""
    words = [value.lower() for value in values]
    distinct = len(set(words))
    stretches = 1 + sum(1 for a, b in pairwise(words) if a != b)
    fewest = 1 if may_stay else 2
    return fewest <= distinct <= len(words) // FEW_TIMES and stretches <= 2 * distinct


INFLECTED = "~"
"""Ends a stem that stands for a word's forms in a shape; no word ends with it."""
MAX_ENDING = 3
"""The longest ending a form adds to its stem (`-s`, `-en`, `-es`)."""
SHORTEST_STEM = 4
"""A shorter word is no stem: `on` and `one` are two words."""


def inflections(words: set[str]) -> dict[str, str]:
    """Each word that is another one with a short ending, and that other one, mapped to the stem
    marked INFLECTED (`empfehlung`, `empfehlungen` -> `empfehlung~`); other words are left out."""
    forms: dict[str, str] = {}
    for word in sorted(words, key=len):  # a stem before its forms
        # the shortest stem that is no form of another: every form is within MAX_ENDING of it
        stems = (word[:-cut] for cut in range(MAX_ENDING, 0, -1) if len(word) - cut >= SHORTEST_STEM)
        stem = next((s for s in stems if s in words and forms.get(s, s + INFLECTED) == s + INFLECTED), None)
        if stem is not None:
            forms[word] = forms[stem] = stem + INFLECTED
    return forms | _shared_stems(words - forms.keys())


def _shared_stems(words: set[str]) -> dict[str, str]:
    """Words that are two endings of one stem, neither the stem itself (`reply`, `replies`), mapped to it."""
    by_start: defaultdict[str, list[str]] = defaultdict(list)  # words that share a stem share its start
    for word in sorted(words):
        if len(word) >= SHORTEST_STEM:
            by_start[word[:SHORTEST_STEM]].append(word)
    forms: dict[str, str] = {}
    for alike in by_start.values():
        for word, other in combinations(alike, 2):
            stem = os.path.commonprefix([word, other])
            if max(len(word), len(other)) - len(stem) <= MAX_ENDING:
                forms.setdefault(word, stem + INFLECTED)
                forms.setdefault(other, forms[word])
    return forms
