"""Chrome lines the learnt template misses: the first post's head in a shape of its own, and lines
some comments only show, at a fixed place beside the template's lines.

The first post often has a head one word away from the rest (`Description` where the others show
`Comment 3`, `asked` where they show `answered`, `OP` for `#1`): the thread's first line, before any
head, that is a head with one stretch of it (not its name) written as other words, heads the first
post. A line some comments only show (`7 Empfehlungen`, `Changed in project:` over a change of
status) recurs with one masked shape right beside the template's lines nearly every time it is met;
it changes from one comment to the next (its count, or a line in its block that is no bare name: a
commenter's sign-off never changes but for the name), and it introduces no `>` quote. Its block
mates, met only in such blocks, are the page's as well. One met twice only is the page's in a
block of short marked lines of its own, alike both times, over no quote. A line the same word for
word (`Show less`) is the page's when it stands beside the template under the comments of several
commenters, its words not in the chrome over them: a sign-off is one commenter's, and names them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from .chrome import (
    _COUNTS,
    _MASKS,
    _SENTENCE_END,
    MAX_LINE,
    OPTIONAL_BESIDE,
    OPTIONAL_LEAST,
    SHORT_FRAME,
    SLOT,
    SPACES,
    TWICE,
    Element,
    Shape,
    Template,
    _alike,
    _constants,
    _has_anchor,
    _has_mark,
    _introduces_quotes,
    _is_name_against,
    _Line,
    _masked_tokens,
    _quote_follows,
    _resembles,
    _shape,
    _skeleton,
    _slots_of_head,
    _template,
    _varies,
    _word_counts,
)
from .chrome_roles import is_name_line
from .chrome_tokens import NUMBERS, Token, inflections, tokens

MAX_STRETCH = 2
"""How many elements of a head the first post's head may show as other words (`Comment 3` as `Description`)."""
MAX_WORDS = 2
"""How many words may stand there (`Original post`), or label a field (`Reported by:`)."""
_LEADS_ON = re.compile(r"[,:]$")
"""How a line ends that leads on to the next: a greeting, an attribution."""
_GAP = re.compile(r"[ ]{2,}|\t+")
"""What parts two fields on one line, as it does two tokens."""


def first_post_head(
    lines: Sequence[_Line], leads: Sequence[tuple[Shape, Template]], chrome_at: set[int]
) -> list[Template]:
    """The template of the first post's head when the thread's first line is one of the lead heads
    (each shape with its template) with one stretch other than its name written as other words; none otherwise."""
    if not lines or lines[0].at != 0 or 0 in chrome_at:
        return []
    first = lines[0]
    own = _own_shape(first, {})
    runs = [element for element in own if _is_word_run(element) and len(element) <= MAX_WORDS]
    for lead, lead_template in leads:
        if not runs or not _resembles(_constants(lead), [m for m in first.masked if m != SPACES]):
            continue
        head = _slots_of_head(lead)  # as its template has it
        for variant in _one_stretch_apart(head, runs, _author_element(head, lead_template.author_group)):
            if not _same_frame(variant, own):  # told without building a pattern: most variants are not the line
                continue
            template = _template(variant, [first], True, True)
            match = template.pattern.fullmatch(first.text)
            # the name stays where the lead has it: a slot that took a mark of the frame with it is not that
            if match and template.author_group and is_name_line(match.group(template.author_group)):
                return [template]
    return []


def labelled_first_head(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], chrome_at: set[int]) -> list[Template]:
    """The templates of the first post's head where it is a block of labelled fields of its own at
    the thread's start, before any head, each field a line or parted from the next by a gap: labels
    and names, labels and times, and nothing else (`Reporter: alice` over `Created: 03/Mar/20
    10:12`, `Reported by: alice	Owned by: bob`, where later comments show `alice added a comment -
    ...`). The first name is the first post's; each template takes the labels as the page writes
    them. A block of a lone word right under it titles the post's text (`Description`): the head's
    too. None otherwise."""
    if not lines or lines[0].at != 0 or 0 in chrome_at:
        return []
    block = [line for line in lines if line.block == lines[0].block]
    if len(block) != len(blocks[lines[0].block]):
        return []
    texts = [_GAP.split(line.text.strip()) for line in block]
    fields = [[tokens(text) for text in own] for own in texts]
    if sum(map(len, fields)) < 2 or not all(_is_labelled(field) for own in fields for field in own):
        return []
    timed = [[_is_timed(field) for field in own] for own in fields]
    named = [(k, f) for k, own in enumerate(texts) for f, text in enumerate(own) if not timed[k][f] and is_name_line(text.split(":", 1)[1])]
    if not named or len(named) + sum(map(sum, timed)) != sum(map(len, fields)):
        return []
    by, at = named[0]
    heads = [
        replace(_template(_named_field_shape(own, at), [line], True, True), field=True)
        if k == by
        else _template(_own_shape(line, {}), [line], True, False)
        for k, (line, own) in enumerate(zip(block, fields))
    ]
    return heads + _title_under(lines, blocks, block[-1])


