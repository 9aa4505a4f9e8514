"""Learn a page's chrome from the thread itself: short lines that recur with one shape once names,
numbers and dates are masked (vote and action rows, author and time lines) are the page's template.

No list of sites or words decides it. A line is cut into tokens; digits are masked, words that vary
between the lines of one shape become slots. A shape that recurs all through the thread, about once
a comment, changing each time (or the bare name beside it does) and with text between, is the
template's lead line; shapes a small change away are its variants, and shapes in the same stretch
of chrome nearly every time (a time line, a row of actions) join it. Where each sits (before or
after the text) says whether it heads or ends a comment; the slot that varies most like a name
gives the author, the last field with digits the time. It is learned from a sample of the thread
and then matched line by line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from .chrome_counts import (
    COUNTED_ROW,
    LABELLED,
    collapse_count_lists,
    collapse_link_lists,
    count_list_pattern,
    counted_row_pattern,
    is_count_list,
    is_counted_row,
    is_labelled_counts,
    is_link_list,
    labelled_counts_pattern,
    link_list_pattern,
)
from .chrome_marks import last_fields, name_marks, separators_after, with_trailing_field, without_mark
from .chrome_roles import (
    EDGE,
    ChromeLine,
    NameSlot,
    edge_of_block,
    group_roles,
    is_name_block,
    is_name_line,
    learn_name_slot,
    place_names,
)
from .chrome_subjects import as_kin, change_size, families, in_an_aside, least_change, shows_a_date
from .chrome_times import time_fields
from .chrome_tokens import (
    DATE_PUNCTUATION,
    GAP,
    INFLECTED,
    MAX_ENDING,
    NUMBERS,
    beside_a_date,
    inflections,
    is_one_word,
    pads_a_day,
    varies_like_a_time,
)
from .chrome_tokens import tokens as _tokens

SUBJECT_MARK = "ThreadSubjectMark"
"""What the thread's subject becomes in a line (`with_subject_masked`): one word no page writes."""
MAX_LINE = 100
"""Chrome lines are short: a longer line is text."""
MAX_READ_LINE = 150
"""A line a template learnt from shorter ones reads may be longer: its slots hold long words (a
long handle twice, in its address: `by neverfinishesanythin (538218) <neverfinishesanythin@...> on ...`)."""
MAX_SLOT_WORDS = 5
"""A slot (a name, a unit) holds a few words; more is a sentence."""
MAX_UNITS = 3
"""How many words may follow a count in lines of one coarse shape for each to be a unit of its own (`Replies`, `Likes`)."""
MAX_BLOCKS_PER_COMMENT = 12
"""A lead line must recur at least once in this many blocks: a line repeated twice in a long thread is no template."""
CONSTANT_SHARE = 0.7
"""A word in at least this share of one shape's lines is a constant of it (`says`, `Reply`), the rest are slots."""
RECURRING_SHARE = 0.5
"""A word in at least this share of a coarse shape's lines met word for word twice, two of them at
least, is a constant of theirs: a signature repeated as often as a commenter's name line is no name line."""
COMPANION_SHARE = 0.8
"""A constant companion line (a row of actions) recurs in at least this share of the comments: a
commenter's sign-off, just as near the next head, comes with that commenter's comments only."""
OPTIONAL_LEAST = 3
"""A line some comments only show is the page's chrome when at least this many of its occurrences..."""
OPTIONAL_BESIDE = 0.9
"""... and this share of them (the last comment's row aside) sit in a stretch of chrome with a head."""
PAGE_WORD_SHARE = 0.9
"""Share of a head's lines showing a lone word where a variant of it shows a slot, above which the
word is the page's (`level` of `level 2`) and the variant's few lines text (`Test reply 42`)."""
TWICE = 2
"""A line some comments only show, met this many times only, is the page's on stronger evidence:
each time in its stretch of chrome, in a block of its own or naming the commenter the stretch names."""
NEIGHBOUR_SHARE = 0.7
"""How regular the template is: a lead line's occurrences alone in their block and with text between,
a companion's next to a head, a name slot's values like names, at least this share of the time."""
SHORT_THREAD = 3
"""A thread of this many comments may show each head in a shape of its own: its lead line may be
made of shapes met once, in a thread of at most MAX_BLOCKS_PER_COMMENT blocks a comment."""
SHORT_FRAME = 3
"""How many constants (a symbol among them) heads met once share, to be one template's lines."""
MAX_CHAIN_SPAN = 8
"""How many elements longer or shorter than the lead its variants' variants may be: four links of two elements (`| prev`)."""
RESEMBLANCE = 0.6
"""How alike (difflib's ratio over masked tokens) a line must be to a head's constants to be taken
for a head where one is due (after a row that ends a comment): `carol 1 hour ago | prev`."""
BYLINE_NAMES = 2
"""How many commenters a byline's slot names, at least, for the page to be taken for one that heads comments with bylines."""
NAMED_APART = 3
"""How many commenters' bare names, at least, stand beside a lead line that never changes for it to
head comments with no row of actions recurring around it: more than two comments posted the same minute."""
DATE_WORDS = 1
"""How many words may stand between a date's word and its numbers (a weekday, then the month)."""
SLOT = ""
"""A slot in a shape: words that vary from one occurrence to the next."""
SPACES = GAP
"""A run of spaces or a tab, kept as a token: pages lay out columns with them."""
OPTIONAL_COUNT = "0?"
"""A count a row shows only when it is not zero."""
_HANDLE_PREFIXES = frozenset("/~@")
"""Symbols that join a handle to what comes before it (`u/alice`, `~alice`, `@alice`)."""
_COUNTS = frozenset((number,) for number in NUMBERS)
"""A masked number alone as a shape's element."""
_LONE_COUNTS = frozenset((count,) for count in _COUNTS)
"""A line of one number alone, as a shape."""

_MASKS = {"digits": "0", "unit": "0a", "gap": SPACES}
"""What a number or a gap becomes in a shape."""
_SENTENCE_END = re.compile(r"[.!?;…]$")
_DIGIT = re.compile(r"\d")
_HOST = re.compile(r"[^\W_][\w-]*(?:\.[^\W_][\w-]*)+")
"""A host name: words with dots between, no space (`mail.example.net`)."""
# a slot never ends inside a run of digits: `返信14` is the word and 14, not `返信1` and 4
_SLOT_PATTERN = rf"(\S+(?: \S+){{0,{MAX_SLOT_WORDS - 1}}}?)(?!(?<=\d)\d)"
# a slot where the sample always showed one word starts with a word of letters too, as that word,
# another name or month does: a number or a symbol there is text (`-2`, `1014 drm/i915` under `level 1`)
_OPENED_SLOT_PATTERN = rf"((?=[^\W\d_])\S+(?: \S+){{0,{MAX_SLOT_WORDS - 1}}}?)(?!(?<=\d)\d)"

