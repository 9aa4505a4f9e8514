"""A time line some comments show with an edit's time after it (`· 3 yr. ago · edited 3 yr. ago`
under new Reddit's `u/alice`): the time line's variant, chrome like it (threadnote/readers/chrome.py
`_time_again_after`). Generated threads in made-up words."""

from __future__ import annotations

import random

import pytest
from chrome_kit import assert_read_as, page, sentences, word


def _thread(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    """Heads `u/bob` over `· 3 unit. ago`, a tenth of them with `· edited 3 unit. ago` after it, a
    score over a row of actions under each text; every comment within one unit (a steady time)."""
    unit, ago, edited = word(rng), word(rng), word(rng)
    row = " ".join(word(rng).capitalize() for _ in range(4))
    handles = sorted({word(rng) + word(rng, 1) for _ in range(12)})
    authors = [rng.choice(handles) for _ in range(rng.randint(40, 60))]
    edits = rng.sample(range(1, len(authors)), 6)

    def comments():
        for n, author in enumerate(authors):
            when = f"· 7 {unit}. {ago}" + (f" · {edited} 7 {unit}. {ago}" if n in edits else "")
            yield f"u/{author}\n{when}", sentences(rng) + [f"{rng.randint(1, 40)}\n{row}"]

    text, bodies = page(rng, comments())
    return text, authors, [body[:-1] for body in bodies]


@pytest.mark.parametrize("seed", range(6))
def test_a_time_line_with_an_edit_after_it_is_chrome(seed: int) -> None:
    text, authors, bodies = _thread(random.Random(seed))
    assert_read_as(text, authors, bodies)
