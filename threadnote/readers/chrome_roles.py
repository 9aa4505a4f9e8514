"""Roles in a page's template, decided from the thread: which chrome lines open a comment and which
end it, and where the bare name line (`lucia_walker`) sits among them and whose name it is.

A comment's template is a run of chrome lines between two texts; it may sit before the text (an
author line, a time), after it (`answered Jul 20` and the name under it), or around it (a name
above, `Like · Reply · 8y` below). The first run of chrome gives the order of the lines; a line
that text follows opens a comment, and when no line ever has text after it, every line ends one.
A bare name sits in a fixed place: beside a line of a given role, on one side, one line away or two
(a rank between), and belongs to the comment the lines around it belong to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat

from .chrome_badges import LEAST_CARRIERS, learn_badges
from .mail_heads import ARCHIVED_ADDRESS

NAME_SHARE = 0.7
"""A place holds the comments' names when a name stands there in at least this share of the comments."""
MAX_NAME_CHARS = 60
"""A name line may hold a display name and a handle with its server (`Ann Lee @ann@example.social`)."""
MAX_NAME_WORDS = 5
EDGE = 0
"""A name slot's distance when the name opens (or closes) the template line's block, one to
MAX_EDGE_LINES lines away: a page that shows a rank or a reply's `in reply to bob` on some comments
only, between the name and the time."""
MAX_EDGE_LINES = 3
_HANDLE_AFTER = re.compile(r"(?<=\S) @\S+$")
"""A handle after a display name: the display name is the name shown (`Ann Lee @ann@example.social`)."""
_ADDRESS_AFTER = re.compile(rf"(?<=\S) (?:<[^<>\s@]+@[^<>\s]+>|{ARCHIVED_ADDRESS})$")
"""A sender's address after the name, as mail shows it (`Ann Lee <ann@example.org>`, `Ann Lee ann at example.org`)."""
_NAME_LINE = re.compile(r"[\w'’.\-@\[\]]+(?: [\w'’.\-@\[\]]+)*")
"""Words alone (`Lommo97`, `J. Smith`, `@ann`, `[deleted]`): a colon or a parenthesis makes a line a
label or a subject (`Posts: 12`, `Re: Nice (Score:4)`)."""


@dataclass(slots=True)
class ChromeLine:
    """A line of the page's chrome, and what it says.

    Not frozen: a frozen dataclass is three times slower to make, and a big thread has a few per comment."""

    heads: bool
    """Whether it opens the comment after it rather than ends the one before it."""
    author: str
    author_rank: int
    time: str
    time_rank: int = 0
    """How regular a line that ends a comment and gives its time is (its template's lines): the
    most regular one dates the comment; 0 for a head, whose time stands."""


@dataclass(frozen=True, slots=True)
class NameSlot:
    """Where a bare name line sits in a comment's template."""

    beside_heads: bool
    """The role of the template line it sits beside: one that opens a comment, or one that ends it."""
    above: bool
    """Whether the name is above that line (True) or below it."""
    distance: int
    """1 right beside it; 2 with one more bare line between (a rank under the name); EDGE at the
    block's edge, with as many bare lines between as the comment shows."""
    apart: bool
    """Whether the name stands in a block of its own (a blank line between), right beside the line's block."""
    heads: bool
    """The name's own role: it names the comment after it (True) or the one before it."""
    rank: int
    """How much the names vary (distinct values), to weigh them against the template's own slots."""
    badges: frozenset[str] = frozenset()
    """Lines (in lower case) that stand in the names' place over a name, naming no one (`top fan`)."""

    def line(self, name: str) -> ChromeLine:
        """The name as a chrome line of the slot's role (a badge's line names no one)."""
        name = name.strip()
        if self.badges and name.lower() in self.badges:  # most pages show none
            return self.filler()
        name = without_address(name)
        return ChromeLine(self.heads, _HANDLE_AFTER.sub("", name) if "@" in name else name, self.rank, "")

    def filler(self) -> ChromeLine:
        """A bare line between the name and the template line (a rank): chrome that names no one."""
        return ChromeLine(self.heads, "", 0, "")


