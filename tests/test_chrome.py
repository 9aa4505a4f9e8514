"""Page chrome learned from the thread itself: generated shapes (made-up words, symbols, orders)
that are in neither the corpus nor the code, and the cases that must not be taken for chrome."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest
from chrome_kit import Generated, sentence
from chrome_kit import read as _read
from chrome_kit import word as _word
from hypothesis import example, given, settings
from hypothesis import strategies as st

from threadnote.readers.blocks import normalise_text, split_blocks
from threadnote.readers.chrome import RESEMBLANCE, _compared, _resembles, _tokens, learn_chrome
from threadnote.readers.chrome_subjects import change_size, least_change
from threadnote.readers.scrape import CHROME_SAMPLE, parse_scrape

SYMBOLS = "▲▼•›·|—»◆★✓♥⋅¦"


class _Page:
    """One made-up site: its own words, symbols and order of chrome lines."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sep = rng.choice(SYMBOLS)
        self.actions = [_word(rng).capitalize() for _ in range(rng.randint(1, 4))]
        self.units = [_word(rng, 2) for _ in range(rng.randint(1, 3))]
        self.ago = _word(rng, 2)
        self.says = _word(rng, 2)
        self.months = [_word(rng, 2).capitalize() for _ in range(3)]
        self.up, self.down = rng.sample(SYMBOLS, 2)
        self.head = rng.choice(["one-line", "two-lines", "says", "at-handle", "name-columns"])
        self.time = rng.choice(["relative", "short", "dotted", "iso", "month"])
        self.foot = rng.choice(["none", "actions", "votes-actions", "count-action", "actions-time"])
        self.votes_in_head = rng.random() < 0.4
        self.glued = rng.random() < 0.4  # no blank line between chrome and body
        self.day = 0

    def when(self) -> str:
        rng = self.rng
        self.day += rng.randint(0, 2)
        n = rng.randint(1, 59)
        if self.time == "relative":
            return f"{n} {rng.choice(self.units)} {self.ago}"
        if self.time == "short":
            return f"{n}{rng.choice('qxz')}"
        if self.time == "dotted":
            return f"{1 + self.day % 28:02d}.{rng.randint(1, 12):02d}.20{rng.randint(10, 29)}"
        if self.time == "iso":
            return f"20{rng.randint(10, 29)}-{rng.randint(1, 12):02d}-{1 + self.day % 28:02d} {rng.randint(0, 23):02d}:{n:02d}"
        return f"{rng.choice(self.months)} {1 + self.day % 28}, 20{rng.randint(10, 29)}"

    def head_lines(self, author: str) -> list[str]:
        time = self.when()
        votes = f" {self.sep} {self.rng.randint(1, 900)} {self.units[0]}" if self.votes_in_head else ""
        if self.head == "one-line":
            return [f"{author} {self.sep} {time}{votes}"]
        if self.head == "two-lines":
            return [author, time]
        if self.head == "says":
            return [f"{author} {self.says}:", time]
        if self.head == "at-handle":
            # a month name right after the name, with nothing between, reads as part of it when names are few
            return [f"@{author} {self.sep + ' ' if self.time == 'month' else ''}{time}{votes}"]
        return [f"{author.lower()}  {author}  {time}"]

    def foot_lines(self) -> list[str]:
        rng = self.rng
        row = f" {self.sep} ".join(self.actions)
        if self.foot == "actions":
            return [row]
        if self.foot == "votes-actions":
            return [f"{self.up} {rng.randint(0, 99)} {self.down} {self.sep} {row}"]
        if self.foot == "count-action":
            return [f"{rng.randint(0, 99)}  {self.actions[0]}"]
        if self.foot == "actions-time":
            return [f"{row} {self.sep} {rng.randint(1, 9)}{rng.choice('qxz')}"]
        return []


def generate(seed: int, comments: int = 0) -> Generated:
    """A thread in a made-up page shape, reproducible from its seed."""
    rng = random.Random(seed)
    page = _Page(rng)
    people = [_word(rng).capitalize() + rng.choice(["", "_" + _word(rng, 1), str(rng.randint(1, 99))]) for _ in range(rng.randint(4, 8))]
    authors, bodies, chrome = [], [], set()
    parts = [f"{_word(rng).capitalize()} {_word(rng)} {_word(rng)}", ""]
    for _ in range(comments or rng.randint(6, 14)):
        author = rng.choice(people)
        body = [sentence(rng, fewest=6) for _ in range(rng.randint(1, 3))]
        head, foot = page.head_lines(author), page.foot_lines()
        authors.append(author)
        bodies.append(body)
        chrome.update(head + foot)
        joiner = "\n" if page.glued else "\n\n"
        parts.append("\n".join(head) + joiner + "\n\n".join(body) + ("\n\n" + "\n".join(foot) if foot else "") + "\n")
    return Generated("\n".join(parts), authors, bodies, chrome)


@pytest.mark.parametrize("seed", range(60))
def test_generated_chrome_gives_comments_authors_and_never_shows(seed: int) -> None:
    thread = generate(seed)
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors
    shown = {p for _, body in read for p in body}
    assert not shown & thread.chrome


