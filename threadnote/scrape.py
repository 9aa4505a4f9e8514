"""Read a scraped thread (`thread.txt`): header, front matter, page chrome and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from .diagnostics import Diagnostic, error
from .model import Location, Paragraph
from .yamlsrc import Fields, parse_yaml

FRONT_MATTER_KEYS = {"title", "byline", "source_url", "published", "summary"}
ACTION_LINE = re.compile(
    r"^(?:(?:reply|share|report|like|flag|quote|permalink|edit|delete|upvote|downvote)\b[\s·|•\-–]*){2,}$|^reply$",
    re.IGNORECASE,
)
HEAD_LINE = re.compile(
    r"^(?P<author>[\w.\-]{2,40})\s+(?:·\s*)?"
    r"(?P<time>\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\.?\s+ago|\d+[smhdwy])"
    r"(?:\s*[|·].*)?$",
    re.IGNORECASE,
)
"""A one-line comment head as forums print it: `pg 3 hours ago | parent | next`, `alice · 5h`."""
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE_LINE = re.compile(
    rf"^(?:.*\b\d{{1,2}}:\d{{2}}\b.*|.*\b\d{{4}}-\d{{2}}-\d{{2}}\b.*|\d{{1,2}} {_MONTH} \d{{4}}.*"
    rf"|{_MONTH} \d{{1,2}},? \d{{4}}.*|\d+ (?:second|minute|hour|day|week|month|year)s? ago)$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…:;,]['\"’”)]*$")
CHROME_SAMPLE = 400
USER_LINE = re.compile(r"^[\w.@\-' ]{1,40}$")
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
FENCE = re.compile(r"^\s*(```|~~~)")
SPACES = re.compile(r"[ \t]{2,}|\t")
"""Runs of spaces and tabs to fold into one space (a lone space is left alone: it is the common case)."""
SPLIT_CHARS = 1 << 20
_STRETCH_END = re.compile(r"[^\n]\n\n")
QUOTE_MARKS = re.compile(r"^\s*((?:>\s?)+)")
TRAILING_SPACE = re.compile(r"\n(?<=[^\S\n]\n)")
"""A newline after whitespace: starting with a newline lets the regex engine skip from one newline to the next."""
FRONT_MATTER_CLOSE = re.compile(r"^---$", re.MULTILINE)
WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


@dataclass(slots=True)
class Block:
    """Lines between blank lines, with the number of blank lines before them.

    Not frozen: a frozen dataclass is three times slower to make, and a big thread has one per block."""

    lines: tuple[str, ...]
    line: int
    blanks_before: int


@dataclass(frozen=True, slots=True)
class ChromeComment:
    """What the page chrome says about one comment: who, when, which paragraphs."""

    first: int
    count: int
    author: str
    time: str


@dataclass(slots=True)
class Scrape:
    """A thread as read from text, before paragraphs are grouped into comments."""

    title: str = ""
    byline: str | None = None
    notice: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    chrome: list[ChromeComment] | None = None
    """Comment boundaries given by the page's chrome, or None when the text marks none."""
    title_line: int = 1


def normalise_text(text: str) -> str:
    """Unify line endings and spaces; the words themselves are left alone."""
    return normalise_spaces(_normalise_lines(text))


def _normalise_lines(text: str) -> str:
    """Unify line endings; strip every line's end (of any whitespace, no-break spaces too)."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # finding one character is much faster than finding two
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n")
    if not _has_trailing_space(text):  # most texts: no need to cut a huge text into lines and glue it back
        return text
    return "\n".join(map(str.rstrip, text.split("\n")))


def normalise_spaces(text: str) -> str:
    """No-break spaces as plain ones. The reader does this piece by piece: on a whole thread, one
    no-break space anywhere would make a copy of all of it."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _has_trailing_space(text: str) -> bool:
    """Whether some line ends with whitespace (any that `str.rstrip` strips)."""
    last = text[-1:]
    return (last.isspace() and last != "\n") or TRAILING_SPACE.search(text) is not None


