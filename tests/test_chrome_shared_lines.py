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


def _folded_thread(rng: random.Random, long_writers: int, fold: bool, sign_off: bool) -> tuple[str, list[str], list[list[str]]]:
    """A thread with a head `@bob 3 unit ago` and a row under each comment; the long texts (three
    paragraphs or more) are `long_writers` commenters' only. With `fold`, a line of two made-up words
    stands right after each long text, over its row (a page's `Show less`); with `sign_off`, two
    commenters end some of their comments, long or short, with one word they share, in a block of
    its own (`Cheers`), and some comments are that word alone."""
    unit, ago, act = word(rng), word(rng), word(rng).capitalize()
    folded = f"{word(rng).capitalize()} {word(rng)}"
    shared = word(rng).capitalize()
    handles = rng.sample(sorted({word(rng) + word(rng, 1) for _ in range(20)}), 6)
    writers, signers = handles[:long_writers], handles[2:4]
    authors = [rng.choice(handles) for _ in range(rng.randint(12, 18))]
    parts, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], []
    for n, author in enumerate(authors):
        long = author in writers and rng.random() < 0.5
        body = [sentence(rng) for _ in range(rng.randint(3, 6) if long else rng.randint(1, 2))]
        if sign_off and author in signers and rng.random() < 0.6:
            body = body + [shared] if rng.random() < 0.8 else [shared]
        bodies.append(body)
        feet = [folded] if fold and long else []
        likes = rng.choice([0, 1, 3, 39])
        feet.append(f"{likes}  {act}" if likes else act)
        parts.append("\n\n".join([f"@{author} {2 + n % 9} {unit} {ago}", *body, *feet]) + "\n")
    if fold and sum(len(body) > 2 for body in bodies) < 2:  # a fold shown once teaches nothing
        return _folded_thread(rng, long_writers, fold, sign_off)
    return "\n".join(parts), authors, bodies


@pytest.mark.parametrize("long_writers", [1, 2])
@pytest.mark.parametrize("seed", range(6))
def test_a_line_after_the_longest_texts_only_is_chrome(seed: int, long_writers: int) -> None:
    """One or two commenters write the long texts: the line under them is the page's fold all the
    same, since no shorter comment shows it."""
    text, authors, bodies = _folded_thread(random.Random(seed), long_writers, fold=True, sign_off=False)
    comments = read(text)
    assert [author for author, _ in comments] == authors
    assert [body for _, body in comments] == bodies


@pytest.mark.parametrize("seed", range(8))
def test_a_sign_off_two_commenters_share_stays_their_text(seed: int) -> None:
    """Two commenters' shared sign-off, under long and short comments alike, and a comment of that
    word alone stay text."""
    text, authors, bodies = _folded_thread(random.Random(seed), 2, fold=False, sign_off=True)
    comments = read(text)
    assert [author for author, _ in comments] == authors
    assert [body for _, body in comments] == bodies
