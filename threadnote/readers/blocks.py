"""Cut a thread's text into blocks of lines between blank lines (fenced code kept whole), with
their line numbers; unify line endings, spaces and Usenet's `: ` and `| ` quote marks on the way. Big texts are never copied whole:
they are split, and their spaces folded, a stretch at a time (stripping the ends of
lines copies a text once, when some line has a space at its end).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .fences import fence_pairs

FENCE_LINE = re.compile(r"^[^\S\n]*(?:```|~~~).*$", re.MULTILINE)
"""A line of a whole text that may be a fence (`fence_pairs` tells)."""
SPLIT_CHARS = 1 << 20
"""About how much text is split at blank lines at a time."""
_STRETCH_END = re.compile(r"[^\n]\n\n")
LINE_END_SPACE = re.compile(r"[^\S\n]+(?=\n|\Z)")
"""Whitespace ending a line: `\\s` is what `str.isspace` (and so `str.rstrip`) calls whitespace."""
TRAILING_SPACE = re.compile(r"\n(?<=[^\S\n]\n)")
"""A newline after whitespace: starting with a newline lets the regex engine skip from one newline to the next."""
LINE_TO_MEND = re.compile(r"\n(?:(?<=[^\S\n]\n)|[:|])")
"""A newline after whitespace or before a `:` or `|`: one search costs a third of the three
`normalise_lines` makes for a text that has such a line."""
MARKED_QUOTE = re.compile(
    r"^([:|])(?: [^\n]*)?\n(?:\1(?: [^\n]*)?(?:\n|\Z))+|(?<=:\n)([:|]) [^\n]*(?:\n|\Z)"
    r"|^[:|] (?P<lone>[^\n]+)(?:\n|\Z)",
    re.MULTILINE,
)
"""Two lines or more in a row opening with `: ` or `| ` (or a lone `:` or `|`), or one right under a
line ending in a colon (`Bob writes:`): a quote as newsreaders mark it (`: > ` when it quotes a
quote). A single such line elsewhere is as often a label's value (prose never starts so), unless
its words repeat what an earlier message wrote (LONE_QUOTE_CHARS or more of them)."""
LONE_QUOTE_CHARS = 20
"""Characters a lone `: ` line must repeat to be a quote: a label's short value recurs by chance."""
LONE_QUOTE_LOOKBACK = 1 << 16
"""Characters before a lone `: ` line searched for its words: a one-line quote answers a recent
message, and the search stays bounded however many such lines a big text holds."""
TABLE_ROW = re.compile(r"^\|.*\|$", re.MULTILINE)
"""A Markdown table's row, which opens and closes with `|`: a run holding one is a table."""


@dataclass(slots=True)
class Block:
    """Lines between blank lines, with the number of blank lines before them.

    Not frozen: a frozen dataclass is three times slower to make, and a big thread has one per block."""

    lines: tuple[str, ...]
    line: int
    blanks_before: int


def normalise_text(text: str) -> str:
    """Unify line endings and spaces; the words themselves are left alone."""
    return normalise_spaces(normalise_lines(text))


def normalise_lines(text: str) -> str:
    """Unify line endings; strip every line's end (of any whitespace, no-break spaces too)."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # finding one character is much faster than finding two
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n")
    if _nothing_to_mend(text):  # most texts: one pass over them tells
        return text
    if _has_trailing_space(text):  # most texts: nothing to strip, nothing to copy
        text = LINE_END_SPACE.sub("", text)  # one copy; a list of every line would take far more
    return _newsreader_quotes_marked(text)


def _nothing_to_mend(text: str) -> bool:
    """Whether no line ends with whitespace and none opens with a newsreader's `:` or `|`."""
    last = text[-1:]
    return not (last.isspace() and last != "\n") and not text.startswith((":", "|")) and LINE_TO_MEND.search(text) is None


def _newsreader_quotes_marked(text: str) -> str:
    """Usenet's `: ` and `| ` quote lines as `> ` ones, which the reader knows (a `:` or `|` at a
    line's start is rare enough that finding one is the cheap test)."""
    if "\n:" not in text and "\n|" not in text and not text.startswith((":", "|")):
        return text
    fenced = _fenced_spans(text)
    return MARKED_QUOTE.sub(lambda run: _as_quote(run, fenced), text)


def _as_quote(run: re.Match[str], fenced: list[tuple[int, int]]) -> str:
    """A run of bars that is a table (a row closes with `|`), or bars alone, stays as it is, and
    so does a run inside fenced code (a shell's `: ` line, a guard's `| `: code is shown as written)."""
    lines = run.group()
    if lines.startswith("|") and (TABLE_ROW.search(lines) or not lines.strip("|\n")):
        return lines
    if run.group("lone") is not None and not _repeats_earlier(run):
        return lines
    if _inside(fenced, run.start()):
        return lines
    return re.sub(r"(?m)^[:|]", ">", lines)


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether `position` falls in one of the spans (in order, apart): found by bisection, since a
    text may hold thousands of fences and of marked runs."""
    last_opened = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return last_opened >= 0 and position < spans[last_opened][1]


def _repeats_earlier(line: re.Match[str]) -> bool:
    """Whether a lone `: ` line's words were written before it (in the text just above: no copy)."""
    words = line.group("lone").strip()
    start = line.start()
    return len(words) >= LONE_QUOTE_CHARS and line.string.rfind(words, max(0, start - LONE_QUOTE_LOOKBACK), start) >= 0