def split_first_head(
    lines: Sequence[_Line], blocks: Sequence[Sequence[str]], heads: Sequence[tuple[Shape, Template]], chrome_at: set[int]
) -> list[Template]:
    """The templates of the first post's head where the page splits it around the post's text: one
    of the thread's first blocks, before any head, ends with a head (of `heads`, each shape with its
    template) cut right before its time (`@jip` under `Jip`, where the replies show `@bob · Jul 20,
    2011`), and a line of the short blocks between the post's text and the first head shows the
    rest of that head, its time, among more words (`12:43 AM · Jul 20, 2011 · Twitter Web App`).
    The cut head opens the post and names it (with a slot where it shows SHORT_FRAME constants, a
    name over it otherwise), the line under the text ends and dates it. None otherwise: a name
    alone over a first post's text, or a date alone under it, may be the post's own words."""
    if not chrome_at or 0 in chrome_at:
        return []
    for head in _first_block_ends(lines, blocks, min(chrome_at)):
        feet = _first_feet(lines, blocks, head.block, min(chrome_at))
        for shape, template in heads:
            found = _split_head(head, feet, _slots_of_head(shape), template.time_groups)
            if found:
                return found
    return []


def split_pair(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], every: dict[Shape, list[_Line]]) -> list[Template]:
    """The templates of a thread of two comments whose first post's head is split around its text
    (`split_first_head`): a head met once, its names where the cut head shows others a slot (`@bob
    · Jul 20, 2011` and `@jip`), with the cut head and the line under the first post's text; and
    the reply's lines that tell what it answers (`Replying to @jip`) or count (`12  2  1`). None
    where no line met once is such a head."""
    for shape, members in every.items():
        if len(members) != 1 or not (_has_anchor(shape) and _has_mark(shape)):
            continue
        slotted = _slots_of_head(shape)
        for first in _first_block_ends(lines, blocks, members[0].at):
            named = _names_against(slotted, _own_shape(first, {}))
            lead = _template(named, members, True, True)
            found = _split_head(first, _first_feet(lines, blocks, first.block, members[0].at), named, lead.time_groups)
            if found:
                return [lead, *found, *_answering(lines, blocks, members[0], first), *_last_counts(lines, blocks)]
    return []


def _answering(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], head: _Line, first: _Line) -> list[Template]:
    """The template of a block of one line right under the reply's head ending with the first
    post's cut head as it is written (`Replying to @jip` under `@bob · Jul 20, 2011`, where the
    first post shows `@jip`), words before it: the head's, naming no one; none otherwise."""
    below = next((line for line in lines if line.block == head.block + 1), None)
    if below is None or len(blocks[below.block]) != 1:
        return []
    own, cut = _own_shape(below, {}), _own_shape(first, {})
    if len(own) <= len(cut) or own[-len(cut) :] != cut or not _is_word_run(own[0]):
        return []
    return [replace(_template(own, [below], True, False), time_groups=None)]


def _last_counts(lines: Sequence[_Line], blocks: Sequence[Sequence[str]]) -> list[Template]:
    """The template of the thread's last block when it is a line of counts alone, two at least,
    gaps between (`12  2  1`): a row that ends the last comment, no text; none otherwise."""
    last = lines[-1] if lines else None
    if last is None or last.block != len(blocks) - 1 or len(blocks[last.block]) != 1:
        return []
    kinds = [kind for kind, _ in last.tokens]
    if kinds.count("digits") < 2 or not set(kinds) <= {"digits", "gap"}:
        return []
    return [replace(_template(_own_shape(last, {}), [last], False, False), time_groups=None)]


def _first_block_ends(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], end: int) -> list[_Line]:
    """The last lines of the thread's first SHORT_FRAME blocks, before the line at `end`: where a head over the first post's text is."""
    return [line for line in lines if line.at < end and line.block < SHORT_FRAME and line.offset == len(blocks[line.block]) - 1]


def _names_against(shape: Shape, own: Shape) -> Shape:
    """The shape with a slot for each of its words where a line of its own shape `own` (the head cut
    short) shows other words against a lone one, element for element: names (`@bob · Jul 20, 2011`
    against `@jip`)."""
    named = list(shape)
    for at, (element, other) in enumerate(zip(shape, own)):
        if _is_word_run(element) and _is_word_run(other) and _is_name_against(element, other):
            named[at] = (SLOT,)
    return tuple(named)


