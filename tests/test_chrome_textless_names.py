"""A notice in the name's place of a comment taken away (`Comment deleted` over its date), right over
the next comment's head with no text between (threadnote/readers/chrome_roles.py): it names no one,
the comment under it is the next head's. Made-up sites, words and names."""

from __future__ import annotations

import random

import pytest
from chrome_kit import Generated, assert_read_as, sentences, word


def generate(seed: int, comments: int) -> Generated:
    """A thread whose heads are the name over the date, a row of actions under the text, and the
    same notice over a date, in the name's place, right over a few comments' heads."""
    rng = random.Random(seed)
    people = [word(rng).capitalize() + " " + word(rng).capitalize() for _ in range(7)]
    notice = f"{word(rng, 2).capitalize()} {word(rng, 3)}"
    row = "\n".join(word(rng).capitalize() for _ in range(3))
    authors = rng.sample(people, 3) + [rng.choice(people) for _ in range(comments - 3)]
    taken = set(rng.sample(range(1, comments), 2)) | {k for k in range(1, comments) if rng.random() < 0.1}
    parts, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], []
    for n, author in enumerate(authors):
        day = f"{rng.choice(['Jan', 'Mar', 'Jul'])} {1 + n % 28}, 20{10 + n % 9}"
        heads = [f"{notice}\n{day}"] if n in taken else []
        body = sentences(rng)
        bodies.append(body)
        parts.append("\n\n".join([*heads, f"{author}\n{day}", *body, row]) + "\n")
    return Generated("\n".join(parts), authors, bodies, {notice, row})


@pytest.mark.parametrize("seed", range(10))
def test_a_notice_in_the_names_place_over_the_next_head_names_no_one(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 14))
    assert_read_as(thread.text, thread.authors, thread.bodies)
