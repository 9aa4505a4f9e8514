"""A page that dates by the month (threadnote/readers/chrome.py `learn_chrome`): every comment's
date line reads the same when the thread was written within one month, and only the bare names
over it change. With many commenters' names beside it, no row of actions is needed for the line to
head comments."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def dated_by_the_month(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """A name block (a handle, or a full name over it) over `~ Month 2019`, the same on every
    comment, then the text: the page, each comment's author (the full name, where shown) and paragraphs."""
    rng = random.Random(seed)
    month, mark = word(rng, 2).capitalize(), rng.choice("~·»")
    people = [word(rng) for _ in range(7)]
    full = {name: f"{word(rng).capitalize()} {word(rng).capitalize()}" if rng.random() < 0.4 else "" for name in people}
    authors = rng.sample(people, 3) + [rng.choice(people) for _ in range(rng.randint(5, 14))]
    names = (f"{full[author]}\n{author}" if full[author] else author for author in authors)
    text, bodies = page(rng, ((f"{name}\n\n{mark} {month} 2019", sentences(rng)) for name in names))
    return text, [full[author] or author for author in authors], bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_date_that_never_changes_over_many_names_heads_comments(seed: int) -> None:
    assert_read_as(*dated_by_the_month(seed))
