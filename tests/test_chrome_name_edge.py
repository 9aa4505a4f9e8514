"""A name that opens the head's block, with as many bare lines under it as the comment shows
(threadnote/readers/chrome_roles.py, the EDGE slot): a rank beside some commenters (`Staff`), a
reply's `in reply to bob` on replies only, then the time. Made-up sites, words and names."""

from __future__ import annotations

import random

import pytest
from chrome_kit import Generated, assert_read_as, sentences, word

from threadnote.readers.chrome_roles import edge_of_block


def generate(seed: int, comments: int) -> Generated:
    """A thread whose heads are the name, a rank on a few commenters', a reply line on the replies,
    the time; and a row of actions under the text."""
    rng = random.Random(seed)
    people = [word(rng) + rng.choice(["", str(rng.randint(1, 99))]) for _ in range(7)]
    rank, reply = word(rng, 2).capitalize(), f"{word(rng, 1)} {word(rng, 2)} {word(rng, 1)}"
    ranked = set(rng.sample(people, 2))
    row = "\n".join(word(rng).capitalize() for _ in range(3))
    authors = rng.sample(people, 3) + [rng.choice(people) for _ in range(comments - 3)]
    parts, bodies, chrome = [f"{word(rng).capitalize()} {word(rng)}", ""], [], {rank, row}
    for n, author in enumerate(authors):
        head = [author] + ([rank] if author in ranked else [])
        if n and rng.random() < 0.5:
            head.append(f"{reply} {rng.choice(authors[:n])}")
            chrome.add(head[-1])
        head.append(f"{1 + n % 28} {rng.choice(['Jan', 'Mar', 'Jul'])} 20{10 + n % 9} {n % 24:02d}.{n * 7 % 60:02d}")
        body = sentences(rng)
        bodies.append(body)
        parts.append("\n\n".join(["\n".join(head), *body, row]) + "\n")
    return Generated("\n".join(parts), authors, bodies, chrome)


@pytest.mark.parametrize("seed", range(10))
def test_the_name_at_the_head_blocks_edge_names_the_comment_whatever_lines_stand_between(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 14))
    assert_read_as(thread.text, thread.authors, thread.bodies)


@pytest.mark.parametrize(("at", "size", "step", "edge"), [(3, 4, -1, 0), (1, 4, -1, 0), (0, 4, -1, 0), (0, 3, 1, 2), (2, 3, 1, 2), (4, 5, -1, 4)])
def test_a_blocks_edge_is_its_first_or_last_line_within_reach_or_the_line_itself(at: int, size: int, step: int, edge: int) -> None:
    assert edge_of_block(at, size, step) == edge
