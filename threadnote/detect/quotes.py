"""Find where a paragraph repeats words written earlier, through an index of anchored word n-grams.

Each paragraph contributes keys: the first ANCHOR_WORDS words after every clause start and the
last ANCHOR_WORDS words before every clause end (clauses end at . ! ? … ; : , — and –).
Pasted words almost always begin or end at such a boundary of the original, so this finds them
while keeping the index to a few keys per sentence, not one per word. The index maps each key to
the first paragraph that wrote it, so a quote links to the earliest writer, never to a re-quoter;
a paragraph that only repeats earlier words hands its new keys (its small edits) to its source
for the same reason. Only the few paragraph pairs that share a key are aligned word by word,
tolerating small edits (a changed, dropped or added word, an ellipsis). The cost is one regular
expression scan of each paragraph and its reversal plus dictionary look-ups: linear in the
thread's length, never all pairs (bench/quotes_bench.py measures it).

What is *not* a quote (the decoys of real threads):
- fewer than `min_words` words or `min_chars` characters in common (shared topic phrases);
- unmarked words that do not stand as a unit in the quoting paragraph: a pasted quote starts at a
  clause start and ends at a clause end (give or take EDGE_SLACK words for an edit at its edge;
  a run of LONG_RUN times `min_words` needs only one of the two), so the headline's words inside
  a longer sentence are not a quote of the headline;
- a quote of the title that covers less than `quotes.title_coverage` of the title;
- stock text (stock.py: signatures, sign-offs, attribution lines) and code blocks, unmarked.

Marked (`>`) quotes are quotes whatever their length. One links to the source paragraph, or the
run of consecutive source paragraphs, that half of its words repeat (mail quotes a message's
paragraphs as one block); one of fewer than `quotes.marked_min_words` words to a recent paragraph
that is mostly those words; a quoted code line or sign-off is a quote. Any other links to no
source (`None`). docs/quotes.md tells the rules with their reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeVar

from ..config import QuoteSettings
from ..model import Paragraph, ProgressCallback
from .alignment import Region, best_chain, exact_or_align, held_run
from .stock import ATTRIBUTION, BOILERPLATE_MAX_CHARS, is_stock

ANCHOR_WORDS = 4
"""Words per index key."""
TITLE_INDEX = -1
T = TypeVar("T")
WORD = re.compile(r"\w+(?:['’]\w+)*")
_WORDS_AND_GAPS = re.compile(f"({WORD.pattern})")
"""Splits a text into the gaps between words and the words, in turn (a gap first and last)."""
CLAUSE_MARKS = "!?…;:,—–"
"""Clause edges besides the full stop. _key_list spells them all "." first: the regex engine finds
one literal first character several times faster than a character class."""
_KEYS = re.compile(r"\.\W*+(" + " ".join([r"[\w']++"] * ANCHOR_WORDS) + ")")
"""Start keys of a lower-cased paragraph: ANCHOR_WORDS words, single-spaced, after a clause edge;
run on the reversed text it gives the end keys. Keys with punctuation inside are left out: the
next clause edge gives another. A match takes its key's words along (no clause edge there);
possessive quantifiers never backtrack; words spelt out run faster than a repeated group."""
_EDGE = re.compile(r"[.!?…;:,\"“”‘’'()\[\]—–]|\s-\s")
"""Punctuation between two words that makes the second start a clause (and the first end one)."""
CACHED_PARAGRAPHS = 4096
PROGRESS_EVERY = 4096
"""Paragraphs between two progress reports."""
EDGE_SLACK = 1
"""Words an unmarked quote may stand away from a clause edge (an edited first or last word)."""
LONG_RUN = 2
"""A run of this many times `min_words` words is a quote when one of its ends is at a clause edge."""
MARKED_COVERAGE = 0.5
"""Share of a `>` quote's words that must repeat its source for the whole quote to link there."""
WHOLE_PARAGRAPH = 0.8
"""A quote covering this share of its paragraph's words makes the paragraph a mere re-quote."""
ELLIPSIS = re.compile(r"^\s*(?:\.{3}|…|\[(?:\.{3}|…)\]|\((?:\.{3}|…)\))\s*$")
"""Marks of left-out words inside a quote: `...`, `…`, `[...]`, `(…)`."""
ELISION_MAX_WORDS = 40
"""Most words an ellipsis may stand for."""
MARKED_LOOKBACK = 50
"""Paragraphs searched word by word for the source of a `>` quote that shares no index key."""
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


