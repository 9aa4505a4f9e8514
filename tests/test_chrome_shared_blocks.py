"""Blocks of two lines the same word for word under several commenters' heads
(threadnote/readers/chrome_occasional.py `shared_lines`): a change a ticket's comment made
(`Resolution set to fixed` over `Status changed from assigned to closed`) is the page's, never text;
beside a head of a name of digits too, which no shape of the sample holds but the template reads."""

from __future__ import annotations

import random

import pytest
from chrome_kit import read, sentence, word


def changes_under_heads(seed: int) -> tuple[str, list[str], list[list[str]], set[str]]:
    """`comment:3 Changed 4 units ago by carol` heads, a few of them over a block of two change
    lines, one commenter named by digits: the page, each comment's author and paragraphs, the changes."""
    rng = random.Random(seed)
    label, changed, unit, ago = (word(rng, 2) for _ in range(4))
    change = f"{word(rng).capitalize()} {word(rng)} {word(rng)}\n{word(rng).capitalize()} {word(rng)} {word(rng)} {word(rng)}"
    people = [word(rng) for _ in range(6)] + [str(rng.randint(10**7, 10**8))]
    authors = [rng.choice(people) for _ in range(rng.randint(18, 26))]
    changes = set(rng.sample(range(1, len(authors)), 5))
    parts, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], []
    for n, author in enumerate(authors):
        heads = [f"{label}:{n} {changed.capitalize()} {1 + n % 9} {unit} {ago} by {author}", *([change] if n in changes else [])]
        body = [sentence(rng) for _ in range(rng.randint(1, 3))]
        bodies.append(body)
        parts.append("\n\n".join([*heads, *body]) + "\n")
    return "\n".join(parts), authors, bodies, {" ".join(change.split())}


@pytest.mark.parametrize("seed", range(8))
def test_a_block_of_changes_is_no_text(seed: int) -> None:
    text, authors, bodies, changes = changes_under_heads(seed)
    found = read(text)
    assert not [p for _, body in found for p in body if p in changes]
    assert [body for _, body in found] == bodies
    assert [author for author, _ in found] == authors
