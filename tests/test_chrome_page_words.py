"""A head line of the page's words and a number alone (new Reddit's `level 2`) over a head that
names the commenter (`u/alice`): its word is the page's, no name (threadnote/readers/chrome.py
`_slot_for_pages_word`, `_named_beside`), so a comment's line of words and a number (`Test reply
42`) stays text. Generated threads in made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    """Heads `level 2` over `u/bob` and `· 3 unit. ago`, a score over a row of actions under each
    text; a few comments a line of two words and a number."""
    level, unit, ago = word(rng), word(rng), word(rng)
    row = " ".join(word(rng).capitalize() for _ in range(4))
    handles = sorted({word(rng) + word(rng, 1) for _ in range(12)})
    authors = [rng.choice(handles) for _ in range(rng.randint(30, 50))]
    short = set(rng.sample(range(1, len(authors)), 2))

    def comments():
        for n, author in enumerate(authors):
            body = [f"{word(rng).capitalize()} {word(rng)} {rng.randint(10, 99)}"] if n in short else sentences(rng)
            yield f"{level} {rng.randint(1, 4)}\n\nu/{author}\n· {rng.randint(2, 9)} {unit}. {ago}", [*body, f"{rng.randint(1, 40)}\n{row}"]

    text, bodies = page(rng, comments())
    return text, authors, [body[:-1] for body in bodies]


@pytest.mark.parametrize("seed", range(6))
def test_a_line_of_words_and_a_number_under_a_pages_head_stays_text(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed))
    assert_read_as(text, authors, bodies)
