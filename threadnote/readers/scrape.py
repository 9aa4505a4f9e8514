"""Read a scraped thread (`thread.txt`): header, front matter, page chrome and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import cast

from ..diagnostics import Diagnostic, error
from ..fields import Fields
from ..model import Location, Paragraph
from ..yamlsrc import parse_yaml
from .blocks import Block, normalise_lines, normalise_spaces, normalise_text, split_blocks
from .chrome import MAX_LINE, MAX_READ_LINE, Chrome, learn_chrome
from .chrome_roles import THREAD_START, ChromeLine, is_name_block
from .fences import closes, fence_pairs, opening_run
from .mail_heads import mail_head

FRONT_MATTER_KEYS = {"title", "byline", "source_url", "published", "summary", "section"}
SENTENCE_END = re.compile(r"[.!?…:;,]['\"’”)]*$")
LINES_KEPT = 4096
"""One-line blocks whose reading as chrome is remembered (all are forgotten when there are more)."""
CHROME_SAMPLE = 4000
"""Blocks the page template is learned from: chrome repeats on every comment, so a huge thread need not be read twice."""
ARCHIVE_HEADS = 2
"""List archive heads (`mail_head`) in the sample that make the page an archive, cut into messages at its heads."""
ARCHIVE_OPENS = 3
"""Blocks within which an archive's first head comes: the page opens with a message's head (after
its title and a line about the list), where a forwarded message's head sits inside a message."""
SENDER_RANK = 1 << 30
"""How a list archive's head ranks as a name: it names its message's sender outright, over any template's slot."""
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
SPACES = re.compile(r"[ \t]{2,}|\t")
"""Runs of spaces and tabs to fold into one space (a lone space is left alone: it is the common case)."""
QUOTE_MARK = r"(?:[A-Z]{0,3}>|\|(?= ))\s?"
"""One level of quoting: `>`, supercite's initials (`LK>`), or a `| ` bar."""
QUOTE_MARKS = re.compile(rf"^\s*((?:{QUOTE_MARK})+)")
ELISION = re.compile(r"^\s*(?:\[(?:\.\.\.|…|snip)\]|<snip>|…?\[\d+ more (?:quoted )?lines? elided\]…?)\s*$", re.IGNORECASE)
"""A line standing for quoted lines left out: `[...]`, `[snip]`, `…[13 more quoted lines elided]…`."""
QUOTE_HINT = re.compile(r">|^\s*\| ")
"""Where a quote mark may stand within a line's first characters (most lines have none: the regex is skipped)."""
Read = Callable[[tuple[str, ...]], Sequence[ChromeLine | None]]
"""How a block's lines are read: each as chrome, or None when it is text."""
_TEXT: tuple[ChromeLine | None] = (None,)
"""A line of text as read, one tuple for all: remembered lines are mostly text, and a tuple each
would live long enough (a few thousand are kept) to bring the collector's full passes sooner."""
FRONT_MATTER_CLOSE = re.compile(r"^---$", re.MULTILINE)
WEB_URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)


@dataclass(slots=True)
class ChromeComment:
    """What the page chrome (or an export) says about one comment: who, when, which paragraphs,
    and where the source records them, its own id, address and parent.

    Not frozen, as Block is not: a frozen dataclass is three times slower to make, and a big thread has one per comment."""

    first: int
    count: int
    author: str
    time: str
    source_id: str | None = None
    """The source's own id for the comment."""
    parent: str | None = None
    """The `source_id` of the comment this one replies to; None for a top-level comment."""
    source_url: str | None = None
    deleted: bool = False
    """A text-less placeholder for a deleted comment that keeps its replies in place (`count` 0)."""


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
    tight: set[int] = field(default_factory=set)
    """Paragraphs with no blank line before them: the reader cut their block (at a change of `>` depth, say)."""


