"""Lines the same word for word under several commenters' comments, each a block of its own beside
the template's lines (threadnote/readers/chrome_occasional.py `shared_lines`): a page's `Show less`
under a long text unfolded, `❤ by @creator` under some comments, are chrome; a commenter's sign-off,
however often it recurs, is that commenter's own text. Generated threads in made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import read, sentence, word


def _thread(rng: random.Random, sign_off: bool) -> tuple[str, list[str], list[list[str]]]:
    """A thread with a head `@bob 3 unit ago`, `Show less`-like lines under long texts, a row and
    now and then `❤ by @creator`; with `sign_off`, one commenter ends each comment with their name."""
    unit, ago, act = word(rng), word(rng), word(rng).capitalize()
    fold = f"{word(rng).capitalize()} {word(rng)}"
    heart = f"❤ {word(rng, 1)} @"
    handles = rng.sample(sorted({word(rng) + word(rng, 1) for _ in range(20)}), 6)
    signer = handles[1]
    authors = [rng.choice(handles) for _ in range(rng.randint(14, 20))]
    parts = [f"{word(rng).capitalize()} {word(rng)}", ""]
    bodies = []
    for n, author in enumerate(authors):
        body = [sentence(rng) for _ in range(rng.randint(1, 4))]
        if sign_off and author == signer:
            body.append(author.capitalize())
        bodies.append(body)
        feet = [fold] if len(body) > 2 else []
        likes = rng.choice([0, 1, 3, 39])
        feet.append(f"{likes}  {act}" if likes else act)
        if rng.random() < 0.3:
            feet.append(heart + authors[0])
        parts.append("\n\n".join([f"@{author} {2 + n % 9} {unit} {ago}", *body, *feet]) + "\n")
    return "\n".join(parts), authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_line_under_several_commenters_comments_is_chrome(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed), sign_off=False)
    comments = read(text)
    assert [author for author, _ in comments] == authors
    assert [body for _, body in comments] == bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_commenters_sign_off_stays_their_text(seed: int) -> None:
    text, _, bodies = _thread(random.Random(seed), sign_off=True)
    comments = read(text)
    assert [body for _, body in comments] == bodies
