"""Find `@name` mentions, link each to the latest earlier comment by that author, infer authors.

Authors come from the comments (page chrome, signatures, editors' corrections). Where a mention
names nobody known, the reply often reveals its target by echoing the target's words: "@ Ricky /
If you think that Japanese are cool-headed and dont get over emotional when things go sideways"
echoes an earlier comment's "not get over emotional when things go sideways", so that comment is
probably Ricky's. `resolve_mentions` returns such inferences separately, for the caller to apply
(with author_source="inferred"), so they never pass for known facts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Comment, Mention, QuoteLink, Span

MENTION = re.compile(r"(?<![\w.@])@(?:([A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*)*)| ([A-Z][\w\-]*(?:\.[A-Za-z][\w\-]*)*))")
"""`@name`, or `@ Name` (capitalised, so "@ the station" is no mention). Not e-mail addresses (a
word before the @) nor prices (a digit after it); a trailing comma or colon is not part of the name."""
ATTRIBUTION_LINE = re.compile(
    r"^(?:On [^\n]{1,60}?,\s*)?@?(?P<name>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2})"
    r" (?:wrote|writes|said|says|posted)\s*:?\s*$"
)
"""A line that names the writer of the quote below it: "Ricky wrote:", "On 3 May, Ann Lee said:"."""
_NEXT_WORD = re.compile(r" ([A-Z][\w\-]*)")
_NAME_END = re.compile(r"\s*(?:[,:(]|$)")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
ECHO_MIN_WORDS = 6
"""Consecutive words a reply must share with an earlier comment to reveal that comment's author."""
ECHO_LOOKBACK = 100
"""Comments searched backwards for an echo: replies answer recent comments, and this bounds the cost."""
MAX_STARTS = 20
"""Places of one word run in a reply that are tried; bounds the cost on repetitive text."""


@dataclass(frozen=True, slots=True)
class MentionResult:
    """The mentions of a thread and the authors inferred from them."""

    mentions: tuple[Mention, ...]
    inferred: dict[str, str] = field(default_factory=dict)
    """Comment id -> author name, for comments whose author a reply revealed (not otherwise known)."""


@lru_cache(maxsize=65536)  # a thread has far fewer authors than comments
def name_key(name: str) -> str:
    """How names are compared: case, spaces, dots, dashes and underscores do not count."""
    return re.sub(r"[\W_]+", "", name.casefold())


def find_mentions(comments: Sequence[Comment]) -> list[Mention]:
    """Every mention, resolved with known and inferred authors alike."""
    return list(resolve_mentions(comments).mentions)


def resolve_mentions(comments: Sequence[Comment], quotes: Sequence[QuoteLink] = ()) -> MentionResult:
    """Mentions in thread order, and the (comment id -> author) inferences they support.

    With the thread's quote links, an attribution line ("Ricky wrote:") above a quote of a comment
    whose author is unknown also names that author."""
    inferred = attributed_authors(comments, quotes)
    by_author: dict[str, list[int]] = {}
    """Name key -> positions of that author's comments, ascending."""
    for position, comment in enumerate(comments):
        author = comment.author or inferred.get(comment.id)
        if author:
            by_author.setdefault(name_key(author), []).append(position)
    echoes = _Echoes(comments)
    found: list[Mention] = []
    for position, comment in enumerate(comments):
        for offset, paragraph in enumerate(comment.paragraphs):
            if paragraph.kind in ("code", "quote") or "@" not in paragraph.text:
                continue
            for match in MENTION.finditer(paragraph.text):
                name = _full_name(paragraph.text, match, by_author)
                target = _latest(by_author.get(name_key(name), ()), position)
                if target is None:
                    target = echoes.echoed(position, inferred)
                    if target is not None:
                        inferred[comments[target].id] = name
                        bisect.insort(by_author.setdefault(name_key(name), []), target)
                extra = len(name) - len(match.group(match.lastindex or 1))  # a joined second word
                span = Span(comment.first + offset, match.start(), match.end() + extra)
                found.append(Mention(comment.id, span, name, comments[target].id if target is not None else None))
    return MentionResult(tuple(found), inferred)