def parse_scrape(text: str, path: str) -> tuple[Scrape, list[Diagnostic]]:
    """Turn a thread's text into header, paragraphs and (when present) chrome boundaries."""
    diagnostics: list[Diagnostic] = []
    text = normalise_lines(text)
    scrape = Scrape()
    start, first_line = _read_front_matter(text, path, scrape, diagnostics)
    # blocks are read as they are split, never all held at once: a huge thread has hundreds of thousands
    blocks = _read_header(split_blocks(text, first_line, start), scrape)
    sample = list(islice(blocks, CHROME_SAMPLE))
    blocks = chain(sample, blocks)
    subject = scrape.meta.get("title", scrape.title)
    chrome = learn_chrome([lines for block in sample if (lines := _outside_code(block.lines))], len(sample) < CHROME_SAMPLE, subject)
    archive = _is_archive(sample)
    if chrome is not None:
        _read_chrome(blocks, chrome, scrape, archive)
    elif archive:
        _read_archive(blocks, scrape)
    else:
        for block in blocks:
            _add_paragraphs(scrape, block)
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


@dataclass(slots=True)
class _Opened:
    """The comments as their chrome opens them (where their paragraphs start, what their chrome
    lines say; counted at the end), and how the lines that named and dated the last one rank.

    Chrome lines only ever speak of the last comment opened, so the ranks are kept for it alone and
    each comment is made once, not once opened and again counted (a big thread has 100,000)."""

    comments: list[ChromeComment]
    author_rank: int = -1
    time_rank: int = 0

    def open(self, first: int) -> None:
        """A comment whose paragraphs start at `first`, named and dated by the chrome lines to come."""
        self.comments.append(ChromeComment(first, 0, "", ""))
        self.author_rank, self.time_rank = -1, 0

    def take(self, line: ChromeLine) -> None:
        """Keep the author of the line that varies most like a name, and the first time unless it
        ends the comment and a line far more regular gives one (`answered` on every comment after
        `edited` on a few); a head's time stands."""
        comment = self.comments[-1]
        if line.author and line.author_rank > self.author_rank:
            comment.author, self.author_rank = line.author, line.author_rank
        if line.time and (not comment.time or line.time_rank > 2 * self.time_rank > 0):
            comment.time, self.time_rank = line.time, line.time_rank

    def counted(self, paragraphs: int) -> list[ChromeComment]:
        """The comments with their paragraphs counted, each up to the next one's first (the last
        up to `paragraphs`); those left with none are dropped."""
        ends = [comment.first for comment in self.comments[1:]] + [paragraphs]
        for comment, end in zip(self.comments, ends):
            comment.count = end - comment.first
        return [comment for comment in self.comments if comment.count > 0]


def _read_chrome(blocks: Iterator[Block], chrome: Chrome, scrape: Scrape, archive: bool) -> None:
    """Paragraphs, cut into comments where the page's template lines are (and, on a list
    `archive`, its heads); those lines are never text."""
    paragraphs = scrape.paragraphs
    opened = _Opened([ChromeComment(0, 0, "", "")])
    last: ChromeLine | None = None  # the chrome line just before, if nothing came between
    # short blocks after a line that ends a comment: no comment's text sits between it and the next
    # head, only the page's (`Voir 4 réponses`, a count shown when not zero); text if no head follows
    held: list[Block] = []
    dropped: set[tuple[str, ...]] = set()  # the held blocks a head followed: the page's, if met again at the end
    for item in _pieces(blocks, chrome, archive):
        if isinstance(item, Block):
            if len(opened.comments) == 1 and _repeats_subject(item, chrome):
                continue  # the page's subject line over the first post, as the later ones show `Re:` and it
            if last is None or last.heads:  # most text: nothing held, no comment to open
                _add_paragraphs(scrape, item)
            elif _is_aside(item):
                held.append(item)
                continue
            else:
                _add_text(scrape, chrome, opened, [*held, item], last)
                held = []
            last = None
            continue
        if held:
            if not item.heads:
                _add_text(scrape, chrome, opened, held, last)
                last = None
            else:
                dropped.update(block.lines for block in held)
            held = []
        if item.heads and not (last is not None and last.heads):
            opened.open(len(paragraphs))
        if item.heads or item.author or item.time:  # a row of actions says nothing
            opened.take(item)  # a head names the comment it opens, a line that ends one the comment above
        last = item
    # short lines after the last comment's foot that no head follows are text, unless the page
    # showed them between a foot and a head before (`Reply  Delete` on some comments only)
    if any(block.lines not in dropped for block in held):
        _add_text(scrape, chrome, opened, held, last)
    scrape.chrome = opened.counted(len(paragraphs))


