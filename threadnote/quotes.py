"""Find where a paragraph repeats words written earlier, through an index of anchored word n-grams.

Each paragraph contributes keys: the first ANCHOR_WORDS words after every clause start and the
last ANCHOR_WORDS words before every clause end (clauses end at . ! ? … ; : ,). Pasted words
almost always begin or end at such a boundary of the original, so this finds them while keeping
the index to a few keys per sentence, not one per word. The index maps each key to the first
paragraph that wrote it, so a quote links to the earliest writer, never to a re-quoter. Only the
few paragraph pairs that share a key are aligned word by word, tolerating small edits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .config import QuoteSettings
from .model import Paragraph

ANCHOR_WORDS = 4
TITLE_INDEX = -1
WORD = re.compile(r"\w+(?:['’]\w+)*")
_BOUNDARY = re.compile(r"[.!?…;:,]+|\s[—–-]\s")
_NON_WORD = re.compile(r"[^\w|']+|(?<!\w)'|'(?!\w)")
_START_KEYS = re.compile(r"(?:^|(?<=\| ))(?=(\w+(?:'\w+)*(?: (?:\| )?\w+(?:'\w+)*){%d}))" % (ANCHOR_WORDS - 1))
_END_KEYS = re.compile(r"(?<![\w'])(?=(\w+(?:'\w+)*(?: (?:\| )?\w+(?:'\w+)*){%d}) \|)" % (ANCHOR_WORDS - 1))
RECOVER_WORDS = 3
"""After a differing word, this many words must agree again for the match to go on."""
MAX_EDITS_PER_WORDS = 8
"""At most one edit (changed, dropped or added word) per this many matched words."""


@dataclass(frozen=True, slots=True)
class ParagraphQuote:
    """Words `start:end` of paragraph `paragraph` repeat `source_start:source_end` of `source`."""

    paragraph: int
    start: int
    end: int
    source: int | None
    """Index of the source paragraph, TITLE_INDEX for the title, None if not in the thread."""
    source_start: int
    source_end: int
    how: str
    words: int


@dataclass(frozen=True, slots=True)
class _Region:
    start: int  # word indices, end exclusive
    end: int
    source_start: int
    source_end: int
    edits: int


def anchor_keys(text: str) -> list[str]:
    """The index keys of one paragraph: normalised word n-grams at clause starts and ends."""
    marked = _BOUNDARY.sub(" | ", text.lower().replace("’", "'"))
    marked = " ".join(_NON_WORD.sub(" ", marked).split()) + " |"
    keys = _START_KEYS.findall(marked) + _END_KEYS.findall(marked)
    return "\n".join(keys).replace("| ", "").split("\n") if keys else []


def words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]


def find_quotes(paragraphs: Sequence[Paragraph], title: str, settings: QuoteSettings) -> list[ParagraphQuote]:
    """Every paragraph's repeats of earlier words, each linked to the earliest paragraph that wrote them."""
    index: dict[str, int] = {}
    if title:
        index.update(dict.fromkeys(anchor_keys(title), TITLE_INDEX))
    found: list[ParagraphQuote] = []
    for number, paragraph in enumerate(paragraphs):
        if paragraph.kind == "code":
            continue
        keys = set(anchor_keys(paragraph.text))
        shared = keys & index.keys()
        if shared or paragraph.kind == "quote":
            sources = sorted({index[key] for key in shared})
            found.extend(_quotes_in(number, paragraphs, title, sources, settings))
        index.update(dict.fromkeys(keys - shared, number))
    return found


def _text(paragraphs: Sequence[Paragraph], title: str, number: int) -> str:
    return title if number == TITLE_INDEX else paragraphs[number].text


