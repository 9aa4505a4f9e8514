"""A head some comments show in another shape (no `in reply to`) that stands where the lead
does (threadnote/readers/chrome.py `_stands_in_for_lead`), though a comment of one short line with a
number (`Testing comments 123`) joins one of its stretches of chrome to a lead's now and then: it
names its commenter as the lead does."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def replies_and_short_tests(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`note:4 Changed 7 units ago by bob`, `note:5 in reply to: ↑ 4 Changed ...` on replies (the
    lead, the others its head in another shape), and a few comments of a short line with a number:
    the page, each comment's author and paragraphs."""
    rng = random.Random(seed)
    note, changed, unit, ago, by, to = (word(rng, 2) for _ in range(6))
    people = [word(rng) for _ in range(9)]
    authors = rng.sample(people, 2) + [rng.choice(people) for _ in range(rng.randint(30, 40))]
    short = set(rng.sample(range(1, len(authors) - 1), 4))

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            reply = f" in {to}: ↑ {rng.randrange(n)}" if n and rng.random() < 0.6 else ""
            head = f"{note}:{n + 1}{reply} {changed.capitalize()} {1 + n % 9} {unit} {ago} {by} {author}"
            yield head, [f"{word(rng).capitalize()} {word(rng)} {rng.randint(100, 999)}"] if n in short else sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_head_in_another_shape_names_its_commenter_beside_short_comments(seed: int) -> None:
    assert_read_as(*replies_and_short_tests(seed))
