"""The lexical side of chrome, on generated shapes: counts glued to words of scripts written without
spaces, month words of made-up calendars, and optional chrome lines that show on some comments only."""

from __future__ import annotations

import random
import unicodedata

import pytest
from chrome_kit import Generated, sentence
from chrome_kit import read as _read
from chrome_kit import word as _latin

from threadnote.readers.chrome import OPTIONAL_LEAST
from threadnote.readers.chrome_tokens import INFLECTED, inflections, is_caseless, tokens, varies_like_a_time

CASELESS = [chr(c) for c in range(0x3000, 0xD7A4) if unicodedata.category(chr(c)) == "Lo"]
"""Letters without case, from kana and Han to Hangul: a made-up script draws its letters from a stretch of them."""
CASED = [chr(c) for c in range(0x41, 0x530) if chr(c).isalpha() and (chr(c).isupper() or chr(c).islower())]
"""Latin, Greek and Cyrillic letters: scripts written with spaces."""


def _thread(rng: random.Random, frames: list[tuple[str, list[str], list[str]]], bodies: list[list[str]]) -> Generated:
    """A thread from each comment's author, head lines and foot lines, and its paragraphs."""
    parts = [f"{_latin(rng).capitalize()} {_latin(rng)} {_latin(rng)}", ""]
    chrome: set[str] = set()
    for (_, head, foot), body in zip(frames, bodies):
        chrome.update(head + foot)
        parts.append("\n".join(head) + "\n\n" + "\n\n".join(body) + ("\n\n" + "\n".join(foot) if foot else "") + "\n")
    return Generated("\n".join(parts), [author for author, _, _ in frames], bodies, chrome)


def _assert_read(thread: Generated) -> None:
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors
    assert not {p for _, body in read for p in body} & thread.chrome


# -- scripts written without spaces: a count glued to a word is cut from it


def _script(rng: random.Random) -> list[str]:
    start = rng.randrange(len(CASELESS) - 80)
    return CASELESS[start : start + 80]


def _script_word(rng: random.Random, script: list[str], letters: tuple[int, int] = (2, 4)) -> str:
    return "".join(rng.choice(script) for _ in range(rng.randint(*letters)))


@pytest.mark.parametrize("seed", range(6))
def test_a_count_glued_to_a_caseless_word_is_a_token_of_its_own(seed: int) -> None:
    rng = random.Random(seed)
    word = _script_word(rng, _script(rng))
    count = str(rng.randint(0, 999))
    assert tokens(f"{word}{count}") == (("word", word), ("digits", count))
    cased = "".join(rng.choice(CASED) for _ in range(3))
    assert tokens(f"{cased}{count}") == (("word", f"{cased}{count}"),)  # `bob42`, `Σπύρος7`: a name
    assert all(is_caseless(letter) for letter in word) and not any(is_caseless(letter) for letter in cased)


def generate_caseless(seed: int) -> Generated:
    """A page in a made-up script written without spaces: a name line, a date line, and rows of
    reactions with their counts glued on (`返信3`, `共感した1  なるほど12`)."""
    rng = random.Random(seed)
    script = _script(rng)
    people = [_script_word(rng, script) for _ in range(rng.randint(4, 8))]
    reply, *reactions = (_script_word(rng, script) for _ in range(rng.randint(2, 4)))
    when = rng.randint(0, 10_000)
    frames, bodies = [], []
    for _ in range(rng.randint(8, 16)):
        author = rng.choice(people)
        when += rng.randint(1, 300)
        head = [author, f"2019/{1 + when // 800 % 12}/{1 + when // 30 % 28} {when // 60 % 24:02d}:{when % 60:02d}"]
        counts = [rng.choice([0, 1, 3, 12, 140]) for _ in range(len(reactions) + 1)]
        foot = [f"{reply}{counts[0]}", "  ".join(f"{word}{n}" for word, n in zip(reactions, counts[1:]))]
        frames.append((author, head, foot))
        bodies.append([_script_word(rng, script, (110, 200)) + "。" for _ in range(rng.randint(1, 3))])
    return _thread(rng, frames, bodies)


@pytest.mark.parametrize("seed", range(12))
def test_rows_of_counts_glued_to_caseless_words_are_chrome(seed: int) -> None:
    _assert_read(generate_caseless(seed))


# -- a made-up calendar: a word beside a date's numbers that changes with time is the date's, not a name


MONTH_SHAPES = ("month-first", "day-first", "weekday-month", "one-line")