def _split_head(head: _Line, feet: Sequence[_Line], shape: Shape, times: tuple[int, int] | None) -> list[Template]:
    """The templates of a line that is the head's shape cut right before its time (the pattern's
    `times` groups), a name in what is left, and of the first of the `feet` that shows the rest,
    its time there; none where the line is no such cut or no foot shows the rest."""
    start = _author_element(shape, times[0]) if times else None
    if not start:
        return []
    cut = _without_separators(shape[:start])
    rest = shape[start:]
    own = _own_shape(head, {})
    if not any(SLOT in element for element in cut) or not _same_frame(cut, own):
        return []
    for line in feet:
        foot = _own_shape(line, {})
        at = _shown_at(foot, rest)
        if at is not None:
            # a cut head of a constant or two, as a slot, would take a line of text (`@bob thanks`): it is the first commenter's alone
            named = replace(_template(cut if len(_constants(cut)) >= SHORT_FRAME else own, [head], True, True), field=True)
            dated = _template(foot, [line], False, False)
            shown = (_group_of(foot, at), _group_of(foot, at + len(rest)) - 1)
            # the line's own time where it holds the rest's, a clock before it (`12:43 AM · Jul 20, 2011`); the rest's otherwise
            own_time = dated.time_groups
            held = own_time is not None and own_time[0] <= shown[0] and shown[1] <= own_time[1]
            return [named, replace(dated, time_groups=own_time if held else shown)]
    return []


def _first_feet(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], head_block: int, end: int) -> list[_Line]:
    """The lines of the blocks right before the line at `end` (the first head) that hold short
    marked lines only: at most SHORT_FRAME blocks, with text between them and the head's block."""
    first = next((line.block for line in lines if line.at >= end), len(blocks))
    by_block: defaultdict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        if head_block < line.block < first:
            by_block[line.block].append(line)
    feet: list[_Line] = []
    for number in range(first - 1, max(head_block + 1, first - 1 - SHORT_FRAME), -1):
        held = by_block[number]
        if len(held) != len(blocks[number]) or not all(map(_marked, held)):
            break
        feet = held + feet
    return feet


def _without_separators(shape: Shape) -> Shape:
    """The shape without the symbols and gaps it ends with: what joined it to the part after (`·`)."""
    end = len(shape)
    while end and not _is_word_run(shape[end - 1]) and shape[end - 1] not in _COUNTS:
        end -= 1
    return shape[:end]


def _shown_at(own: Shape, stretch: Shape) -> int | None:
    """Where a line of its own shape `own` shows the stretch: its constants as they are, its slots as words."""
    return next(
        (at for at in range(len(own) - len(stretch) + 1) if all(map(_fits, stretch, own[at : at + len(stretch)]))),
        None,
    )


def _group_of(shape: Shape, element: int) -> int:
    """The pattern's group of the shape's element: a run of words has a group a word, others one."""
    return 1 + sum(len(run) if _is_word_run(run) else 1 for run in shape[:element])


def _fits(element: Element, own: Element) -> bool:
    return _is_word_run(own) if element == (SLOT,) else _alike(element, own)


def lone_heads(lines: Sequence[_Line], blocks: Sequence[Sequence[str]]) -> list[Template]:
    """The templates of a thread too short to learn a head from, each head met once: the first
    post's labelled head at its start (`Reported by: alice	Owned by: bob`), and each line in a
    block of its own further on that shows its comment's ordinal as a number of its own (1 on the
    first, 2 on the next) and a name after a word the first head's labels end with where they name
    someone (`comment:1 Changed 3 years ago by bob`). None where the thread opens otherwise."""
    first = labelled_first_head(lines, blocks, set())
    if not first:
        return []
    words = _name_label_words([line.text for line in lines if line.block == lines[0].block])
    heads: list[Template] = []
    for line in lines:
        if line.block == lines[0].block or len(blocks[line.block]) != 1 or ("digits", str(len(heads) + 1)) not in line.tokens:
            continue
        if _SENTENCE_END.search(line.text):
            continue  # a sentence of the text telling of a change (`Fixed in 1 by bob.`)
        shape = _named_after(line, words)
        if shape is not None:
            heads.append(_template(shape, [line], True, True))
    return first + heads if heads else []


def _name_label_words(texts: Sequence[str]) -> set[str]:
    """The last words of the labels of fields whose value is a name (`by` of `Reported by: alice`)."""
    fields = [field.split(":", 1) for text in texts for field in _GAP.split(text.strip()) if ":" in field]
    return {label.split()[-1].lower() for label, value in fields if label.split() and is_name_line(value)}