def attributed_authors(comments: Sequence[Comment], quotes: Sequence[QuoteLink]) -> dict[str, str]:
    """Comment id -> the name an attribution line gives it, where a reply quotes it as "X wrote:"."""
    by_id = {c.id: c for c in comments}
    found: dict[str, str] = {}
    for link in quotes:
        source, quoting = by_id.get(link.source or ""), by_id.get(link.comment)
        if source is None or quoting is None or source.author or source.id in found:
            continue
        offset = link.span.paragraph - quoting.first
        text = quoting.paragraphs[offset].text[: link.span.start]
        line = ATTRIBUTION_LINE.match(text) or (offset > 0 and ATTRIBUTION_LINE.match(quoting.paragraphs[offset - 1].text))
        if line:
            found[source.id] = line.group("name")
    return found


def _full_name(text: str, match: re.Match[str], by_author: dict[str, list[int]]) -> str:
    """The mentioned name; a second capitalised word joins it when that makes a known author, or
    when the name ends there ("@Travis Downs (there seems...)", "@Ann Lee:"): a sentence would go on."""
    name = match.group(match.lastindex or 1)
    following = _NEXT_WORD.match(text, match.end())
    if following and (name_key(name + following.group(1)) in by_author or _NAME_END.match(text, following.end())):
        return f"{name} {following.group(1)}"
    return name


def _latest(positions: Sequence[int], before: int) -> int | None:
    """The last of `positions` earlier than `before`."""
    k = bisect.bisect_left(positions, before)
    return positions[k - 1] if k else None


class _Echoes:
    """Finds the comment a reply echoes; keeps the words of the last ECHO_LOOKBACK comments only."""

    def __init__(self, comments: Sequence[Comment]) -> None:
        self.comments = comments
        self.cache: dict[int, tuple[list[str], set[tuple[str, ...]]]] = {}

    def _grams(self, position: int) -> tuple[list[str], set[tuple[str, ...]]]:
        cached = self.cache.get(position)
        if cached is None:
            words = _words(self.comments[position])
            cached = self.cache[position] = (words, _ngrams(words))
        return cached

    def echoed(self, position: int, inferred: dict[str, str]) -> int | None:
        """The earlier comment of unknown author whose words the reply repeats the longest run of."""
        for old in [p for p in self.cache if p < position - ECHO_LOOKBACK]:
            del self.cache[old]
        reply, grams = self._grams(position)
        if not grams:
            return None
        best, best_run = None, 0
        for earlier in range(position - 1, max(-1, position - 1 - ECHO_LOOKBACK), -1):
            comment = self.comments[earlier]
            if comment.author or comment.id in inferred:
                continue
            words, theirs = self._grams(earlier)
            if grams.isdisjoint(theirs):
                continue
            run = _longest_run(words, reply, grams)
            if run > best_run:
                best, best_run = earlier, run
        return best


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(*(words[k:] for k in range(ECHO_MIN_WORDS))))


def _words(comment: Comment) -> list[str]:
    return [
        w
        for p in comment.paragraphs
        if p.kind not in ("code", "quote")
        for w in _WORD.findall(p.text.lower().replace("’", "'"))
    ]


def _longest_run(words: list[str], reply: list[str], grams: set[tuple[str, ...]]) -> int:
    """Length of the longest run of `words` that also stands in the reply (0 when under ECHO_MIN_WORDS)."""
    where: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(reply) - ECHO_MIN_WORDS + 1):
        starts = where.setdefault(tuple(reply[j : j + ECHO_MIN_WORDS]), [])
        if len(starts) < MAX_STARTS:  # repetitive text must not make this quadratic
            starts.append(j)
    best = 0
    k = 0
    while k <= len(words) - ECHO_MIN_WORDS:
        gram = tuple(words[k : k + ECHO_MIN_WORDS])
        if gram not in grams:
            k += 1
            continue
        run = max(_agree(words, k, reply, j) for j in where[gram])
        best = max(best, run)
        k += run
    return best


def _agree(words: list[str], k: int, reply: list[str], j: int) -> int:
    size = 0
    while k + size < len(words) and j + size < len(reply) and words[k + size] == reply[j + size]:
        size += 1
    return size