Element = tuple[str, ...]
"""One element of a shape: a run of words (constants and SLOT) or, alone, a masked number (`0`,
`0a` with a unit), a symbol or SPACES."""
Shape = tuple[Element, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """One line of the page's template, as a pattern over a whole line."""

    pattern: re.Pattern[str]
    heads: bool
    """Whether it opens a comment (an author or time line) rather than ends it (a row of actions)."""
    author_group: int | None
    author_rank: int
    """How much its author slot varies (distinct values): of a comment's chrome lines, the one that varies most names it."""
    author_ends_with_time: bool
    """Whether the slot's last word is the month of the time after it."""
    author_in_date: bool
    """Whether the slot is in a date's run of words (`Sat Jul` of `Joined: Sat Jul 15, 2003`)."""
    time_groups: tuple[int, int] | None
    """First and last group of the time, when the line has one."""
    constants: tuple[str, ...]
    """Its words, masked numbers and symbols, in order: what a head line of a shape met once still shows."""
    author_marks: frozenset[str] = frozenset()
    """Words that trail the name in some of its lines only (`bob edited 8 years ago`): no part of it."""
    byline: bool = False
    """Whether its author slot stands beside a date, not in it (`by bob (123) on May 17, 2009`)."""
    lines: int = 0
    """How many lines of the sample it matched: a time on a line every comment shows is its posting
    time, one on a line only some show an edit's."""
    steady_time: bool = False
    """Whether its time is a date that reads the same on every line it matched, two at least: a
    subject's numbers (`Re: [PATCH 06/10]`) are no time where other lines' times change."""
    author_before_address: bool = False
    """Whether the slot's last word is an address's own, a word and a host after it (`Ann Lee ann at example.org`)."""
    field: bool = False
    """Whether it is the first post's own head naming its author, its time told elsewhere (a labelled
    field, `Reporter: alice`; a head cut before its time, `— Posted by alice`): no subject line,
    though it shows no date beside the name."""
    author_is_handle: bool = False
    """Whether the slot is joined to a prefix by a symbol (`u/alice`, `~alice`): a handle, one word,
    so that a word after it is a badge (`u/alice OP`)."""


@dataclass(frozen=True, slots=True)
class Chrome:
    """A thread's page template: the lines that recur around every comment."""

    templates: tuple[Template, ...]
    names: NameSlot | None
    """Where a bare name line sits among the template's lines, if the page has one."""
    any_template: re.Pattern[str]
    """All the templates' patterns in one, each in a group `t<index>`: one test per line."""
    first_groups: tuple[int, ...]
    """Where each template's group is in the union: its own groups come right after."""
    subject: str = ""
    """The thread's subject, masked in every line read as it was in the lines learnt from (`with_subject_masked`)."""

    def read(self, lines: Sequence[str]) -> list[ChromeLine | None]:
        """Each line of a block as chrome, or None when it is text."""
        subject = self.subject
        if subject and any(subject in line for line in lines):  # most blocks: no subject quoted
            lines = [with_subject_masked(line, subject) for line in lines]
        if len(lines) == 1 and len(lines[0]) > MAX_READ_LINE:  # most blocks: a paragraph
            return [None]
        found = [self._match(line) for line in lines]
        if len(lines) > 1 and any(found) and not all(found):
            found = self._runs_short_beside(lines, found)
        if len(lines) > 2 and any(found):
            found = self._badges_between_heads(lines, found)
        slot = self.names  # a name beside a head is in the block: a block of one line has none
        return place_names(lines, found, slot) if len(lines) > 1 and slot is not None and not slot.apart and any(found) else found

    def _runs_short_beside(self, lines: Sequence[str], found: list[ChromeLine | None]) -> list[ChromeLine | None]:
        """The block's lines as read, a line right beside a chrome line that is a template's line
        less one run taken for that template's, naming no one: the link to the first message of a
        row of links, without the `Re:` the links to the replies show. Met once, it has no shape
        learnt; `found` is changed in place."""
        for at, line in enumerate(lines):
            if found[at] is None and ((at and found[at - 1]) or (at + 1 < len(lines) and found[at + 1])):
                template = self._run_short_of(line)
                if template is not None:
                    found[at] = ChromeLine(template.heads, "", 0, "")
        return found

    def _badges_between_heads(self, lines: Sequence[str], found: list[ChromeLine | None]) -> list[ChromeLine | None]:
        """The block's lines as read, a short line between two head lines of different templates
        taken for chrome naming no one: a badge some commenters carry (a flair between `u/alice` and
        `· 3 yr. ago`) sits inside the head, and a comment's text never does; so does the first
        post's subject, a head's line less a run (`Subject: Title` where the replies show `Subject:
        Re: Bug#4: Title`). Lines of one template on both sides are two heads, the text of the
        first between them."""
        for at in range(1, len(lines) - 1):
            before, after = found[at - 1], found[at + 1]
            if found[at] is not None or before is None or after is None or not (before.heads and after.heads):
                continue
            inside = _is_name(lines[at].strip()) or self._head_less_a_run(lines[at])
            if inside and self._which(lines[at - 1]) != self._which(lines[at + 1]):
                found[at] = ChromeLine(True, "", 0, "")
        return found

    def _head_less_a_run(self, line: str) -> bool:
        """Whether the line shows a head template's constants but for one run of them (`_shows_less_a_run`)."""
        masked = _masked_tokens(_tokens(line.strip()))
        return any(template.heads and _shows_less_a_run(masked, template.constants) for template in self.templates)

    def _which(self, line: str) -> str | None:
        """The group of the template that reads the line."""
        match = self.any_template.fullmatch(line.strip())
        return match.lastgroup if match is not None else None

    def name_apart(self, lines: Sequence[str], beside: Sequence[ChromeLine | None], above: bool) -> ChromeLine | None:
        """A block of one bare name (or a display name over its handle) as chrome, when it sits where
        names do, right beside the block beside it (read already), whose first line (`above`) or
        last is of the role names sit beside."""
        slot = self.names
        if slot is None or not slot.apart or slot.above is not above or not is_name_block(lines) or not beside:
            return None
        line = beside[0 if above else -1]
        return slot.line(lines[0]) if line is not None and line.heads is slot.beside_heads else None

    def one_run_short(self, line: str) -> bool:
        """Whether the line shows a template's constants, all of them and nothing else, but for one
        run: the first post's subject without the `Re:` the replies' show."""
        return self._run_short_of(with_subject_masked(line, self.subject)) is not None

    def _run_short_of(self, line: str) -> Template | None:
        """The template whose constants the (masked) line shows, all of them but for one run, and
        nothing else but words where its slots may be."""
        if len(line) > MAX_LINE:
            return None
        line = line.strip()
        if is_one_word(line):  # a name beside a head, mostly: too short to keep a frame of constants
            return None
        masked = _masked_tokens(_tokens(line))
        return next((template for template in self.templates if _shows_less_a_run(masked, template.constants)), None)

    def word_for_a_number(self, line: str) -> bool:
        """Whether the line shows a template's constants, all of them and nothing else, but for a
        word where the template has a number, SHORT_FRAME constants on either side of it: the
        first post's own line (`received at submit@...` where the replies show the bug's number)."""
        masked = _masked_tokens(_tokens(line.strip()))
        return len(line) <= MAX_LINE and any(_word_for_number(masked, template.constants) for template in self.templates)

    def head_like(self, line: str) -> ChromeLine | None:
        """The line as a head of a shape met too rarely to learn, where a head is due: it shows most of a head's constants."""
        line = with_subject_masked(line, self.subject)
        if len(line) > MAX_LINE:
            return None
        tokens = _tokens(line.strip())
        masked = _masked_tokens(tokens)
        for template in self.templates:
            if not template.heads or len(template.constants) < 4:
                continue
            matcher = SequenceMatcher(None, template.constants, masked, autojunk=False)
            if matcher.ratio() >= RESEMBLANCE:
                matched = {j + k for _, j, size in matcher.get_matching_blocks() for k in range(size)}
                return _head_by_resemblance(tokens, matched)
        return None

    def _match(self, line: str) -> ChromeLine | None:
        if len(line) > MAX_READ_LINE:
            return None
        text = line.strip()
        match = self.any_template.fullmatch(text)
        if match is None:
            return None
        which = int((match.lastgroup or "t0")[1:])  # the template that matched: its groups follow its own
        template, first = self.templates[which], self.first_groups[which]
        author = match.group(first + template.author_group).lstrip("@") if template.author_group else ""
        if template.author_marks:
            author = without_mark(author, template.author_marks)
        times = template.time_groups
        time = text[match.start(first + times[0]) : match.end(first + times[1])] if times else ""
        if template.author_ends_with_time and " " in author:
            author, month = author.rsplit(" ", 1)
            time = f"{month} {time}"
        elif template.author_before_address and " " in author:
            author = author.rsplit(" ", 1)[0]
        elif template.author_is_handle and " " in author:
            author = author.split(" ", 1)[0]
        return ChromeLine(template.heads, author, template.author_rank if author else 0, time, 0 if template.heads or not time else template.lines)


def _head_by_resemblance(tokens: Sequence[tuple[str, str]], matched: set[int]) -> ChromeLine:
    """Author and time of a head read by resemblance: the first words it does not share, the last number on."""
    author: list[str] = []
    for index, (kind, text) in enumerate(tokens):
        if kind == "word" and index not in matched:
            author.append(text)
        elif author:
            break
    numbers = [i for i, (kind, _) in enumerate(tokens) if kind in ("digits", "unit")]
    time = ""
    if numbers:
        end = numbers[-1] + 1
        while end < len(tokens) and tokens[end][0] == "word":
            end += 1
        time = " ".join(text for _, text in tokens[numbers[-1] : end])
    name = " ".join(author)
    return ChromeLine(True, name if _is_name(name) else "", 0, time)


def _masked_tokens(tokens: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(_MASKS.get(kind) or text.lower() for kind, text in tokens)


def _masked(kind: str, text: str) -> str:
    """A token as shapes show it: numbers masked, words in lower case."""
    return _MASKS.get(kind) or text.lower()


@dataclass(slots=True)
class _Line:
    """A candidate line of the thread: where it is (counting only non-blank lines) and its tokens.

    Not frozen (never changed all the same): a frozen dataclass is three times slower to make, and
    every thread of an archive makes one per short line."""

    at: int
    block: int
    offset: int
    edge: bool
    """Whether it opens its block (a head may take two lines, or a run of short lines) or closes
    it: chrome sits around the text, not inside a paragraph."""
    text: str
    tokens: tuple[tuple[str, str], ...]
    """(kind, text) of each token: gap, digits, unit, word or symbol."""
    masked: tuple[str, ...]
    """Each token as shapes show it, computed once: resemblance tests compare these."""


def with_subject_masked(line: str, subject: str) -> str:
    """The line with the thread's subject in it as one word, SUBJECT_MARK: chrome quotes the subject
    whole (a subject line, a link to the next message), and a long subject makes a line of chrome
    longer than MAX_LINE, or ends it like a sentence (`Working with Maildir storage?`)."""
    if not subject or subject not in line:  # most lines
        return line
    return _subject_run(subject).sub(SUBJECT_MARK, line)


@lru_cache(maxsize=16)
def _subject_run(subject: str) -> re.Pattern[str]:
    """The subject as a run of whole words: a subject of one short word is no part of a longer one."""
    return re.compile(rf"(?<!\w){re.escape(subject)}(?!\w)")


def learn_chrome(blocks: Sequence[Sequence[str]], whole: bool = True, subject: str = "") -> Chrome | None:
    """The page template of a thread given as blocks of lines (`whole`: all of them, to its end, not
    a sample of its first), or None when its text shows none; the thread's `subject` (its title) is
    masked in every line (`with_subject_masked`)."""
    if not subject.strip():
        return _learnt(blocks, whole)
    chrome = _learnt([[with_subject_masked(line, subject) for line in block] for block in blocks], whole)
    return replace(chrome, subject=subject) if chrome is not None else None


def _learnt(blocks: Sequence[Sequence[str]], whole: bool) -> Chrome | None:
    lines = list(_candidate_lines(blocks))
    every = _shapes(lines)
    shapes = {shape: members for shape, members in every.items() if len(members) >= 2}
    total = sum(len(block) for block in blocks)
    leads = _leads(shapes, every, blocks, total)
    if not leads:
        return _lone_heads(lines, blocks) or _two_comments(lines, blocks, every)
    # a lead whose shapes hold no name (a row of actions) may show a word or a count more, met once
    taken = {line.at for shape in leads for line in every[shape]}
    rare = [] if any(map(_has_slot, leads)) else list(dict.fromkeys(r for s in leads for r in _rare_variants(s, every, taken, _shares_a_frame)))
    shapes = {**shapes, **{shape: every[shape] for shape in leads}}  # a short thread's heads may be met once each
    shapes, leads = _generalised(leads, shapes)
    # a variant too rare to learn is its own line's template: its words would make the lead's slots
    leads += rare
    shapes.update((shape, every[shape]) for shape in rare)
    shapes = _with_labelled_counts(_with_optional_counts(shapes, every, leads), every, leads)
    shapes = _with_counted_rows(shapes, every, leads)
    shapes, leads = _with_rare_kin(shapes, every, leads)
    places = _line_places(blocks)
    companions, optional = _companions(leads, shapes, _recurring(shapes, places), lines, blocks, places)
    lead_lines = [line for shape in leads for line in shapes[shape]]
    if not companions and not _varies(lead_lines) and not _named_apart(lead_lines, blocks, NAMED_APART):
        # a line that changes only in the bare name beside it (two comments the same minute) heads
        # comments only with another line recurring around it, a row of actions, or beside the names
        # of many commenters (a page that dates by the month: `Jun '13` over a month's comments)
        return None
    groups = [leads]
    named = [True]  # an optional line's slot names someone else (`In reply to bob`), never the commenter
    comments = sum(len(shapes[shape]) for shape in leads)
    taken = {line.at for shape in [*leads, *companions] for line in shapes[shape]}  # the rare leads' lines among them
    # the shapes of one line with a part some comments only show (`Re:`, `Parent`) take one role
    family_of = {shape: number for number, family in enumerate(families(companions)) for shape in family}
    group_of: dict[int, list[Shape]] = {}
    for companion in companions:
        # the lines that name another commenter in a line some comments only show may each be met once
        pool = {**every, **shapes} if companion in optional else shapes
        narrower = _narrower(companion, pool, comments, companion in optional)
        rarer = {s: every[s] for s in _rare_variants(companion, every, taken, _one_word_changed)}
        rarer.update((s, every[s]) for s in every if _time_again_after(companion, s) and taken.isdisjoint(line.at for line in every[s]))
        rarer.update(_rows_one_word_apart(companion, lines, taken))
        taken.update(line.at for members in rarer.values() for line in members)
        shapes, general = _generalised([companion, *narrower], {**shapes, **{s: pool[s] for s in narrower}})
        shapes.update(rarer)
        if family_of[companion] not in group_of:
            group_of[family_of[companion]] = []
            groups.append(group_of[family_of[companion]])
            named.append(companion not in optional)
        group = group_of[family_of[companion]]
        group += [shape for shape in [*general, *rarer] if shape not in group]
    run_of = _runs(_with_names({line.at for group in groups for shape in group for line in shapes[shape]}, places))
    members = [[line for shape in group for line in shapes[shape]] for group in groups]
    at = [[line.at for line in lines] for lines in members]
    joined = frozenset(k for k, (_, offset, length) in enumerate(places) if offset + 1 < length)
    roles = group_roles(at, [_varies(lines) for lines in members], run_of, total, whole, joined)
    named = [names or _stands_in_for_lead(lines, heads, members[0], run_of) for names, heads, lines in zip(named, roles, members)]
    # a lead's shape always over another of the lead's lines tells of something else the commenter did
    over_heads = _over_other_heads(groups[0], shapes) if roles[0] else set()
    # a lead of constants alone beside a head that names the commenters (`level 2` over `u/alice`) shows the page's words, no name
    kept = {shape for shape in groups[0] if not _has_slot(shape)} if _named_beside(groups[1:], roles[1:], named[1:], members[1:]) else set()
    made = [
        (shape, _template(head, shapes[shape], heads, names and shape not in over_heads | kept, opened))
        for group, heads, names in zip(groups, roles, named)
        for shape in group
        for head, opened in [_head_shape(shape, groups[0]) if heads and shape not in kept else (shape, frozenset[int]())]
    ]
    templates = [template for _, template in made]
    templates += _unlearnt(lines, blocks, len(groups[0]) if roles[0] else 0, made, members, roles, set(run_of))
    templates.sort(key=_specificity, reverse=True)  # the most specific pattern is tried first
    templates = _with_marks(templates, [line.text for line in lines], blocks)
    chrome = _with_names_learnt(templates, blocks, len(members[0]))
    shared = _shared_lines(chrome, lines, blocks, members, roles, set(run_of)) + _notes_on_heads(chrome, lines, blocks, members, roles, set(run_of))
    # a line over which a name stood, once known as the page's, shows that it was none (a sign-off over `Show less`)
    return _with_names_learnt(templates + shared, blocks, len(members[0])) if shared else chrome


def _named_beside(groups: list[list[Shape]], roles: list[bool], named: list[bool], members: list[list[_Line]]) -> bool:
    """Whether one of the groups is a head's line that names someone, in a slot, and changes."""
    return any(
        heads and names and any(map(_has_slot, group)) and _varies(lines)
        for group, heads, names, lines in zip(groups, roles, named, members)
    )


def _lone_heads(lines: list[_Line], blocks: Sequence[Sequence[str]]) -> Chrome | None:
    """The template of a thread too short to show a head twice (`lone_heads`), or None."""
    from .chrome_occasional import lone_heads  # that module builds on this one's shapes and templates

    templates = lone_heads(lines, blocks)
    return _with_names_learnt(templates, blocks, len(templates)) if templates else None


def _two_comments(lines: list[_Line], blocks: Sequence[Sequence[str]], every: dict[Shape, list[_Line]]) -> Chrome | None:
    """The template of a thread short enough to hold two comments, its heads each met once, when
    the first post's head is split around its text (a tweet and its reply); None otherwise."""
    from .chrome_occasional import split_pair  # that module builds on this one's shapes and templates

    if len(blocks) > MAX_BLOCKS_PER_COMMENT * SHORT_THREAD:
        return None
    templates = split_pair(lines, blocks, every)
    return _with_names_learnt(templates, blocks, 2) if templates else None


def _with_names_learnt(templates: list[Template], blocks: Sequence[Sequence[str]], comments: int) -> Chrome:
    names = learn_name_slot(blocks, _chrome(templates, None).read, comments)
    return _chrome(_authors_where_they_sit(_times_that_change(templates), names.rank if names else 0), names)


def _with_leads_slots(shape: Shape, leads: list[Shape]) -> Shape:
    """The shape with the words it shows where a lead has a slot, the rest of the lead's run the
    same, as that slot: one commenter's heads in a shape of their own (a mark after them) keep the
    name as constants (`david howells added a comment - 18/May/09 01:07 - edited`, by one commenter)."""
    for lead in leads:
        if len(shape) < len(lead) or shape[: len(lead)] == lead:
            continue
        slotted = [lead[k] if _fills_slot(own, lead[k]) else own for k, own in enumerate(shape[: len(lead)])]
        if tuple(slotted) == lead:
            return (*lead, *shape[len(lead) :])
    return shape


def _head_shape(shape: Shape, leads: list[Shape]) -> tuple[Shape, frozenset[int]]:
    """A head's shape with the slots a head has, and which of its elements were a word the sample
    always showed, opened as a slot."""
    own = _with_leads_slots(shape, leads)
    slotted = _slots_of_head(own)
    return slotted, frozenset(k for k, (was, now) in enumerate(zip(own, slotted)) if was != now and now == (SLOT,))


def _fills_slot(own: Element, lead: Element) -> bool:
    """Whether a run of constant words is the lead's run with a few words where the lead's starts with its slot."""
    rest = len(lead) - 1
    words = own[: len(own) - rest]
    return lead[:1] == (SLOT,) and 0 < len(words) <= MAX_SLOT_WORDS and SLOT not in words and own[len(words) :] == lead[1:]


def _over_other_heads(leads: list[Shape], shapes: dict[Shape, list[_Line]]) -> set[Shape]:
    """The lead's shapes whose every line stands right over a line of another of the lead's shapes:
    the line right over the text is the comment's head, the one above it tells of something else
    the commenter did (`bob added the bug label on Jul 20`, over `bob commented on Jul 20`)."""
    at_of = {shape: {line.at for line in shapes[shape]} for shape in leads}
    return {
        shape for shape in leads
        if all(any(line.at + 1 in at_of[other] for other in leads if other != shape) for line in shapes[shape])
    }


def _stands_in_for_lead(lines: list[_Line], heads: bool, leads: list[_Line], run_of: dict[int, int]) -> bool:
    """Whether a head some comments only show stands where the lead line does, hardly ever beside it: the
    lead's head in another shape (`bob 2 hours ago | next | flag`, a link fewer), naming its commenter
    as the lead does, where a line beside the lead names someone else (`In reply to bob`). It may
    share a stretch with a lead now and then: a comment's whole text of a few words (`Leave it to
    me`) reads like a bare name beside the next head."""
    lead_runs = {run_of[line.at] for line in leads}
    return heads and sum(run_of[line.at] in lead_runs for line in lines) <= (1 - NEIGHBOUR_SHARE) * len(lines)


def _specificity(template: Template) -> tuple[int, int]:
    """How specific a template is: the constant words it pins where another has a slot (`answered`
    of `answered May 5`, over `edited May 9` and `answered May 5` as a slot and a date), then its
    pattern's length. A masked number pins nothing: a shape of a name made of digits is a variant."""
    return sum(1 for part in template.constants if part[:1].isalpha()), len(template.pattern.pattern)


def _unlearnt(
    lines: list[_Line], blocks: Sequence[Sequence[str]], leads: int, made: list[tuple[Shape, Template]],
    members: list[list[_Line]], roles: list[bool], chrome_at: set[int],
) -> list[Template]:
    """Templates of chrome lines met too rarely to learn (`made`: the learnt ones with their shapes,
    the `leads` first ones the leads'): the first post's own head, lines some comments only show."""
    # imported here: that module builds on this one's shapes and templates
    from .chrome_occasional import (
        fields_under_heads,
        first_post_head,
        labelled_first_head,
        occasional_templates,
        split_first_head,
    )

    role_at = {line.at: heads for group, heads in zip(members, roles) for line in group}
    first = (
        first_post_head(lines, made[:leads], chrome_at)
        or labelled_first_head(lines, blocks, chrome_at)
        or split_first_head(lines, blocks, [(shape, template) for shape, template in made if template.heads], chrome_at)
    )
    # a bare name beside the template is the template's too; a count alone in its block may pass for one
    occasional = occasional_templates(lines, blocks, role_at, chrome_at | {0} if first else chrome_at)
    return first + occasional + fields_under_heads(lines, blocks, role_at)


def _shared_lines(
    chrome: Chrome, lines: list[_Line], blocks: Sequence[Sequence[str]], members: list[list[_Line]], roles: list[bool], chrome_at: set[int]
) -> list[Template]:
    """Templates of the lines the same word for word under several commenters' comments
    (`shared_lines`), who wrote each told by the chrome as learnt."""
    # that module builds on this one's shapes and templates
    from .chrome_occasional import may_share_lines, shared_lines

    role_at = {line.at: heads for group, heads in zip(members, roles) for line in group}
    if not may_share_lines(lines, blocks, role_at):
        return []
    # the lines the template reads though no shape of the sample held them (a name of digits, masked) are its too
    read = {text: chrome._match(text) for text in {line.text for line in lines}}
    role_at |= {line.at: found.heads for line in lines if line.at not in role_at and (found := read[line.text]) is not None}
    writer = _writers(chrome, lines)
    names = {writer(at) for at, heads in role_at.items() if heads}  # a commenter's name, beside each head, is no such line
    unread = [line for line in lines if line.text.lower() not in names and read[line.text] is None]  # the lines it may take
    shown = _names_as_shown(chrome, lines, chrome_at, role_at) | role_at.keys()
    return shared_lines(unread, blocks, role_at, chrome_at | role_at.keys(), shown, writer)


def _notes_on_heads(
    chrome: Chrome, lines: list[_Line], blocks: Sequence[Sequence[str]], members: list[list[_Line]], roles: list[bool], chrome_at: set[int]
) -> list[Template]:
    """Templates of the lines met too rarely to learn that show a head's name and time beside it (`notes_on_heads`)."""
    # that module builds on this one's shapes and templates
    from .chrome_occasional import notes_on_heads

    role_at = {line.at: heads for group, heads in zip(members, roles) for line in group}

    def read(text: str) -> tuple[Template, str] | None:
        which = chrome._which(text) if len(text) <= MAX_READ_LINE else None
        found = chrome._match(text) if which is not None else None
        return (chrome.templates[int(which[1:])], found.time) if which is not None and found is not None else None

    return notes_on_heads(lines, blocks, role_at, chrome_at | role_at.keys(), read)


def _names_as_shown(chrome: Chrome, lines: list[_Line], chrome_at: set[int], role_at: dict[int, bool]) -> set[int]:
    """The lines of `chrome_at` that are names as the page shows them: in a template line's block,
    or in a block of their own on a page that parts names so. A short block of its own elsewhere may
    be a comment's whole text (`TIL`, under a head and the line it shows over some comments)."""
    if chrome.names is not None and chrome.names.apart:
        return chrome_at
    block_of = {line.at: line.block for line in lines}
    template_blocks = {block_of[at] for at in role_at if at in block_of}
    return {at for at in chrome_at if block_of.get(at) in template_blocks}


def _writers(chrome: Chrome, lines: list[_Line]) -> Callable[[int], str]:
    """Who the head at a place names: its own slot, or the bare name beside it where names vary more."""
    text_at = {line.at: line.text for line in lines}
    names = chrome.names
    block_of = {line.at: line.block for line in lines}
    block_lines: defaultdict[int, list[int]] = defaultdict(list)
    for line in lines:
        block_lines[line.block].append(line.at)

    def name_at(at: int, slot: NameSlot) -> int:
        step = -1 if slot.above else 1
        if slot.distance != EDGE:
            return at + step * slot.distance
        first, last = block_lines[block_of[at]][0], block_lines[block_of[at]][-1]
        return first + edge_of_block(at - first, last - first + 1, step)

    def writer(at: int) -> str:
        if names is not None and (beside_at := name_at(at, names)) != at:
            beside = text_at.get(beside_at, "")
            if is_name_line(beside):
                return beside.strip().lower()
        found = chrome._match(text_at[at])
        return found.author.lower() if found is not None else ""

    return writer


def _with_rare_kin(shapes: dict[Shape, list[_Line]], every: dict[Shape, list[_Line]], heads: list[Shape]) -> tuple[dict[Shape, list[_Line]], list[Shape]]:
    """The shapes, and the heads, with the lines met once at a block's edge that are a recurring
    shape's but for one optional part (an address one commenter shows, `Re:` on a rarer label), as
    that shape's kin: with its slots, and a head where it is a head's. A line its kin reads already
    (a name of more words than most, `Aneesh Kumar K. V`, a subject's free text) is the kin's own."""
    recurring = [shape for shape in shapes if _has_anchor(shape)]
    shapes, heads = dict(shapes), list(heads)
    held: set[int] | None = None  # the lines made one shape with others already (`Upvote · Share` with `Upvote · 4 · Share`)
    for rare, members in every.items():
        if len(members) > 1 or rare in shapes or not members[0].edge or not _has_mark(rare):
            continue
        if held is None:
            held = {line.at for lines in shapes.values() for line in lines}
        if members[0].at in held:
            continue
        found = as_kin(rare, recurring)
        if found is not None:
            kin, of = found
            if _pattern(of)[0].fullmatch(members[0].text):
                kin = of
            elif _slots(kin) > _slots(of):
                continue  # a slot where the recurring line shows a word: the line met once does not say which is the name
            shapes[kin] = [*shapes.get(kin, []), *members]
            if of in heads and kin not in heads:
                heads.append(kin)
    return shapes, heads


def _authors_where_they_sit(templates: list[Template], name_rank: int) -> list[Template]:
    """The templates, the lines that end a comment naming it only where their slot varies as much
    as the heads' and the bare names do at least (`answered Jul 20 by alice`): a lone word in a row
    (`reply`), a month under the text or `edited` over it names no one when others carry the names;
    nor does a date's weekday and month under the text (`Joined: Sat Jul 15, 2003`) when heads name the commenter.
    Where a slot varies only as much as the bare names, the bare names win: a line holding a name
    alone says more surely who wrote (`answered` and `asked` vary as much as two commenters do)."""
    templates = _without_subjects(templates)
    least = max([2, name_rank + 1 if name_rank else 0, *(t.author_rank for t in templates if t.heads)])
    heads_name = any(t.heads and t.author_group for t in templates)
    # a weekday changes more often than the senders of a few days' mail: a head naming someone
    # outside a date (`From: alice <...>`) names the commenter where another's slot is in one (`Date: Sun, 17 May ...`)
    named_apart = any(t.heads and t.author_group and not (t.author_in_date or t.author_ends_with_time) for t in templates)
    return [
        _unnamed(t) if named_apart and t.author_in_date and not t.author_ends_with_time
        else t if t.heads or (t.author_rank >= least and not (heads_name and t.author_in_date)) else _unnamed(t)
        for t in templates
    ]


def _times_that_change(templates: list[Template]) -> list[Template]:
    """The templates, a time that reads the same on every line dating nothing where another
    template's time changes: every comment is one moment only on a page that never shows another."""
    if not any(t.time_groups and not t.steady_time for t in templates):
        return templates  # a short thread posted within one day, dated by the day
    steady = [t.constants for t in templates if t.steady_time]
    return [replace(t, time_groups=None) if t.steady_time or _one_run_short(t, steady) else t for t in templates]


def _one_run_short(template: Template, steady: list[tuple[str, ...]]) -> bool:
    """Whether a template met once is a steady-timed one less a run of its constants: the first
    post's subject without the replies' `Re:` shows the same numbers (`[PATCH 06/10]`), no time."""
    if template.lines >= TWICE or not template.time_groups:
        return False
    return any(_less_a_run(template.constants, other) for other in steady)


def _word_for_number(own: Sequence[str], other: Sequence[str]) -> bool:
    """Whether `own` is `other` with one number of it a word, SHORT_FRAME elements on either side:
    glued to what followed the number as one token (`submit@bugs.debian.org` for `0 @ bugs.debian.org`)."""
    glued = len(other) - len(own)  # the tokens after the number that the word took with it
    at = next((k for k, (a, b) in enumerate(zip(own, other)) if a != b), len(own))
    if glued < 0 or not SHORT_FRAME <= at < len(own) - SHORT_FRAME or other[at] not in NUMBERS:
        return False
    tail = "".join(other[at + 1 : at + 1 + glued])
    word = own[at].removesuffix(tail)
    return word[:1].isalpha() and word + tail == own[at] and own[at + 1 :] == other[at + 1 + glued :]


def _shows_less_a_run(own: Sequence[str], constants: Sequence[str]) -> bool:
    """Whether `own` is the constants without one run of them, SHORT_FRAME kept, in order, with the
    words of a slot put in, fewer than the run (a label, `Subject`, its lone word a slot of the
    head): nothing else changed."""
    if len(own) >= len(constants) + MAX_SLOT_WORDS:  # most lines: far longer
        return False
    # what the matcher would find put in or kept, told before it runs: most lines beside chrome (a name) fail here
    present = set(constants)
    outside = [part for part in own if part not in present]
    if len(own) - len(outside) < SHORT_FRAME or len(outside) > MAX_SLOT_WORDS or not all(part[:1].isalpha() for part in outside):
        return False
    opcodes = SequenceMatcher(None, constants, own, autojunk=False).get_opcodes()
    cut = [(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag in ("delete", "replace")]
    put = [part for tag, _, _, j1, j2 in opcodes if tag != "equal" for part in own[j1:j2]]
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    return (
        len(cut) == 1 and cut[0][0] > cut[0][1] and kept >= SHORT_FRAME
        and len(put) <= MAX_SLOT_WORDS and all(part[:1].isalpha() for part in put)
    )


def _less_a_run(own: Sequence[str], other: Sequence[str]) -> bool:
    """Whether `own` is `other` without one run of it."""
    cut = len(other) - len(own)
    return cut > 0 and any(tuple(other[:at]) + tuple(other[at + cut :]) == tuple(own) for at in range(len(own) + 1))


def _unnamed(template: Template) -> Template:
    """The template naming no one: a slot right before its time's first number is the time's (`edited Nov 16, 2010`)."""
    times, slot = template.time_groups, template.author_group
    if times is not None and slot is not None and times[0] == slot + 1:
        times = (slot, times[1])
    return replace(template, author_group=None, author_rank=0, time_groups=times)


def _with_marks(templates: list[Template], texts: list[str], blocks: Sequence[Sequence[str]]) -> list[Template]:
    """The templates with the marks some comments only show: a head takes a field more after its
    last where lines it does not read show one (`• edited`, met once: no shape of its own), and the
    heads' names lose a word that trails some of them only (`bob edited 8 years ago`) or a badge
    (`Ann Lee Mod`, where the text writes `Ann Lee`)."""
    chrome = _chrome(templates, None)
    read = [(text, chrome._match(text)) for text in dict.fromkeys(texts)]  # chrome repeats itself: each text once
    fields = last_fields(text for text, found in read if found is None)
    heads = [found.author for _, found in read if found is not None and found.heads and found.author]
    chrome_lines = {text for text, found in read if found is not None}
    # the text, not the chrome: a head names others too (`Yet another Ann Lee`); only a name of
    # two words or more is looked for there (most threads have none: the text is not put together)
    many_words = any(" " in name for name in heads)
    written = "\n".join(line for block in blocks for line in block if line.strip() not in chrome_lines) if many_words else ""
    marks = name_marks(heads, written)
    marked = []
    for template in templates:
        # a head of a constant or two (a bare count) would take a numbered list's items
        framed = template.heads and len(template.constants) >= SHORT_FRAME
        separators = separators_after(template.pattern, fields) if framed else set()
        pattern = with_trailing_field(template.pattern, separators) if separators else template.pattern
        author_marks = marks if template.heads else frozenset()
        unmarked = pattern is template.pattern and author_marks == template.author_marks  # most templates: nothing to add
        marked.append(template if unmarked else replace(template, pattern=pattern, author_marks=author_marks))
    return marked


def _without_subjects(templates: list[Template]) -> list[Template]:
    """The templates, a head that shows no date naming no one where a byline names someone:
    it is a subject line over the byline (`Re:Nice (Score:4)` over `by bob (123) on May 17, 2009`), its slot free text.
    A byline naming one commenter only is no evidence: it is that commenter's own shape of the head
    (a name of digits, masked as numbers, makes `60177756 @60177756 · 3 years ago` look like a date)."""
    if not any(t.heads and t.byline and t.author_rank >= BYLINE_NAMES for t in templates):
        return templates
    subjects = [t.heads and t.author_group is not None and not shows_a_date(t.constants) and not t.field for t in templates]
    return [replace(t, author_group=None, author_rank=0, time_groups=None) if subject else t for t, subject in zip(templates, subjects)]


def _chrome(templates: list[Template], names: NameSlot | None) -> Chrome:
    union = re.compile("|".join(f"(?P<t{i}>{t.pattern.pattern})" for i, t in enumerate(templates)), re.IGNORECASE)
    first_groups = [union.groupindex[f"t{i}"] for i in range(len(templates))]
    return Chrome(tuple(templates), names, union, tuple(first_groups))


def _candidate_lines(blocks: Sequence[Sequence[str]]) -> Iterator[_Line]:
    # chrome repeats itself (a row of actions, a time, a frequent name): each text is cut up once
    cut: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = {}
    repeated = _repeated_sentences(blocks)
    at = 0
    for number, block in enumerate(blocks):
        if len(block) == 1 and len(block[0]) > MAX_LINE:  # most blocks: a paragraph of text, too long for chrome
            at += 1
            continue
        texts = [line.strip() for line in block]
        # the length is tried first: most lines of text are long
        short = [
            len(line) <= MAX_LINE and text != "" and not _is_own_text(line, text, repeated) for line, text in zip(block, texts)
        ]
        count = len(block)
        # in a block of three lines every line is at an edge: the runs are looked for in longer ones
        head, foot = (_short_run(short), count - _short_run(short[::-1])) if count > 3 else (count, count)
        for offset, text in enumerate(texts):
            if short[offset]:
                if text not in cut:
                    tokens = _tokens(text)
                    cut[text] = tokens, _masked_tokens(tokens)
                # a head may take two lines, or more in a run of short lines (a photo's caption, a
                # name, a date, `to group`): chrome sits around the text, not inside a paragraph
                edge = offset <= 1 or offset == count - 1 or offset < head or offset >= foot
                yield _Line(at, number, offset, edge, text, *cut[text])
            at += 1


def _short_run(short: Sequence[bool]) -> int:
    """How many of the block's first lines are short lines that could be chrome."""
    run = 0
    for is_short in short:
        if not is_short:
            break
        run += 1
    return run


def _repeated_sentences(blocks: Sequence[Sequence[str]]) -> set[str]:
    """Short blocks of one line ending like a sentence met word for word in several blocks: a page
    repeats a subject over every post (`Re: Does it work?`), whether it recurs as chrome decides."""
    seen: Counter[str] = Counter(
        text for block in blocks if len(block) == 1 and len(text := block[0].strip()) <= MAX_LINE and _SENTENCE_END.search(text)
    )
    return {text for text, times in seen.items() if times >= 2}


def _is_own_text(line: str, text: str, repeated: set[str]) -> bool:
    """Quoted or indented lines, and sentences, are a comment's own text, never the page's."""
    # a line that trails off (`Ann said...`) has not ended a sentence: an author line may do that
    sentence = _SENTENCE_END.search(text) is not None and not text.endswith(("...", "…"))
    if sentence and (_DIGIT.search(text) or text in repeated):
        # a line that tells a date or a count may end with a full stop all the same (`Last edited by
        # bob on Jun 7, 2013, edited 2 times in total.`), a subject with a question mark: whether it recurs as chrome decides
        sentence = False
    return text.startswith(">") or line.startswith(("    ", "\t")) or sentence


def _skeleton(line: _Line, lists: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> tuple[tuple[str, ...], list[list[str]]]:
    """The line's coarse shape (each run of words one `W`, numbers masked) and the words of each run;
    `lists` remembers the count lists of the skeletons met (the lines of a thread show a few)."""
    skeleton: list[str] = []
    runs: list[list[str]] = []
    for kind, text in line.tokens:
        if kind == "word":
            if skeleton and skeleton[-1] == "W":
                runs[-1].append(text)
            else:
                skeleton.append("W")
                runs.append([text])
        else:
            skeleton.append(_MASKS.get(kind, text))
    skeleton, runs = collapse_link_lists(skeleton, runs)
    if lists is None:
        return collapse_count_lists(skeleton), runs
    key = tuple(skeleton)
    if key not in lists:
        lists[key] = collapse_count_lists(key)
    return lists[key], runs


def _shapes(lines: list[_Line]) -> dict[Shape, list[_Line]]:
    """Lines grouped by shape: first by coarse shape, then with the words common to a group kept.
    Shapes met once are kept too, with a number or alike but for their numbers to a line with
    one: a row that shows a count only when it is not zero is made of them (`↩ 2 ⇄ ★ 5`, `△ ▽ •
    Reply`, `5 △ ▽ • Reply` in a short thread); a line met once keeps all its words."""
    # lines alike word for word (a row of actions, a frequent name) share their skeleton and shape
    cut: dict[str, tuple[tuple[str, ...], list[list[str]]]] = {}
    lists: dict[tuple[str, ...], tuple[str, ...]] = {}
    coarse: dict[tuple[str, ...], list[tuple[_Line, list[list[str]]]]] = defaultdict(list)
    for line in lines:
        if line.text not in cut:
            cut[line.text] = _skeleton(line, lists)
        skeleton, runs = cut[line.text]
        coarse[skeleton].append((line, runs))
    counted = {_skeleton_without_counts(skeleton) for skeleton in coarse if _counts(skeleton)}
    # the words of each row that shows a count, as it reads with none (`Upvote · Share` of `Upvote · 4 · Share`),
    # where the thread shows that row without its count: a date's words are seldom a line of their own
    zero_rows = {
        (bare, _words(runs)) for skeleton, members in coarse.items()
        if (bare := _skeleton_without_counts(skeleton)) != skeleton and bare in coarse for _, runs in members
    }
    longer = _longer_lines(coarse)
    shapes: dict[Shape, list[_Line]] = defaultdict(list)
    for skeleton, members in coarse.items():
        if len(members) < 2:
            if _counts(skeleton) or skeleton in counted:
                (line, runs), = members
                shape = _shape(skeleton, runs, {(run, word.lower()) for run, words in enumerate(runs) for word in words})
                if shape is not None:
                    shapes[shape].append(line)
            continue
        for unit in _by_unit(skeleton, _inflected_as_one(skeleton, members)):
            _add_shapes(shapes, skeleton, unit, zero_rows if skeleton in counted else set(), longer.get(skeleton, []))
    return shapes


def _longer_lines(coarse: dict[tuple[str, ...], list[tuple[_Line, list[list[str]]]]]) -> dict[tuple[str, ...], list[tuple[_Line, list[list[str]]]]]:
    """For each coarse shape, the lines of the coarse shapes that begin with it and show more after
    it (a mark, a badge: `bob commented on Jul 20, 2011 • edited`)."""
    longer: defaultdict[tuple[str, ...], list[tuple[_Line, list[list[str]]]]] = defaultdict(list)
    for skeleton, members in coarse.items():
        for end in range(1, len(skeleton)):
            if skeleton[:end] in coarse:
                longer[skeleton[:end]].extend(members)
    return longer


def _skeleton_without_counts(skeleton: tuple[str, ...]) -> tuple[str, ...]:
    """A coarse shape without its counts, and without the symbol that stood on both sides of one,
    as a row shows it when they are zero (`Upvote · Share`)."""
    kept: list[str] = []
    for index, part in enumerate(skeleton):
        doubled = 0 < index - 1 and skeleton[index - 1] in NUMBERS and skeleton[index - 2] == part != "W"
        if part not in NUMBERS and not doubled:
            kept.append(part)
    return tuple(kept)


def _add_shapes(
    shapes: dict[Shape, list[_Line]], skeleton: tuple[str, ...], members: list[tuple[_Line, list[list[str]]]],
    zero_rows: set[tuple[tuple[str, ...], tuple[str, ...]]], longer: list[tuple[_Line, list[list[str]]]],
) -> None:
    """The shapes of a group's lines, the words in most of them kept, or in most of them and the
    `longer` lines (the group's shape and more after it) together: where some heads tell of
    something else in their own words (`bob added the bug label on Jul 20`), the head's word
    (`commented`) is in fewer of its plain lines than of all it heads, marked or not. A line that
    reads as a row with a count reads without it keeps its words, and is no line of the group:
    `Upvote · Share`, with the coarse shape of `bob · Follow`, would make `Follow` a slot."""
    # most groups have no row with a count to compare with: their words are not gathered for nothing
    rows = [(line, runs) for line, runs in members if (skeleton, _words(runs)) in zero_rows] if zero_rows else []
    for line, runs in rows:
        row = _shape(skeleton, runs, {(run, word.lower()) for run, words in enumerate(runs) for word in words})
        if row is not None:
            shapes[row].append(line)
    if rows:
        members = [(line, runs) for line, runs in members if (skeleton, _words(runs)) not in zero_rows]
    counts = _word_counts(members)
    least = max(2, CONSTANT_SHARE * len(members))
    constants = {key for key, n in counts.items() if n >= least}
    if longer:
        pooled = _word_counts(members + longer)
        constants |= {key for key, n in pooled.items() if n >= CONSTANT_SHARE * (len(members) + len(longer)) and counts[key] >= 2}
    repeated = Counter(line.text.lower() for line, _ in members)
    shared = _shared_by_recurring(members, repeated)
    constants |= set() if shared & constants else shared
    constants -= _time_words(skeleton, members)
    shape_of: dict[str, Shape | None] = {}
    for line, runs in members:
        if line.text not in shape_of:
            shape_of[line.text] = _member_shape(skeleton, runs, constants, repeated[line.text.lower()] >= 2)
        shape = shape_of[line.text]
        if shape is not None:
            shapes[shape].append(line)


def _shared_by_recurring(members: list[tuple[_Line, list[list[str]]]], repeated: Counter[str]) -> set[tuple[int, str]]:
    """The words most often met among the group's lines met word for word twice or more, where two such
    lines at least differ: frequent commenters' name lines (`Ann Lee ann at example.org`) each
    recur, while text lines of the same coarse shape outnumber them and hide their common words
    (taken where the group's own constants hold none of them)."""
    recurring = [(line, runs) for line, runs in members if repeated[line.text.lower()] >= TWICE]
    distinct = list({line.text.lower(): (line, runs) for line, runs in recurring}.values())
    if len(distinct) < TWICE:
        return set()
    # a host is the commenter's own, a slot however many frequent commenters' addresses share one
    counts = Counter({key: n for key, n in _word_counts(distinct).items() if not _HOST.fullmatch(key[1])})
    most = max(counts.values(), default=0)
    # the words most often met among them only: a name met in two of them (`David Howells ...`, a sign-off `David`) stays a slot
    return {key for key, n in counts.items() if n == most >= max(TWICE, RECURRING_SHARE * len(distinct))}


def _words(runs: list[list[str]]) -> tuple[str, ...]:
    return tuple(word.lower() for words in runs for word in words)


def _by_unit(skeleton: tuple[str, ...], members: list[tuple[_Line, list[list[str]]]]) -> list[list[tuple[_Line, list[list[str]]]]]:
    """Lines of a count and a word alone parted by their word, where a few words stand there, each
    met twice at least: rows counting different things (`1 Reply`, `2 Likes`) each keep their
    word, where the whole group would make it a slot. A date's month after its day is no row's: it
    stands beside more numbers. A word met in one block only is a table's column (`5007 x86` over
    `3943 Staging`), no unit: those lines stay together, apart from the rows."""
    if len(skeleton) != 2 or skeleton[0] not in NUMBERS or skeleton[1] != "W":
        return [members]
    blocks: defaultdict[str, set[int]] = defaultdict(set)
    for line, runs in members:
        blocks[" ".join(runs[0]).lower()].add(line.block)
    units = {word for word, held in blocks.items() if len(held) >= 2}
    if not 2 <= len(units) <= MAX_UNITS:
        return [members]
    parted: defaultdict[str, list[tuple[_Line, list[list[str]]]]] = defaultdict(list)
    for line, runs in members:
        word = " ".join(runs[0]).lower()
        parted[word if word in units else SLOT].append((line, runs))
    return list(parted.values())


def _counts(skeleton: tuple[str, ...]) -> bool:
    """Whether the skeleton holds a number."""
    return not NUMBERS.isdisjoint(skeleton) or any(is_count_list(part) for part in skeleton)


def _inflected_as_one(skeleton: tuple[str, ...], members: list[tuple[_Line, list[list[str]]]]) -> list[tuple[_Line, list[list[str]]]]:
    """The group's lines with the forms of one word after a count written as one (`Empfehlung`
    and `Empfehlungen`, `point` and `points`: a word and itself with a short ending): its stem
    marked INFLECTED, which a pattern matches with any such ending."""
    forms: dict[tuple[int, str], str] = {}
    runs = [k for k, part in enumerate(skeleton) if part == "W"]
    for run, k in enumerate(runs):
        if k and skeleton[k - 1] in NUMBERS:
            forms.update(((run, word), form) for word, form in inflections({words[run][0].lower() for _, words in members}).items())
    if not forms:
        return members
    return [
        (line, [[forms.get((run, word.lower()), word) if at == 0 else word for at, word in enumerate(words)] for run, words in enumerate(runs_of)])
        for line, runs_of in members
    ]


def _time_words(skeleton: tuple[str, ...], members: list[tuple[_Line, list[list[str]]]]) -> set[tuple[int, str]]:
    """The words of a group's lines that are a date's (a month beside a day and a year), by run:
    slots, not constants, even when the sample spans one month."""
    found: set[tuple[int, str]] = set()
    runs = [k for k, part in enumerate(skeleton) if part == "W"]
    for run, k in enumerate(runs):
        if beside_a_date(skeleton, k):
            edge = -1 if k + 1 < len(skeleton) and skeleton[k + 1] in NUMBERS else 0  # the word the number touches
            values = [words[run][edge].lower() for _, words in members]
            if varies_like_a_time(values):
                found.update((run, value) for value in values)
    return found


def _word_counts(members: list[tuple[_Line, list[list[str]]]]) -> Counter[tuple[int, str]]:
    """How many of the lines hold each word in each run; lines alike word for word are counted at once."""
    times = Counter(line.text for line, _ in members)
    runs_of = {line.text: runs for line, runs in members}
    counts: Counter[tuple[int, str]] = Counter()
    for text, n in times.items():
        for run, words in enumerate(runs_of[text]):
            for word in {word.lower() for word in words}:  # a name over its handle (`Jip jip`) holds one word once
                counts[run, word] += n
    return counts


def _member_shape(
    skeleton: tuple[str, ...], runs: list[list[str]], constants: set[tuple[int, str]], recurs: bool
) -> Shape | None:
    """A line's shape in its coarse group; `recurs` when the group holds it word for word again."""
    shape = _shape(skeleton, runs, constants)
    if shape is not None and not _has_anchor(shape) and recurs:
        # a bare run of words among others (`reply` among one-word lines) is constant if it recurs word for word
        shape = _shape(skeleton, runs, {(run, word.lower()) for run, words in enumerate(runs) for word in words})
    return shape


def _shape(skeleton: tuple[str, ...], runs: list[list[str]], constants: set[tuple[int, str]]) -> Shape | None:
    """The line's shape, or None when a slot is as long as a sentence."""
    shape: list[Element] = []
    run = 0
    for part in skeleton:
        if part != "W":
            shape.append((part,))
            continue
        element: list[str] = []
        slot_words = 0
        for word in runs[run]:
            if (run, word.lower()) in constants:
                element.append(word.lower())
                slot_words = 0
                continue
            slot_words += 1
            if slot_words > MAX_SLOT_WORDS:
                return None
            if not element or element[-1] != SLOT:
                element.append(SLOT)
        shape.append(tuple(element))
        run += 1
    return tuple(shape)


def _with_optional_counts(shapes: dict[Shape, list[_Line]], every: dict[Shape, list[_Line]], heads: list[Shape]) -> dict[Shape, list[_Line]]:
    """The shapes, with rows of constants alike but for their counts (a page shows a count only
    when it is not zero: `5 △ ▽ • Reply`, `△ ▽ • Reply`, `↩ 2 ⇄ ★ 5`) made one, each count optional."""
    families: defaultdict[Shape, list[Shape]] = defaultdict(list)
    for shape in every:
        bare = _without_counts(shape)
        if shape not in heads and bare and not any(SLOT in element for element in bare):
            families[bare].append(shape)
    merged = dict(shapes)
    for bare, family in families.items():
        if len(family) >= 2:
            for shape in family:
                merged.pop(shape, None)
            merged[_counts_optional(bare, family)] = sorted((line for s in family for line in every[s]), key=lambda line: line.at)
    return merged


def _with_labelled_counts(shapes: dict[Shape, list[_Line]], every: dict[Shape, list[_Line]], heads: list[Shape]) -> dict[Shape, list[_Line]]:
    """The shapes, with rows of counts each after its own symbol made one, whichever symbols they
    show (`👍 3`, `❤️ 1  👀 2`: a page shows only the reactions someone gave), where no family of
    rows with optional counts holds them (`↩ 2 ⇄ ★ 5` shows every symbol, counted or not)."""
    in_families = {line.at for shape, members in shapes.items() if shape not in every for line in members}
    rows = [
        shape for shape in every
        if shape not in heads and is_labelled_counts([element[0] for element in shape]) and every[shape][0].at not in in_families
    ]
    if not rows:
        return shapes
    merged = {shape: members for shape, members in shapes.items() if shape not in rows}
    merged[((LABELLED,),)] = sorted((line for shape in rows for line in every[shape]), key=lambda line: line.at)
    return merged


def _with_counted_rows(shapes: dict[Shape, list[_Line]], every: dict[Shape, list[_Line]], heads: list[Shape]) -> dict[Shape, list[_Line]]:
    """The shapes, with rows of counts alone parted by gaps made one, however many counts they show
    (`1  12`, `12`: a page shows only the counts that are not zero), where one row at least shows
    two: a count alone in every row is a post's votes, a shape of its own."""
    rows = [shape for shape in every if shape not in heads and is_counted_row([element[0] for element in shape])]
    if all(len(shape) == 1 for shape in rows):
        return shapes
    merged = {shape: members for shape, members in shapes.items() if shape not in rows}
    merged[((COUNTED_ROW,),)] = sorted((line for shape in rows for line in every[shape]), key=lambda line: line.at)
    return merged


def _without_counts(shape: Shape) -> Shape:
    """The shape without its counts, and without a gap that only parts a count from the rest:
    `39  Reply` is `Reply` with its count shown."""
    return _count_places(shape)[0]


def _count_places(shape: Shape) -> tuple[Shape, dict[int, str]]:
    """The shape without its counts, and where each stood among what is left, with the separator
    that went with it: a gap before the rest (`39  Reply`), or a symbol that stands on both sides
    of it (`Upvote · 12 · Share` is `Upvote · Share` with its count and one `·` shown)."""
    kept: list[Element] = []
    places: dict[int, str] = {}
    for index, element in enumerate(shape):
        if element not in _COUNTS:
            # the gap or symbol after a count goes with it
            if not (index and shape[index - 1] in _COUNTS and places.get(len(kept)) == element[0]):
                kept.append(element)
            continue
        after = shape[index + 1] if index + 1 < len(shape) else ()
        if index == 0 and after == (SPACES,):
            places[0] = SPACES
        elif index and after and after == shape[index - 1] and len(after) == 1 and not _is_word_part(after[0]):
            places[len(kept)] = after[0]
        else:
            places[len(kept)] = ""
    return tuple(kept), places


def _counts_optional(bare: Shape, family: list[Shape]) -> Shape:
    """The constants of a family of rows with an optional count wherever one of them shows one,
    with the symbol that goes with it."""
    places: dict[int, str] = {}
    for shape in family:
        for place, separator in _count_places(shape)[1].items():
            places.setdefault(place, separator)
    shape_with_counts: list[Element] = []
    for index, element in enumerate((*bare, ())):
        if index in places:
            separator = places[index]
            shape_with_counts.append((OPTIONAL_COUNT, separator) if separator not in ("", SPACES) else (OPTIONAL_COUNT,))
        if element:
            shape_with_counts.append(element)
    return tuple(shape_with_counts)


def _has_anchor(shape: Shape) -> bool:
    """Whether the shape holds a constant word or a number: symbols and slots alone match any short phrase."""
    return any(part not in (SLOT, SPACES) and part[0].isalnum() for element in shape for part in element)


def _has_mark(shape: Shape) -> bool:
    """Whether the shape shows a number or a symbol, not words alone."""
    return any(len(element) == 1 and not element[0][:1].isalpha() and element[0] not in (SLOT, SPACES) for element in shape)


def _varies(members: list[_Line]) -> bool:
    """Whether its lines differ (a name, a time, a count), spacing aside: a line repeated word for
    word may be a sign-off or a table's header."""
    first: tuple[str, ...] | None = None
    seen = set()  # the same text is the same words
    for line in members:
        if line.text in seen:
            continue
        seen.add(line.text)
        words = tuple(text.lower() for kind, text in line.tokens if kind != "gap")
        if first is None:
            first = words
        elif words != first:  # most shapes that vary do so from their second text on
            return True
    return False


def _named_apart(members: list[_Line], blocks: Sequence[Sequence[str]], least: int = 2) -> bool:
    """Whether the bare names beside its lines differ, `least` names at least (`ravi_wilson` and
    `kenji_garcia` over one time): two comments posted the same minute show the same time line under different names."""
    names: set[tuple[str, ...]] = set()
    for line in members:
        beside = tuple(_names_beside(line, blocks[line.block]) or _names_apart(line, blocks))
        if not beside:
            return False  # most shapes that never change: a row of actions, no name beside its first line
        names.add(beside)
    return len(names) >= least


def _names_beside(line: _Line, block: Sequence[str]) -> list[str]:
    """The lines of words alone (a name, no number or symbol: not a table's row) just above and below it."""
    beside = [block[at].strip().lower() for at in (line.offset - 1, line.offset + 1) if 0 <= at < len(block)]
    return [text for text in beside if _is_word_name(text)]


def _names_apart(line: _Line, blocks: Sequence[Sequence[str]]) -> list[str]:
    """For a line alone in its block, the names in the block of one or two lines just above it
    (`Ann Lee` over `annlee`, a blank line over the time): a page may part them so."""
    if len(blocks[line.block]) > 1 or line.block == 0 or len(blocks[line.block - 1]) > 2:
        return []
    return [name for text in blocks[line.block - 1] if _is_word_name(name := text.strip().lower())]


def _is_word_name(text: str) -> bool:
    return _is_name(text) and all(kind == "word" for kind, _ in _tokens(text))


def _masked_text(line: _Line) -> list[str]:
    return [token for token in line.masked if token != SPACES]  # only a gap is masked as SPACES


def _leads(
    shapes: dict[Shape, list[_Line]], every: dict[Shape, list[_Line]], blocks: Sequence[Sequence[str]], total: int
) -> list[Shape]:
    """The lead line's shapes: the shape that recurs most, with its variants, all through the thread,
    once a block at most, changing from comment to comment; none when no shape does. In a thread
    short enough to hold a few comments, shapes met once (they hold a number) may be the lead or
    its variants: the first post's `Description`, then `Comment 1`; a badge on one head."""
    # a lead that never varies would be a sign-off, a table's header: rows of actions only join a head
    # and one of words alone would be a phrase a commenter repeats: a head shows a number or a mark (`says:`)
    ranked = sorted(
        (s for s in shapes if _has_anchor(s) and _has_mark(s) and (_varies(shapes[s]) or _named_apart(shapes[s], blocks))),
        key=lambda s: -len(shapes[s]),
    )
    once: dict[Shape, list[_Line]] = {}
    if len(blocks) <= MAX_BLOCKS_PER_COMMENT * SHORT_THREAD:
        once = {s: members for s, members in every.items() if len(members) == 1 and _has_anchor(s) and _has_mark(s)}
    pool = {**once, **shapes}
    sparse = []  # leads that frame comments but are met too rarely for a lead
    for lead in [*ranked, *once]:
        variants = (s for s in _variants(lead, pool) if not _slot_for_pages_word(lead, s, pool))
        heads = [lead, *(s for s in variants if lead in shapes and s in shapes or _shares_a_frame(lead, s))]
        heads += [s for s in every if s not in heads and _one_run_apart(lead, s)]
        members = [line for shape in heads for line in every[shape]]
        if len(members) >= 2 and _frames_comments(members, blocks, total):
            return heads
        if lead in shapes and _frames_comments(members, blocks, total, sparse=True):
            sparse.append(lead)
    constants = {shape: set(_constants(shape)) for shape in every} if sparse else {}
    for lead in sparse:
        heads = _variants_chained(lead, every, constants, len(blocks) / MAX_BLOCKS_PER_COMMENT)
        members = [line for shape in heads for line in every[shape]]
        if len(heads) > 1 and _frames_comments(members, blocks, total):
            return heads
    return []


def _slot_for_pages_word(lead: Shape, shape: Shape, shapes: dict[Shape, list[_Line]]) -> bool:
    """Whether the shape opens with a slot where the lead opens with a lone word (a head's name's
    place) that nearly all their lines show: the page's word (`level` of `level 2` over every
    comment), no frequent commenter's name; the lines without it are text (`Test reply 42`)."""
    lead_lines, lines = len(shapes[lead]), len(shapes[shape])
    return _is_lone_word(lead[0]) and shape[0] == (SLOT,) and lead_lines >= PAGE_WORD_SHARE * (lead_lines + lines)


def _variants_chained(lead: Shape, every: dict[Shape, list[_Line]], constants: dict[Shape, set[str]], fewest: float) -> list[Shape]:
    """The lead with its variants, theirs, and so on, each showing the lead's frame (`constants`:
    each shape's), when they may hold the `fewest` lines a lead needs: a head whose links some
    comments only show (`| parent | root | next | flag`) is met in nearly as many shapes as
    comments, two of them several links apart."""
    wanted = constants[lead]
    if len(wanted) < SHORT_FRAME:
        return [lead]
    # the cheap tests first: most shapes of a thread are its text's, of other lengths and words
    near = [
        other for other in every
        if abs(len(other) - len(lead)) <= MAX_CHAIN_SPAN and len(wanted.intersection(constants[other])) >= SHORT_FRAME
    ]
    if sum(len(every[other]) for other in near) < fewest:
        return [lead]
    framed = {other: every[other] for other in near if other == lead or _has_anchor(other) and _shares_a_frame(lead, other)}
    chained, seen, at = [lead], {lead}, 0
    while at < len(chained):
        for shape in [*_variants(chained[at], framed), *(other for other in framed if _one_run_apart(chained[at], other))]:
            if shape not in seen:
                seen.add(shape)
                chained.append(shape)
        at += 1
    return chained


def _one_run_apart(shape: Shape, other: Shape) -> bool:
    """Whether one shape is the other with a run of elements holding a number put in between
    SHORT_FRAME constants on either side, the rest alike: a reference some heads only show (`comment:4 in reply to: ↑ 1
    Changed 3 years ago by bob`, `comment:5 Changed ...`, the first post's met once)."""
    short, long = sorted((shape, other), key=len)
    extra = len(long) - len(short)
    if not extra:
        return False
    loose_short, loose_long = _loose(short), _loose(long)
    cut = next((k for k, (a, b) in enumerate(zip(loose_short, loose_long)) if not _alike(a, b)), len(short))
    after = len(short) - cut
    return (
        any(element in _COUNTS for element in long[cut : cut + extra])
        and SHORT_FRAME <= len(_constants(short[:cut])) and SHORT_FRAME <= len(_constants(short[cut:]))
        and all(map(_alike, loose_long[len(long) - after :], loose_short[cut:]))
    )


def _time_again_after(shape: Shape, other: Shape) -> bool:
    """Whether the other shape is the shape with a word and its time again added after it: an edit
    some comments show after their time (`· 3 yr. ago · edited 3 yr. ago`). The time is the shape
    from its first count on, SHORT_FRAME elements or more; a line of text goes on otherwise."""
    count = next((k for k, element in enumerate(shape) if element in _COUNTS), None)
    if count is None or len(shape) - count < SHORT_FRAME or len(other) <= len(shape) + len(shape) - count:
        return False
    time = _loose(shape[count:])
    return all(map(_alike, _loose(shape), _loose(other[: len(shape)]))) and all(map(_alike, _loose(other[-len(time) :]), time)) and any(
        part[:1].isalpha() for element in other[len(shape) : -len(time)] for part in element
    )


def _alike(element: Element, other: Element) -> bool:
    """Whether two elements are one, a slot matching any word (a name a line met once keeps)."""
    return len(element) == len(other) and all(a == b or SLOT in (a, b) for a, b in zip(element, other))


def _shares_a_frame(shape: Shape, other: Shape) -> bool:
    """Whether a shape met once and another show one frame: SHORT_FRAME constants at least in the
    same places, a symbol or a column among them (`•`, `  `, `-`); a line of text with a number
    in one comment and another in the next differ more (`zicu 5.13`, `jubo posuruga 7.6 tezagi`)."""
    kept = [
        part
        for op, old, new in _aligned(shape, other)
        if op == "equal"
        for a, b in zip(old, new)
        for part, part_other in zip(a, b)
        if part == part_other and part != SLOT
    ]
    return len(kept) >= SHORT_FRAME and any(not part[0].isalnum() for part in kept)


def _frames_comments(members: list[_Line], blocks: Sequence[Sequence[str]], total: int, sparse: bool = False) -> bool:
    """Whether the lines frame comments: at a block's edge, once a block, with text between them,
    all through the thread, about once a comment (or less often, where `sparse`)."""
    at = sorted(line.at for line in members)
    in_blocks = len({line.block for line in members})
    masked_of: dict[str, list[str]] = {}  # neighbours repeat (a frequent name over its times): each is cut up once
    alone = sum(1 for line in members if line.edge and not _in_table(line, blocks[line.block], masked_of))
    if _introduces_quotes(members, blocks):
        return False  # `Tom wrote:` above a `>` quote introduces the quote: an attribution, not chrome
    if min(in_blocks, alone) < NEIGHBOUR_SHARE * len(at) or len(blocks) > MAX_BLOCKS_PER_COMMENT * in_blocks and not sparse:
        return False
    spread = 2 * total / len(at) + 2  # a comment's worth of lines, twice, at either end
    row = all(any(kind in ("symbol", "gap") for kind, _ in line.tokens) for line in members)
    # a line showing symbols or columns may end comments, or follow a first post's head of its own
    # (`Description`, then `Comment 1`): it comes first after the first post, however long an article
    return (row or at[0] <= spread) and at[-1] >= total - 1 - spread and _text_between(at, total, row)


def _quote_follows(line: _Line, blocks: Sequence[Sequence[str]]) -> bool:
    block = blocks[line.block]
    if line.offset + 1 < len(block):
        return block[line.offset + 1].lstrip().startswith(">")
    return line.block + 1 < len(blocks) and blocks[line.block + 1][0].lstrip().startswith(">")


def _in_table(line: _Line, block: Sequence[str], masked_of: dict[str, list[str]]) -> bool:
    """Whether a line next to it in its block looks like it: rows of a table or a list, not chrome
    (`masked_of`: the lines met beside others, masked without gaps)."""
    masked = _masked_text(line)
    for beside in (line.offset - 1, line.offset + 1):
        if not 0 <= beside < len(block):
            continue
        text = block[beside].strip()
        # each word holds a token at least, so a long line is told apart before it is cut up
        fewest = len(text.split())
        if fewest >= len(masked) and not _may_resemble(len(masked), fewest):
            continue
        other = masked_of.get(text)
        if other is None:
            other = masked_of[text] = [_masked(kind, token) for kind, token in _tokens(text) if kind != "gap"]
        if _resembles(masked, other):
            return True
    return False


def _text_between(at: list[int], total: int, row: bool) -> bool:
    """Whether text comes between the lines, and after the last, nearly every time: chrome frames
    comments, while lines of one list (`Body one.`, `Body two.`) follow each other. After a `row`
    showing symbols (`Like · Reply · 8y`, `△ ▽ • Reply`), which may end comments, text before the
    first does as well; a line of words and a number ending each comment may be its own (a version)."""
    gaps = [b - a > 1 for a, b in pairwise(at)] + [total - at[-1] > 1 or (row and at[0] > 0)]
    return sum(gaps) >= NEIGHBOUR_SHARE * len(gaps)


def _narrower(shape: Shape, shapes: dict[Shape, list[_Line]], comments: int, optional: bool) -> list[Shape]:
    """Shapes that are the shape with a slot where it has a lone word: the lines of commenters less
    frequent than the one whose name the shape kept. A word on nearly every comment (`返信` of
    `返信3`) is no commenter's name: the lines that show another word there are text. In a line
    some comments only show, a lone word is the page's (`Voir` of `Voir 4 réponses`) and a name
    sits among other words (`In reply to bob from`): a slot for one of those words."""
    if len(shapes[shape]) >= COMPANION_SHARE * comments:
        return []
    slotted = _slot_among_words if optional else _slot_for_lone_word
    return [
        s for s in shapes
        if s != shape and _has_anchor(s) and len(s) == len(shape) and all(a == b or slotted(a, b) for a, b in zip(shape, s))
    ]


def _slot_for_lone_word(element: Element, other: Element) -> bool:
    """A slot for a lone word: not for a word met in two forms after a count (`Reply`, `Replies`),
    the count's unit, never a name."""
    return other == (SLOT,) and _is_lone_word(element) and not element[0].endswith(INFLECTED)


def _slot_among_words(element: Element, other: Element) -> bool:
    """Whether the other element is the element with a slot for one of its words."""
    changed = [(a, b) for a, b in zip(element, other) if a != b]
    return len(element) == len(other) > 1 and len(changed) == 1 and changed[0][1] == SLOT and changed[0][0] != SLOT


def _is_lone_word(element: Element) -> bool:
    return len(element) == 1 and element[0][:1].isalpha()


def _variants(lead: Shape, shapes: dict[Shape, list[_Line]]) -> list[Shape]:
    """Other shapes of the lead line (`| parent` in some heads only, `1 point`, no display name):
    a change of at most two elements, of slots alone or keeping two constants in common. A lone
    count (a post's votes) has none: words before a number are a line of text (`Test reply 42`)."""
    if lead in _LONE_COUNTS:
        return []
    return [s for s in shapes if s != lead and _has_anchor(s) and _is_variant(lead, s)]


def _rare_variants(
    shape: Shape, every: dict[Shape, list[_Line]], taken: set[int], alike: Callable[[Shape, Shape], bool]
) -> list[Shape]:
    """Shapes of a template line too rare to be learned alone, none of whose lines is taken by a
    template already: variants met twice or more, or once where they are `alike`: showing the
    lead's frame (`Like · Reply · 8y · Edited`, a word added to a row), or, beside the lead, a line's
    words all but one (the first post's `Share Improve this question Follow`, the others' `answer`).
    Either keeps SHORT_FRAME of its constants (`Voir 4 réponses` has no `Will test up to 4 CPUs`).
    A line the template matches already (a name of more words in its slot) is no variant: it is
    read as it is. Only a line of SHORT_FRAME constants or more has them (any word is a variant of
    a lone word), and only one without slots a variant met once: a variant of a line that names
    someone, met once, does not say which of its words are the name."""
    if len(_constants(shape)) < SHORT_FRAME:
        return []
    once = not _has_slot(shape)
    wanted = set(_constants(shape))
    # the cheap tests first: most shapes of a thread are its text's, of other lengths and words
    near = {
        other: members
        for other, members in every.items()
        if abs(len(other) - len(shape)) <= 2 and len(wanted.intersection(_constants(other))) >= 2
    }
    found = [
        other
        for other in _variants(shape, near)
        if taken.isdisjoint(line.at for line in near[other])
        and len(_compared(shape, other)[1]) >= SHORT_FRAME
        and (len(near[other]) >= 2 or once and alike(shape, other))
    ]
    if not found:  # most lines: no pattern to compile
        return []
    pattern = _pattern(shape)[0]
    return [other for other in found if not all(pattern.fullmatch(line.text) for line in near[other])]


def _rows_one_word_apart(shape: Shape, lines: list[_Line], taken: set[int]) -> dict[Shape, list[_Line]]:
    """The lines that are a row of SHORT_FRAME constants or more with one word changed, none taken:
    met too rarely for a shape of their own (their words read as a slot among the thread's lines of
    words alone), they are the first post's (`Share Improve this question Follow` over the others' `answer`)."""
    row = [part for element in shape for part in element if part != SPACES]
    if _has_slot(shape) or len(row) < SHORT_FRAME:
        return {}
    found: defaultdict[Shape, list[_Line]] = defaultdict(list)
    for line in lines:
        # most lines: too short, or neither first nor last word the row's (one word apart keeps one)
        if len(line.masked) < len(row) or (line.masked[0] != row[0] and line.masked[-1] != row[-1]) or line.at in taken:
            continue
        masked = _masked_text(line)
        changed = [(a, b) for a, b in zip(row, masked) if a != b]
        if len(masked) == len(row) and len(changed) == 1 and all(word[:1].isalpha() for word in changed[0]):
            skeleton, runs = _skeleton(line)
            own = _shape(skeleton, runs, {(run, word.lower()) for run, words in enumerate(runs) for word in words})
            if own is not None:
                found[own].append(line)
    return found


def _has_slot(shape: Shape) -> bool:
    return any(SLOT in element for element in shape)


def _slots(shape: Shape) -> int:
    return sum(element.count(SLOT) for element in shape)


def _one_word_changed(shape: Shape, other: Shape) -> bool:
    """Whether the shapes differ in one word of a run of two or more, a slot matching any word."""
    changed = [(a, b) for a, b in zip(shape, other) if a != b]
    if len(shape) != len(other) or len(changed) != 1:
        return False
    old, new = changed[0]
    return len(old) == len(new) > 1 and sum(w != v and SLOT not in (w, v) for w, v in zip(old, new)) == 1


def _is_variant(lead: Shape, shape: Shape) -> bool:
    if least_change(lead, shape) > 2:
        return False  # most shapes of a thread: too much longer or shorter, told without aligning them
    changed, kept = _compared(lead, shape)
    if len(kept) < 2 and _word_for_word(lead, shape):
        return False
    if sum(change_size(old, new) for old, new in changed) > 2:
        return False
    return not any(_constants(old) or _constants(new) for old, new in changed) or len(kept) >= 2


def _word_for_word(lead: Shape, shape: Shape) -> bool:
    """Whether the shape shows another lone word where the lead shows a constant one: with little
    else in common, `Upvote · Share` is another line than `bob · Follow`, where a lone word in the
    name's place would be a name (`bob 2 hours ago | next` and `| prev` share the rest)."""
    return any(
        a != b and _is_lone_word(a) and _is_lone_word(b)
        for op, old, new in _aligned(lead, shape) if op == "equal"
        for a, b in zip(old, new)
    )


def _compared(lead: Shape, shape: Shape) -> tuple[list[tuple[Shape, Shape]], list[str]]:
    """The elements the shape changes from the lead's, and the constants both show."""
    changed: list[tuple[Shape, Shape]] = []
    kept: list[str] = []
    for op, old, new in _aligned(lead, shape):
        if op == "equal" or _one_word_apart(old, new):
            kept += [w for a, b in zip(old, new) for w, v in zip(a, b) if w == v and w not in (SLOT, SPACES)]
            kept += [SPACES] * old.count((SPACES,))  # columns count: pages lay heads out in them
        else:
            changed.append((old, new))
    return changed, kept


def _aligned(shape: Shape, other: Shape) -> Iterator[tuple[str, Shape, Shape]]:
    """The two shapes' elements side by side, a lone word matching a slot (a name)."""
    for op, i1, i2, j1, j2 in SequenceMatcher(None, _loose(shape), _loose(other), autojunk=False).get_opcodes():
        yield op, shape[i1:i2], other[j1:j2]


def _one_word_apart(old: Shape, new: Shape) -> bool:
    """Whether runs of words differ in one word each (`3 hours ago`, `3 days ago`)."""
    return len(old) == len(new) and all(
        len(a) == len(b) > 1 and sum(w != v for w, v in zip(a, b)) == 1 for a, b in zip(old, new)
    )


def _generalised(heads: list[Shape], shapes: dict[Shape, list[_Line]]) -> tuple[dict[Shape, list[_Line]], list[Shape]]:
    """The shapes made one where they differ in a slot's place: a lone word where another has a
    slot (a frequent commenter's own shape), a word of a unit; and, where one of the two was met
    once (a short thread's heads keep all their words), a lone word where the other has other words."""
    general: dict[Shape, list[_Line]] = {s: m for s, m in shapes.items() if s not in heads}
    merged: list[Shape] = []
    for head in heads:
        shape = list(head)
        for other in heads:
            at = 0
            once = min(len(shapes[head]), len(shapes[other])) == 1
            for op, old, new in _aligned(head, other):
                for k, (a, b) in enumerate(zip(old, new)):
                    if op == "equal" and b == (SLOT,) or _one_word_apart((a,), (b,)):
                        shape[at + k] = tuple(w if w == v else SLOT for w, v in zip(a, b))
                    elif once and _is_name_against(a, b):
                        shape[at + k] = (SLOT,)
                at += len(old)
        key = tuple(shape)
        general.setdefault(key, []).extend(shapes[head])
        if key not in merged:
            merged.append(key)
    return general, merged


def _is_name_against(element: Element, other: Element) -> bool:
    """Whether words stand against other words, a lone word on one side at least: a name of one
    word against another or one of two (`Jip`, `Travis Downs`)."""
    lone = any(_is_lone_word(e) or e == (SLOT,) for e in (element, other))
    return lone and element != other and all(part[:1].isalpha() or part == SLOT for part in (*element, *other))


def _slots_of_head(shape: Shape) -> Shape:
    """A head's lone first word (a name) and lone word before a number, not after one (a month), as slots, and the
    first word of a unit after a number (`hours` of `3 hours ago`): a head names someone, at some
    time, and heads not in the sample hold other names and months. A head of one word alone stays
    (`Solution`, a rank under a bare name): as a slot it would take any one-word line for a head."""
    if len(shape) == 1:
        return shape
    result = list(shape)
    # a word joined to the name by a symbol (`u/name`) is its prefix, no name; a label's colon or a comma ends a word that may be one
    prefixed = len(shape) > 2 and len(shape[1]) == 1 and shape[1][0] in _HANDLE_PREFIXES and shape[2][:1] == (SLOT,)
    for index, element in enumerate(shape):
        after_number = index > 0 and shape[index - 1] in (("0",), ("0a",))
        month = index + 1 < len(shape) and shape[index + 1] in (("0",), ("0a",)) and (index == 0 or not after_number)
        if _is_lone_word(element) and (index == 0 and not prefixed or month):
            result[index] = (SLOT,)
        elif after_number and len(element) > 1 and element[0] != SLOT and element[1] != SLOT:
            result[index] = (SLOT, *element[1:])
    return tuple(result)


def _loose(shape: Shape) -> list[Element]:
    """The shape with a lone word taken for a slot: a name that comes back in every line of a small
    group (one commenter's heads) looks constant there."""
    return [(SLOT,) if _is_lone_word(e) else e for e in shape]


def _constants(elements: Sequence[Element]) -> list[str]:
    """The words, numbers and symbols a shape always shows."""
    return [part for element in elements for part in element if part not in (SLOT, SPACES)]


def _runs(recurring: set[int]) -> dict[int, int]:
    """Each recurring line's run: lines of chrome next to each other, with no text between."""
    run_of: dict[int, int] = {}
    for at in sorted(recurring):
        run_of[at] = run_of.get(at - 1, at)
    return run_of


def _companions(
    heads: list[Shape], shapes: dict[Shape, list[_Line]], recurring: set[int], lines: list[_Line],
    blocks: Sequence[Sequence[str]], places: Sequence[_LinePlace],
) -> tuple[list[Shape], set[Shape]]:
    """Shapes that sit in the same stretch of chrome as a head nearly every time (a time line, a row
    of actions before the next head), about once a comment: a sign-off or an attribution that
    sometimes ends up next to a head is not that regular. Heads of a shape met once count too.
    A line some comments only show (`Voir 4 réponses`, `(In reply to bob from comment #2)`) joins
    them when it is always there, in the stretch of chrome, and changes as chrome does; the set of
    those comes second."""
    alike = _resembling(_constants(heads[0]), [line for line in lines if line.edge])
    run_of = _runs(recurring | alike)
    head_runs = {run_of[line.at] for shape in heads for line in shapes[shape]} | {run_of[at] for at in alike}
    chosen: list[Shape] = []
    optional: set[Shape] = set()
    # the stretch of chrome that ends the thread: the last comment's, which no head follows
    last_run = run_of.get(sum(len(block) for block in blocks) - 1, -1)
    # lines of one shape that share blocks are a table's rows (`5007 x86`, `3943 Staging`): chrome shows once a comment
    near = {
        shape: members for shape, members in shapes.items()
        if shape not in heads and _has_anchor(shape) and len({line.block for line in members}) >= NEIGHBOUR_SHARE * len(members)
        and not _introduces_quotes(members, blocks)
    }
    beside_of = {shape: sum(1 for line in members if run_of.get(line.at) in head_runs) for shape, members in near.items()}
    lead_lines = sorted((line for shape in heads for line in shapes[shape]), key=lambda line: line.at)
    regular = [shape for shape, members in near.items() if beside_of[shape] >= NEIGHBOUR_SHARE * (len(members) - 1)]
    # a line with a part some comments only show (`Parent`, `Re:`) is counted with its other shapes; a
    # line of words alone is not (a name, and a signature `-- name` are one optional part apart)
    framed = [shape for shape in regular if _has_mark(shape) or any(SPACES in element for element in shape)]
    counted = {shape: len(shapes[shape]) for shape in regular}
    counted.update((shape, sum(len(shapes[s]) for s in family)) for family in families(framed) for shape in family)
    for shape, members in near.items():
        # a line that varies (a time) comes with most heads (an attribution with some); a row of actions with nearly all
        least = (NEIGHBOUR_SHARE if _varies(members) else COMPANION_SHARE) * len(head_runs)
        beside = beside_of[shape]
        if shape in counted and least > counted[shape] >= least / 2 and _in_chrome_always(members, run_of, head_runs, last_run):
            # a row with a word of its own on some comments (the first post's `question` for `answer`)
            counted[shape] += _variants_beside(shape, members, lines, run_of, head_runs)
        if shape in counted and counted[shape] >= least:  # no head follows the last comment's row
            chosen.append(shape)
            continue
        beside += sum(1 for line in members if run_of.get(line.at) == last_run)
        often = beside >= max(OPTIONAL_LEAST, OPTIONAL_BESIDE * (len(members) - 1))
        twice = beside == len(members) == TWICE
        # the cheaper test first: most lines met twice beside heads are a frequent name, no count
        if (often or twice) and _is_optional_chrome(shape, members, blocks) and (
            often or _names_its_stretch(members, run_of, places) or _names_its_comment(shape, members, lead_lines, heads[0])
        ):
            chosen.append(shape)
            optional.add(shape)
    return chosen, optional


def _in_chrome_always(members: list[_Line], run_of: dict[int, int], head_runs: set[int], last_run: int) -> bool:
    """Whether each line sits in a head's stretch of chrome, or in the last one with chrome after
    it: the last comment's sign-off ends the thread, a row does not."""
    return all(run_of.get(line.at) in head_runs or run_of.get(line.at) == last_run == run_of.get(line.at + 1) for line in members)


def _variants_beside(row: Shape, members: list[_Line], lines: list[_Line], run_of: dict[int, int], head_runs: set[int]) -> int:
    """How many lines one word away from the row's (`_rows_one_word_apart`) sit in a head's stretch of chrome."""
    found = _rows_one_word_apart(row, lines, {line.at for line in members})
    return sum(run_of.get(line.at) in head_runs for variants in found.values() for line in variants)


def _names_its_stretch(members: list[_Line], run_of: dict[int, int], places: Sequence[_LinePlace]) -> bool:
    """Whether each line shows the bare name that stands in its stretch of chrome (`edited by bob on
    ...` over bob's profile): a page's note on a comment names its commenter where the page does,
    a commenter's own line seldom names the one whose chrome follows."""
    for line in members:
        run, end = run_of[line.at], line.at
        while run_of.get(end + 1) == run:
            end += 1
        beside = [places[at][0].strip() for at in range(run, end + 1) if at != line.at]
        names = [text for text in beside if _is_bare_name(text)]
        if not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line.text) for name in names):
            return False
    return True


def _names_its_comment(shape: Shape, members: list[_Line], lead_lines: list[_Line], lead: Shape) -> bool:
    """Whether each line's slot shows words of the last head over it, none of the lead's constants:
    the name of the comment it sits under (`Edited 3 hours ago by Ann Lee` under `Ann Lee @ann · 3
    hours ago`), where the page shows no bare name. A page's note on a comment names its commenter;
    a commenter's own line naming the commenter is a sign-off, and counts nothing."""
    own, constants = set(_constants(shape)), set(_constants(lead))
    heads_at = [line.at for line in lead_lines]
    for line in members:
        over = bisect_left(heads_at, line.at)
        slot = {text.lower() for kind, text in line.tokens if kind == "word" and text.lower() not in own}
        if not over or not slot:
            return False
        head = lead_lines[over - 1]
        if not slot <= {text.lower() for kind, text in head.tokens if kind == "word" and text.lower() not in constants}:
            return False
    return True


def _is_optional_chrome(shape: Shape, members: list[_Line], blocks: Sequence[Sequence[str]]) -> bool:
    """Whether a line beside heads, on some comments only, is the page's: it counts
    something (words alone are a phrase a commenter writes there: `Hi Dug,`), shows a constant word
    (not a line of text such as `Test reply 42`) and changes (a commenter's sign-off never does),
    and it introduces no `>` quote (`bob wrote:` is the commenter's attribution). A row of labelled
    counts (`👍 3  🎉 1`) is both counts and the page's own labels."""
    parts = [part for element in shape for part in element if part not in (SLOT, SPACES)]
    counted = any(part in NUMBERS for part in parts) and any(part[0].isalpha() for part in parts)
    return (
        (counted or LABELLED in parts)
        and _varies(members)
        and not _introduces_quotes(members, blocks)
    )


def _introduces_quotes(members: list[_Line], blocks: Sequence[Sequence[str]]) -> bool:
    """Whether most of the lines sit right above a `>` quote: a commenter's attribution."""
    return 2 * sum(1 for line in members if _quote_follows(line, blocks)) > len(members)


def _resembling(constants: list[str], lines: list[_Line]) -> set[int]:
    """Where the lines that resemble a head's constants are (none when it shows too few): lines
    alike once masked (the same commenter's heads) are compared once."""
    if len(constants) < 4:
        return set()
    by_masked: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for line in lines:
        by_masked[line.masked].append(line.at)
    return {at for masked, where in by_masked.items() if _resembles(constants, masked) for at in where}


def _resembles(one: Sequence[str], other: Sequence[str]) -> bool:
    """Whether difflib's ratio of the two reaches RESEMBLANCE; the bound it can never pass (the
    shorter one matched whole) is tried first, as a SequenceMatcher costs more to build than to ask."""
    if not _may_resemble(len(one), len(other)):
        return False
    return SequenceMatcher(None, one, other, autojunk=False).ratio() >= RESEMBLANCE


def _may_resemble(length: int, other_length: int) -> bool:
    """Whether sequences of these lengths could reach RESEMBLANCE: at most the shorter one matches.
    Computed as difflib computes its ratio, so the bound holds in floating point too."""
    total = length + other_length
    return total == 0 or 2.0 * min(length, other_length) / total >= RESEMBLANCE


def _recurring(shapes: dict[Shape, list[_Line]], places: Sequence[_LinePlace]) -> set[int]:
    """Where lines of anchored recurring shapes are, and the bare names next to them in their block."""
    return _with_names({line.at for shape, members in shapes.items() if _has_anchor(shape) for line in members}, places)


def _with_names(anchored: set[int], places: Sequence[_LinePlace]) -> set[int]:
    """The lines, and the bare names next to them in their block (`lucia_walker` above a time) or
    in a block of their own beside theirs (a blank line between the name and the time), and a bare
    line next to such a name in its block (a name over a rank over `Join Date: Mar 2005`)."""
    names = _bare_beside(anchored, anchored, places, True)
    near = anchored | names
    # a line beside an anchored one only was tested already, as loosely or more: only the names' neighbours are new
    return near | _bare_beside(names, near, places, False)


_LinePlace = tuple[str, int, int]
"""A line of the sample with its offset in its block and the block's length."""


def _line_places(blocks: Sequence[Sequence[str]]) -> list[_LinePlace]:
    return [(line, offset, len(block)) for block in blocks for offset, line in enumerate(block)]


def _bare_beside(around: set[int], marked: set[int], places: Sequence[_LinePlace], apart: bool) -> set[int]:
    """The bare names right beside the marked lines in their block, or (`apart`) in a block of their
    own, looked for next to the lines `around` (marked lines all)."""
    names = set()
    for at in {k for m in around for k in (m - 1, m + 1)} - marked:
        if not 0 <= at < len(places):
            continue
        line, offset, size = places[at]
        alone = apart and size == 1
        beside = ((offset or alone) and at - 1 in marked) or ((offset + 1 < size or alone) and at + 1 in marked)
        if beside and _is_bare_name(line.strip()):
            names.add(at)
    return names


def _is_bare_name(text: str) -> bool:
    """Whether a line alone could be a name; a display name with a handle and its server after it
    (`Ann Lee @annlee@example.social`) may be longer than a name alone, never a sentence."""
    return _is_name(text) or (is_name_line(text) and _SENTENCE_END.search(text) is None)


def _template(shape: Shape, members: list[_Line], heads: bool, names: bool, opened: frozenset[int] = frozenset()) -> Template:
    """The shape as a pattern (its `opened` slots a word the sample always showed), and where its
    author (where it `names` the commenter) and time are: a line of one number alone is a count (a
    post's votes), no time."""
    pattern, parts = _pattern(shape, opened)
    matched = [(line.at, pattern.fullmatch(line.text)) for line in members]
    matches = [m for _, m in matched if m is not None]
    author = _author_group(parts, matches) if names else _Author(None, 0, False, False)
    time = None if shape in _LONE_COUNTS else _time_groups(parts, author.group, matches)
    constants = tuple(_constants(shape))
    byline = author.group is not None and shows_a_date(constants) and not _in_a_date(parts, author.group - 1)
    # a line may be among the members twice (a first post's head met once, as a lead and as rare)
    distinct = {at: m for at, m in matched if m is not None}.values()
    steady = time is not None and _steady_date(parts[time[0] - 1 : time[1]], [m.groups()[time[0] - 1 : time[1]] for m in distinct])
    address = author.group is not None and _before_address(parts, author.group - 1, matches)
    if address and author.group is not None:
        # any host, one word with dots, where an address is written out: another commenter's may
        # be one the sample never showed, and a quote's attribution (`On Tue, 2010-11-16 at 10:49
        # +0000, Ann Lee wrote:`) shows words and numbers there
        pattern, parts = _pattern(shape, opened, author.group + 1)
    handle = author.group is not None and author.group >= 2 and parts[author.group - 2] in _HANDLE_PREFIXES
    return Template(
        pattern, heads, author.group, author.rank, author.ends_with_time, author.in_date, time, constants,
        byline=byline, lines=len(members), steady_time=steady, author_before_address=address, author_is_handle=handle,
    )


def _before_address(parts: list[str], index: int, matches: list[re.Match[str]]) -> bool:
    """Whether the slot stands before a word and a host (`example.org`, a slot or a constant): an
    address written out (`ann at example.org`), whose first word ends the slot; most of the slot's values hold more."""
    if index + 2 >= len(parts) or parts[index + 1] not in ("word", "lone") or not _is_word_part(parts[index + 2]):
        return False
    hosts = [m.group(index + 3) or "" for m in matches]
    shown = [m.group(index + 1) or "" for m in matches]
    return all(map(_HOST.fullmatch, hosts)) and sum(" " in value for value in shown) >= NEIGHBOUR_SHARE * len(shown)


def _steady_date(parts: Sequence[str], values: Sequence[Sequence[str | None]]) -> bool:
    """Whether a time of these parts, with these values on each line, is a date (two numbers or
    more) that never changes; an age may (`a year ago` on every line of an old thread)."""
    return sum(1 for part in parts if part in NUMBERS) >= 2 and len(values) >= 2 and len(set(map(tuple, values))) == 1


def _pattern(shape: Shape, opened: frozenset[int] = frozenset(), host: int | None = None) -> tuple[re.Pattern[str], list[str]]:
    """A pattern over a whole line with one group for each part (the `opened` elements' slots
    starting with a letter, the part at `host`, a slot or a constant, any host alone:
    `example.org`); and each part's kind."""
    pieces: list[str] = []
    parts: list[str] = []
    for index, element in enumerate(shape):
        if pieces and element != (SPACES,) and parts[-1] != SPACES:
            pieces.append(r"\s?")
        kind = element[0]
        if kind == SPACES:
            pieces.append(r"([ ]{2,}|\t+)")
            parts.append(SPACES)
        elif kind in NUMBERS:
            pieces.append(r"([-−]?\d+(?:[,.:]\d+)*" + (r"[^\W\d_]{1,3})" if kind == "0a" else ")"))
            parts.append(kind)
        elif is_count_list(kind):
            pieces.append(count_list_pattern(kind))
            parts.append(kind)
        elif kind == LABELLED:
            pieces.append(labelled_counts_pattern())
            parts.append(kind)
        elif is_link_list(kind):
            pieces.append(link_list_pattern(kind))
            parts.append(kind)
        elif kind == COUNTED_ROW:
            pieces.append(counted_row_pattern())
            parts.append(kind)
        elif kind == OPTIONAL_COUNT and len(element) == 2:  # with the symbol after it, where it shows
            pieces.append(rf"(?:(\d+(?:[,.:]\d+)*[^\W\d_]{{0,3}})\s?{re.escape(element[1])})?")
            parts.append(kind)
        elif kind == OPTIONAL_COUNT:  # with the gap that parts it from what follows, where it shows
            pieces.append(r"(\d+(?:[,.:]\d+)*[^\W\d_]{0,3})?(?:[ ]{2,}|\t+)?")
            parts.append(kind)
        elif len(element) == 1 and not _is_word_part(kind):
            pieces.append(f"({re.escape(kind)})")
            parts.append(kind)
        else:
            slot = _OPENED_SLOT_PATTERN if index in opened else _SLOT_PATTERN
            words = [_word_pattern(part, slot, len(parts) + at == host) for at, part in enumerate(element)]
            pieces.append(" ".join(words))
            # a lone constant word may be a name all the same: one commenter's heads, shaped apart
            parts.extend(SLOT if part == SLOT else "lone" if len(element) == 1 else "word" for part in element)
    return re.compile("".join(pieces), re.IGNORECASE), parts


def _word_pattern(part: str, slot: str, host: bool) -> str:
    if host:
        return f"({_HOST.pattern})"
    return slot if part == SLOT else f"({_constant_pattern(part)})"


def _constant_pattern(part: str) -> str:
    """A constant word as a pattern: a stem marked INFLECTED with any of its endings."""
    if part.endswith(INFLECTED):
        return re.escape(part.removesuffix(INFLECTED)) + rf"\w{{0,{MAX_ENDING}}}"
    return re.escape(part)


def _is_word_part(part: str) -> bool:
    return part == SLOT or part[0].isalpha()


@dataclass(frozen=True, slots=True)
class _Author:
    group: int | None
    rank: int
    ends_with_time: bool
    in_date: bool


def _author_group(parts: list[str], matches: list[re.Match[str]]) -> _Author:
    """The slot that varies most like a name (short, no sentence), nearest the time when two vary as
    much; one right before a number is a month (`Feb 2020`) when another slot could be the name."""
    slots = [i for i, part in enumerate(parts) if part == SLOT]
    named = _name_like(parts, matches, slots)
    if all(_in_a_date(parts, index) for index in named):  # a month is no name where a word before it may be one
        named.update(_name_like(parts, matches, _first_lone_word(parts)))
    if len(named) > 1:
        # a name before an age's number (`alice 3 hours ago`) comes and goes with its commenter: no month
        named = {i: v for i, v in named.items() if not (_before_number(parts, i) and varies_like_a_time(v, may_stay=True))} or named
    for aside in (_in_a_date, in_an_aside):
        # a word of a date (a weekday) changes as often as names do in a short thread, an address in brackets as often as its name
        if len(named) > 1:
            named = {i: v for i, v in named.items() if not aside(parts, i)} or named
    if not named:
        return _Author(None, 0, False, False)
    # of slots as varied, the one nearer the time names the commenter, unless it trails the time (a
    # badge, a link: `on Jul 20, 2011  Contributor`) where one before the time could be the name
    index = max(named, key=lambda i: (len({v.lower() for v in named[i]}), not _trails_the_time(parts, i), i))
    values = named[index]
    ends_with_time = _before_number(parts, index) and _ends_with_time(values)
    return _Author(index + 1, len({v.lower() for v in values}), ends_with_time, _in_a_date(parts, index))


def _name_like(parts: list[str], matches: list[re.Match[str]], slots: list[int]) -> dict[int, list[str]]:
    """The slots whose values read like names, with their values: no time's word, no label, no date's part."""
    named = {}
    for index in slots:
        values = [m.group(index + 1) for m in matches]
        if _is_time_word(parts, index) or _is_label(parts, index, values):
            continue
        if _in_a_date(parts, index) and (varies_like_a_time(values, may_stay=True) or _names_the_day(parts, index, values, matches)):
            continue
        if sum(1 for v in values if _is_name(v)) >= NEIGHBOUR_SHARE * len(values):
            named[index] = values
    return named


def _first_lone_word(parts: list[str]) -> list[int]:
    """Where a line whose slots are a date's at most may name someone: its first word, where it is a
    lone constant with only marks before it (one commenter's heads, shaped apart: `Jip says:`,
    `[deleted] added a comment - 13/Feb/11 15:09`, whose month is its only slot)."""
    first = next((i for i, part in enumerate(parts) if part == SLOT or part[:1].isalnum() or part == SPACES), None)
    return [first] if first is not None and parts[first] == "lone" else []


def _names_the_day(parts: list[str], index: int, values: list[str], matches: list[re.Match[str]]) -> bool:
    """Whether the slot's word goes with the date's first number after it, one word for each day
    and the same on lines of one day, some days showing twice (the weekday of `Sun Jul 10`): two
    commenters post on one day, and one on many."""
    day = next((i for i in range(index + 1, len(parts)) if parts[i] in NUMBERS), None)
    if day is None:
        return False
    pairs = {(m.group(day + 1), value.lower()) for m, value in zip(matches, values)}
    days = {number for number, _ in pairs}
    return len(pairs) == len(days) == len({value for _, value in pairs}) < len(values)


def _is_label(parts: list[str], index: int, values: list[str]) -> bool:
    """Whether the slot is a field's label: one word before a colon, the same on every line (`Date:`
    of a mail's headers, a head's first word taken for a slot); a name changes with the commenter."""
    return index + 1 < len(parts) and parts[index + 1] == ":" and len(values) >= 2 and len({v.lower() for v in values}) == 1


def _trails_the_time(parts: list[str], index: int) -> bool:
    """Whether the slot comes after the line's numbers, all of them."""
    return any(part in NUMBERS for part in parts[:index]) and not any(part in NUMBERS for part in parts[index:])


def _in_a_date(parts: list[str], index: int) -> bool:
    """Whether the run of words the slot is in sits beside a date, a word at most between (a weekday
    of `Wed Oct 15, 2014`): a name a phrase away from it is the head's (`alice commented on Jul 20, 2011`)."""
    first, last = index, index
    while first > max(0, index - DATE_WORDS) and _is_word_part(parts[first - 1]):
        first -= 1
    while last + 1 < min(len(parts), index + DATE_WORDS + 1) and _is_word_part(parts[last + 1]):
        last += 1
    return beside_a_date(parts, first) or beside_a_date(parts, last)


def _before_number(parts: list[str], index: int) -> bool:
    return index + 1 < len(parts) and parts[index + 1] in NUMBERS


def _ends_with_time(values: list[str]) -> bool:
    """Whether a name's last word is a month glued on (`alice Nov 2, 2013`): few words, on names of two words or more."""
    words = [v.split() for v in values]
    if not all(len(w) >= 2 for w in words):
        return False
    months = len({w[-1].lower() for w in words})
    return months < len({" ".join(w[:-1]).lower() for w in words}) and 2 * months <= len(words)


def _is_time_word(parts: list[str], index: int) -> bool:
    """A slot right after a number (`3 hours`, `12 March`), or between a constant word and a number
    (`on Nov 16`), is part of a time or a count."""
    after = parts[index + 1] if index + 1 < len(parts) else ""
    before = parts[index - 1] if index else ""
    return before in NUMBERS or (after in NUMBERS and before in ("word", "lone"))


def _time_groups(parts: list[str], author: int | None, matches: list[re.Match[str]]) -> tuple[int, int] | None:
    """The last field that reads like a time (chrome_times.py: a number alone, such as an id
    `(#30000007)`, is none), from the word just before its first number (`Nov 16, 2010`); a symbol
    other than a date's punctuation separates fields (`·`, `|`)."""
    fields: list[list[int]] = [[]]
    for index, part in enumerate(parts):
        if part == SPACES and not pads_a_day(parts, index) or is_link_list(part) or (len(part) == 1 and not part.isalnum() and part not in DATE_PUNCTUATION):
            fields.append([])
        else:
            fields[-1].append(index)
    rows = [m.groups() for m in matches]  # one group a part: a part's values are a column of the rows
    values = [[row[index] or "" for row in rows] for index in range(len(parts))]
    field = time_fields(fields, parts, values)
    if not field:
        return None
    start = next(i for i in field if parts[i] in NUMBERS)
    word = start - 2 if pads_a_day(parts, start - 1) else start - 1  # a month, past the gap that pads its day
    if word in field and parts[word] in (SLOT, "word", "lone") and word + 1 != author:
        start = word
    return start + 1, field[-1] + 1


def _is_name(text: str) -> bool:
    return 0 < len(text) <= 40 and len(text.split()) <= MAX_SLOT_WORDS and not _SENTENCE_END.search(text)
