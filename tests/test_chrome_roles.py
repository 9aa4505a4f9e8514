"""Roles in page chrome (threadnote/readers/chrome_roles.py): generated shapes whose template sits
after the text, around it or with the date above the name, in made-up words, long and short."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from chrome_kit import Generated, sentences
from chrome_kit import read as _read
from chrome_kit import word as _word

from threadnote.readers.chrome_roles import is_name_line

SYMBOLS = "•·|»◆★¦"


@dataclass(frozen=True)
class _Site:
    """One made-up site: its words for actions, months and labels, and its separator."""

    rng: random.Random
    actions: tuple[str, ...]
    months: tuple[str, ...]
    verb: str
    label: str
    sep: str

    @classmethod
    def make(cls, rng: random.Random) -> _Site:
        actions = tuple(_word(rng).capitalize() for _ in range(rng.randint(2, 4)))
        months = tuple(_word(rng, 2).capitalize() for _ in range(4))
        return cls(rng, actions, months, _word(rng, 3), _word(rng, 2).capitalize(), rng.choice(SYMBOLS))

    def when(self, n: int) -> str:
        return f"{self.months[n % 4]} {1 + n % 28}, 20{10 + n % 15} at {n % 24}:{n % 60:02d}"

    def after(self, author: str, n: int) -> tuple[list[str], list[str]]:
        """Stack Exchange's way: a row, then the time, the name and a score under the text."""
        score = " ● ".join(str(self.rng.randint(1, 999)) for _ in range(3))  # points and badges
        return [str(self.rng.randint(0, 40))], [" ".join(self.actions), f"{self.verb} {self.when(n)}\n{author}\n{score}"]

    def around(self, author: str, n: int) -> tuple[list[str], list[str]]:
        """Facebook's way: the name over the text, a row with an age under it."""
        return [author], [f" {self.sep} ".join(self.actions) + f" {self.sep} {1 + n % 9}{self.rng.choice('qxz')}"]

    def date_above(self, author: str, n: int) -> tuple[list[str], list[str]]:
        """vBulletin's way: the date and a number, then the name, a rank and the profile's labels."""
        rank = self.rng.choice(self.actions)
        stamp = f"{1 + n % 12:02d}-{1 + n % 28:02d}-20{10 + n % 15}, {n % 12 + 1:02d}:{n % 60:02d}  #{n + 1}"
        profile = f"{author.lower()}\n{rank} {self.label}\n{self.label}: {self.months[n % 4]} 20{10 + n % 9}"
        return [stamp, profile], ["  ".join(self.actions[:2])]


LAYOUTS = {"after": _Site.after, "around": _Site.around, "date-above": _Site.date_above}


def generate(seed: int, layout: str, comments: int) -> Generated:
    """A thread laid out in one of the layouts, by a made-up site, reproducible from its seed."""
    rng = random.Random(seed)
    site = _Site.make(rng)
    people = [_word(rng).capitalize() + rng.choice(["", "_" + _word(rng, 1), str(rng.randint(1, 99))]) for _ in range(6)]
    authors = rng.sample(people, 2) + [rng.choice(people) for _ in range(comments - 2)]
    parts, bodies, chrome = [f"{_word(rng).capitalize()} {_word(rng)}", ""], [], set()
    for n, author in enumerate(authors):
        head, foot = LAYOUTS[layout](site, author, n)
        body = sentences(rng)
        bodies.append(body)
        chrome.update(line for part in head + foot for line in part.split("\n"))
        parts.append("\n\n".join([*head, *body, *foot]) + "\n")
    return Generated("\n".join(parts), [a.lower() if layout == "date-above" else a for a in authors], bodies, chrome)


@pytest.mark.parametrize("layout", ["after", "date-above"])
@pytest.mark.parametrize("seed", range(12))
def test_names_read_where_the_template_puts_them(seed: int, layout: str) -> None:
    thread = generate(seed, layout, random.Random(seed).randint(6, 14))
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors
    assert not {p for _, body in read for p in body} & thread.chrome


@pytest.mark.parametrize("seed", range(12))
def test_a_name_over_the_text_after_the_row_below_the_comment_before_names_the_next(seed: int) -> None:
    thread = generate(seed, "around", random.Random(seed).randint(6, 14))
    read = _read(thread.text)
    # the first name has no row above it, but the thread starts where a row ends a comment: it is the first one's
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors


@pytest.mark.parametrize("comments", [2, 3])
@pytest.mark.parametrize("seed", range(8))
def test_short_threads_with_the_chrome_after_the_text(seed: int, comments: int) -> None:
    thread = generate(seed, "after", comments)
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors


ROW_THEN_COUNTS = """\
Die Brücke

Greta Holm · 3 März 2021

Die Brücke wird im Sommer für drei Monate gesperrt, das steht im Bericht

Antworten  Melden

Zwei Antworten

Jonas Weber · 4 März 2021

Im Bericht steht aber auch, dass die Busse eine eigene Spur bekommen

Antworten  Melden

Mia Lund · 5 März 2021

Eine eigene Spur hilft nur, wenn sie auch kontrolliert wird

Antworten  Melden

Kurz
"""


def test_a_short_line_between_a_row_and_the_next_head_is_chrome_and_one_after_the_last_row_is_text() -> None:
    read = _read(ROW_THEN_COUNTS)
    assert [author for author, _ in read][:3] == ["Greta Holm", "Jonas Weber", "Mia Lund"]
    assert "Zwei Antworten" not in {p for _, body in read for p in body}
    assert read[-1][1][-1] == "Kurz"  # nothing follows it to say it is the page's: no word is lost


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lommo97", True),
        ("J. Smith", True),
        ("[deleted]", True),
        ("Ann Lee @ann@example.social", True),
        ("Re:Nice detour (Score:4, Funny)", False),
        ("Posts: 1,234", False),
        ("This line ends like a sentence.", False),
        ("", False),
    ],
)
def test_a_bare_name_line_is_words_alone(text: str, expected: bool) -> None:
    assert is_name_line(text) is expected