Words = list[tuple[str, int, int]]


def anchor_keys(text: str) -> set[str]:
    """The index keys of one paragraph: lower-cased word n-grams at clause starts and ends.

    End keys are found as start keys of the reversed text, so they are spelt backwards; they are
    only ever compared with each other. The paragraph's own start and end count as clause edges;
    double quote marks are dropped, so words in quote marks still make keys. The keys are kept as
    text: hashes would take a third less memory, but Python's hashes change from one process to
    the next, and a rare clash could then make two builds of one thread differ."""
    return set(_key_list(text))


def _key_list(text: str) -> list[str]:
    low = text.lower().replace("’", "'").replace("“", "").replace("”", "").replace('"', "")
    for mark in CLAUSE_MARKS:
        low = low.replace(mark, ".")
    return _KEYS.findall(f". {low} . {low[::-1]} .")  # one scan: the text, then the text reversed


def tokens(text: str) -> list[str]:
    """Lower-cased words, as words_with_offsets has them."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):
        return [w for w, _, _ in words_with_offsets(text)]
    return WORD.findall(low)


def words_with_offsets(text: str) -> Words:
    """Lower-cased words with their character offsets in `text`."""
    low = text.lower().replace("’", "'")
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets exact
        return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD.finditer(text)]
    # split gives the gaps and the words in turn: their running lengths are the offsets, all summed
    # in C (a match object per word, asked for its start and end, is a quarter slower)
    parts = _WORDS_AND_GAPS.split(low)
    ends = list(accumulate(map(len, parts)))
    return list(zip(parts[1::2], ends[::2], ends[1::2]))


def find_quotes(
    paragraphs: Sequence[Paragraph], title: str, settings: QuoteSettings, progress: ProgressCallback | None = None,
    tight: AbstractSet[int] = frozenset(), later: LaterRange | None = None,
) -> list[ParagraphQuote]:
    """Every paragraph's repeats of earlier words, each linked to the earliest paragraph that wrote them.

    `tight` holds the paragraphs that follow the one before with no blank line between (one block
    the reader cut, at each change of `>` depth): a nested block of quotes is one quote, linked to
    the earliest message it quotes (mail quotes the whole chain of replies it answers).
    `later`: the paragraphs from `later.start` on scanned elsewhere meanwhile (`scan_range`); the
    quotes are the same as without it, found from that scan where it serves (`_Finder.replay`)."""
    finder = _Finder(paragraphs, title, settings)
    first = later.start if later is not None else len(paragraphs)
    found = finder.scan(range(first), progress)
    if later is not None:
        scanned = later.result()
        rest = range(first, len(paragraphs))
        found += finder.scan(rest, progress) if scanned is None else finder.replay(scanned, progress)
    if progress is not None:
        progress("quotes", len(paragraphs), len(paragraphs))
    return _one_link_per_block(found, paragraphs, tight, settings.marked_min_words) if tight else found


@dataclass(frozen=True, slots=True)
class RangeScan:
    """What a finder that knew no paragraph before `start` (only the title) made of the paragraphs
    from there on: what it indexed of each, and what it found in those it visited."""

    start: int
    keys: list[str | None]
    """Each paragraph's index keys joined by newlines (cheaper to hand from process to process
    than lists: no key holds one); None for a paragraph left out of the index."""
    visits: dict[int, tuple[list[int], list[ParagraphQuote]]]
    """The sources each unmarked paragraph sharing keys saw, and the quotes it found there."""


@dataclass(frozen=True, slots=True)
class LaterRange:
    """Paragraphs from `start` on, scanned elsewhere: `result()` waits for their scan (None: it failed)."""

    start: int
    result: Callable[[], RangeScan | None]


def scan_range(paragraphs: Sequence[Paragraph], title: str, settings: QuoteSettings, start: int) -> RangeScan:
    """The paragraphs from `start` on, scanned as find_quotes does but with no earlier paragraph
    in the index, to run beside the scan of those before (find_quotes with `later`)."""
    finder = _Finder(paragraphs, title, settings, RangeScan(start, [], {}))
    finder.scan(range(start, len(paragraphs)), None)
    assert finder.scanned is not None
    return finder.scanned


def _one_link_per_block(
    found: list[ParagraphQuote], paragraphs: Sequence[Paragraph], tight: AbstractSet[int], min_words: int
) -> list[ParagraphQuote]:
    """Marked quotes of one block keep one link, to the earliest source (the others stay `>` paragraphs,
    unlinked). A block whose deeper (older) quotes of `min_words` or more words come from no comment
    in the thread quotes first a message from outside it, so it keeps no link at all."""
    earliest: dict[int, int] = {}  # first paragraph of a block -> its earliest source
    outside: dict[int, int] = {}  # first paragraph of a block -> depth of its deepest quote from outside
    block_of: dict[int, int] = {}
    firsts: dict[int, int] = {}  # paragraph -> first paragraph of its block, for the quotes seen
    for quote in found:
        if paragraphs[quote.paragraph].kind != "quote":
            continue
        first = _block_first(quote.paragraph, tight, firsts)
        if quote.source is None:
            if quote.words >= min_words:
                outside[first] = max(outside.get(first, 0), paragraphs[quote.paragraph].depth)
            continue
        block_of[quote.paragraph] = first
        earliest[first] = min(earliest.get(first, quote.source), quote.source)
    kept: set[int] = set()
    result = []
    for quote in found:
        block = block_of.get(quote.paragraph)
        if block is not None:
            if quote.source != earliest[block] or block in kept:
                continue
            kept.add(block)
            if outside.get(block, 0) > paragraphs[quote.paragraph].depth:
                continue
        result.append(quote)
    return result


class _Finder:
    """The index and the per-paragraph caches of one find_quotes run."""

    def __init__(self, paragraphs: Sequence[Paragraph], title: str, settings: QuoteSettings, scanned: RangeScan | None = None) -> None:
        self.paragraphs = paragraphs
        self.scanned = scanned
        """Where this finder records what it indexes and visits (see scan_range), if anywhere."""
        self.title = title
        self.settings = settings
        # Settable in site.yaml once config.QuoteSettings has these fields; the defaults otherwise.
        self.title_coverage = settings.title_coverage
        self.marked_min_words = settings.marked_min_words
        self.index: dict[str, int] = {}
        self.unknown: set[int] = set()
        """Marked quotes whose source is not in the thread: re-quoting them keeps the source unknown."""
        self.words: dict[int, Words] = {}
        self.tokens: dict[int, list[str]] = {}
        if title:
            self.index.update(dict.fromkeys(anchor_keys(title), TITLE_INDEX))
        self.shortest = min(settings.min_chars, int(self.title_coverage * len(title))) if title else settings.min_chars
        """Fewest characters of an unmarked paragraph that may hold or be the source of a quote."""

    def scan(self, numbers: range, progress: ProgressCallback | None) -> list[ParagraphQuote]:
        """The quotes of these paragraphs, each indexed in turn."""
        paragraphs, index = self.paragraphs, self.index
        shortest = self.shortest
        recorded = self.scanned.keys if self.scanned is not None else None
        found: list[ParagraphQuote] = []
        for number in numbers:
            if progress is not None and not number % PROGRESS_EVERY:
                progress("quotes", number, len(paragraphs))
            paragraph = paragraphs[number]
            text, kind = paragraph.text, paragraph.kind
            if recorded is not None:
                recorded.append(None)  # replaced below once the paragraph is indexed
            if kind == "code" or (kind != "quote" and len(text) < shortest):
                continue  # too short to hold or to be the source of an unmarked quote
            if kind != "quote" and (len(text) <= BOILERPLATE_MAX_CHARS or text.startswith("--")) and is_stock(paragraphs, number):
                continue  # a quoted sign-off is still a quote; an unquoted one is no quote of its twins
            keys = _key_list(text)
            if recorded is not None:
                recorded[-1] = "\n".join(keys)
            if kind != "quote" and index.keys().isdisjoint(keys):
                for key in keys:  # the common case, kept cheap: new words, no quote
                    index[key] = number
                continue
            found.extend(self.visit(number, set(keys)))
        return found

    def replay(self, scanned: RangeScan, progress: ProgressCallback | None) -> list[ParagraphQuote]:
        """The quotes of the paragraphs `scanned` holds, this finder having indexed every one
        before them: their keys are taken from the scan, and so are the quotes of a paragraph
        whose keys' owners are the ones the scan saw (an unmarked paragraph's quotes depend on
        its sources alone); the others are visited again, with the sources this index gives."""
        index = self.index
        found: list[ParagraphQuote] = []
        for number, joined in enumerate(scanned.keys, scanned.start):
            if progress is not None and not number % PROGRESS_EVERY:
                progress("quotes", number, len(self.paragraphs))
            if joined is None:
                continue
            keys = joined.split("\n") if joined else []
            if self.paragraphs[number].kind != "quote" and index.keys().isdisjoint(keys):
                index.update(dict.fromkeys(keys, number))
                continue
            found.extend(self.visit(number, set(keys), scanned.visits.get(number)))
        return found

    def visit(
        self, number: int, keys: set[str], seen: tuple[list[int], list[ParagraphQuote]] | None = None
    ) -> list[ParagraphQuote]:
        """The quotes of a paragraph that shares keys with earlier ones (or is marked); then index it.
        `seen`: the sources another finder saw for this unmarked paragraph, and the quotes it found."""
        paragraph = self.paragraphs[number]
        shared = keys & self.index.keys()
        sources = sorted({self.index[key] for key in shared})
        if paragraph.kind == "quote":
            quotes = self._marked(number, sources)
        elif seen is not None and seen[0] == sources:
            quotes = seen[1]
        else:
            quotes = self._unmarked(number, sources)
            if self.scanned is not None:
                self.scanned.visits[number] = (sources, quotes)
        owner = self._key_owner(number, quotes)
        self.index.update(dict.fromkeys(keys - shared, owner))
        return quotes

    def _tokens(self, number: int) -> list[str]:
        """The paragraph's lower-cased words, without offsets (cheaper: most candidates fail)."""
        return _cached(self.tokens, number, lambda: tokens(self._text(number)))

    def _words(self, number: int) -> Words:
        return _cached(self.words, number, lambda: words_with_offsets(self._text(number)))

    def _text(self, number: int) -> str:
        return self.title if number == TITLE_INDEX else self.paragraphs[number].text

    def _key_owner(self, number: int, quotes: list[ParagraphQuote]) -> int:
        """Who a paragraph's new keys belong to: itself, or the source it merely repeats."""
        if self.paragraphs[number].kind == "quote" and quotes and quotes[0].source is None:
            self.unknown.add(number)
            return number
        sources = {q.source for q in quotes}
        covered = sum(q.words for q in quotes)
        if len(sources) == 1 and covered >= WHOLE_PARAGRAPH * len(self._tokens(number)):
            source = next(iter(sources))
            if source is not None and source != TITLE_INDEX:
                return source
        return number

    def _regions(self, number: int, sources: Sequence[int]) -> list[tuple[int, Region]]:
        words = self._tokens(number)
        found: list[tuple[int, Region]] = []
        for source in sources:
            regions = exact_or_align(words, self._tokens(source))
            if len(regions) > 1:
                regions = _join_elisions(regions, self.paragraphs[number].text, self._words(number))
            found.extend((source, region) for region in regions)
        return found

    def _unmarked(self, number: int, sources: Sequence[int]) -> list[ParagraphQuote]:
        text = self.paragraphs[number].text
        accepted = [
            (source, region)
            for source, region in self._regions(number, sources)
            if self._long_enough(number, source, region)
            and _stands_alone(text, self._words(number), region, source != TITLE_INDEX and self._long_run(region))
        ]
        # Longest first; among equals the earliest writer (the title before any comment).
        accepted.sort(key=lambda c: (-(c[1].end - c[1].start), c[0]))
        taken: list[tuple[int, Region]] = []
        for source, region in accepted:
            if all(region.end <= r.start or r.end <= region.start for _, r in taken):
                taken.append((source, region))
        quotes = [self._quote(number, source, region, "fuzzy" if region.edits else "verbatim") for source, region in taken]
        return sorted(quotes, key=lambda q: q.start)

    def _long_enough(self, number: int, source: int, region: Region) -> bool:
        count = region.end - region.start
        if source == TITLE_INDEX:
            title_words = len(self._tokens(TITLE_INDEX))
            return count >= max(self.marked_min_words, self.title_coverage * title_words) and (
                region.source_end - region.source_start >= self.title_coverage * title_words
            )
        if count < self.settings.min_words:
            return False
        words = self._words(number)
        return words[region.end - 1][2] - words[region.start][1] >= self.settings.min_chars

    def _long_run(self, region: Region) -> bool:
        return region.end - region.start >= LONG_RUN * self.settings.min_words

    def _marked(self, number: int, sources: Sequence[int]) -> list[ParagraphQuote]:
        """A `>` quote: linked to the source (or run of source paragraphs) that most of its words
        repeat, a short one to a recent paragraph that it mostly repeats; else to no source."""
        text = self.paragraphs[number].text
        attribution = ATTRIBUTION.match(text)
        start = attribution.end() if attribution else 0
        if start >= len(text.rstrip()):
            return []  # a bare "X wrote:" line inside the quote
        words = self._words(number)
        quoted = [k for k, w in enumerate(words) if w[1] >= start]
        if not quoted:
            return []
        unlinked = [ParagraphQuote(number, words[quoted[0]][1], len(text), None, 0, 0, "marker", len(quoted))]
        found = self._marked_source(number, sources, quoted[0])
        if found is None or found[0] in self.unknown:
            return unlinked
        source, region = found
        whole = Region(quoted[0], len(words), region.source_start, region.source_end, region.edits)
        return [self._quote(number, source, whole, "marker")]

    def _marked_source(self, number: int, sources: Sequence[int], first: int) -> tuple[int, Region] | None:
        """Where the words of a `>` quote from word `first` on were written, if anywhere earlier: the
        earliest of the source paragraphs that the quote runs through, in order, covering most of it."""
        quoted = len(self._words(number)) - first
        if quoted < self.marked_min_words:
            return self._fragment_source(number, first)
        needed = MARKED_COVERAGE * quoted
        regions = self._quoted_regions(first, self._regions(number, sources))
        chain = best_chain(regions)
        if chain is None or chain[2] < needed or chain[1].start - first >= self.marked_min_words:
            # paragraphs too short for the index may fill the gaps, or stand before the ones found
            chain = best_chain(regions + self._quoted_regions(first, [c for c in self._lookback(number) if c[0] not in sources]))
        if chain is None or chain[2] < needed:
            return None
        return chain[0], chain[1]

    def _quoted_regions(self, first: int, regions: list[tuple[int, Region]]) -> list[tuple[int, Region]]:
        """The regions cut to the quote's words from word `first` on, long enough to count: a re-quote
        that holds the attribution line too ("On ..., Mark wrote:" and what the quoted writer said
        under it) is no better a source than the paragraph that wrote the words under it."""
        cut = [(source, _from_word(first, region)) for source, region in regions if region.end > first]
        return [c for c in cut if c[1].end - c[1].start >= self.marked_min_words]

    def _fragment_source(self, number: int, first: int) -> tuple[int, Region] | None:
        """A `>` quote of a word or two (`> rm`, `> TMTOWTDI`) proves little: it links only to a recent
        paragraph that holds it as whole words and is mostly those words (a command, a sign-off
        running on into the name below it), the earliest such; re-quotes are not writers."""
        words = self._tokens(number)[first:]
        wanted = set(words)
        recent = [  # a paragraph with none of the words can neither hold the run nor carry it on
            (n, self._tokens(n))
            for n in self._recent(number)
            if self.paragraphs[n].kind != "quote" and _mentions(self.paragraphs[n].text, wanted)
        ]
        held = held_run(words, recent)
        if held is None:
            return None
        source, start, end = held
        return source, Region(first, len(words) + first, start, end, 0)

    def _recent(self, number: int) -> range:
        return range(max(0, number - MARKED_LOOKBACK), number)

    def _lookback(self, number: int) -> list[tuple[int, Region]]:
        """Word-by-word search of recent paragraphs (code too: a `>` quote of a command is a quote),
        for `>` quotes that start mid-clause or quote what the index leaves out."""
        mine = set(self._tokens(number))
        recent = [n for n in self._recent(number) if len(mine.intersection(self._tokens(n))) >= self.marked_min_words]
        return [c for c in self._regions(number, recent) if c[1].end - c[1].start >= self.marked_min_words]

    def _quote(self, number: int, source: int, region: Region, how: str) -> ParagraphQuote:
        words, source_words = self._words(number), self._words(source)
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