def generate_dated(seed: int, shape: str) -> Generated:
    """A page whose dates name months and weekdays in a made-up calendar, the thread running over
    several months; a few commenters, so names are no more varied than the months."""
    rng = random.Random(seed)
    months = [_latin(rng, rng.randint(1, 3)).capitalize() for _ in range(rng.randint(5, 13))]
    weekdays = [_latin(rng, 1).capitalize() + _latin(rng, 1) for _ in range(rng.randint(5, 8))]
    people = [_latin(rng).capitalize() for _ in range(rng.randint(2, 4))]
    posted, said, sep = _latin(rng, 2), _latin(rng, 1), rng.choice("·»|•")
    actions = [_latin(rng).capitalize() for _ in range(rng.randint(1, 3))]
    day = rng.randint(0, 300)
    frames, bodies = [], []
    for _ in range(rng.randint(18, 30)):
        author = rng.choice(people)
        day += rng.randint(0, 5)
        month, date, year = months[day // 28 % len(months)], 1 + day % 28, 2000 + day // (28 * len(months))
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        if shape == "month-first":
            head = [author, f"{month} {date}, {year}, {clock}"]
        elif shape == "day-first":
            head = [author, f"{date}. {month} {year}, {clock}"]
        elif shape == "weekday-month":
            head = [f"{posted.capitalize()} {said} {author} {sep} {weekdays[day % len(weekdays)]} {month} {date}, {year} {clock}"]
        else:
            head = [f"{author} {sep} {month} {date}, {year}"]
        frames.append((author, head, [f" {sep} ".join(actions)]))
        bodies.append([sentence(rng, fewest=6) for _ in range(rng.randint(1, 3))])
    return _thread(rng, frames, bodies)


@pytest.mark.parametrize("shape", MONTH_SHAPES)
@pytest.mark.parametrize("seed", range(8))
def test_month_and_weekday_words_are_the_time_not_the_author(seed: int, shape: str) -> None:
    _assert_read(generate_dated(seed, shape))


@pytest.mark.parametrize("seed", range(6))
def test_a_word_that_changes_in_stretches_is_a_time_one_that_comes_and_goes_a_name(seed: int) -> None:
    rng = random.Random(seed)
    months = [_latin(rng).capitalize() for _ in range(rng.randint(2, 5))]
    in_stretches = [month for month in months for _ in range(rng.randint(3, 8))]
    names = [months[at % len(months)] for at in range(len(in_stretches))]  # the same words, in turn
    assert varies_like_a_time(in_stretches)
    assert not varies_like_a_time(names)
    glue = [_latin(rng, 1)] * len(in_stretches)  # `at` of `2009 at 2:00`: never changes
    assert not varies_like_a_time(glue) and varies_like_a_time(glue, may_stay=True)


# -- lines some comments only show: a reply's reference, a count of answers


def generate_optional(seed: int) -> Generated:
    """A page whose comments show some lines at random shares, well under most comments: a line
    naming the comment answered (`(In reply to bob from comment #2)`) under the head, counts of
    answers and of likes (`Voir 4 réponses`, `1 Empfehlung`, `7 Empfehlungen`: a word with an
    ending of its own for more than one) under the row of actions. Some comments open with a
    greeting of words alone (`Hi Dug,`), which stays text. Each optional line shows at least
    OPTIONAL_LEAST times: a line met twice is the commenters' as much as the page's."""
    rng = random.Random(seed)
    people = [_latin(rng).capitalize() for _ in range(rng.randint(4, 8))]
    sep, ago, unit = rng.choice("·»|•"), _latin(rng, 2), _latin(rng, 2)
    refer = [_latin(rng, 1) for _ in range(3)]
    see, answers, likes, hello = _latin(rng, 2).capitalize(), _latin(rng, 3), _latin(rng, 3).capitalize(), _latin(rng, 1).capitalize()
    plural = rng.choice(["", *(_latin(rng, 1)[: rng.randint(1, 2)] for _ in range(2))])
    actions = f" {sep} ".join(_latin(rng).capitalize() for _ in range(rng.randint(1, 3)))
    count = rng.randint(16, 30)
    replies, answered, liked = (_some(rng, count, rng.uniform(0.2, 0.6)) for _ in range(3))
    greeted = _some(rng, count, rng.uniform(0.1, 0.4))
    frames: list[tuple[str, list[str], list[str]]] = []
    bodies = []
    for number in range(count):
        author = rng.choice(people)
        head = [f"{author} {sep} {rng.randint(1, 59)} {unit} {ago}"]
        if number in replies:
            parent = rng.randrange(len(frames))
            head.append(f"({refer[0].capitalize()} {refer[1]} {frames[parent][0]} {refer[2]} #{parent + 1})")
        foot = [actions]
        for shown, line in ((answered, f"{see} {{}} {answers}"), (liked, f"{{}} {likes}")):
            if number in shown:
                n = rng.choice([1, 1, 2, 5, 12])
                foot.append(line.format(n) + ("" if n == 1 else plural))
        body = [sentence(rng, fewest=6) for _ in range(rng.randint(1, 3))]
        if number in greeted:
            body.insert(0, f"{hello} {frames[-1][0]},")
        frames.append((author, head, foot))
        bodies.append(body)
    return _thread(rng, frames, bodies)


def _some(rng: random.Random, count: int, share: float) -> set[int]:
    """The comments (the first aside) that show an optional line: about a share of them."""
    return set(rng.sample(range(1, count), max(OPTIONAL_LEAST, round(share * count))))


@pytest.mark.parametrize("seed", range(12))
def test_lines_some_comments_only_show_are_chrome_and_greetings_stay_text(seed: int) -> None:
    _assert_read(generate_optional(seed))


@pytest.mark.parametrize("seed", range(6))
def test_a_word_and_itself_with_a_short_ending_are_one_word(seed: int) -> None:
    rng = random.Random(seed)
    stem, short, other = _latin(rng, rng.randint(2, 4)), _latin(rng, 1), _latin(rng, 3)
    forms = {stem, stem + "s", stem + _latin(rng, 1), short, short + "n", other}
    assert inflections(forms) == {form: stem + INFLECTED for form in forms if form.startswith(stem)}
    assert inflections({stem, stem + _latin(rng, 2)}) == {}  # an ending of four letters makes another word
