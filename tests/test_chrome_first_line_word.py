"""The first post's own line before its head, a template's line with a word for one of its numbers
(a bug log's `Message #5 received at submit@...` where the replies show `received at
686436@...`): chrome, not the first post's text (threadnote/readers/chrome.py `word_for_a_number`).
Such a line in a later comment, after the first head, is that comment's text. Generated threads in
made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random, pasted: bool = False) -> tuple[str, list[str], list[list[str]]]:
    """Each comment under `Lema #5 vato pi 686436@host (ka ku, ki):` over `bob sa 20 Tufe 2011`,
    the first post's line with a word for the number; with `pasted`, the third comment opens
    with such a line of its own."""
    lema, vato, pi, ka, ku, ki, sa, month = (word(rng) for _ in range(8))
    host = f"{word(rng)}.{word(rng, 1)}.org"
    number, box = rng.randint(100000, 999999), word(rng)
    authors = [rng.choice(sorted({word(rng) for _ in range(8)})) for _ in range(rng.randint(8, 14))]

    def comments():
        for n, author in enumerate(authors):
            to = box if n == 0 else number
            line = f"{lema.capitalize()} #{5 + 5 * n} {vato} {pi} {to}@{host} ({ka} {ku}, {ki}):"
            own = [line.replace(str(number), word(rng))] if pasted and n == 2 else []
            yield f"{line}\n\n{author} {sa} {1 + n} {month.capitalize()} 2011", own + sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(6))
def test_the_first_posts_line_with_a_word_for_a_number_is_chrome(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed))
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_such_a_line_after_the_first_head_is_text(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), pasted=True)
    assert_read_as(text, authors, bodies)
