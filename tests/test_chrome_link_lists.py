"""Links after a head's time, as many as apply to each comment (threadnote/readers/chrome_counts.py
`collapse_link_lists`): `bob 7 units ago | up | top | next | flag [x]`. In a thread of a few
comments nearly every head shows another set of links; the list is one element of the head's shape
all the same, and the head is learnt."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def heads_with_links(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """The page, each comment's author and paragraphs, `reply` under each comment."""
    rng = random.Random(seed)
    unit, ago, reply, mark = word(rng, 2), word(rng, 1), word(rng, 2), rng.choice(["[x]", "[–]", "(+)"])
    links = [word(rng, 2) for _ in range(6)]
    people = [word(rng) for _ in range(6)]
    authors = rng.sample(people, 2) + [rng.choice(people) for _ in range(rng.randint(5, 10))]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            shown = [link for link in links[:5] if rng.random() < 0.5]
            yield " | ".join([f"{author} {1 + n % 9} {unit} {ago}", *shown, links[5]]) + f" {mark}", sentences(rng)

    text, bodies = page(rng, comments(), under=[reply])
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(10))
def test_heads_with_other_links_each_are_one_template(seed: int) -> None:
    assert_read_as(*heads_with_links(seed))
