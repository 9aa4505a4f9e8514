"""A head's word the sample always shows, opened as a slot for the names and months other heads
hold (threadnote/readers/chrome.py `_head_shape`): like those it starts with a letter, so a number
or a symbol in its place is no head (a score of `-2` under `level 2`, a table's `1014 dev/x915`)."""

from __future__ import annotations

import random

import pytest
from chrome_kit import read, sentence, word


def nested_page(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`level 2`, `u/name`, `· 3 units ago` over each comment, its score (below zero now and then)
    and a row of actions under it, some comments holding a table of counts and names: the text,
    each comment's author and paragraphs."""
    rng = random.Random(seed)
    level, unit, ago = word(rng, 2), word(rng, 1), word(rng, 2)
    actions = " ".join(word(rng, 2).capitalize() for _ in range(4))
    people = [word(rng) for _ in range(8)]
    parts, authors, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], [], []
    for n in range(rng.randint(14, 22)):
        author = rng.choice(people)
        body = [sentence(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            body.append("\n".join(f"   {rng.randint(900, 1200)} {word(rng, 1)}/{word(rng, 1)}{rng.randint(100, 999)}" for _ in range(3)))
        score = rng.choice([1, 2, 5, 40, -2, -7])
        head = [f"{level} {1 + n % 3}", f"u/{author}\n· {1 + n % 9} {unit}. {ago}"]
        parts.append("\n\n".join([*head, *body, f"{score}\n{actions}"]) + "\n")
        authors.append(author)
        bodies.append(body)
    return "\n".join(parts), authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_no_number_fills_a_word_opened_as_a_slot(seed: int) -> None:
    text, authors, bodies = nested_page(seed)
    found = read(text)
    assert [author for author, _ in found] == authors
    # the table's lines are one paragraph, read with their spaces folded
    assert [body for _, body in found] == [[" ".join(p.split()) for p in body] for body in bodies]
