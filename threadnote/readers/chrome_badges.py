"""Badges in the names' place: a line some commenters carry over their name (`Top fan`), word for
word each time, with the name right after it; it is the page's chrome, and names no one."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

LEAST_CARRIERS = 2
"""A badge stands over this many names at least: one commenter's line over one name may be anything."""


def learn_badges(seen: Iterable[tuple[str, str | None]]) -> frozenset[str]:
    """The lines of the names' place that are badges, from each line met there (in lower case) and
    the name line right after it, if one stands there: a badge recurs, over names that differ and
    always with one under it; a commenter's name recurs with the text under it."""
    times: Counter[str] = Counter()
    after: defaultdict[str, set[str | None]] = defaultdict(set)
    for line, following in seen:
        times[line] += 1
        after[line].add(following)
    return frozenset(
        line for line, names in after.items() if times[line] >= 2 and None not in names and len(names) >= LEAST_CARRIERS
    )
