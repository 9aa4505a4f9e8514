"""One commenter's heads in a shape of their own (threadnote/readers/chrome.py `_with_leads_slots`):
only they show a mark after the head (`- edited`), three times or more, so their name is a constant
of that shape. The words where the lead head has its name slot are that commenter's name."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def one_commenter_marks(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`Ann Lee wrote a note - 18.05.09 01:07`, and `- edited` after some of one commenter's heads
    only: the page, each comment's author and paragraphs."""
    rng = random.Random(seed)
    verb, noun, edited = word(rng, 2), word(rng, 2), word(rng, 2)
    people = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(7)]
    editor = people[0]
    authors = rng.sample(people[1:], 2) + [rng.choice(people) for _ in range(rng.randint(14, 24))]
    for at in rng.sample(range(2, len(authors)), 4):
        authors[at] = editor

    def comments() -> Iterator[tuple[str, list[str]]]:
        marked = 0
        for n, author in enumerate(authors):
            mark = author == editor and (marked := marked + 1) <= 3
            head = f"{author} {verb} a {noun} - {1 + n % 28:02}.{1 + n // 28:02}.09 {n % 24:02}:{rng.randint(0, 59):02}"
            yield head + (f" - {edited}" if mark else ""), sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_one_commenters_marked_heads_name_them(seed: int) -> None:
    assert_read_as(*one_commenter_marks(seed))