def _mentions(text: str, words: AbstractSet[str]) -> bool:
    """Whether any of these lower-cased words occurs in the text, as a word or inside one (a cheap
    test before the text is cut into words)."""
    low = text.lower().replace("’", "'")
    return any(word in low for word in words)


def _cached(cache: dict[int, T], number: int, make: Callable[[], T]) -> T:
    """Words are kept for CACHED_PARAGRAPHS paragraphs at most: sources are mostly recent, an old
    one is read again, and memory stays bounded (a hundred megabytes at 100,000 comments)."""
    found = cache.get(number)
    if found is None:
        if len(cache) >= CACHED_PARAGRAPHS:
            cache.clear()
        found = cache[number] = make()
    return found


def _join_elisions(regions: list[Region], text: str, words: Words) -> list[Region]:
    """Join runs that an ellipsis separates in the quote and a few left-out words in the source."""
    joined = [regions[0]]
    for region in regions[1:]:
        last = joined[-1]
        gap = text[words[last.end - 1][2] : words[region.start][1]]
        skipped = region.source_start - last.source_end
        if region.start == last.end and 0 <= skipped <= ELISION_MAX_WORDS and ELLIPSIS.match(gap):
            joined[-1] = Region(last.start, region.end, last.source_start, region.source_end, last.edits + region.edits + 1)
        else:
            joined.append(region)
    return joined