def _named_after(line: _Line, words: set[str]) -> Shape | None:
    """The line's own shape with the word after one of the words as its slot, when that word reads as a name."""
    found = line.tokens
    for k, ((kind, text), after) in enumerate(pairwise(found)):
        if kind == "word" and text.lower() in words and after[0] == "word" and is_name_line(after[1]):
            return _tokens_shape(found, [SLOT if j == k + 1 else m for j, m in enumerate(line.masked)], {})
    return None


def _is_labelled(field: Sequence[Token]) -> bool:
    """Whether a field is a label of a few words, a colon, then its value (`Created: 03/Mar/20 10:12`, `Reported by: alice`)."""
    colon = next((k for k, token in enumerate(field) if token == ("symbol", ":")), 0)
    return 0 < colon <= MAX_WORDS and colon + 1 < len(field) and all(kind == "word" for kind, _ in field[:colon])


def _is_timed(field: Sequence[Token]) -> bool:
    return any(kind in ("digits", "unit") for kind, _ in field)


def _named_field_shape(fields: Sequence[Sequence[Token]], named: int) -> Shape:
    """The shape of a line of fields, the value of the `named` one a slot, the others' words kept."""
    shape: list[Element] = []
    for k, field in enumerate(fields):
        if k:
            shape.append((SPACES,))
        colon = field.index(("symbol", ":"))
        label, value = field[: colon + 1], field[colon + 1 :]
        shape += _tokens_shape(label, _masked_tokens(label), {})
        shape += [(SLOT,)] if k == named else _tokens_shape(value, _masked_tokens(value), {})
    return tuple(shape)


def _title_under(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], head: _Line) -> list[Template]:
    """The template of a block of a lone word right under the head (`Description`), none otherwise."""
    title = next((line for line in lines if line.block == head.block + 1), None)
    if title is None or len(blocks[title.block]) != 1 or [kind for kind, _ in title.tokens] != ["word"]:
        return []
    return [_template(_own_shape(title, {}), [title], True, False)]


def _one_stretch_apart(shape: Shape, runs: list[Element], author: int | None) -> list[Shape]:
    """The shape with one stretch of at most MAX_STRETCH elements, not its author's, as one of the runs of words."""
    variants = []
    for length in range(1, MAX_STRETCH + 1):  # the fewest elements changed first
        for start in range(len(shape)):
            stretch = range(start, start + length)
            if start + length > len(shape) or author in stretch or all(shape[k] == (SPACES,) for k in stretch):
                continue
            for run in runs:
                variant = (*shape[:start], run, *shape[start + length :])
                if run not in shape[start : start + length] and len(_constants(variant)) >= SHORT_FRAME:
                    variants.append(variant)
    return variants


def _same_frame(shape: Shape, own: Shape) -> bool:
    """Whether a line of its own shape `own` may fit the shape: the same elements, numbers and
    symbols the same, runs of words where the shape has them."""
    return len(shape) == len(own) and all(
        _is_word_run(a) == _is_word_run(b) and (_is_word_run(a) or a == b) for a, b in zip(shape, own)
    )


def _author_element(shape: Shape, group: int | None) -> int | None:
    """Which element of the shape holds the pattern's group: a run of words has a group a word, others one."""
    if group is None:
        return None
    seen = 0
    for index, element in enumerate(shape):
        seen += len(element) if _is_word_run(element) else 1
        if seen >= group:
            return index
    return None


def occasional_templates(
    lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool], chrome_at: set[int]
) -> list[Template]:
    """Templates of the lines some comments only show beside the template's lines (`roles`: whether
    each of those opens a comment; `chrome_at`: those and the names beside them), and of their block mates."""
    beside = [
        line
        for line in lines
        if line.at not in roles and _beside(line, blocks[line.block], chrome_at) and _marked(line)
    ]
    forms = inflections({line.tokens[k + 1][1].lower() for line in beside for k in _after_numbers(line)})
    keys = {_key(line, forms) for line in beside}
    by_key: defaultdict[tuple[str, ...], list[_Line]] = defaultdict(list)
    for line in lines:
        key = _key(line, forms)
        if key in keys and line.at not in roles:
            by_key[key].append(line)
    beside_at = {line.at for line in beside}
    line_at = {line.at: line for line in lines}
    shapes: dict[tuple[str, ...], Shape] = {}
    found: dict[int, bool] = {}
    for key, members in by_key.items():
        near = sum(line.at in beside_at for line in members)
        if near < max(OPTIONAL_LEAST, OPTIONAL_BESIDE * (len(members) - 1)) and not (
            near == len(members) == TWICE and _in_alike_blocks(members, line_at, blocks)
        ):
            continue
        shapes[key] = _own_shape(members[0], forms)
        if _is_page_line(shapes[key], members, blocks, chrome_at):
            found.update((line.at, _role(line.at, roles)) for line in members)
    mates = _block_mates(lines, blocks, found)
    return [
        _occasional(shapes.get(key) or _own_shape(members[0], forms), members, chosen)
        for chosen in (found, mates)
        for key, members in by_key.items()
        if all(line.at in chosen for line in members)
    ]


