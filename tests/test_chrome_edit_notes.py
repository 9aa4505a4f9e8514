"""A page's note met twice on comments, after their text, that names the commenter the head over
it names and counts something (GitLab's `Edited 3 hours ago by Ann Lee` under `Ann Lee @ann · 3
hours ago`, where no bare name stands): chrome (threadnote/readers/chrome.py `_names_its_comment`).
A commenter's sign-off of their name, twice, counts nothing and stays text. Generated threads in
made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random, note: bool) -> tuple[str, list[str], list[list[str]]]:
    """Heads `Ann Lee @annlee · 3 unit ago`; two comments end with `Edited 3 unit ago by Ann Lee`
    (with `note`) or with the commenter's name (a sign-off). The head names with the handle."""
    unit, ago, edited, by = (word(rng) for _ in range(4))
    people = sorted({f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(8)})
    authors = [rng.choice(people) for _ in range(rng.randint(12, 20))]
    ends = set(rng.sample(range(1, len(authors)), 2))

    def comments():
        for n, author in enumerate(authors):
            age = len(authors) - n
            end = f"{edited.capitalize()} {age} {unit} {ago} {by} {author}" if note else author
            yield f"{author} @{author.replace(' ', '').lower()} · {age} {unit} {ago}", sentences(rng) + ([end] if n in ends else [])

    text, bodies = page(rng, comments())
    return text, [author.replace(" ", "").lower() for author in authors], [body[:-1] if note and n in ends else body for n, body in enumerate(bodies)]


@pytest.mark.parametrize("seed", range(6))
def test_a_note_naming_the_commenter_twice_is_chrome(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), note=True)
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_a_sign_off_naming_the_commenter_twice_stays_text(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), note=False)
    assert_read_as(text, authors, bodies)
