"""A first post headed by labelled fields of its own (threadnote/readers/chrome_occasional.py
`labelled_first_head`): `Reporter: alice` over `Created: 03.03.20 10:12`, where the later comments
show `bob added a note - 03.03.20 11:40`. The name field names the first post, both are chrome."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def fields_over_the_first_post(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """The page, each comment's author and paragraphs."""
    rng = random.Random(seed)
    named_by, made_on, verb, noun = (word(rng, 2).capitalize() if k < 2 else word(rng, 2) for k in range(4))
    people = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(6)]
    authors = [rng.choice(people) for _ in range(rng.randint(6, 14))]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            when = f"{1 + n % 28:02}.{1 + n // 28:02}.20 {n % 24:02}:{rng.randint(0, 59):02}"
            yield f"{named_by}: {author}\n{made_on}: {when}" if n == 0 else f"{author} {verb} a {noun} - {when}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_labelled_fields_head_the_first_post(seed: int) -> None:
    assert_read_as(*fields_over_the_first_post(seed))


def fields_on_one_line(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`Reported by: alice	Owned by: bob` and `Description` over the first post, `comment:3 Changed 4
    units ago by carol` over the others: the page, each comment's author and paragraphs."""
    rng = random.Random(seed)
    named, owned, title, changed, unit, ago = (word(rng, 2) for _ in range(6))
    people = [word(rng) for _ in range(6)]
    authors = [rng.choice(people) for _ in range(rng.randint(6, 14))]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            first = f"{named.capitalize()} by: {author}\t{owned.capitalize()} by: {rng.choice(people)}\n\n{title.capitalize()}"
            yield first if n == 0 else f"comment:{n} {changed.capitalize()} {1 + n % 9} {unit} {ago} by {author}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_fields_a_gap_parts_and_the_title_under_them_head_the_first_post(seed: int) -> None:
    assert_read_as(*fields_on_one_line(seed))