def parse_scrape(text: str, path: str) -> tuple[Scrape, list[Diagnostic]]:
    """Turn a thread's text into header, paragraphs and (when present) chrome boundaries."""
    diagnostics: list[Diagnostic] = []
    text = _normalise_lines(text)
    scrape = Scrape()
    start, first_line = _read_front_matter(text, path, scrape, diagnostics)
    # blocks are read as they are split, never all held at once: a huge thread has hundreds of thousands
    blocks = _read_header(_split_blocks(text, first_line, start), scrape)
    sample = list(islice(blocks, CHROME_SAMPLE))
    blocks = chain(sample, blocks)
    if _has_chrome(sample):
        _read_chrome(blocks, scrape)
    else:
        for block in blocks:
            scrape.paragraphs.extend(_paragraphs(block))
    if not scrape.paragraphs:
        diagnostics.append(error(Location(path, 1), "thread has no comments"))
    return scrape, diagnostics


def _read_front_matter(text: str, path: str, scrape: Scrape, diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """Read the `---` front matter, if any; gives where the text after it starts, and on which line."""
    if text != "---" and not text.startswith("---\n"):
        return 0, 1
    close = FRONT_MATTER_CLOSE.search(text, 4)
    if close is None:
        diagnostics.append(error(Location(path, 1), "front matter opened with '---' is never closed"))
        return 0, 1
    node, found = parse_yaml(normalise_spaces(text[4 : close.start() - 1]), path)
    diagnostics.extend(_shift(problem, path) for problem in found)
    if node is not None:
        problems: list[Diagnostic] = []  # unknown keys, values that are not text
        fields = Fields(node, "front matter", FRONT_MATTER_KEYS, problems)
        for key in sorted(FRONT_MATTER_KEYS):
            value = fields.text(key)
            if key == "source_url" and value and not WEB_URL.match(value):
                # it becomes a link on the page: a javascript: or data: URL must never get there
                problems.append(error(fields.location(key), f"source_url '{value}' is not an http(s) URL"))
            elif value:
                scrape.meta[key] = value
        diagnostics.extend(_shift(problem, path) for problem in problems)
    return close.end() + 1, text.count("\n", 0, close.end()) + 2


def _shift(problem: Diagnostic, path: str) -> Diagnostic:
    """A diagnostic about the front matter's YAML, moved to its line in the file (YAML starts on line 2)."""
    where = problem.location
    return type(problem)(Location(path, where.line + 1 if where.line else 0, where.column), problem.severity, problem.message)


def _split_blocks(text: str, first_line: int, start: int = 0) -> Iterator[Block]:
    """Split `text[start:]` at blank lines, except inside fenced code (`text` is normalised: blank
    means empty). Big texts are never sliced or stripped whole: that would copy them."""
    blocks = _blocks_between_blank_lines(text, first_line, start)
    if text.find("```", start) >= 0 or text.find("~~~", start) >= 0:
        return _join_fenced(blocks, min(_trailing_newlines(text), len(text) - start))
    return blocks


def _trailing_newlines(text: str) -> int:
    end = len(text)
    while end and text[end - 1] == "\n":
        end -= 1
    return len(text) - end


def _blocks_between_blank_lines(text: str, first_line: int, start: int) -> Iterator[Block]:
    line, blanks = first_line, 0  # where the piece starts, and the blank lines since the last block
    # splitting in C and counting lines per block is several times faster than a Python loop per line
    for piece in map(normalise_spaces, _split_at_blank_lines(text, start)):
        if piece.startswith("\n"):  # an odd run of three newlines or more leaves one here
            piece = piece[1:]
            line, blanks = line + 1, blanks + 1
        if not piece:  # an empty line between two separators
            line, blanks = line + 2, blanks + 2
            continue
        lines = piece.split("\n")
        if not lines[-1]:  # only the last piece can end with a newline
            lines.pop()
        yield Block(tuple(lines), line, blanks)
        line, blanks = line + len(lines) + 1, 1  # the "\n\n" after a block ends it and one blank line


def _split_at_blank_lines(text: str, start: int = 0) -> Iterator[str]:
    """`text[start:].split("\\n\\n")`, a stretch of about SPLIT_CHARS at a time: the pieces of a big
    thread would take as much memory again as its text. A stretch ends at a blank line that follows
    a character other than a newline, where the whole split would cut too."""
    while (cut := _STRETCH_END.search(text, start + SPLIT_CHARS)) is not None:
        yield from text[start : cut.start() + 1].split("\n\n")
        start = cut.end()
    yield from text[start:].split("\n\n")


def _join_fenced(blocks: Iterator[Block], trailing_blanks: int) -> Iterator[Block]:
    """Blank lines inside fenced code do not end a block: join the blocks that an open fence spans."""
    run: list[Block] = []
    fenced = False
    for block in blocks:
        if run and not fenced:
            yield _join(run, 0)
            run = []
        run.append(block)
        fenced ^= sum(1 for line in block.lines if FENCE.match(line)) % 2 == 1
    if run:
        yield _join(run, trailing_blanks if fenced else 0)


def _join(run: list[Block], trailing_blanks: int) -> Block:
    """One block of the run's lines, with the blank lines between them (and after them, in an unclosed fence)."""
    if len(run) == 1 and not trailing_blanks:  # most blocks: no fence, nothing to join
        return run[0]
    lines = list(run[0].lines)
    for block in run[1:]:
        lines += [""] * block.blanks_before
        lines += block.lines
    lines += [""] * trailing_blanks
    return Block(tuple(lines), run[0].line, run[0].blanks_before)


def _read_header(blocks: Iterator[Block], scrape: Scrape) -> Iterator[Block]:
    """Title, `By` line and notice: the blocks before the first double blank line, if early."""
    early = list(islice(blocks, 6))
    header_end = next((i for i, b in enumerate(early) if i and b.blanks_before >= 2), None)
    if header_end is None:
        # a title from the front matter means line 1 is already a comment, not the headline
        header_end = 1 if early and "title" not in scrape.meta and _looks_like_title(early) else 0
    header_lines = [(line, b.line + k) for b in early[:header_end] for k, line in enumerate(b.lines)]
    notice = []
    for line, number in header_lines:
        if not scrape.title:
            scrape.title, scrape.title_line = line.strip(), number
        elif scrape.byline is None and re.match(r"^by\s", line, re.IGNORECASE):
            scrape.byline = re.sub(r"^by\s+", "", line.strip(), flags=re.IGNORECASE)
        else:
            notice.append(line.strip())
    scrape.notice = " ".join(notice) or None
    rest = early[header_end:]
    if header_end == 1 and rest and re.match(r"^by\s", rest[0].lines[0], re.IGNORECASE) and len(rest[0].lines) == 1:
        scrape.byline = re.sub(r"^by\s+", "", rest[0].lines[0].strip(), flags=re.IGNORECASE)
        rest = rest[1:]
    return chain(rest, blocks)


def _looks_like_title(blocks: list[Block]) -> bool:
    """One short line followed by a `By` line, or one that does not end like a sentence: headlines
    carry no full stop, while a thread without a header starts with a comment that does."""
    first = blocks[0]
    line = first.lines[0]
    if len(blocks) < 2 or len(line) > 200 or line.startswith((">", "@")):
        return False
    if len(first.lines) == 2:
        return re.match(r"^by\s", first.lines[1], re.IGNORECASE) is not None
    if len(first.lines) > 1:
        return False
    next_is_byline = len(blocks[1].lines) == 1 and re.match(r"^by\s", blocks[1].lines[0], re.IGNORECASE) is not None
    return next_is_byline or not SENTENCE_END.search(line)


def _comment_head(block: Block) -> tuple[str, str, int] | None:
    """(author, time, head lines) when the block opens with a comment head: a username line and a
    date line, or one line holding both."""
    lines = block.lines
    one_line = HEAD_LINE.match(lines[0].strip())
    if one_line:
        return one_line["author"], one_line["time"], 1
    if len(lines) >= 2 and USER_LINE.match(lines[0].strip()) and DATE_LINE.match(lines[1].strip()):
        return lines[0].strip(), lines[1].strip(), 2
    return None


def _has_chrome(sample: list[Block]) -> bool:
    """Chrome repeats on every comment, so the first blocks tell (huge threads need not be scanned)."""
    heads = sum(1 for b in sample if _comment_head(b))
    actions = sum(1 for b in sample if len(b.lines) == 1 and ACTION_LINE.match(b.lines[0].strip()))
    return heads >= 2 or (heads >= 1 and actions >= 1)


def _read_chrome(blocks: Iterator[Block], scrape: Scrape) -> None:
    heads: list[tuple[int, str, str]] = []  # (first paragraph, author, time) of each comment
    paragraphs = scrape.paragraphs
    for block in blocks:
        head = _comment_head(block)
        if head is not None:
            author, time, size = head
            heads.append((len(paragraphs), author, time))
            if len(block.lines) == size:
                continue
            block = Block(block.lines[size:], block.line + size, 0)
        words = _without_actions(block)
        if words is not None:
            paragraphs.extend(_paragraphs(words))
    if not heads or heads[0][0] > 0:  # text before the first comment head still belongs to someone
        heads.insert(0, (0, "", ""))
    ends = [first for first, _, _ in heads[1:]] + [len(paragraphs)]
    scrape.chrome = [ChromeComment(first, end - first, author, time) for (first, author, time), end in zip(heads, ends) if end > first]


def _without_actions(block: Block) -> Block | None:
    """The block without its rows of actions (`Reply · Share`), or None when nothing else is left."""
    if len(block.lines) == 1:  # most blocks: a paragraph, or the row of actions itself
        return None if _is_action(block.lines[0]) else block
    kept = tuple(line for line in block.lines if not _is_action(line))
    if len(kept) == len(block.lines):
        return block
    return Block(kept, block.line, 0) if kept else None


def _is_action(line: str) -> bool:
    return len(line) <= 80 and ACTION_LINE.match(line.strip()) is not None


def _paragraphs(block: Block) -> list[Paragraph]:
    """Cut a block into paragraphs: runs of `>` lines, fenced code, lists and prose."""
    if len(block.lines) == 1 and _is_plain(block.lines[0]):  # the common case, kept fast
        text = _fold_spaces(block.lines[0]).strip()
        return [Paragraph(text, block.line)] if text else []
    result: list[Paragraph] = []
    run: list[str] = []
    run_key = (0, False)
    run_line = block.line
    fenced = False
    for offset, line in enumerate(block.lines):
        # inside a fence a leading `>` is code (a shell prompt, say), unless the fence itself is quoted
        depth = run_key[0] if fenced else _quote_depth(line)
        content = _strip_markers(line, depth) if depth and _quote_depth(line) >= depth else line
        opens = FENCE.match(content) is not None and not fenced
        key = (depth, fenced or opens)
        # a fence that opens inside prose starts a new paragraph, as does a change of `>` depth
        if run and (key != run_key or opens):
            result.append(_make_paragraph(run, run_line, run_key[0]))
            run = []
        if not run:
            run_line, run_key = block.line + offset, key
        run.append(content)
        if FENCE.match(content):
            fenced = not fenced
    if run:
        result.append(_make_paragraph(run, run_line, run_key[0]))
    return [p for p in result if p.text]


def _fold_spaces(text: str) -> str:
    return SPACES.sub(" ", text) if "  " in text or "\t" in text else text


def _is_plain(line: str) -> bool:
    if line[:1].isalpha():  # prose: no indent, fence or list marker can start it
        return ">" not in line[:12]
    return not line.startswith(("    ", "\t")) and ">" not in line[:12] and not FENCE.match(line) and not LIST_ITEM.match(line)


def _quote_depth(line: str) -> int:
    if ">" not in line[:12]:  # most lines: skip the regex
        return 0
    marks = QUOTE_MARKS.match(line)
    return marks.group(1).count(">") if marks else 0


def _strip_markers(line: str, depth: int) -> str:
    return re.sub(rf"^\s*(?:>\s?){{{depth}}}", "", line)


def _make_paragraph(lines: list[str], line: int, depth: int) -> Paragraph:
    if FENCE.match(lines[0]) or all(l.startswith(("    ", "\t")) for l in lines):
        return Paragraph("\n".join(lines).strip("\n"), line, "code", depth)
    if LIST_ITEM.match(lines[0]) and len(lines) > 1:
        return Paragraph("\n".join(_list_items(lines)), line, "list", depth)
    text = _fold_spaces(" ".join(l.strip() for l in lines)).strip()
    return Paragraph(text, line, "quote" if depth else "text", depth)


def _list_items(lines: list[str]) -> list[str]:
    """One line per item: a wrapped item's continuation lines are joined onto it."""
    items: list[str] = []
    for line in lines:
        if LIST_ITEM.match(line) or not items:
            items.append(_fold_spaces(line.strip()))
        else:
            items[-1] += " " + _fold_spaces(line.strip())
    return items


def parse_paragraphs(text: str, first_line: int) -> list[Paragraph]:
    """Paragraphs of one comment's text (structured threads give each comment's text apart)."""
    return [p for block in _split_blocks(normalise_text(text), first_line) for p in _paragraphs(block)]
