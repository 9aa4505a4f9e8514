"""What the generated-chrome tests share: made-up words and sentences, a generated thread and
how it is read."""

from __future__ import annotations

import random
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


def read(text: str) -> list[tuple[str | None, list[str]]]:
    """Each comment's author and paragraphs, as the thread stage reads the text."""
    detected, problems = parse_thread(text, "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    return [(c.author, [p.text for p in c.paragraphs]) for c in detected.thread.comments]