def _block_first(number: int, tight: AbstractSet[int], firsts: dict[int, int]) -> int:
    """The first paragraph of the block holding paragraph `number`. The walk back stops at a paragraph
    met before: a block cut into thousands of depths (`>`, `>>`, ... `>>>>>>`) is walked once, not
    once for each of its quotes."""
    first = number
    while first in tight and first not in firsts:
        first -= 1
    firsts[number] = firsts.get(first, first)
    return firsts[number]


def _from_word(first: int, region: Region) -> Region:
    """The region from quoting word `first` on (its source words shifted alike: an edit before the cut
    may move them by a word, which only the reported span shows)."""
    if region.start >= first:
        return region
    shift = first - region.start
    return Region(first, region.end, min(region.source_start + shift, region.source_end - 1), region.source_end, region.edits)


def _stands_alone(text: str, words: Words, region: Region, long_run: bool) -> bool:
    """Whether the words start at a clause start and end at a clause end, give or take EDGE_SLACK
    words; a long run needs only one of the two (a quoter trims one end into their own sentence)."""
    starts = any(k == 0 or _EDGE.search(text[words[k - 1][2] : words[k][1]]) for k in _near(region.start, len(words)))
    ends = any(k == len(words) or _EDGE.search(text[words[k - 1][2] : words[k][1]]) for k in _near(region.end, len(words) + 1))
    return (starts or ends) if long_run else (starts and ends)


def _near(k: int, limit: int) -> range:
    return range(max(0, k - EDGE_SLACK), min(limit, k + EDGE_SLACK + 1))
