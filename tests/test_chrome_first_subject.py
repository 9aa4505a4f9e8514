"""The first post's subject inside its head, the replies' subject line less a run (`Subject: Title`
between `From:` and `Date:` where the replies show `Subject: Re: Bug#4: Title`): chrome, so the
head stays one and names the first post (threadnote/readers/chrome.py `_shows_less_a_run`).
Generated threads in made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    """Heads of three labelled lines: `Frum: Bob <bob@host>`, `Subjo: Re: Bag#4: [kit] Title?`
    (the first post's without `Re: Bag#4:`), `Dato: 20 Tufe 2011 10:12`."""
    frum, subjo, dato, re, bag, kit, month = (word(rng).capitalize() for _ in range(7))
    title = " ".join(word(rng) for _ in range(4)).capitalize() + "?"
    host, number = f"{word(rng)}.org", rng.randint(100000, 999999)
    authors = [rng.choice(sorted({word(rng).capitalize() for _ in range(8)})) for _ in range(rng.randint(8, 14))]

    def comments():
        for n, author in enumerate(authors):
            subject = f"[{kit.lower()}] {title}" if n == 0 else f"{re}: {bag}#{number}: [{kit.lower()}] {title}"
            when = f"{1 + n} {month} 2011 {10 + n % 12}:{rng.randint(10, 59)}"
            yield f"{frum}: {author} <{author.lower()}@{host}>\n{subjo}: {subject}\n{dato}: {when}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(6))
def test_the_first_posts_subject_less_the_replies_run_is_its_heads(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed))
    assert_read_as(text, authors, bodies)