THREAD_START = ChromeLine(False, "", 0, "")
"""Where the thread starts, read as a line that ends a comment: the first comment's name stands
after it where the others' stand after the row that ends the one before (`Like · Reply · 8y`)."""


Read = Callable[[Sequence[str]], list[ChromeLine | None]]
"""How the template reads a block: each line as chrome, or None when it is text."""


def is_name_line(text: str) -> bool:
    """Whether a whole line could be a name: a few words alone, no sentence, number or bracket."""
    if len(text) > MAX_NAME_CHARS and not (text[0].isspace() or text[-1].isspace()):
        return False  # most lines: a paragraph, too long with nothing to strip
    text = text.strip()
    return 0 < len(text) <= MAX_NAME_CHARS and len(text.split()) <= MAX_NAME_WORDS and _NAME_LINE.fullmatch(text) is not None


def is_sender_line(text: str) -> bool:
    """Whether a whole line could be a name, an address after it or not: a list archive shows the
    sender's name with the address over the date (`Ann Lee ann at example.org`)."""
    return is_name_line(without_address(text))


def without_address(text: str) -> str:
    """The line without the address after the name, if it shows one (most lines: no `@` nor ` at `)."""
    return _ADDRESS_AFTER.sub("", text.rstrip()) if "@" in text or " at " in text else text


def is_name_block(lines: Sequence[str]) -> bool:
    """Whether a block is a name alone: a line, or a display name over its handle (`Ann Lee` over
    `annlee`); a signature's `--` over a name is none."""
    if len(lines) == 1:
        return is_name_line(lines[0])
    return len(lines) == 2 and all(is_name_line(line) and any(map(str.isalpha, line)) for line in lines)


def place_names(lines: Sequence[str], found: list[ChromeLine | None], slot: NameSlot) -> list[ChromeLine | None]:
    """The block's lines as read, with the bare names (and the lines between them and their
    template line) where the slot puts them taken for chrome; `found` is changed in place."""
    step = -1 if slot.above else 1
    reach, beside_heads = step * slot.distance, slot.beside_heads
    for at, line in enumerate(tuple(found)):  # the lines as the template read them, before names are placed
        if line is None or line.heads is not beside_heads:
            continue
        name_at = at + reach if slot.distance != EDGE else edge_of_block(at, len(lines), step)
        if 0 <= name_at < len(lines) and found[name_at] is None and is_sender_line(lines[name_at]):
            # empty right beside the line (most pages, nothing to test between); a rank between may
            # recur word for word, a template of its own
            between = range(at + step, name_at, step)
            if not between or all(is_name_line(lines[k]) for k in between):
                for k in between:
                    found[k] = found[k] or slot.filler()
                found[name_at] = slot.line(lines[name_at])
    return found


def edge_of_block(at: int, size: int, step: int) -> int:
    """Where the block's edge is from its line at `at`, `step` the side; `at` itself when it is
    there, or farther than a name's slot reaches (no name in the slot)."""
    edge = 0 if step < 0 else size - 1
    return edge if 0 < abs(edge - at) <= MAX_EDGE_LINES else at


@dataclass(slots=True)
class _Flat:
    """A line of the sample as the template reads it, with its block's place.

    Not frozen (never changed all the same): a frozen dataclass is three times slower to make, and
    every thread of an archive makes one per line."""

    text: str
    found: ChromeLine | None
    block: int
    lone: bool
    """Whether it is a block of its own, or of a name over its handle: a name may stand apart from the line beside it."""
    name: bool
    """Whether it could be a bare name (`is_name_line`), tested once: lines are looked at from both sides, at two distances."""


_Place = tuple[bool, bool, int, bool]
"""(beside_heads, above, distance, apart) of a name slot."""


