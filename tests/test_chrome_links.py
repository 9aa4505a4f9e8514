"""A head whose links some comments only show (`bob 3 years ago | parent | root | next | flag [–]`):
in a thread of few, long comments it is met in nearly as many shapes as comments, two of them
several links apart, and is one template line all the same: the comments are cut where the heads
are, and no head or row is text. (Which of the head's slots names the commenter, the first or a
link, is another matter: only the text is checked.) Generated threads in made-up words."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from chrome_kit import page, read, sentence, word


def _long_text(rng: random.Random) -> list[str]:
    """Six to eight sentences: long comments, few heads for the blocks."""
    return [sentence(rng) for _ in range(rng.randint(6, 8))]


def _thread(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    unit, ago, reply = word(rng), word(rng), word(rng)
    links = [word(rng) for _ in range(4)]
    flag, favourite = word(rng), word(rng)
    handles = [word(rng) + word(rng, 1) for _ in range(5)]
    authors = [rng.choice(handles) for _ in range(rng.randint(8, 10))]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for author in authors:
            shown = [link for link in links if rng.random() < 0.5] + [flag] + ([favourite] if rng.random() < 0.8 else [])
            head = " | ".join([f"{author} {rng.randint(2, 9)} {unit} {ago}", *shown]) + " [–]"
            yield head, _long_text(rng)

    text, bodies = page(rng, comments(), under=[reply])
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_head_with_links_some_comments_show_is_one_line_in_a_thread_of_long_comments(seed: int) -> None:
    text, _, bodies = _thread(random.Random(seed))
    assert [body for _, body in read(text)] == bodies


def _thread_of_references(rng: random.Random) -> tuple[str, list[list[str]]]:
    """`zuka:4 ri pome: ↑ 1 Bewa 3 saluvo ago lu bob` over some comments, `zuka:5 Bewa 3 saluvo ago lu
    bob` over the others: a reference to the comment answered, put in the middle of the head. (A
    commenter who wrote most of the heads of one shape makes their name a constant of it, which
    the others' do not show: the commenters here are many.)"""
    label, refers, changed, unit, ago, by = (word(rng) for _ in range(6))
    handles = [word(rng) + word(rng, 1) for _ in range(12)]

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n in range(1, rng.randint(9, 11)):
            reference = f" {refers}: ↑ {rng.randrange(1, n)}" if n > 1 and rng.random() < 0.6 else ""
            head = f"{label}:{n}{reference} {changed.capitalize()} {rng.randint(2, 9)} {unit} {ago} {by} {rng.choice(handles)}"
            yield head, _long_text(rng)

    return page(rng, comments())


@pytest.mark.parametrize("seed", range(8))
def test_a_head_with_a_reference_some_comments_show_is_one_line_in_a_thread_of_long_comments(seed: int) -> None:
    text, bodies = _thread_of_references(random.Random(seed))
    assert [body for _, body in read(text)] == bodies
