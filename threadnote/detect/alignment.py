"""Align two paragraphs' words: the runs one repeats of the other, through small edits.

Used by the quote finder (quotes.py) on the few paragraph pairs that share an index key. A run
may step over one changed, dropped or added word when RECOVER_WORDS words agree again after it,
and takes one more such edit per MAX_EDITS_PER_WORDS matched words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RECOVER_WORDS = 3
"""After a differing word, this many words must agree again for the match to go on."""
MAX_SEEDS = 20
"""Places in the source tried for one word triple; repetitive text must not make alignment quadratic."""
MAX_EDITS_PER_WORDS = 8
"""Beyond the first edit, one more edit (changed, dropped or added word) per this many matched words."""


@dataclass(frozen=True, slots=True)
class Region:
    """Words `start:end` of a quoting paragraph repeat words `source_start:source_end` of its source."""

    start: int  # word indices, end exclusive
    end: int
    source_start: int
    source_end: int
    edits: int


def exact_or_align(words: list[str], source: list[str]) -> list[Region]:
    """The common case first: one text holds all of the other word for word (a whole paste)."""
    text, held = " " + " ".join(words) + " ", " " + " ".join(source) + " "
    if len(held) <= len(text):
        at = text.find(held)
        if at >= 0:
            start = text.count(" ", 0, at + 1) - 1
            return [Region(start, start + len(source), 0, len(source), 0)]
    else:
        at = held.find(text)
        if at >= 0:
            start = held.count(" ", 0, at + 1) - 1
            return [Region(0, len(words), start, start + len(words), 0)]
    return align(words, source)


def align(words: Sequence[str], source: Sequence[str]) -> list[Region]:
    """Maximal runs of `words` that repeat `source`, allowing a changed, dropped or added word."""
    seeds: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(source) - RECOVER_WORDS + 1):
        seeds.setdefault(tuple(source[j : j + RECOVER_WORDS]), []).append(j)
    regions: list[Region] = []
    i = 0
    while i <= len(words) - RECOVER_WORDS:
        best: Region | None = None
        for j in seeds.get(tuple(words[i : i + RECOVER_WORDS]), ())[:MAX_SEEDS]:
            region = _extend(words, source, i, j)
            if best is None or region.end - region.start > best.end - best.start:
                best = region
        if best is None:
            i += 1
            continue
        regions.append(best)
        i = best.end
    return regions


def _extend(words: Sequence[str], source: Sequence[str], i: int, j: int) -> Region:
    start, source_start = i, j
    while start and source_start and words[start - 1] == source[source_start - 1]:
        start, source_start = start - 1, source_start - 1
    edits = 0
    while True:
        while i < len(words) and j < len(source) and words[i] == source[j]:
            i, j = i + 1, j + 1
        step = _recover(words, source, i, j)
        matched = i - start - edits
        if step is None or matched < RECOVER_WORDS or edits + 1 > 1 + matched // MAX_EDITS_PER_WORDS:
            return Region(start, i, source_start, j, edits)
        i, j = i + step[0], j + step[1]
        edits += 1


def _recover(words: Sequence[str], source: Sequence[str], i: int, j: int) -> tuple[int, int] | None:
    """How to step over one differing word so that the next words agree again.

    RECOVER_WORDS must agree, or all the words left when either text ends sooner (an edited
    word near the end of a quote)."""
    for di, dj in ((1, 1), (0, 1), (1, 0)):
        a, b = i + di, j + dj
        size = min(RECOVER_WORDS, len(words) - a, len(source) - b)
        if size > 0 and words[a : a + size] == source[b : b + size]:
            return di, dj
    return None