def learn_name_slot(blocks: Sequence[Sequence[str]], read: Read, comments: int) -> NameSlot | None:
    """The place beside a template line where a bare name stands in most comments, varying most:
    right above or below a head (`lucia_walker` over its time), under `answered Jul 20` (and so
    ending the comment above), over the text after a row that ends the one before it. Names beside
    heads that name the same commenter nearly every time (a display name over its handle) are the
    names shown: they outrank the heads' slot, however much more it varies (namesakes' handles)."""
    lines = [_Flat("", THREAD_START, -1, False, False), *_flat(blocks, read)]
    names: defaultdict[_Place, list[str]] = defaultdict(list)
    followers: defaultdict[_Place, list[str | None]] = defaultdict(list)
    chrome_after: Counter[_Place] = Counter()
    others: Counter[_Place] = Counter()  # names beside a head that names someone else
    head_names: defaultdict[_Place, set[str]] = defaultdict(set)  # whom the heads that name someone else name
    head_rank: Counter[_Place] = Counter()  # how much the slot of the heads beside the names varies
    textless: defaultdict[_Place, list[bool]] = defaultdict(list)  # whether another head's block follows the head's
    for at, line in enumerate(lines):
        if line.found is None:
            continue
        for above in (True, False):
            beside = at + (-1 if above else 1)
            if not (0 <= beside < len(lines) and lines[beside].name):
                continue  # most sides of a line: no name there, at any distance
            in_block = lines[beside].block == line.block
            for distance, apart in ((1, False), (2, False), (EDGE, False), (1, True)):
                # a name in the line's block stands in no block of its own, nor one in another block in the line's
                name_at = None if apart is in_block else _name_at(lines, at, above, distance, apart)
                if name_at is not None:
                    place = (line.found.heads, above, distance, apart)
                    names[place].append(name := lines[name_at].text.strip().lower())
                    if line.found.heads and _names_another(name, line.found.author):
                        others[place] += 1
                        head_names[place].add(line.found.author.lower())
                    elif line.found.heads:
                        head_rank[place] = max(head_rank[place], line.found.author_rank)
                    followers[place].append(_name_beyond(lines, name_at, -1 if above else 1, apart))
                    if line.found.heads:
                        textless[place].append(_head_follows(lines, at))
                    after = name_at + 1
                    chrome_after[place] += after < len(lines) and lines[after].found is not None
    filled = {
        place: found
        for place, found in names.items()
        if len(found) >= NAME_SHARE * comments and len(set(found)) >= 2 and not _captions(set(found))
        and not _signs_off(found, others[place], head_names[place])
    }
    filled = _edges_that_differ(filled)
    if not filled:
        return None
    # of places as varied, one beside a head says surely whose name it is (under a row that ends a
    # comment, it may name either), and the farther covers the nearer (a name over a rank): both lines are chrome
    place = max(filled, key=lambda p: (len(set(filled[p])), len(filled[p]), p[0], p[2]))
    beside_heads, above, distance, apart = place
    # a name under a row that ends a comment names the next one, unless more of the row's chrome follows it
    heads = beside_heads or (not above and 2 * chrome_after[place] < len(filled[place]))
    badges = learn_badges(zip(filled[place], followers[place])) | _names_of_no_text(filled[place], textless[place])
    rank = len(set(filled[place]))
    if beside_heads and others[place] <= (1 - NAME_SHARE) * len(filled[place]):
        rank = max(rank, head_rank[place] + 1)
    return NameSlot(beside_heads, above, distance, apart, heads, rank, badges)


def _edges_that_differ(filled: dict[_Place, list[str]]) -> dict[_Place, list[str]]:
    """The filled places, a block's edge in the place of the lines one and two from the template
    line where it holds another line in some comments (a rank, `in reply to bob` between the name
    and the time), and left out where it holds the line right beside it every time."""
    kept = dict(filled)
    for place in [p for p in filled if p[2] == EDGE]:
        beside_heads, above = place[:2]
        nearer = [(beside_heads, above, distance, False) for distance in (1, 2)]
        if filled[place] == filled.get(nearer[0]):
            del kept[place]
        else:
            for near in nearer:
                kept.pop(near, None)
    return kept


def _names_of_no_text(names: list[str], textless: list[bool]) -> frozenset[str]:
    """The names (in lower case) whose heads another head follows right after, every time they are
    shown, and TWICE at least, where most names' do not: a notice in the name's place of a comment
    taken away (`Comment deleted` over its date), that names no one. Empty where the heads do not
    name the comments (`textless` left empty)."""
    if not textless or 2 * sum(textless) >= len(textless):
        return frozenset()
    shown: Counter[str] = Counter(names)
    bare = Counter(name for name, alone in zip(names, textless) if alone)
    return frozenset(name for name, times in bare.items() if times >= LEAST_CARRIERS and times == shown[name])