def _read_archive(blocks: Iterator[Block], scrape: Scrape) -> None:
    """Paragraphs, cut into messages where a list archive's heads are, as the chrome's heads cut
    them where the template was not learned: a head names and dates its message, and is never text."""
    opened = _Opened([ChromeComment(0, 0, "", "")])
    for block in blocks:
        head = _archive_head(block.lines)
        if head is None:
            _add_paragraphs(scrape, block)
            continue
        opened.open(len(scrape.paragraphs))
        opened.comments[-1].author, opened.comments[-1].time = head
    scrape.chrome = opened.counted(len(scrape.paragraphs))


def _is_archive(sample: list[Block]) -> bool:
    """Whether the page is a list archive: it opens with a message's head, and more heads follow
    (most pages open with none: the rest is not looked at)."""
    if not any(_archive_head(block.lines) for block in sample[:ARCHIVE_OPENS]):
        return False
    return sum(_archive_head(block.lines) is not None for block in sample) >= ARCHIVE_HEADS


def _archive_head(lines: tuple[str, ...]) -> tuple[str, str] | None:
    """The sender and date of a block that is a list archive's head alone (`mail_head`)."""
    first = lines[0]
    if len(lines) > 4 or not (first.startswith("From: ") or " at " in first):
        return None  # most blocks: not cut into paragraphs twice
    made = _paragraphs(Block(lines, 0, 0))
    return mail_head(made[0].text) if len(made) == 1 and made[0].kind == "text" else None


def _add_text(scrape: Scrape, chrome: Chrome, opened: _Opened, blocks: list[Block], last: ChromeLine | None) -> None:
    """Blocks of text, after the chrome line `last` (if nothing came between): text after a line
    that ends a comment opens the next one, whose head may be of a shape too rare to learn."""
    for block in blocks:
        text: Block | None = block
        if last is not None and not last.heads and scrape.paragraphs:
            opened.open(len(scrape.paragraphs))
            text = _without_rare_head(block, chrome, opened)
        if text is not None:
            _add_paragraphs(scrape, text)
        last = None


def _repeats_subject(block: Block, chrome: Chrome) -> bool:
    """Whether a block before the first head is the thread's title (the chrome's subject) again,
    spacing aside, or a template's line less one run (`[list] Title` where the replies show `[list] Re: Title`)."""
    if len(block.lines) != 1:
        return False
    title = chrome.subject
    return (bool(title) and " ".join(block.lines[0].split()) == " ".join(title.split())) or chrome.one_run_short(block.lines[0])


def _is_aside(block: Block) -> bool:
    """A block of one or two short lines that do not end like a sentence."""
    return len(block.lines) <= 2 and all(len(line) <= MAX_LINE and not SENTENCE_END.search(line.rstrip()) for line in block.lines)


def _without_rare_head(block: Block, chrome: Chrome, opened: _Opened) -> Block | None:
    """The block without its first line when that line is a head of a rarer shape, as due there
    (it speaks of the comment just opened)."""
    head = chrome.head_like(block.lines[0])
    if head is None:
        return block
    opened.take(head)
    return Block(block.lines[1:], block.line + 1, 0) if len(block.lines) > 1 else None


