"""A tracker's thread too short to show any head twice (threadnote/readers/chrome_occasional.py
`lone_heads`): the first post's labelled head at its start names people after a label's last word
(`Reported by: alice`); a later line in a block of its own showing its comment's ordinal and a name
after that word (`comment:1 Changed 3 years ago by bob`) heads a comment. A sentence of the text
telling of such a change stays text. Generated threads in made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, sentences, word


def _thread(seed: int, replies: int, told: bool = False) -> tuple[str, list[str], list[list[str]]]:
    """A first post under `Wumo fe: alice	Kabi fe: bob`, then `replies` comments each under
    `Lazo #1 — pemi fe carol, 3 unit ago`; with `told`, the first post's text tells of a change in
    a sentence shaped like a head (`Pitu 1 fe carol.`)."""
    rng = random.Random(seed)
    by, entry, verb, unit, ago = (word(rng) for _ in range(5))
    handles = sorted({word(rng) for _ in range(8)})[:4]
    authors = rng.sample(handles, replies + 1)
    fields = f"{word(rng).capitalize()} {by}: {authors[0]}\t{word(rng).capitalize()} {by}: {rng.choice(handles)}"
    bodies = [sentences(rng) for _ in authors]
    if told:
        bodies[0] = [*bodies[0], f"{word(rng).capitalize()} 1 {by} {rng.choice(handles)}."]
    heads = [fields] + [f"{entry.capitalize()} #{n} — {verb} {by} {author}, {rng.randint(2, 9)} {unit} {ago}" for n, author in enumerate(authors[1:], 1)]
    parts = [f"{word(rng).capitalize()} {word(rng)}", ""]
    parts += ["\n\n".join([head, *body]) + "\n" for head, body in zip(heads, bodies)]
    return "\n".join(parts), authors, bodies


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("replies", [1, 2])
def test_a_lone_head_under_a_labelled_first_head_opens_a_comment(seed: int, replies: int) -> None:
    text, authors, bodies = _thread(seed, replies)
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_a_sentence_shaped_like_a_head_stays_text(seed: int) -> None:
    text, authors, bodies = _thread(seed, 1, told=True)
    assert_read_as(text, authors, bodies)
