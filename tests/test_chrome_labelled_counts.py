"""Rows whose counts a page shows only when not zero: counts each after its own symbol
(threadnote/readers/chrome_counts.py: only the reactions someone gave, `👍 3`, `❤️ 1  👀 2`, none at
all) are one line of the template whichever symbols they show, and a word with a count before it
(`39  Reply`, at zero `Reply`) is one row; generated threads in made-up words and symbols."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from chrome_kit import read, sentences, word

PICTOGRAPHS = [chr(code) for code in range(0x1F300, 0x1F5FF)] + [chr(code) for code in range(0x2600, 0x26FF)]
"""Symbols beyond ASCII a page labels its counts with."""


Comment = Callable[[str, int], tuple[str, list[str]]]
"""A comment's head and the rows under its text, given its author and its number."""


def _handles(rng: random.Random) -> list[str]:
    return rng.sample(sorted({word(rng) + word(rng, 1) for _ in range(20)}), 6)


def _thread(rng: random.Random, authors: list[str], comment: Comment) -> tuple[str, list[str], list[list[str]]]:
    """The thread's text, its authors and each comment's text: a title, then each comment's head,
    its text (made before the head and rows, so that both may draw on `rng`) and its rows."""
    parts = [f"{word(rng).capitalize()} {word(rng)}", ""]
    bodies = []
    for n, author in enumerate(authors):
        body = sentences(rng)
        head, rows = comment(author, n)
        bodies.append(body)
        parts.append("\n\n".join([head, *body, *rows]) + "\n")
    return "\n".join(parts), authors, bodies


def _assert_read_as_written(thread: tuple[str, list[str], list[list[str]]]) -> None:
    text, authors, bodies = thread
    comments = read(text)
    assert [author for author, _ in comments] == authors
    assert [body for _, body in comments] == bodies


def _reactions(rng: random.Random, labels: list[str]) -> str:
    """The row of one comment: the reactions it got, some labels with a variation selector."""
    shown = [label for label in labels if rng.random() < 0.35]
    gap = rng.choice([" ", "  "])
    return gap.join(f"{label} {rng.choice([1, 1, 2, 3, 5, 12])}" for label in shown)


@pytest.mark.parametrize("seed", range(8))
def test_a_row_of_the_reactions_given_is_chrome_whichever_it_shows(seed: int) -> None:
    rng = random.Random(seed)
    labels = [symbol + rng.choice(["", "\ufe0f"]) for symbol in rng.sample(PICTOGRAPHS, 4)]
    verb, unit, ago = word(rng), word(rng), word(rng)
    handles = _handles(rng)

    def comment(author: str, n: int) -> tuple[str, list[str]]:
        row = _reactions(rng, labels)
        return f"{author} {verb} {2 + n % 9} {unit} {ago}", [row] if row else []

    _assert_read_as_written(_thread(rng, [rng.choice(handles) for _ in range(rng.randint(10, 18))], comment))


@pytest.mark.parametrize("seed", range(8))
def test_a_lone_word_row_shows_its_count_only_when_not_zero(seed: int) -> None:
    """`39  Reply` and, at no likes, `Reply`: one row, its count and the gap after it optional."""
    rng = random.Random(seed)
    act, unit, ago = word(rng).capitalize(), word(rng), word(rng)
    handles = _handles(rng)

    def comment(author: str, n: int) -> tuple[str, list[str]]:
        likes = rng.choice([0, 0, 1, 3, 39, 1200])
        return f"@{author} {2 + n % 9} {unit} {ago}", [f"{likes}  {act}" if likes else act]

    _assert_read_as_written(_thread(rng, [rng.choice(handles) for _ in range(rng.randint(10, 18))], comment))


@pytest.mark.parametrize("seed", range(8))
def test_a_row_of_counts_alone_shows_those_not_zero(seed: int) -> None:
    """`1  12`, `12`, `2  12  1` or nothing under each comment: the counts of a row of icons the copy
    lost, each shown only when not zero, are one row however many it shows."""
    rng = random.Random(seed)
    unit, ago = word(rng), word(rng)
    handles = _handles(rng)

    def comment(author: str, n: int) -> tuple[str, list[str]]:
        row = "  ".join(str(count) for count in [rng.choice([0, 0, 1, 2, 12]) for _ in range(3)] if count)
        return f"{author} · {2 + n % 9} {unit} {ago}", [row] if row else []

    _assert_read_as_written(_thread(rng, [rng.choice(handles) for _ in range(rng.randint(10, 18))], comment))