def _pieces(blocks: Iterator[Block], chrome: Chrome, archive: bool) -> Iterator[Block | ChromeLine]:
    """Each block's text and chrome lines in order: a block of text glued to its chrome is cut there,
    and a block of one bare name is chrome on the side of a head where the page puts names."""
    read = _with_archive_heads(_remembering(chrome)) if archive else _remembering(chrome)
    if chrome.names is None or not chrome.names.apart:  # no page here puts names apart: each block is read alone
        for block in blocks:
            if _is_long_text(block, chrome.subject):  # most blocks: nothing to cut
                yield block
            else:
                yield from _cut(block, read(block.lines))
        return
    previous: Sequence[ChromeLine | None] = [THREAD_START]
    held: Block | None = None  # a name's block, until the next block says whether a head follows it
    for block in blocks:
        if _is_long_text(block, chrome.subject):  # neither chrome nor a name: nothing to hold or cut
            if held is not None:
                yield held
                held = None
            yield block
            previous = [None]
            continue
        found = read(block.lines)
        if held is not None:
            yield chrome.name_apart(held.lines, found, above=True) or held
            held = None
        below = chrome.name_apart(block.lines, previous, above=False)
        if below is not None:
            yield below
            found = [below] if below.author else previous  # a badge over the name: the name comes next
        elif chrome.names.above and (len(block.lines) == 1 or is_name_block(block.lines)) and not any(found):
            held = block
        else:
            yield from _cut(block, found)
        previous = found
    if held is not None:
        yield held


def _remembering(chrome: Chrome) -> Read:
    """`chrome.read`, remembering the blocks of one line it read last: chrome repeats itself word
    for word (a row of actions under every comment, a frequent name apart)."""
    known: dict[str, Sequence[ChromeLine | None]] = {}

    def read(lines: tuple[str, ...]) -> Sequence[ChromeLine | None]:
        if len(lines) != 1:
            return _code_as_text(lines, chrome.read(lines))
        found = known.get(lines[0])
        if found is None:
            if len(known) >= LINES_KEPT:  # a few thousand keep the rows and the frequent names
                known.clear()
            read_once = chrome.read(lines)
            found = known[lines[0]] = _TEXT if read_once[0] is None else tuple(read_once)
        return found

    return read


def _with_archive_heads(read: Read) -> Read:
    """`read`, a list archive's head (`mail_head`) taken whole for one head: the template learnt
    may hold its date line alone (a few senders, the same weekday), where the name and address over
    it are the head's too and say who wrote."""

    def read_heads(lines: tuple[str, ...]) -> Sequence[ChromeLine | None]:
        head = _archive_head(lines)
        if head is None:  # most blocks
            return read(lines)
        sender, date = head
        return [ChromeLine(True, sender, SENDER_RANK, date), *(ChromeLine(True, "", 0, "") for _ in lines[1:])]

    return read_heads


def _fenced_lines(lines: tuple[str, ...]) -> list[bool]:
    """Whether each line is fenced code, its fence lines too."""
    fenced = [False] * len(lines)
    for first, last in fence_pairs(lines):
        end = len(lines) if last is None else last + 1
        fenced[first:end] = [True] * (end - first)
    return fenced


