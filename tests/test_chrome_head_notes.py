"""A page's note met once beside the template's lines, showing the name and the time of a head
beside it: the head over its comment (`Edited 3 hours ago by Ann Lee`) or the head right under it
(`Ann Lee @ann mentioned this 3 hours ago`): chrome (threadnote/readers/chrome_occasional.py
`notes_on_heads`). A comment's own short text under its head, naming its commenter or showing a
number, stays text. Generated threads in made-up words, in a page shape no site shows."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random, short: bool) -> tuple[str, list[str], list[list[str]]]:
    """Heads `Name ~ 3 unit back <> handle` and a row `2 reply` under each comment; one comment ends with a note naming its head's name and
    time, one comment's head has a note over it naming that head's; with `short`, two comments hold
    a short text of their own instead: the commenter's name, or a word and a number."""
    unit, back, noted, over, reply = (word(rng) for _ in range(5))
    people = sorted({word(rng).capitalize() for _ in range(8)})
    authors = [rng.choice(people) for _ in range(rng.randint(12, 20))]
    ended, headed = rng.sample(range(1, len(authors) - 1), 2)
    texts = []

    def comments():
        for n, author in enumerate(authors):
            age = len(authors) - n
            head = f"{author} ~ {age} {unit} {back} <> {author.lower()}"
            if short and n in (ended, headed):
                own = author if n == ended else f"{word(rng).capitalize()} {rng.randint(2, 9)} {word(rng)}"
                texts.append([own])
                yield head, [own]
                continue
            body = sentences(rng)
            texts.append(body)
            note_under = [f"{noted.capitalize()} {age} {unit} {back} {author}"] if n == ended else []
            note_over = f"{author} {over} #{rng.randint(10, 99)} {age} {unit} {back}\n" if n == headed else ""
            yield note_over + head, body + note_under

    text, _ = page(rng, comments(), under=[f"{rng.randint(0, 9)} {reply}"])
    return text, authors, texts


@pytest.mark.parametrize("seed", range(6))
def test_a_note_showing_a_heads_name_and_time_is_chrome(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), short=False)
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_a_comments_own_short_text_under_its_head_stays_text(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), short=True)
    assert_read_as(text, authors, bodies)