def test_the_template_learned_from_the_sample_is_used_all_through_a_big_thread() -> None:
    thread = generate(7, comments=CHROME_SAMPLE)  # several blocks a comment: well past the sample
    read = _read(thread.text)
    assert len(read) == len(thread.authors)
    assert [author for author, _ in read][-50:] == thread.authors[-50:]


PLAIN = """\
A thread without chrome

The council will vote on the new bus lanes next Tuesday, after months of delay.

+1

Two seconds is fine for a blog, but a newsroom archive has hundreds of such threads.

+1

Cheers, Bob

I agree with the council on this one, the lanes are overdue.

Cheers, Bob
"""

TABLE = """\
Benchmarks

Here are my numbers, for what they are worth:

Cores | ID     | Mops
1     | scalar | 4079
1     | vector | 8155

And with two cores:

Cores | ID     | Mops
2     | scalar | 4076
2     | vector | 8143

Nice, thanks for running these.
"""


ATTRIBUTIONS = """\
Opening hours

Tom wrote:
> The library should open on Sundays.

Staff would need overtime pay on Sundays.

Ann wrote:
> Staff would need overtime pay on Sundays.

Volunteers could cover the Sunday shift.

Sam wrote:
> Volunteers could cover the Sunday shift.

They need training and insurance.
"""


@pytest.mark.parametrize("text", [PLAIN, TABLE, ATTRIBUTIONS], ids=["repeated-lines", "table", "attributions"])
def test_text_that_repeats_itself_is_not_chrome(text: str) -> None:
    blocks = [b.lines for b in split_blocks(normalise_text(text), 1)]
    assert learn_chrome(blocks) is None


def test_a_sign_off_and_a_repeated_quote_inside_chrome_stay_text() -> None:
    thread = generate(3, comments=8)
    text = thread.text.replace(thread.bodies[1][0], thread.bodies[1][0] + "\n\nCheers, Bob")
    text = text.replace(thread.bodies[4][0], thread.bodies[4][0] + "\n\nCheers, Bob")
    text = text.replace(thread.bodies[6][0], "> " + thread.bodies[0][0] + "\n\n" + thread.bodies[6][0])
    read = _read(text)
    assert [author for author, _ in read] == thread.authors
    assert "Cheers, Bob" in read[1][1] and "Cheers, Bob" in read[4][1]
    assert thread.bodies[0][0] in read[6][1]


@pytest.mark.parametrize("seed", range(30))
def test_junk_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    blocks = [
        tuple(rng.choice(["", "0", "@", "· ·", SYMBOLS, "12 34", "a b c", "x" * 120, "»", "1h", "-- "]) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.randint(1, 40))
    ]
    chrome = learn_chrome(blocks)
    if chrome is not None:
        for block in blocks:
            chrome.read(block)


def _long_first_post(rng: random.Random, columns: bool) -> Generated:
    """A page whose first post is an article of many paragraphs, longer than any comment: the name over
    the text and a row of actions under it (a count shown when not zero), or heads in columns, the
    first post's labelled apart (`Description`, then `Comment 1`)."""
    people = [_word(rng).capitalize() + rng.choice(["", "_" + _word(rng, 1)]) for _ in range(6)]
    actions, first, label = " · ".join(_word(rng).capitalize() for _ in range(2)), _word(rng).capitalize(), _word(rng).capitalize()
    parts, authors, bodies, chrome = [f"{_word(rng).capitalize()} {_word(rng)}", ""], [], [], set()
    for n in range(rng.randint(10, 14)):
        author = rng.choice(people)
        body = [sentence(rng) for _ in range(16 if n == 0 else rng.randint(1, 3))]
        count = rng.choice([0, 0, 1, 4, 12])
        if columns:
            frame = [f"{f'{label} {n}' if n else first}  {author}  2011-0{1 + n % 9}-1{n % 10} 0{n % 10}:1{n % 10}:00"], []
        else:
            frame = [author], [f"{actions} · {rng.randint(1, 9)}q" + (f"  {count}" if count else "")]
        authors.append(author)
        bodies.append(body)
        chrome.update(frame[0] + frame[1])
        parts.append("\n\n".join([*frame[0], *body, *frame[1]]) + "\n")
    return Generated("\n".join(parts), authors, bodies, chrome)


@pytest.mark.parametrize("columns", [False, True], ids=["row-under", "head-columns"])
@pytest.mark.parametrize("seed", range(12))
def test_chrome_first_met_after_a_first_post_longer_than_any_comment_is_learned(seed: int, columns: bool) -> None:
    thread = _long_first_post(random.Random(seed), columns)
    opening, *read = _read(thread.text)
    # its head met once, one word away from the others' (`Description` for `Comment 1`), heads it; and where
    # a row ends each comment, the thread starts where one would: the name after it is the first post's
    assert opening == (thread.authors[0], thread.bodies[0])
    assert [body for _, body in read] == thread.bodies[1:]
    assert [author for author, _ in read] == thread.authors[1:]
    assert not {p for _, body in read for p in body} & thread.chrome