def _quotes_in(
    number: int, paragraphs: Sequence[Paragraph], title: str, sources: list[int], settings: QuoteSettings
) -> list[ParagraphQuote]:
    text = paragraphs[number].text
    words = words_with_offsets(text)
    candidates: list[tuple[int, int, _Region, list[tuple[str, int, int]]]] = []
    for source in sources:
        source_words = words_with_offsets(_text(paragraphs, title, source))
        for region in align([w for w, _, _ in words], [w for w, _, _ in source_words]):
            if _long_enough(region, words, settings):
                candidates.append((-(region.end - region.start), source, region, source_words))
    candidates.sort(key=lambda c: (c[0], c[1] if c[1] != TITLE_INDEX else -2))
    taken: list[ParagraphQuote] = []
    for _, source, region, source_words in candidates:
        if any(region.start < q.words_end and q.words_start < region.end for q in _spans(taken, words)):
            continue
        how = "marker" if paragraphs[number].kind == "quote" else ("fuzzy" if region.edits else "verbatim")
        taken.append(_paragraph_quote(number, words, source, source_words, region, how))
    if paragraphs[number].kind == "quote" and not taken:
        taken.append(ParagraphQuote(number, 0, len(text), None, 0, 0, "marker", len(words)))
    return sorted(taken, key=lambda q: q.start)


@dataclass(frozen=True, slots=True)
class _WordSpan:
    words_start: int
    words_end: int


def _spans(taken: list[ParagraphQuote], words: list[tuple[str, int, int]]) -> list[_WordSpan]:
    starts = {w[1]: i for i, w in enumerate(words)}
    ends = {w[2]: i + 1 for i, w in enumerate(words)}
    return [_WordSpan(starts[q.start], ends[q.end]) for q in taken]


def _paragraph_quote(
    number: int,
    words: list[tuple[str, int, int]],
    source: int,
    source_words: list[tuple[str, int, int]],
    region: _Region,
    how: str,
) -> ParagraphQuote:
    return ParagraphQuote(
        paragraph=number,
        start=words[region.start][1],
        end=words[region.end - 1][2],
        source=source,
        source_start=source_words[region.source_start][1],
        source_end=source_words[region.source_end - 1][2],
        how=how,
        words=region.end - region.start,
    )


def _long_enough(region: _Region, words: list[tuple[str, int, int]], settings: QuoteSettings) -> bool:
    count = region.end - region.start
    chars = words[region.end - 1][2] - words[region.start][1]
    return count >= settings.min_words and chars >= settings.min_chars


def align(words: Sequence[str], source: Sequence[str]) -> list[_Region]:
    """Maximal runs of `words` that repeat `source`, allowing a changed, dropped or added word."""
    seeds: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(source) - RECOVER_WORDS + 1):
        seeds.setdefault(tuple(source[j : j + RECOVER_WORDS]), []).append(j)
    regions: list[_Region] = []
    i = 0
    while i <= len(words) - RECOVER_WORDS:
        best: _Region | None = None
        for j in seeds.get(tuple(words[i : i + RECOVER_WORDS]), ()):
            region = _extend(words, source, i, j)
            if best is None or region.end - region.start > best.end - best.start:
                best = region
        if best is None:
            i += 1
            continue
        regions.append(best)
        i = best.end
    return regions


def _extend(words: Sequence[str], source: Sequence[str], i: int, j: int) -> _Region:
    start, source_start = i, j
    while start and source_start and words[start - 1] == source[source_start - 1]:
        start, source_start = start - 1, source_start - 1
    edits = 0
    while True:
        while i < len(words) and j < len(source) and words[i] == source[j]:
            i, j = i + 1, j + 1
        step = _recover(words, source, i, j)
        matched = i - start
        if step is None or (edits + 1) * MAX_EDITS_PER_WORDS > matched:
            return _Region(start, i, source_start, j, edits)
        i, j = i + step[0], j + step[1]
        edits += 1


def _recover(words: Sequence[str], source: Sequence[str], i: int, j: int) -> tuple[int, int] | None:
    """How to step over one differing word so that the next words agree again."""
    for di, dj in ((1, 1), (0, 1), (1, 0)):
        a, b = i + di, j + dj
        if words[a : a + RECOVER_WORDS] == source[b : b + RECOVER_WORDS] and len(words[a : a + RECOVER_WORDS]) == RECOVER_WORDS:
            return di, dj
    return None