def _head_follows(lines: list[_Flat], at: int) -> bool:
    """Whether the block after the line's own holds a head that dates its comment: another
    comment's, with no text between (a mark some heads show under their block names no one)."""
    block, beyond = lines[at].block, at + 1
    while beyond < len(lines) and lines[beyond].block == block:
        beyond += 1
    after = lines[beyond].block if beyond < len(lines) else None
    while beyond < len(lines) and lines[beyond].block == after:
        if (found := lines[beyond].found) is not None and found.heads and found.time:
            return True
        beyond += 1
    return False


def _signs_off(names: list[str], others: int, head_names: set[str]) -> bool:
    """Whether bare names beside heads are sign-offs of the comments before them: they name another
    than the head does most of the time, where the heads name more commenters than they do (a
    head's slot that varies less, a month, may name no one)."""
    return 2 * others >= len(names) and len(head_names) > len(set(names))


def _names_another(name: str, author: str) -> bool:
    """Whether a bare name beside a head names someone else than the head does: a sign-off of the
    comment before (`David` over `Jeff Layton added a comment`), no label of the commenter's, who is
    shown once in full, once as a handle or a first name (`Ann Lee`, `annlee`, `Ann`)."""
    own = _letters(author)
    if not own:
        return False  # most heads beside a bare name name no one themselves: the name is not looked at
    beside = _letters(name)
    return bool(beside) and own not in beside and beside not in own


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _name_beyond(lines: list[_Flat], at: int, step: int, apart: bool) -> str | None:
    """The name line one `step` farther from the template line than the line at `at`, placed as that
    one is (in a block of its own right beside it, or in its block), if one stands there."""
    if not 0 <= at + step < len(lines):
        return None
    line, beyond = lines[at], lines[at + step]
    placed = beyond.lone and beyond.block == line.block + step if apart else beyond.block == line.block
    return beyond.text.strip().lower() if placed and beyond.found is None and beyond.name else None


def _captions(values: set[str]) -> bool:
    """Whether the lines share a word, every one of them: a caption around a name (`alice's
    profile photo`), not the name; names of commenters have no word in common."""
    return bool(set.intersection(*(set(value.split()) for value in values)))


def _flat(blocks: Sequence[Sequence[str]], read: Read) -> list[_Flat]:
    flat: list[_Flat] = []
    # chrome repeats itself (a row of actions, a frequent name): each text is tested once, each block read once
    name_of: dict[str, bool] = {}
    read_of: dict[tuple[str, ...], list[ChromeLine | None]] = {}
    for number, block in enumerate(blocks):
        names = [name_of[text] if text in name_of else name_of.setdefault(text, is_sender_line(text)) for text in block]
        # a name over its handle is two name lines (sender lines at least): most blocks of two are a head over its time, not tested again
        lone = len(block) == 1 or (all(names) and is_name_block(block))
        found = read_of[key] if (key := tuple(block)) in read_of else read_of.setdefault(key, read(block))
        flat += map(_Flat, block, found, repeat(number), repeat(lone), names)
    return flat


def _name_at(lines: list[_Flat], at: int, above: bool, distance: int, apart: bool) -> int | None:
    """Where a bare name `distance` lines from the template line at `at` is, with bare lines only
    between: in its block, or `apart`, in a block of its own right beside it."""
    step = -1 if above else 1
    block = lines[at].block
    if distance == EDGE:
        return _edge_name_at(lines, at, step)
    for k in range(1, distance + 1):
        where = at + step * k
        if not 0 <= where < len(lines):
            return None
        line = lines[where]
        placed = line.lone and abs(line.block - block) == 1 if apart else line.block == block
        # a rank between the name and the line may recur word for word: a template of its own
        if (line.found is not None and k == distance) or not placed or not line.name:
            return None
    return at + step * distance


