"""Chrome of forum and blog pages, generated in new words and symbols: a forum's head
`Re: <subject>` and `Post by <handle> » <weekday> <month> 5, 2013 10:18 pm` (the weekday changes
as often as the names), a profile block with a join date, an edit note ending with a full stop on
some posts only; a blog's `<name> said...` with a row that some comments show in a longer form."""

from __future__ import annotations

import random

import pytest

from tests.chrome_kit import read, sentence, word

EDITED = (2, 6, 11)
"""The posts with an edit note: a few, the last post among them."""


def _names(rng: random.Random, count: int) -> list[str]:
    return [word(rng, 3).capitalize() for _ in range(count)]


def _forum(seed: int, symbol: str, prefix: str) -> tuple[str, list[str], list[list[str]]]:
    """A forum thread; its handles and bodies, in order."""
    rng = random.Random(seed)
    weekdays, months = _names(rng, 7), _names(rng, 12)
    post, by, posts, joined, top, last, edited, on, times = (word(rng, 2) for _ in range(9))
    handles = [word(rng, 3) + str(rng.randint(1, 99)) for _ in range(5)]
    joins = {h: f"{rng.choice(weekdays)} {rng.choice(months)} {rng.randint(1, 28):02d}, 20{rng.randint(0, 9):02d}" for h in handles}
    counts = {h: rng.randint(10, 3000) for h in handles}
    title = " ".join(word(rng) for _ in range(4)).capitalize() + "?"
    parts, authors, bodies = [title, f"{word(rng).capitalize()} · 2013", ""], [], []
    for number in range(12):
        handle = handles[rng.randrange(len(handles))] if number else handles[0]
        counts[handle] += 1
        stamp = f"{weekdays[number % 7]} {months[number // 5]} {number + 3:02d}, 2013 {number % 12 + 1}:1{number % 10} {'pm' if number % 3 else 'am'}"
        body = [sentence(rng) for _ in range(rng.randint(1, 2))]
        parts += [title if number == 0 else f"{prefix} {title}", f"{post.capitalize()} {by} {handle} {symbol} {stamp}", *body]
        if number in EDITED:
            parts.append(f"{last.capitalize()} {edited} {by} {handle} {on} {stamp}, {edited} 2 {times} {on} {top}.")
        parts += [f"{handle}\n{posts.capitalize()}: {counts[handle]:,}\n{joined.capitalize()}: {joins[handle]}", top.capitalize()]
        authors.append(handle)
        bodies.append(body)
    return "\n\n".join(parts) + "\n", authors, bodies


@pytest.mark.parametrize(("seed", "symbol", "prefix"), [(1, "»", "Re:"), (2, "—", "Aw:"), (3, "·", "回复:")], ids=["re", "aw", "han"])
def test_forum_posts_are_named_by_their_handle_and_their_chrome_is_never_text(seed: int, symbol: str, prefix: str) -> None:
    text, authors, bodies = _forum(seed, symbol, prefix)
    read_back = read(text)
    assert [author for author, _ in read_back] == authors  # not the weekday, nor the join date's
    assert [body for _, body in read_back] == bodies  # no subject, edit note, profile or `Top` among them


def _blog(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """A blog's comments, each closed by its date and a row; a longer row on some comments, the last among them."""
    rng = random.Random(seed)
    said, remove, answer, at = (word(rng, 2) for _ in range(4))
    month = word(rng, 3).capitalize()
    names = _names(rng, 9)
    parts, bodies = [" ".join(word(rng) for _ in range(3)).capitalize(), ""], []
    for number, name in enumerate(names):
        body = [sentence(rng) for _ in range(rng.randint(1, 2))]
        row = f"{answer.capitalize()}  {remove.capitalize()}" if number in (2, 5, 8) else remove.capitalize()
        parts += [f"{name} {said}...", *body, f"{month} {number + 1}, 2011 {at} {number + 1}:40 AM", row]
        bodies.append(body)
    return "\n\n".join(parts) + "\n", names, bodies


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_a_row_met_between_comments_is_chrome_after_the_last_comment_too(seed: int) -> None:
    text, names, bodies = _blog(seed)
    assert read(text) == list(zip(names, bodies))
