"""A commenter whose name is all digits (threadnote/readers/chrome.py `_without_subjects`): masked
as numbers, their heads make a shape of their own that looks like a date beside a slot, and must
not pass for the page's byline, which would take every other head for a subject line naming no one."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import page, read, sentences, word


def digits_among_names(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`Name @name · 3 units ago` heads (a badge after some commenters' heads), one commenter named
    by digits and badged, who writes a few comments: the text, each comment's author and paragraphs."""
    rng = random.Random(seed)
    unit, ago = word(rng, 2), word(rng, 1)
    people = [word(rng).capitalize() for _ in range(8)] + [str(rng.randint(10**7, 10**8))]
    badge_of = {name: rng.choice(["", "", word(rng, 3).capitalize()]) for name in people}
    badge_of[people[-1]] = word(rng, 3).capitalize()
    authors = [rng.choice(people[:-1]) for _ in range(rng.randint(16, 24))]
    for at in rng.sample(range(2, len(authors)), 2):
        authors[at] = people[-1]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            badge = f" {badge_of[author]}" if badge_of[author] else ""
            yield f"{author} @{author.lower()} · {1 + n % 9} {unit} {ago}{badge}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_name_of_digits_makes_no_byline(seed: int) -> None:
    text, authors, bodies = digits_among_names(seed)
    found = read(text)
    assert [body for _, body in found] == bodies
    # the handle after `@` may be read for the name: the same but for its case
    named = [((author or "").lower(), expected.lower()) for (author, _), expected in zip(found, authors) if not expected.isdigit()]
    assert all(author == expected for author, expected in named), named