def _edge_name_at(lines: list[_Flat], at: int, step: int) -> int | None:
    """Where a bare name at the edge of the template line's block is, one to MAX_EDGE_LINES lines
    from it with bare lines only between, if one stands there."""
    block = lines[at].block
    for k in range(1, MAX_EDGE_LINES + 1):
        where = at + step * k
        line = lines[where]
        if line.found is not None or not line.name:
            return None
        beyond = where + step
        if not 0 <= beyond < len(lines) or lines[beyond].block != block:
            return where
    return None


def group_roles(
    members: Sequence[Sequence[int]], varies: Sequence[bool], run_of: dict[int, int], total: int, whole: bool,
    joined: frozenset[int],
) -> list[bool]:
    """Which groups of template lines (a shape and its variants, given by where their lines are)
    open comments and which end them, `whole` when the lines run to the thread's end. The first
    stretch of chrome gives their order round a comment; the text comes after the group most often
    followed by text, so the groups up to it open comments. A thread that opens with that stretch
    opens with heads only; one that ends with chrome after its last text ends with lines that end
    comments only; a stretch that text never follows ends comments (a name over the text opens
    them). A group missing from the first stretch (a rarer line) opens if text follows it more often
    than an opening line or the end of the thread, or stands in the block of the opening line
    right under it (`joined`: the lines whose next line is in their block)."""
    group_at = {at: g for g, where in enumerate(members) for at in where}
    order = _first_order(group_at, run_of)
    text_after = [sum(1 for at in where if at + 1 < total and at + 1 not in run_of) for where in members]
    # by share, not count: a line some comments only show (`In reply to bob`) may be the one the text follows
    last_head = max(range(len(order)), key=lambda i: (text_after[order[i]] / len(members[order[i]]), i))
    last_run = run_of.get(total - 1) if whole else None
    closing = {group_at[at] for at, run in run_of.items() if run == last_run and at in group_at}
    first_head = _first_head(order, run_of[min(group_at)], run_of, closing)
    if first_head is None:
        # a first stretch after some text sits between two comments: the rows that never vary before the heads end the first
        first_head = len(order) if text_after[order[last_head]] == 0 else next((i for i in range(last_head) if varies[order[i]]), last_head)
    roles = {group: first_head <= i <= last_head for i, group in enumerate(order)}
    opening_at = {at for group in order[first_head : last_head + 1] for at in members[group]}
    run_end: dict[int, int] = {}
    for at, run in run_of.items():
        run_end[run] = max(run_end.get(run, at), at)
    for group, where in enumerate(members):
        if group not in roles:
            # a line after an opening one in its stretch is the comment's head too (`To:` between
            # `From:` and `Date:`); one before an opening line only ends the comment above
            after_head = [any(k in opening_at for k in range(run_of[at], at)) for at in where]
            # one in the block of the opening line under it is that head's (`alice says:` over its time)
            over_head = [at in joined and at + 1 in opening_at for at in where]
            ends = sum(
                not head and not over and (run_end[run_of[at]] + 1 >= total or any(k in opening_at for k in range(at + 1, run_end[run_of[at]] + 1)))
                for at, head, over in zip(where, after_head, over_head)
            )
            roles[group] = group not in closing and text_after[group] + sum(after_head) + sum(over_head) > ends
    return [roles[group] for group in range(len(members))]


def _first_head(order: list[int], first_run: int, run_of: dict[int, int], closing: set[int]) -> int | None:
    """Where the heads start in the first stretch, when the thread's edges tell: none of it ends a
    comment when it opens the thread; after the last group the thread ends with, when it ends with chrome."""
    if all(at in run_of for at in range(first_run)):
        return 0
    closed = [i for i, group in enumerate(order) if group in closing]
    return closed[-1] + 1 if closed else None


def _first_order(group_at: dict[int, int], run_of: dict[int, int]) -> list[int]:
    """The groups in the order the first stretch of chrome shows them, up to one met again."""
    order: list[int] = []
    first_run = run_of[min(group_at)]
    for at in sorted(at for at, run in run_of.items() if run == first_run):
        group = group_at.get(at)
        if group in order:
            break
        if group is not None:
            order.append(group)
    return order
