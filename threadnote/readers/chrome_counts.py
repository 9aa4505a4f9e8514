"""Lists in a page's chrome: as many counts as the page shows, joined by one symbol (`12.3k ● 3 ● 40`),
and as many links as a head shows after its time (`3 hours ago | parent | next | flag`), are one
element of a line's shape, however many there are."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .chrome_tokens import DATE_PUNCTUATION, NUMBERS

LISTED = "+"
"""Ends a count list's element: `0●+` is counts joined by `●`, two or more."""
_COUNT = r"\d+(?:[,.:]\d+)*[^\W\d_]{0,3}"
"""One count of a list, with or without a unit (`12.3k`, `1,234`, `40`)."""
LABELLED = "0s"
"""A row of counts each after its own symbol (`👍 3  🎉 1`) as one element of a shape."""
_LABEL = r"[^\x00-\x7f\w\s]+"
"""A count's label: symbols beyond ASCII (a pictograph, with its variation selector). ASCII
punctuation before a number is the number's own (`+1`, `#5`, `$3`), part of a sentence."""


COUNTED_ROW = "0_"
"""A row of counts alone parted by gaps (`1  12`), one count or more, as one element of a shape."""


def is_counted_row(skeleton: Sequence[str]) -> bool:
    """Whether a skeleton is counts alone, a gap between each two: a page that shows a row of
    counts by their icons (replies, shares, likes), each only when it is not zero, copies as
    numbers alone, as many as are not zero."""
    return bool(skeleton) and all(
        part in NUMBERS if at % 2 == 0 else part == "  " for at, part in enumerate(skeleton)
    ) and len(skeleton) % 2 == 1


def counted_row_pattern() -> str:
    """The row as a pattern, one group: a count, then counts each after a gap."""
    return rf"({_COUNT}(?:(?:[ ]{{2,}}|\t+){_COUNT})*)"


def count_list(separator: str) -> str:
    """The element of counts joined by the separator; it starts with a masked number, so it anchors a
    shape and marks it as chrome as a number does."""
    return f"0{separator}{LISTED}"


def is_count_list(part: str) -> bool:
    return len(part) == 3 and part[0] == "0" and part[2] == LISTED


def count_list_pattern(part: str) -> str:
    """The list as a pattern, one group: a count, then one or more counts after the separator."""
    separator = rf"\s?{re.escape(part[1])}\s?"
    return f"({_COUNT}(?:{separator}{_COUNT})+)"


def is_labelled_counts(skeleton: Sequence[str]) -> bool:
    """Whether a skeleton is counts each labelled by the symbols before it, gaps or nothing between:
    a page shows only the reactions someone gave (`👍 3`, `❤️ 1  👀 2`), and the row is one all the same."""
    labelled, label = False, False
    for part in skeleton:
        if part in NUMBERS:
            if not label:
                return False
            labelled, label = True, False
        elif len(part) == 1 and not part.isascii() and not part.isalnum():
            label = True
        elif part != "  " or label:
            return False
    return labelled and not label


def labelled_counts_pattern() -> str:
    """The row as a pattern, one group: one labelled count or more."""
    one = rf"{_LABEL} ?{_COUNT}"
    return rf"({one}(?:\s*{one})*)"


def collapse_count_lists(skeleton: Sequence[str]) -> tuple[str, ...]:
    """The skeleton with each run of two counts or more joined by one symbol made one element: a
    page leaves out the counts that are zero (badges of a reputation), and the row is one all the same.
    A date's punctuation joins the numbers of a date, not of a list (`2010-11-16`, `14:03`), and a
    symbol next to the run labels its counts (`↩ 1 ⇄ 2 ★`): a list stands between words, gaps or the
    line's ends."""
    result: list[str] = []
    at = 0
    while at < len(skeleton):
        end = _list_end(skeleton, at)
        if end > at + 1 and not _is_symbol(skeleton, at - 1) and not _is_symbol(skeleton, end):
            result.append(count_list(skeleton[at + 1]))
            at = end
        else:
            result.append(skeleton[at])
            at += 1
    return tuple(result)


def _list_end(skeleton: Sequence[str], at: int) -> int:
    """Where a list of counts starting at `at` ends (`at + 1` when none starts there)."""
    if skeleton[at] not in NUMBERS:
        return at + 1
    end = at + 1
    separator = skeleton[at + 1] if at + 1 < len(skeleton) else ""
    if len(separator) != 1 or separator.isalnum() or separator in DATE_PUNCTUATION:
        return end
    while end + 1 < len(skeleton) and skeleton[end] == separator and skeleton[end + 1] in NUMBERS:
        end += 2
    return end


def _is_symbol(skeleton: Sequence[str], at: int) -> bool:
    """Whether a symbol stands at `at` (a word run is `W`, a gap two spaces, a number `0`)."""
    return 0 <= at < len(skeleton) and len(skeleton[at]) == 1 and not skeleton[at].isalnum()


LINKED = "W+"
"""Ends a link list's element: `|W+` is words each after a `|`, two or more."""
LEAST_LINKS = 2
"""How many links a list shows at least: one word after a symbol is a mark (`• edited`), kept as it is."""


def is_link_list(part: str) -> bool:
    return len(part) == 3 and part.endswith(LINKED) and not part[0].isalnum()


def link_list_pattern(part: str) -> str:
    """The list as a pattern, one group: words each after the separator, one or more."""
    separator = rf"\s?{re.escape(part[0])}\s?"
    return rf"((?:{separator}[^\W\d_][\w'’\-]*)+)"


def collapse_link_lists(skeleton: Sequence[str], runs: Sequence[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The skeleton (a word run `W`) and its runs of words with the links after a head's time made
    one element: words of one word each, each after the same symbol, LEAST_LINKS or more, right
    after the words of a time, once a number has come (`bob 3 hours ago | parent | next | flag [–]`).
    A page shows the links that apply to each comment, and the head is one all the same; a row of
    actions after its count and its symbols (`5 △ ▽ • Reply • Share ›`) keeps its words."""
    kept: list[str] = []
    kept_runs: list[list[str]] = []
    run, at, numbered = 0, 0, False
    while at < len(skeleton):
        end = _links_end(skeleton, runs, run, at) if numbered and kept[-1:] == ["W"] else at
        if (end - at) // 2 >= LEAST_LINKS:
            kept.append(skeleton[at] + LINKED)
            run += (end - at) // 2
            at = end
            continue
        part = skeleton[at]
        numbered = numbered or part in NUMBERS
        if part == "W":
            kept_runs.append(runs[run])
            run += 1
        kept.append(part)
        at += 1
    return kept, kept_runs


def _links_end(skeleton: Sequence[str], runs: Sequence[list[str]], run: int, at: int) -> int:
    """Where a list of links starting at `at` ends (`at` when none starts there); `run` is the run of words the list would start with."""
    separator = skeleton[at]
    if len(separator) != 1 or separator.isalnum() or separator in DATE_PUNCTUATION or separator == " ":
        return at
    end = at
    while end + 1 < len(skeleton) and skeleton[end] == separator and skeleton[end + 1] == "W" and len(runs[run]) == 1:
        end, run = end + 2, run + 1
    return end
