"""What the generated-chrome tests share: made-up words and sentences, a generated thread and
how it is read."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

CONSONANTS = "bcdfghjklmnprstvwz"
VOWELS = "aeiou"


@dataclass(frozen=True)
class Generated:
    """A generated thread: its text, and what each comment is."""

    text: str
    authors: list[str]
    bodies: list[list[str]]
    chrome: set[str]


def word(rng: random.Random, syllables: int = 0) -> str:
    """A made-up word of a few syllables: no list of real words decides anything here."""
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables or rng.randint(2, 4)))


def sentence(rng: random.Random, fewest: int = 7) -> str:
    return " ".join(word(rng) for _ in range(rng.randint(fewest, 16))).capitalize() + rng.choice(".!?")


def sentences(rng: random.Random) -> list[str]:
    """A comment's text: one to three sentences."""
    return [sentence(rng) for _ in range(rng.randint(1, 3))]


def page(rng: random.Random, comments: Iterable[tuple[str, list[str]]], under: Sequence[str] = ()) -> tuple[str, list[list[str]]]:
    """A titled page of comments, each its head over its paragraphs (and `under`'s lines, that are
    no paragraph of it): the text and each comment's paragraphs. The title is drawn first: a
    generator of `comments` that draws from `rng` too then draws each comment in its turn after it."""
    parts, bodies = [f"{word(rng).capitalize()} {word(rng)}", ""], []
    for head, body in comments:
        bodies.append(body)
        parts.append("\n\n".join([head, *body, *under]) + "\n")
    return "\n".join(parts), bodies


def read(text: str) -> list[tuple[str | None, list[str]]]:
    """Each comment's author and paragraphs, as the thread stage reads the text."""
    detected, problems = parse_thread(text, "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    return [(c.author, [p.text for p in c.paragraphs]) for c in detected.thread.comments]


def assert_read_as(text: str, authors: list[str], bodies: list[list[str]]) -> None:
    """The thread stage cuts the text into the comments generated, each named by its author."""
    found = read(text)
    assert [body for _, body in found] == bodies
    assert [author for author, _ in found] == authors