@pytest.mark.parametrize("seed", range(8))
def test_rows_of_a_count_and_its_word_count_different_things(seed: int) -> None:
    """`1 Reply`, `2 Replies` and `1 Like`, `4 Likes`, each row under some comments only: rows of a
    count and a word alone are one row for each thing they count, its word in either form."""
    rng = random.Random(seed)
    unit, ago = word(rng), word(rng)
    things = [(stem := word(rng, 2), [stem + ending for ending in rng.sample(["a", "o", "ies", "es", "en"], 2)]) for _ in range(2)]
    handles = _handles(rng)

    def comment(author: str, n: int) -> tuple[str, list[str]]:
        rows = []
        for _, (one, many) in things:
            count = rng.choice([0, 0, 0, 0, 1, 2, 11])
            if count:
                rows.append(f"{count} {(one if count == 1 else many).capitalize()}")
        return f"{author} · {2 + n % 9} {unit} {ago}", rows

    _assert_read_as_written(_thread(rng, [rng.choice(handles) for _ in range(rng.randint(12, 18))], comment))


def _thread_of_name_lines(rng: random.Random, comments: int) -> tuple[str, list[str], list[list[str]]]:
    """`bob · Follow` over a line each commenter carries (`Studied Physics · 3y`), then `Upvote · 12 · Share` under the text, `Upvote · Share`
    at no votes: the row, with its count hidden, has the name line's coarse shape (words, a dot, a word)."""
    follow, upvote, share, unit = (word(rng).capitalize() for _ in range(4))
    names = sorted({f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(20)})
    handles = rng.sample(names, 6)
    credential = {name: f"{word(rng).capitalize()} {word(rng)}" for name in handles}
    # two comments by one commenter show no name that changes: nothing would tell it from a constant
    authors = rng.sample(handles, comments) if comments <= 2 else [rng.choice(handles) for _ in range(comments)]

    def comment(author: str, n: int) -> tuple[str, list[str]]:
        stamp = f"{credential[author]} · {rng.randint(2, 15)}{unit[0].lower()}"
        votes = rng.choice([0, 0, 1, 4, 12, 310] if n else [1, 4, 12, 310])  # a row that never shows its count is none
        return f"{author} · {follow}\n{stamp}", [f"{upvote} · {votes} · {share}" if votes else f"{upvote} · {share}"]

    return _thread(rng, authors, comment)


@pytest.mark.parametrize("seed", range(8))
def test_a_row_whose_count_and_its_dot_show_only_when_not_zero_is_no_name_line(seed: int) -> None:
    rng = random.Random(seed)
    _assert_read_as_written(_thread_of_name_lines(rng, rng.randint(10, 18)))


@pytest.mark.parametrize("seed", range(8))
def test_two_comments_tell_the_row_from_the_name_line(seed: int) -> None:
    rng = random.Random(seed)
    _assert_read_as_written(_thread_of_name_lines(rng, 2))



@pytest.mark.parametrize("seed", range(8))
def test_a_table_of_counts_in_a_comment_parts_no_rows(seed: int) -> None:
    """A name over a time line that reads the same on every comment (`Jun '13`), `1 Reply` and
    `2 Likes` under some comments, and in one comment's text a table of a count and a word a line
    (`5007 gusa`): a word met in one block only is the table's column, no unit the page counts,
    and the rows, each counting its own thing, are no head."""
    rng = random.Random(seed)
    when = f"{word(rng).capitalize()} '{rng.randint(10, 20)}"
    things = [(stem := word(rng, 2), [stem + ending for ending in rng.sample(["a", "o", "ies", "es", "en"], 2)]) for _ in range(2)]
    handles = _handles(rng)
    authors = [rng.choice(handles) for _ in range(rng.randint(12, 18))]
    table_at = rng.randrange(1, len(authors) - 1)
    parts, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], []
    for n, author in enumerate(authors):
        body = sentences(rng)
        table = [f"{rng.randint(1000, 9999)} {word(rng)}" for _ in range(rng.randint(12, 20))] if n == table_at else []
        rows = []
        for _, (one, many) in things:
            count = rng.choice([0, 0, 1, 2, 11])
            if count:
                rows.append(f"{count} {(one if count == 1 else many).capitalize()}")
        parts.append("\n\n".join([author, when, *body, *(["\n".join(table)] if table else []), *rows]) + "\n")
        bodies.append([*body, " ".join(table)] if table else body)
    _assert_read_as_written(("\n".join(parts), authors, bodies))