@pytest.mark.parametrize("seed", range(40))
def test_two_comments_in_a_generated_shape_are_read_by_their_chrome(seed: int) -> None:
    thread = generate(seed, comments=2)
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert not {p for _, body in read for p in body} & thread.chrome
    if len(set(thread.authors)) == 2:  # one commenter's name twice looks as constant as `says`
        assert [author for author, _ in read] == thread.authors


SAME_MINUTE = """\
Vote on the bus lanes

pedro_alves
12 March 2024 at 00:00

The lanes will slow the buses down on the bridge.

Reply · Share · Report

mia_lund
12 March 2024 at 00:00

@pedro_alves They will not, the bridge keeps two lanes.

Reply · Share · Report
"""


def test_two_comments_posted_the_same_minute_are_told_apart_by_the_names_over_their_time() -> None:
    read = _read(SAME_MINUTE)
    assert read == [
        ("pedro_alves", ["The lanes will slow the buses down on the bridge."]),
        ("mia_lund", ["@pedro_alves They will not, the bridge keeps two lanes."]),
    ]


TWO_REPEATED_LINES = """\
Bus lanes

Posted 2 days ago:

The council will vote on the lanes next week.

Cheers, Bob

Posted 2 days ago:

I agree with the council, the lanes are overdue.

Cheers, Bob
"""


GREETED_AND_SIGNED = TWO_REPEATED_LINES.replace("Posted 2 days ago:", "Hi all,")


@pytest.mark.parametrize("text", [TWO_REPEATED_LINES, GREETED_AND_SIGNED], ids=["posted", "greeted"])
def test_two_lines_repeated_around_two_paragraphs_are_not_chrome(text: str) -> None:
    blocks = [b.lines for b in split_blocks(normalise_text(text), 1)]
    assert learn_chrome(blocks) is None  # nothing changes from one to the other: no name, no time


def test_a_sign_off_and_a_quote_repeated_in_a_two_comment_thread_stay_text() -> None:
    text = SAME_MINUTE.replace("bridge.\n", "bridge.\n\nCheers, Bob\n\n> Buses first.\n", 1)
    text = text.replace("lanes.\n", "lanes.\n\nCheers, Bob\n\n> Buses first.\n", 1)
    read = _read(text)
    assert [author for author, _ in read] == ["pedro_alves", "mia_lund"]
    assert all(body[1:] == ["Cheers, Bob", "Buses first."] for _, body in read)  # the quote, its `>` read


@pytest.mark.parametrize("seed", range(20))
def test_one_comment_teaches_no_template_and_keeps_every_word(seed: int) -> None:
    thread = generate(seed, comments=1)
    scrape, problems = parse_scrape(thread.text, "t")
    assert problems == [] and scrape.chrome is None  # a shape seen once cannot be told from text
    rest = thread.text.split("\n", 1)[1]  # the title line is the header
    assert " ".join(p.text for p in scrape.paragraphs).split() == rest.split()


# a few masked tokens, so that lists share runs as chrome lines and their neighbours do
MASKED = st.lists(st.sampled_from(["0", "0a", "|", "says", "reply", "alice", "  "]), max_size=14)


@settings(max_examples=500, deadline=None, database=None)
@given(MASKED, MASKED)
@example(["says", "0", "|"], ["says", "0", "|", "reply", "alice", "0", "0"])  # a ratio of 0.6 exactly: on the bound
@example([], [])
def test_the_length_bound_never_changes_a_resemblance(one: list[str], other: list[str]) -> None:
    ratio = SequenceMatcher(None, one, other, autojunk=False).ratio()
    assert _resembles(one, other) == (ratio >= RESEMBLANCE)


ELEMENTS = st.sampled_from([
    ("0",), ("0a",), ("",), ("(",), (")",), ("<",), (">",), ("·",), ("|",), ("  ",), ("reply",), ("bob",),
    ("hours", "ago"), ("days", "ago"), ("", "ago"), ("in", "reply", "to", ""), ("", "wrote"),
])
SHAPES = st.lists(ELEMENTS, max_size=9).map(tuple)


@settings(max_examples=1000, deadline=None, database=None)
@given(SHAPES, SHAPES)
@example((("0",), ("march",), ("0",), ("at",), ("0",)), (("bob",),))  # a time line and a name: told apart unaligned
@example((("bob",), ("<",), ("", "ago"), (">",)), (("bob",),))  # an aside left out counts one, however long
@example((("0",), ("·",), ("reply",), ("",)), (("0",),))  # a run ending in a slot counts as an aside too
def test_the_least_change_never_exceeds_the_aligned_one(one: tuple[tuple[str, ...], ...], other: tuple[tuple[str, ...], ...]) -> None:
    # _is_variant rejects a shape on least_change before aligning it with the lead
    changed, _ = _compared(one, other)
    assert least_change(one, other) <= sum(change_size(old, new) for old, new in changed)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(max_size=60))
@example("a\u00a0b  c\t,d")
def test_each_word_of_a_line_holds_a_token_at_least(text: str) -> None:
    # _in_table skips a neighbour with too many words to resemble a line before cutting it up
    assert len(text.split()) <= sum(1 for kind, _ in _tokens(text) if kind != "gap")