def _fenced_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Where fenced code runs in `text[start:]`, from its opening fence line to its closing one.
    One that nothing closes ends at its block's end (the next blank line), not the text's: a page
    holds many comments, and before its chrome is read a blank line is the only end of one in
    sight; running on, one comment's slip would make the rest of the thread code."""
    if text.find("```", start) < 0 and text.find("~~~", start) < 0:
        return []
    found = list(FENCE_LINE.finditer(text, start))
    lines = [normalise_spaces(line[0]) for line in found]  # as the blocks will hold them
    spans = []
    for first, last in fence_pairs(lines, _blocks_of(text, found)):
        end = found[last].end() if last is not None else text.find("\n\n", found[first].end())
        spans.append((found[first].start(), len(text) if end < 0 else end))
    return spans


def _blocks_of(text: str, lines: list[re.Match[str]]) -> list[int]:
    """Which block (lines between blank lines) each line is in, counted from the first."""
    blocks, block, after = [], 0, lines[0].start() if lines else 0
    for line in lines:
        if text.find("\n\n", after, line.start()) >= 0:
            block += 1
        blocks.append(block)
        after = line.end()
    return blocks


def _line_spans(text: str, spans: list[tuple[int, int]], first_line: int, start: int) -> Iterator[tuple[int, int]]:
    """The spans' first and last line numbers, `text[start:]` starting on `first_line` (newlines are
    counted from one span to the next, once)."""
    line, after = first_line, start
    for opened, closed in spans:
        first = line = line + text.count("\n", after, opened)
        line += text.count("\n", opened, closed)
        after = closed
        yield first, line


def normalise_spaces(text: str) -> str:
    """No-break spaces as plain ones. The reader does this piece by piece: on a whole thread, one
    no-break space anywhere would make a copy of all of it."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _has_trailing_space(text: str) -> bool:
    """Whether some line ends with whitespace (any that `str.rstrip` strips)."""
    last = text[-1:]
    return (last.isspace() and last != "\n") or TRAILING_SPACE.search(text) is not None


def split_blocks(text: str, first_line: int, start: int = 0) -> Iterator[Block]:
    """Split `text[start:]` at blank lines, except inside fenced code (`text` is normalised: blank
    means empty). Big texts are never sliced or stripped whole: that would copy them."""
    blocks = _blocks_between_blank_lines(text, first_line, start)
    spans = _fenced_spans(text, start)
    return _join_fenced(blocks, _line_spans(text, spans, first_line, start)) if spans else blocks


def _blocks_between_blank_lines(text: str, first_line: int, start: int) -> Iterator[Block]:
    line, blanks = first_line, 0  # where the piece starts, and the blank lines since the last block
    # splitting in C and counting lines per block is several times faster than a Python loop per line
    for piece in split_at_blank_lines(text, start):
        if piece.startswith("\n"):  # an odd run of three newlines or more leaves one here
            piece = piece[1:]
            line, blanks = line + 1, blanks + 1
        if not piece:  # an empty line between two separators
            line, blanks = line + 2, blanks + 2
            continue
        if "\n" not in piece:  # most blocks: one paragraph on one line
            yield Block((piece,), line, blanks)
            line, blanks = line + 2, 1  # the "\n\n" after a block ends it and one blank line
            continue
        lines = piece.split("\n")
        if not lines[-1]:  # only the last piece can end with a newline
            lines.pop()
        yield Block(tuple(lines), line, blanks)
        line, blanks = line + len(lines) + 1, 1


def split_at_blank_lines(text: str, start: int = 0) -> Iterator[str]:
    """`text[start:].split("\\n\\n")` with its spaces normalised, a stretch of about SPLIT_CHARS at a
    time: the pieces of a big thread would take as much memory again as its text. A stretch ends at
    a blank line that follows a character other than a newline, where the whole split would cut too;
    its spaces are normalised before it is split (a piece at a time took two calls per piece)."""
    while (cut := _STRETCH_END.search(text, start + SPLIT_CHARS)) is not None:
        yield from normalise_spaces(text[start : cut.start() + 1]).split("\n\n")
        start = cut.end()
    yield from normalise_spaces(text[start:]).split("\n\n")


def _join_fenced(blocks: Iterator[Block], spans: Iterator[tuple[int, int]]) -> Iterator[Block]:
    """Blank lines inside fenced code do not end a block: join the blocks that a fence spans (its
    first and last line numbers, in order)."""
    span = next(spans, None)
    run: list[Block] = []
    for block in blocks:
        while span is not None and span[1] < block.line:
            span = next(spans, None)
        if run and not (span is not None and span[0] < block.line):
            yield _join(run)
            run = []
        run.append(block)
    if run:
        yield _join(run)


def _join(run: list[Block]) -> Block:
    """One block of the run's lines, with the blank lines between them."""
    if len(run) == 1:  # most blocks: no fence, nothing to join
        return run[0]
    lines = list(run[0].lines)
    for block in run[1:]:
        lines += [""] * block.blanks_before
        lines += block.lines
    return Block(tuple(lines), run[0].line, run[0].blanks_before)
