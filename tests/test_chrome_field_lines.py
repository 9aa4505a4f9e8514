"""Lines a tracker shows right under some comments' heads, over their text (threadnote/readers/
chrome_occasional.py `shared_lines`): the fields a comment changed (`Cc: added`, `Resolution set
to fixed` over `Status changed from assigned to closed`) are the page's, met twice or by one
commenter only; lines of one phrase with values that change, under three heads at least, are
too (`fields_under_heads`: `Status changed from new to assigned`, then `from assigned to
closed`); a commenter's greeting that leads on (`Hi all,`) and a line like a field's in a
comment's text stay text. Generated threads in made-up words, heads `#4 vemo 3 kalu · alice`."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _fields(rng: random.Random) -> list[str]:
    """Two changes of a field (a label, a colon or an arrow, values): one a line, one two lines."""
    label, moved = word(rng).capitalize(), word(rng)
    return [f"{label}: {moved}", f"{word(rng).capitalize()} {moved} {word(rng)}\n{label} {moved} {word(rng)} → {word(rng)}"]


def _thread(seed: int, times: int, short_text: bool = False, greeting: bool = False) -> tuple[str, list[str], list[list[str]]]:
    """A tracker's comments, each field block under `times` of them (by one commenter or several);
    with `short_text`, one of those comments' whole text is a few words and no full stop; with
    `greeting`, one commenter opens every comment with the same greeting, a comma after it."""
    rng = random.Random(seed)
    unit, ago = word(rng), word(rng)
    handles = sorted({word(rng) for _ in range(12)})[:6]
    authors = [rng.choice(handles) for _ in range(rng.randint(14, 20))]
    fields = _fields(rng)
    under = dict(zip(rng.sample(range(1, len(authors)), times * len(fields)), [f for f in fields for _ in range(times)]))
    greeter, hello = authors[0], f"{word(rng).capitalize()} {word(rng)},"
    bodies = [sentences(rng) for _ in authors]
    if short_text:
        bodies[min(under)] = [f"{word(rng).capitalize()} {word(rng)}"]
    if greeting:
        bodies = [[hello, *body] if author == greeter else body for author, body in zip(authors, bodies)]
    bodies[-1] = [*bodies[-1], f"{word(rng).capitalize()} {word(rng)} {word(rng)} → {word(rng)}"]  # a change told in the text

    def comments() -> list[tuple[str, list[str]]]:
        return [
            ("\n\n".join([f"#{n + 1} {unit} {2 + n % 9} {ago} · {author}", *([under[n]] if n in under else [])]), body)
            for n, (author, body) in enumerate(zip(authors, bodies))
        ]

    text, _ = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(6))
def test_fields_under_two_heads_are_chrome(seed: int) -> None:
    text, authors, bodies = _thread(seed, times=2)
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_fields_over_a_short_comment_are_chrome(seed: int) -> None:
    text, authors, bodies = _thread(seed, times=4, short_text=True)
    assert_read_as(text, authors, bodies)


@pytest.mark.parametrize("seed", range(6))
def test_a_greeting_under_a_commenters_heads_stays_text(seed: int) -> None:
    text, authors, bodies = _thread(seed, times=2, greeting=True)
    assert_read_as(text, authors, bodies)


def _changing_fields(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """A tracker's comments, a third of them under a field's change `Wuzo mipa from kela to sotu`,
    its values drawn each time, over a second one now and then; the last comment tells of a change
    in its text in other words (`Wuzo lobe from kela to sotu`)."""
    rng = random.Random(seed)
    unit, ago, label, verb, told, other = (word(rng) for _ in range(6))
    values = [word(rng) for _ in range(5)]
    handles = sorted({word(rng) for _ in range(12)})[:6]
    authors = [rng.choice(handles) for _ in range(rng.randint(16, 22))]
    changed = rng.sample(range(1, len(authors)), len(authors) // 3)
    bodies = [sentences(rng) for _ in authors]
    bodies[-1] = [*bodies[-1], f"{label.capitalize()} {told} from {values[0]} to {values[1]}"]

    def fields() -> str:
        first, second = rng.sample(values, 2)
        change = f"{label.capitalize()} {verb} from {first} to {second}"
        return f"{change}\n{other.capitalize()} {verb} from {rng.randint(0, 9)} to {rng.randint(10, 99)}" if rng.random() < 0.4 else change

    comments = [
        ("\n\n".join([f"#{n + 1} {unit} {2 + n % 9} {ago} · {author}", *([fields()] if n in changed else [])]), body)
        for n, (author, body) in enumerate(zip(authors, bodies))
    ]
    text, _ = page(rng, comments)
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(8))
def test_changing_fields_under_heads_are_chrome(seed: int) -> None:
    text, authors, bodies = _changing_fields(seed)
    assert_read_as(text, authors, bodies)
