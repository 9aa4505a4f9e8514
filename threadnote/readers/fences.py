"""Fenced code paired as CommonMark pairs it (markdown-it-py's `fence` rule, which renders Markdown
bodies): what a reader sees as code is what the reader keeps as code, never chrome or a quote mark.

A fence opens with a run of three or more backticks or tildes after at most three spaces (a tab
makes the line indented code); a backtick run's info string holds no backtick (a line "```a`b" is
inline code). The first later line of the same character, a run at least as long and nothing but
spaces after it, closes it: lines between are code, fences of another kind too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

OPENING = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
CLOSING = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")


def opening_run(line: str) -> str | None:
    """The run of backticks or tildes the line opens a fence with, or None."""
    found = OPENING.match(line)
    if found is None or (found[1][0] == "`" and "`" in found[2]):
        return None
    return found[1]


def closes(run: str, line: str) -> bool:
    """Whether the line closes a fence opened with `run`."""
    found = CLOSING.fullmatch(line)
    return found is not None and found[1][0] == run[0] and len(found[1]) >= len(run)


def fence_pairs(lines: Sequence[str], parts: Sequence[int] | None = None) -> Iterator[tuple[int, int | None]]:
    """Each fenced block among the lines: the index of its opening fence and of its closing one, or
    None when no later line closes it. An unclosed fence runs to the end of the lines, as in
    CommonMark; given `parts` (the part of the text each line is in, in order), one that no later
    line closes runs to the end of its part, and the lines after it are paired afresh (one slip
    does not make the rest of a page code). One that a later part's fence closes pairs with it, as
    CommonMark would: a stray fence may still take in the comments up to the next fence of its kind."""
    longest = _longest_closers(lines)
    index = 0
    while index < len(lines):
        run = opening_run(lines[index])
        if run is None:
            index += 1
        elif longest[run[0]][index + 1] < len(run):  # no later line closes it
            yield index, None
            index = len(lines) if parts is None else _next_part(parts, index)
        else:
            close = next(later for later in range(index + 1, len(lines)) if closes(run, lines[later]))
            yield index, close
            index = close + 1


def _longest_closers(lines: Sequence[str]) -> dict[str, list[int]]:
    """For each fence character, the longest closing run at or after each line (0 for none): whether
    any later line closes a fence is then one look, however many unclosed fences a text holds."""
    longest = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}
    for index in reversed(range(len(lines))):
        for after in longest.values():
            after[index] = after[index + 1]
        found = CLOSING.fullmatch(lines[index])
        if found is not None:
            after = longest[found[1][0]]
            after[index] = max(after[index], len(found[1]))
    return longest


def _next_part(parts: Sequence[int], index: int) -> int:
    """The first line after `index` in a later part than its own."""
    return next((later for later in range(index + 1, len(parts)) if parts[later] != parts[index]), len(parts))
