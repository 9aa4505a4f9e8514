"""The comment's time read from generated chrome: a date, a clock or an age, never a count or an
ordinal beside it; a date and its clock are one time, either first; the line every comment shows
dates it; numbers every subject shows alike date nothing."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from chrome_kit import sentences, word

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

Layout = Callable[[random.Random, int, str], tuple[list[str], list[str], str]]
"""A comment's chrome before and after its text, from its number and author, and the time it shows."""


def times(layout: Layout, seed: int, comments: int = 14, title: str = "") -> tuple[list[str | None], list[str]]:
    """The times read from a generated thread laid out so, and the times it shows; a `title` the
    page shows over the comments, as a scrape of it keeps it."""
    rng = random.Random(seed)
    authors = [word(rng).capitalize() for _ in range(5)]
    parts: list[str] = [title] if title else []
    shown: list[str] = []
    for number in range(comments):
        heads, feet, when = layout(rng, number, rng.choice(authors))
        body = sentences(rng)
        parts += [*heads, *body, *feet]
        shown.append(when)
    text = '---\ntitle: "A thread"\nbyline: "Someone"\n---\n\n' + "\n\n".join(parts) + "\n"
    detected, problems = parse_thread(text, "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    return [c.time for c in detected.thread.comments], shown


def shows(read: list[str | None], shown: list[str]) -> int:
    """How many comments' times read are the time shown, the constant words before it aside (`on`)."""
    return sum(1 for r, s in zip(read, shown, strict=True) if r is not None and r.endswith(s))


def _ages(unit: str) -> Layout:
    actions = [word(random.Random(unit + str(i))).capitalize() for i in range(2)]

    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        age = f"{rng.randint(1, 30)}{unit}"
        count = rng.choice([0, 0, 1, 2, 5, 12])
        foot = f"{actions[0]} · {actions[1]} · {age}"
        return [author], [f"{foot}  {count}" if count else foot], age

    return layout


@pytest.mark.parametrize(("unit", "seed"), [("y", 1), ("w", 2), ("j", 3), ("ч", 4)])
def test_a_count_after_an_age_is_not_the_time(unit: str, seed: int) -> None:
    read, shown = times(_ages(unit), seed)
    assert shows(read, shown) == len(shown)


def _ordinals(verb: str) -> Layout:
    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        when = f"20{rng.randint(10, 19)}-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
        return [f"{author} ({author.lower()}) {verb} {when}: #{number + 1}"], [], when

    return layout


@pytest.mark.parametrize(("verb", "seed"), [("wrote on", 5), ("a écrit le", 6), ("schrieb am", 7)])
def test_an_ordinal_after_a_date_is_not_the_time(verb: str, seed: int) -> None:
    read, shown = times(_ordinals(verb), seed)
    assert shows(read, shown) == len(shown)


def _bracketed_weekday(days: str) -> Layout:
    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        when = f"2014/{rng.randint(1, 12)}/{rng.randint(1, 28)}({rng.choice(days)}) {rng.randint(10, 23)}:{rng.randint(10, 59)}"
        return [author, when], [f"{word(rng)}{rng.randint(0, 9)}"], when

    return layout


@pytest.mark.parametrize(("days", "seed"), [("月火水木金土日", 8), ("LMXJVSD", 9)])
def test_a_date_and_its_clock_apart_are_one_time(days: str, seed: int) -> None:
    read, shown = times(_bracketed_weekday(days), seed)
    assert shows(read, shown) == len(shown)


def _clock_then_date(words: random.Random) -> Layout:
    """`12:43 Pa · Mu 20, 2014` under the name: the clock before its date, a symbol between."""
    half, months = word(words, 1).capitalize(), [word(words, 1).capitalize() for _ in range(3)]

    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        when = f"{rng.randint(1, 12)}:{rng.randint(10, 59)} {half} · {rng.choice(months)} {rng.randint(1, 28)}, 2014"
        return [f"{author}\n{when}"], [], when

    return layout


@pytest.mark.parametrize("seed", [12, 13])
def test_a_clock_before_its_date_is_one_time_with_it(seed: int) -> None:
    read, shown = times(_clock_then_date(random.Random(seed)), seed)
    assert shows(read, shown) == len(shown)


Day = Callable[[random.Random, int, list[str]], str]
"""A comment's month and day, from its number and the thread's month words."""


def _edited_sometimes(words: random.Random, months: int, posted_on: Day, edited_on: Day, every: int) -> Layout:
    """A posting line (a verb, a date, the name under it) under every comment, and an edit line of
    another verb over it on every `every`-th."""
    posted, edited, row = word(words), word(words), f"{word(words).capitalize()} {word(words)}"
    names = [word(words, 2).capitalize() for _ in range(months)]

    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        when = f"{posted_on(rng, number, names)}, 2013 at {rng.randint(10, 23)}:{rng.randint(10, 59)}"
        feet = [row]
        if number % every == 1:
            feet.append(f"{edited} {edited_on(rng, number, names)}, 2013 at {rng.randint(10, 23)}:{rng.randint(10, 59)}")
        feet.append(f"{posted} {when}\n{author}")
        return [str(rng.randint(0, 9))], feet, when

    return layout


def _occasional_edit(words: random.Random) -> Layout:
    return _edited_sometimes(
        words, 3, lambda rng, number, months: f"{months[min(2, number // 5)]} {rng.randint(1, 28)}",
        lambda rng, number, months: f"{months[2]} {rng.randint(1, 28)}", every=4,
    )


@pytest.mark.parametrize("seed", [10, 11])
def test_the_line_every_comment_shows_dates_it(seed: int) -> None:
    read, shown = times(_occasional_edit(random.Random(seed)), seed)
    assert shows(read, shown) >= len(shown) - 1  # the first comment's edit may come first


def _edits_a_month_on(words: random.Random) -> Layout:
    """Every comment posted in one month; a few edited, in that month or the next: the edits' shapes
    hold the verb in a slot, and match the posting lines too."""
    return _edited_sometimes(
        words, 2, lambda rng, number, months: f"{months[0]} {1 + number}",
        lambda rng, number, months: f"{months[number % 2]} {rng.randint(20, 28)}", every=3,
    )


@pytest.mark.parametrize("seed", [12, 13, 14, 15])
def test_the_line_every_comment_shows_dates_it_though_an_edits_shape_matches_it(seed: int) -> None:
    read, shown = times(_edits_a_month_on(random.Random(seed)), seed, comments=20)
    assert shows(read, shown) == len(shown)


def _numbered_subject(subject: str, words: random.Random) -> Layout:
    """The page's subject over the first post and `Re:` it over the others, holding numbers of its
    own (`[PATCH 06/10]`), a byline with the date under it."""
    by, arrow, months = word(words).capitalize(), words.choice("»›>"), [word(words, 2).capitalize() for _ in range(2)]

    def layout(rng: random.Random, number: int, author: str) -> tuple[list[str], list[str], str]:
        when = f"{months[number * 2 // 14]} {1 + number * 2 % 28}, 2009 {rng.randint(1, 12)}:{rng.randint(10, 59)}"
        return [subject if number == 0 else f"Re: {subject}", f"{by} {author.lower()} {arrow} {when}"], [], when

    return layout


@pytest.mark.parametrize("seed", [16, 17, 18])
def test_numbers_every_subject_shows_alike_are_no_time(seed: int) -> None:
    words = random.Random(seed)
    subject = f"[{word(words).upper()}] {word(words)} {words.randint(1, 9):02}/{words.randint(10, 30)}: {word(words)} {word(words)}"
    read, shown = times(_numbered_subject(subject, words), seed, title=subject)
    assert shows(read, shown) == len(shown)
