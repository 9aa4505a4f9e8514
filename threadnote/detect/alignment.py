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


CHAIN_GAP = 2
"""A quoted block may run on into a source paragraph this many paragraphs further (one left out)."""
CHAIN_LOOKAHEAD = 8
"""Regions, in quote order, tried as the next link of a chain: keeps chaining linear."""


def best_chain(regions: Sequence[tuple[int, Region]]) -> tuple[int, Region, int] | None:
    """The run of regions that follow each other in the quote and in the thread (one source
    paragraph after the next: a quoted block that joins its source's paragraphs), covering most
    words; returned as its first source, that source's region and the words the run covers.
    Among equal runs the earliest source wins."""
    ordered = sorted(regions, key=lambda c: (c[1].start, c[0]))
    covered = [0] * len(ordered)
    for k in range(len(ordered) - 1, -1, -1):
        source, region = ordered[k]
        after = [
            covered[m]
            for m in range(k + 1, min(len(ordered), k + 1 + CHAIN_LOOKAHEAD))
            if _follows(ordered[m], source, region)
        ]
        covered[k] = region.end - region.start + max(after, default=0)
    if not ordered:
        return None
    best = max(range(len(ordered)), key=lambda k: (covered[k], -ordered[k][0]))
    return ordered[best][0], ordered[best][1], covered[best]


def _follows(candidate: tuple[int, Region], source: int, region: Region) -> bool:
    """Whether `candidate` goes on where `region` of `source` stops, in the quote and in the thread."""
    next_source, following = candidate
    if following.start < region.end:
        return False
    if next_source == source:
        return following.source_start >= region.source_end
    return source < next_source <= source + CHAIN_GAP


SHORT_COVERAGE = 0.5
"""Share of its source's words a short quote must be: a few words prove nothing inside a long text."""


def held_run(words: Sequence[str], candidates: Sequence[tuple[int, Sequence[str]]]) -> tuple[int, int, int] | None:
    """The earliest candidate paragraph that holds `words` as whole words in a row (running on into
    the paragraphs that follow it in the thread when the run crosses a paragraph break), where the
    words are at least SHORT_COVERAGE of the paragraphs they touch.

    `candidates` are (paragraph number, its words) in thread order. Returns the paragraph and the
    run's first and end word index in it."""
    for k, (number, held) in enumerate(candidates):
        for start in (i for i, word in enumerate(held) if word == words[0]):
            touched = _run_from(words, candidates, k, start)
            if touched and len(words) >= SHORT_COVERAGE * touched:
                return number, start, min(len(held), start + len(words))
    return None


def _run_from(words: Sequence[str], candidates: Sequence[tuple[int, Sequence[str]]], k: int, start: int) -> int:
    """Words of the paragraphs a run of `words` from word `start` of candidate k touches, 0 if it breaks."""
    number, held = candidates[k]
    touched, at = len(held), start
    for word in words:
        while at == len(held):  # the run crosses into the next paragraph of the thread
            k += 1
            if k == len(candidates) or candidates[k][0] != number + 1:
                return 0
            number, held = candidates[k]
            touched, at = touched + len(held), 0
        if held[at] != word:
            return 0
        at += 1
    return touched
