"""One commenter's heads in a shape of their own, a constant name in brackets where the others show
a name slot, the month the shape's only slot (threadnote/readers/chrome.py `_first_lone_word`):
`[deleted] added a comment - 13/Feb/11 15:09`. The bracketed word names the comment, not the month."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def a_bracketed_commenter(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """The page, each comment's author (the bracketed one without its brackets) and paragraphs."""
    rng = random.Random(seed)
    verb, noun = word(rng, 2), word(rng, 2)
    months = [word(rng, 1).capitalize() + "b" for _ in range(2)]
    people = [word(rng) for _ in range(8)]
    gone = word(rng, 3)
    authors = [rng.choice(people) for _ in range(rng.randint(20, 30))]
    for at in rng.sample(range(1, len(authors)), 4):
        authors[at] = gone

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            when = f"{1 + n % 28:02}/{months[2 * n // len(authors)]}/11 {n % 24:02}:{rng.randint(0, 59):02}"
            name = f"[{author}]" if author == gone else author
            yield f"{name} {verb} a {noun} - {when}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_bracketed_constant_name_names_its_comments(seed: int) -> None:
    assert_read_as(*a_bracketed_commenter(seed))
