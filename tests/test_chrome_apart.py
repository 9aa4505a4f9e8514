"""Chrome in shapes from bench/chrome_shapes.py: a name in a block of its own above its time, and
rows whose counts show only when they are not zero (made-up comment text)."""

from __future__ import annotations

import pytest

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

PEOPLE = ["Greta Holm", "Jonas Weber", "Mia Lund", "Tarek Said", "Greta Holm", "Ole Brandt"]
BODIES = [
    "Die Brücke wird im Sommer für drei Monate gesperrt, das steht im Bericht",
    "Im Bericht steht aber auch, dass die Busse eine eigene Spur bekommen",
    "Eine eigene Spur hilft nur, wenn sie auch kontrolliert wird",
    "Kontrollen gab es letztes Jahr fast keine, das weiß jeder hier",
    "Dann muss die Stadt eben mehr Personal einstellen, das ist nicht schwer",
    "Personal kostet Geld, und das Geld fehlt an anderer Stelle im Haushalt",
]
ROWS = ["↩ 2 ⇄ ★ 5", "↩ ⇄ ★", "↩ 1 ⇄ 3 ★", "↩ ⇄ 1 ★ 12", "↩ 4 ⇄ ★ 1", "↩ ⇄ ★ 2"]


def _thread(name_apart: bool, row: bool) -> str:
    parts = ["Die Brücke", ""]
    for day, (person, body, counts) in enumerate(zip(PEOPLE, BODIES, ROWS), start=3):
        head = f"{person}\n\n{day}. März 2021, 1{day}:0{day} Uhr" if name_apart else f"{person}\n{day}. März 2021, 1{day}:0{day} Uhr"
        parts.append(f"{head}\n\n{body}\n\n{counts if row else 'Antworten  Melden'}\n")
    return "\n".join(parts)


@pytest.mark.parametrize(("name_apart", "row"), [(True, False), (False, True), (True, True)], ids=["name-apart", "optional-counts", "both"])
def test_names_apart_and_rows_with_optional_counts_are_chrome(name_apart: bool, row: bool) -> None:
    detected, problems = parse_thread(_thread(name_apart, row), "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    comments = detected.thread.comments
    assert [(c.author, [p.text for p in c.paragraphs]) for c in comments] == [(a, [b]) for a, b in zip(PEOPLE, BODIES)]
    assert [c.time for c in comments][:2] == ["3. März 2021, 13:03 Uhr", "4. März 2021, 14:04 Uhr"]


@pytest.mark.parametrize("seed", range(6))
def test_a_time_that_reads_the_same_each_time_heads_comments_under_names_apart(seed: int) -> None:
    """`Ann Lee` over `annlee`, a blank line, then `Jul '11` on every comment of a thread posted in
    one month, and `2 Likes` under some: the time never changes, the names in the block above it do."""
    import random

    from chrome_kit import read, sentences, word

    rng = random.Random(seed)
    month, like = word(rng, 1).capitalize(), word(rng).capitalize()
    handles = rng.sample(sorted({word(rng) + word(rng, 1) for _ in range(20)}), 6)
    full = {handle: f"{word(rng).capitalize()} {word(rng).capitalize()}" for handle in handles if rng.random() < 0.4}
    authors = [rng.choice(handles) for _ in range(rng.randint(10, 16))]
    parts = [f"{word(rng).capitalize()} {word(rng)}", ""]
    bodies = []
    for author in authors:
        body = sentences(rng)
        bodies.append(body)
        name = f"{full[author]}\n{author}" if author in full else author
        likes = rng.choice([0, 1, 2, 4, 11])
        parts.append("\n\n".join([name, f"{month} '11", *body, *([f"{likes} {like}"] if likes else [])]) + "\n")
    comments = read("\n".join(parts))
    assert [body for _, body in comments] == bodies