def _outside_code(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The lines a template is learned from: fenced code repeats lines (a shell's `: ${V:=x}`) that
    are no page's chrome."""
    if not _has_fence(lines):  # most blocks
        return lines
    return tuple(line for line, code in zip(lines, _fenced_lines(lines)) if not code)


def _has_fence(lines: tuple[str, ...]) -> bool:
    """Whether a line of the block opens fenced code: most blocks hold no run of three
    backticks or tildes anywhere, and one test of their text spares a regex per line (every head)."""
    joined = "\n".join(lines)
    return ("```" in joined or "~~~" in joined) and any(map(opening_run, lines))


def _code_as_text(lines: tuple[str, ...], found: Sequence[ChromeLine | None]) -> Sequence[ChromeLine | None]:
    """Fenced code is kept as written: a line in it that looks like the page's chrome stays code."""
    if not any(found) or not _has_fence(lines):  # most blocks
        return found
    return [None if code else line for line, code in zip(found, _fenced_lines(lines))]


def _is_long_text(block: Block, subject: str) -> bool:
    """Most blocks: one paragraph, too long for chrome or a name, even with the thread's subject
    in it one word as the chrome reads it (a link to the next message quotes a long subject)."""
    return len(block.lines) == 1 and len(block.lines[0]) > MAX_READ_LINE and not (subject and subject in block.lines[0])


def _cut(block: Block, found: Sequence[ChromeLine | None]) -> Sequence[Block | ChromeLine]:
    """The block's text and chrome lines in order (a list, not a generator: most blocks give one piece)."""
    if not any(found):  # most blocks are text alone
        return (block,)
    if all(found):  # most others chrome alone (a head, a row of actions): its lines as read
        return cast(Sequence[ChromeLine], found)
    pieces: list[Block | ChromeLine] = []
    start = 0
    for offset, line in enumerate(found):
        if line is not None:
            if offset > start:
                pieces.append(Block(block.lines[start:offset], block.line + start, 0))
            pieces.append(line)
            start = offset + 1
    if start < len(found):
        pieces.append(Block(block.lines[start:], block.line + start, 0))
    return pieces


def _add_paragraphs(scrape: Scrape, block: Block) -> None:
    """The block's paragraphs, noting those that follow the one before with no blank line between."""
    made = _paragraphs(block)
    if len(made) > 1:
        scrape.tight.update(range(len(scrape.paragraphs) + 1, len(scrape.paragraphs) + len(made)))
    scrape.paragraphs.extend(made)


def _paragraphs(block: Block) -> list[Paragraph]:
    """Cut a block into paragraphs: runs of `>` lines, fenced code, lists and prose."""
    if len(block.lines) == 1 and _is_plain(block.lines[0]):  # the common case, kept fast
        text = _fold_spaces(block.lines[0]).strip()
        return [Paragraph(text, block.line)] if text else []
    result: list[Paragraph] = []
    run: list[str] = []
    run_key = (0, False)
    run_line = block.line
    fence: str | None = None  # the run that opened the fence the line is in
    for offset, line in enumerate(block.lines):
        # inside a fence a leading `>` is code (a shell prompt, say), unless the fence itself is quoted;
        # an elision ("[...]") stands for quoted lines left out, and belongs to the quote around it
        depth = run_key[0] if fence or (run and ELISION.match(line)) else _quote_depth(line)
        content = _strip_markers(line, depth) if depth and _quote_depth(line) >= depth else line
        opened = opening_run(content) if fence is None else None
        opens = opened is not None
        key = (depth, fence is not None or opens)
        # a fence that opens inside prose starts a new paragraph, as does a change of `>` depth
        if run and (key != run_key or opens):
            result.append(_make_paragraph(run, run_line, run_key[0]))
            run = []
        if not run:
            run_line, run_key = block.line + offset, key
        run.append(content)
        if fence is None:
            fence = opened
        elif closes(fence, content):
            fence = None
    if run:
        result.append(_make_paragraph(run, run_line, run_key[0]))
    return [p for p in result if p.text]


def _fold_spaces(text: str) -> str:
    return SPACES.sub(" ", text) if "  " in text or "\t" in text else text


def _is_plain(line: str) -> bool:
    if line[:1].isalpha():  # prose: no indent, fence or list marker can start it
        return ">" not in line[:12]
    return not line.startswith(("    ", "\t", "|")) and ">" not in line[:12] and not opening_run(line) and not LIST_ITEM.match(line)


def _quote_depth(line: str) -> int:
    if not QUOTE_HINT.search(line[:12]):  # most lines: skip the regex
        return 0
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):  # a Markdown table row, not a quote
        return 0
    marks = QUOTE_MARKS.match(line)
    return marks.group(1).count(">") + marks.group(1).count("|") if marks else 0


def _strip_markers(line: str, depth: int) -> str:
    return re.sub(rf"^\s*(?:{QUOTE_MARK}){{{depth}}}", "", line)


def _make_paragraph(lines: list[str], line: int, depth: int) -> Paragraph:
    if opening_run(lines[0]) or all(l.startswith(("    ", "\t")) for l in lines):
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
    return [p for block in split_blocks(normalise_text(text), first_line) for p in _paragraphs(block)]