def fields_under_heads(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool]) -> list[Template]:
    """Templates of the lines of one phrase, its words in nearly every line of the short blocks
    right under heads (OPTIONAL_LEAST at least), met that often and changing, and of their block
    mates: the fields a tracker shows a comment changed (`Status changed from new to closed`, `from
    assigned to closed`, over `% Done changed from 0 to 50`). A comment's own first lines share a
    phrase only now and then (`Thanks for the fix`)."""
    under = [line for line in lines if line.at not in roles and _in_fields_under_a_head(line, blocks, roles)]
    fields = _phrases(under)
    taken = {line.at: line.block for members in fields.values() for line in members}
    # a field's block mates are fields too, met once (a change of numbers), as occasional lines' are
    mates = {_own_shape(line, {}): [line] for line in under if line.at not in taken and line.block in taken.values()}
    return [_occasional(shape, members, dict.fromkeys((line.at for line in members), True)) for shape, members in {**mates, **fields}.items()]


def _phrases(lines: Sequence[_Line]) -> dict[Shape, list[_Line]]:
    """The lines by shape, grouped by coarse shape and first word (a field's label: `Status`), the
    words in nearly all of a group's lines kept: the shapes met OPTIONAL_LEAST times at least,
    changing, a run of SHORT_FRAME words kept (`_phrase`). A comment's short first lines under
    the heads without fields, in the coarse shape of a phrase, start with other words."""
    coarse: defaultdict[tuple[tuple[str, ...], str], list[tuple[_Line, list[list[str]]]]] = defaultdict(list)
    for line in lines:
        skeleton, runs = _skeleton(line)
        coarse[skeleton, line.masked[0]].append((line, runs))
    shapes: defaultdict[Shape, list[_Line]] = defaultdict(list)
    for (skeleton, _), members in coarse.items():
        least = max(OPTIONAL_LEAST, OPTIONAL_BESIDE * len(members))
        constants = {key for key, n in _word_counts(members).items() if n >= least}
        for line, runs in members:
            shape = _shape(skeleton, runs, constants)
            if shape is not None and _phrase(shape):
                shapes[shape].append(line)
    return {shape: members for shape, members in shapes.items() if len(members) >= OPTIONAL_LEAST and _varies(members)}


def _in_fields_under_a_head(line: _Line, blocks: Sequence[Sequence[str]], roles: dict[int, bool]) -> bool:
    first = line.at - line.offset
    return roles.get(first - 1) is True and all(len(text) <= MAX_LINE for text in blocks[line.block])


def _phrase(shape: Shape) -> bool:
    """Whether a run of words in the shape keeps SHORT_FRAME of them: a field's change is told in
    words (`changed from`), where a link's words stand apart among symbols (`https://`, `watch?v=`)."""
    return any(sum(part[:1].isalpha() for part in element) >= SHORT_FRAME for element in shape)


def shared_lines(
    lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool], chrome_at: set[int], shown: set[int],
    writer: Callable[[int], str],
) -> list[Template]:
    """Templates of blocks of a few lines the same word for word each time, beside the template's
    lines (`roles`, `chrome_at` as for `occasional_templates`; `shown`: the template's lines and the
    names the page shows beside them, surely no comment's text), under the comments of several
    commenters (`writer`: who the head at a place names): `❤ by @creator`; or, twice at least,
    right under heads: `Resolution set to fixed` over `Status changed from assigned to closed`, or
    right after the text of the longest comments, one commenter's or two's (`_folds_long_texts`):
    `Show less` under a long text unfolded. A commenter's sign-off, however often it recurs, is
    that commenter's alone."""
    heads = sorted(at for at, opens in roles.items() if opens)
    texts = [text for block in blocks for text in block]
    block_of = [span for span in _block_spans(blocks) for _ in span]
    comment_texts: dict[int, list[int]] | None = None  # told only for a line that may fold texts: most threads hold none
    found = []
    for members in _alike_blocks(lines, blocks, roles).values():
        under_heads = _under_heads(members, roles)
        near = sum(block[0].at - 1 in chrome_at or block[-1].at + 1 in chrome_at for block in members)
        may_fold = not under_heads and near == len(members) >= TWICE
        if may_fold and comment_texts is None:
            comment_texts = _comment_texts(blocks, heads, shown)
        folds = may_fold and _folds_long_texts(members, heads, comment_texts or {})
        least = TWICE if under_heads or folds else OPTIONAL_LEAST
        if near < max(least, OPTIONAL_BESIDE * len(members)) or _introduces_quotes([block[-1] for block in members], blocks):
            continue
        if any(roles.get(block[0].at - 1) is True and block[-1].at + 1 in shown for block in members):
            continue  # a comment's whole text, between its head and the next chrome (`test`, a page's first comments)
        under = [(block, heads[k - 1]) for block in members if (k := bisect_left(heads, block[0].at))]  # each with its comment's head
        if 2 * sum(all(_named_over(line, head, texts, block_of, chrome_at) for line in block) for block, head in under) >= len(members):
            continue  # a sign-off: its words stand in the chrome over its comment (`David` under `From: David Howells`)
        if under_heads or folds or len({writer(head) for _, head in under} - {""}) >= OPTIONAL_LEAST:
            for offset, first in enumerate(members[0]):
                same = [block[offset] for block in members]
                found.append(_occasional(_own_shape(first, {}), same, {line.at: _role(line.at, roles) for line in same}))
    return found


def _comment_texts(blocks: Sequence[Sequence[str]], heads: Sequence[int], shown: set[int]) -> dict[int, list[int]]:
    """Each comment's text, by the place of its head: the blocks after the head up to the next one
    that opens with a template's line (its foot row, or the next head). A block of it opens with
    no chrome; a line under the foot row (`12 replies`) is no part of it."""
    texts: dict[int, list[int]] = {}
    closed: set[int] = set()
    for number, span in enumerate(_block_spans(blocks)):
        first = next((at for at in span if at not in shown), None)
        k = bisect_left(heads, span.start if first is None else first)
        if not k or heads[k - 1] in closed:
            continue
        if span.start in shown and heads[k - 1] in texts:
            closed.add(heads[k - 1])
        elif first is not None:
            texts.setdefault(heads[k - 1], []).append(number)
    return texts


def _folds_long_texts(members: list[list[_Line]], heads: Sequence[int], comment_texts: dict[int, list[int]]) -> bool:
    """Whether the blocks are the line a page shows under a long text it unfolds (`Show less`): each
    the last block of its comment's text, after a block of it at least, and the comments holding them
    longer, in blocks of text, than each of OPTIONAL_LEAST comments at least without them. A sign-off
    ends a commenter's comments long or short."""
    held: dict[int, int] = {}
    for block in members:
        k = bisect_left(heads, block[0].at)
        own = comment_texts.get(heads[k - 1], []) if k else []
        if len(own) < 2 or own[-1] != block[0].block:
            return False
        held[heads[k - 1]] = len(own) - 1
    others = [len(own) for comment, own in comment_texts.items() if comment not in held]
    return len(others) >= OPTIONAL_LEAST and min(held.values()) > max(others)


def _under_heads(members: list[list[_Line]], roles: dict[int, bool]) -> bool:
    """Whether each of the blocks stands right under a head, no line of them leading on to the text
    (`Hi all,`): the fields a page shows over some comments' text (`Cc: added`), one commenter's
    comments or several's. A sign-off ends a comment, over the next head; a greeting leads on."""
    return all(roles.get(block[0].at - 1) is True for block in members) and not any(
        _LEADS_ON.search(line.text) for block in members for line in block
    )


def _alike_blocks(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool]) -> dict[tuple[str, ...], list[list[_Line]]]:
    """The blocks of at most SHORT_FRAME lines, all of them among the lines and none the template's,
    by their lines' text: the blocks the same word for word."""
    by_block: defaultdict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        if line.at not in roles:
            by_block[line.block].append(line)
    alike: defaultdict[tuple[str, ...], list[list[_Line]]] = defaultdict(list)
    for block, own in by_block.items():
        if len(own) == len(blocks[block]) <= SHORT_FRAME:
            alike[tuple(line.text.lower() for line in own)].append(own)
    return alike


def may_share_lines(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool]) -> bool:
    """Whether some block of the lines, none of them the template's (`roles`), recurs word for word
    TWICE (right under heads; OPTIONAL_LEAST times elsewhere): `shared_lines` finds none otherwise,
    among these lines or fewer, with more roles known. Most threads hold none, and the chrome need
    not read their lines to tell."""
    return any(len(members) >= TWICE for members in _alike_blocks(lines, blocks, roles).values())


def _block_spans(blocks: Sequence[Sequence[str]]) -> list[range]:
    spans, at = [], 0
    for block in blocks:
        spans.append(range(at, at + len(block)))
        at += len(block)
    return spans


def _named_over(line: _Line, head: int, texts: Sequence[str], block_of: Sequence[range], chrome_at: set[int]) -> bool:
    """Whether the line's words all stand in the chrome over its comment: the head's block and the
    stretch of chrome the head is in, the line's own occurrences aside (`texts`: each line;
    `block_of`: each line's block's places)."""
    start, end = block_of[head].start, block_of[head].stop - 1
    while start - 1 in chrome_at:
        start -= 1
    while end + 1 in chrome_at:
        end += 1
    stretch = " ".join(text for text in texts[start : end + 1] if text.strip() != line.text).lower()  # the line's own in the stretch aside
    words = [text.lower() for kind, text in line.tokens if kind == "word"]
    return bool(words) and all(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", stretch) for word in words)


def _in_alike_blocks(members: list[_Line], line_at: dict[int, _Line], blocks: Sequence[Sequence[str]]) -> bool:
    """Whether each line sits in a block of its own of two lines at least, each a line chrome may be
    (short, no sentence, no quote) showing a word and a number or a symbol, the blocks alike line by
    line once words and numbers are masked, and none introduces a `>` quote: a greeting or an
    attribution opens a comment's text, a signature (`--` over a name) closes it, and wrapped lines
    of text are unlike each other's."""
    skeletons = set()
    for line in members:
        block = blocks[line.block]
        places = range(line.at - line.offset, line.at - line.offset + len(block))
        if len(block) < 2 or not all(k in line_at and _marked(line_at[k]) for k in places):
            return False
        if _quote_follows(line_at[places[-1]], blocks):
            return False
        skeletons.add(tuple(_skeleton(line_at[k])[0] for k in places))
    return len(skeletons) == 1


def _key(line: _Line, forms: dict[str, str]) -> tuple[str, ...]:
    """The line's tokens as shapes show them, the forms of a word after a count as one stem."""
    if not forms:  # most threads: no word after a count has two forms
        return line.masked
    return tuple(
        forms.get(masked, masked) if k and line.masked[k - 1] in NUMBERS else masked
        for k, masked in enumerate(line.masked)
    )


def _beside(line: _Line, block: Sequence[str], chrome_at: set[int]) -> bool:
    """Whether the line is next to the template's lines, or its block of short lines is (`Changed in
    project:` over the change it made, over a head)."""
    if line.at - 1 in chrome_at or line.at + 1 in chrome_at:
        return True
    first = line.at - line.offset
    edges = first - 1 in chrome_at or first + len(block) in chrome_at
    return edges and all(len(text) <= MAX_LINE for text in block)


def _marked(line: _Line) -> bool:
    """Whether the line shows a word and a number or a symbol, as the page's occasional lines do."""
    kinds = {kind for kind, _ in line.tokens}
    return "word" in kinds and not kinds.isdisjoint(("digits", "unit", "symbol"))


def _after_numbers(line: _Line) -> list[int]:
    return [
        k
        for k, (kind, _) in enumerate(line.tokens[:-1])
        if kind in ("digits", "unit") and line.tokens[k + 1][0] == "word"
    ]


def _is_page_line(key: Shape, members: list[_Line], blocks: Sequence[Sequence[str]], chrome_at: set[int]) -> bool:
    """Whether lines of one masked shape beside chrome are the page's: a constant word, a change
    from one comment to the next, its own or a line's in its block that is neither a name nor the
    template's (a head's time changes beside a frequent name), and no `>` quote under them."""
    words = any(part[0].isalpha() for element in key for part in element)
    if not (_has_anchor(key) and _has_mark(key) and words) or _introduces_quotes(members, blocks):
        return False
    if len({line.text for line in members}) >= 2:
        return True
    mates: defaultdict[int, set[str]] = defaultdict(set)  # each other line of the blocks, by its place
    for line in members:
        block = blocks[line.block]
        for offset, text in enumerate(block):
            if offset != line.offset and line.at + offset - line.offset not in chrome_at:
                mates[offset - line.offset].add(text.strip())
    return any(len(texts) >= 2 and not all(is_name_line(text) for text in texts) for texts in mates.values())


def _role(at: int, roles: dict[int, bool]) -> bool:
    """A line's role from the template line beside it: over a head or under one it opens a comment, beside a row that ends one it ends it."""
    if roles.get(at + 1) is True:
        return True
    return roles.get(at - 1, roles.get(at + 1, True))


def _block_mates(lines: Sequence[_Line], blocks: Sequence[Sequence[str]], found: dict[int, bool]) -> dict[int, bool]:
    """The other lines of blocks of short lines that hold a line found, with its role: a block of the
    page's stays one even where the head beside it was not read (a name the template missed)."""
    held_in = {line.block for line in lines if line.at in found}
    by_block: defaultdict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        if line.block in held_in:
            by_block[line.block].append(line)
    mates: dict[int, bool] = {}
    for block, candidates in by_block.items():
        held = [found[line.at] for line in candidates if line.at in found]
        if held and len(candidates) == len(blocks[block]):
            mates.update((line.at, held[0]) for line in candidates if line.at not in found)
    return mates


def _occasional(key: Shape, members: list[_Line], found: dict[int, bool]) -> Template:
    """The key's template: its role the most of its lines have; it names no one and tells no time."""
    heads = 2 * sum(found[line.at] for line in members) >= len(members)
    return replace(_template(key, members, heads, False), time_groups=None)


def _own_shape(line: _Line, forms: dict[str, str]) -> Shape:
    """The line's shape with every word kept (the forms of a word after a count as one stem), numbers masked."""
    return _tokens_shape(line.tokens, line.masked, forms)


def _tokens_shape(found: Sequence[Token], masked: Sequence[str], forms: dict[str, str]) -> Shape:
    """The shape of a line's tokens (each as shapes show it), as `_own_shape`."""
    shape: list[Element] = []
    run: list[str] = []
    for (kind, text), mask in zip(found, masked):
        if kind == "word":
            after_number = bool(shape) and not run and shape[-1] in _COUNTS
            run.append(forms.get(mask, mask) if after_number else mask)
            continue
        if run:
            shape.append(tuple(run))
            run = []
        shape.append((_MASKS.get(kind, text),))
    if run:
        shape.append(tuple(run))
    return tuple(shape)


def _is_word_run(element: Element) -> bool:
    return element[0] == SLOT or element[0][:1].isalpha()


def notes_on_heads(
    lines: Sequence[_Line], blocks: Sequence[Sequence[str]], roles: dict[int, bool], chrome_at: set[int],
    read: Callable[[str], tuple[Template, str] | None],
) -> list[Template]:
    """Templates of the lines no template reads, each beside the template's lines (`roles` as for
    `occasional_templates`; `chrome_at`: those, the names beside them and their stretches; `read`:
    the template that reads a line, and the time it reads), that show the time and the name of a
    head beside them: the head over their comment (`Edited 3 hours ago by Ann Lee` under `Ann Lee
    @ann · 3 hours ago`), or the head under them with only chrome between (`Ann Lee @ann mentioned
    in merge request !9 3 hours ago`, `bob added the bug label on Jun 5, 2013` over `bob commented
    on Jun 5, 2013`). Met once, such a note has no shape learnt, but a page tells who did it and
    when in its head's own words; a commenter's own line seldom shows both, and one over a `>`
    quote is an attribution."""
    heads = sorted(at for at, opens in roles.items() if opens)
    line_at = {line.at: line for line in lines}
    found = []
    beside = sorted({at + step for at in chrome_at for step in (-1, 1)} - roles.keys())
    for line in (line_at[at] for at in beside if at in line_at):
        # the cheaper tests first: most lines beside chrome are a comment's own, and show no number
        if not any(kind in ("digits", "unit") for kind, _ in line.tokens) or read(line.text) is not None:
            continue
        k = bisect_left(heads, line.at)
        under = heads[k] if k < len(heads) and chrome_at.issuperset(range(line.at + 1, heads[k])) else None
        for head, opens in ((under, True), (heads[k - 1] if k else None, False)):
            head_read = read(line_at[head].text) if head is not None and head in line_at else None
            if head is not None and head_read is not None and _shows_head(line, line_at[head], *head_read) and not _quote_follows(line, blocks):
                found.append(_occasional(_own_shape(line, {}), [line], {line.at: opens}))
                break
    return found


def _shows_head(line: _Line, head: _Line, template: Template, time: str) -> bool:
    """Whether the line shows the numbers of the head's time, in a run of its own numbers in that
    order, and a word of the head's name: one of its words no constant of its template and no
    date's word beside a number (`Oct` of `Oct 19, 2014`). A count the head shows (a score) is no time."""
    numbers = [text for kind, text in tokens(time) if kind in ("digits", "unit")]
    own = [text for kind, text in line.tokens if kind in ("digits", "unit")]
    if not numbers or not any(own[k : k + len(numbers)] == numbers for k in range(len(own) - len(numbers) + 1)):
        return False
    kinds = [kind for kind, _ in head.tokens]
    dated = {k for k, kind in enumerate(kinds) if kind in ("digits", "unit")}
    name = {
        masked for k, masked in enumerate(head.masked)
        if kinds[k] == "word" and masked not in template.constants and not dated & {k - 1, k + 1}
    }
    return not name.isdisjoint(line.masked)
