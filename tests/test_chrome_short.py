"""Page chrome on short threads and on heads of several short lines with no lead line among them
(threadnote/readers/chrome.py): generated threads in made-up words, so no word list can help."""

from __future__ import annotations

import random

import pytest
from chrome_kit import read as _read
from chrome_kit import sentence, sentences
from chrome_kit import word as _word

from threadnote.readers.chrome import learn_chrome


def _people(rng: random.Random, count: int) -> list[str]:
    """Names of one word or two, all different."""
    names = {" ".join(_word(rng).capitalize() for _ in range(rng.randint(1, 2))) for _ in range(count * 2)}
    return rng.sample(sorted(names), count)


def _thread(rng: random.Random, frames: list[tuple[list[str], list[str]]]) -> tuple[str, list[list[str]], set[str]]:
    """The page text of comments in their frames (chrome paragraphs before and after), the bodies and the chrome lines."""
    parts = [f"{_word(rng).capitalize()} {_word(rng)}", ""]
    bodies = []
    chrome: set[str] = set()
    for head, foot in frames:
        body = sentences(rng)
        bodies.append(body)
        chrome.update(line for part in head + foot for line in part.split("\n"))
        parts.append("\n\n".join([*head, *body, *foot]) + "\n")
    return "\n".join(parts), bodies, chrome


def _caption_head(rng: random.Random, words: tuple[str, str, str], author: str, n: int) -> list[str]:
    """Google Groups' way: a caption of the name's picture, the name, a date with a marker on
    some, an addressee line on others; no line of it is a lead line at the block's edge alone."""
    caption, marker, addressee = words
    date = f"{1 + n % 28} {n % 12 + 1:02d} 20{10 + n % 15}, {n % 12 + 1}:{n % 60:02d}"
    lines = [f"{author}'s {caption}", author, (f"{marker}, " if rng.random() < 0.4 else "") + date]
    if rng.random() < 0.5:
        lines.append(addressee)
    return ["\n".join(lines)]


@pytest.mark.parametrize("seed", range(10))
def test_a_head_of_short_lines_with_the_date_inside_it_is_read(seed: int) -> None:
    rng = random.Random(seed)
    words = (f"{_word(rng)} {_word(rng)}", _word(rng), f"{_word(rng, 1)} {_word(rng, 2)}-{_word(rng, 2)}")
    row = "\n".join(_word(rng).capitalize() for _ in range(3))
    people = _people(rng, 5)
    authors = [rng.choice(people) for _ in range(rng.randint(8, 16))]
    text, bodies, chrome = _thread(rng, [(_caption_head(rng, words, a, n), [row]) for n, a in enumerate(authors)])
    opening, *read = _read(text)
    # the first caption has no row above it to say it is chrome: it stays text, before the first comment
    assert opening == (None, [f"{authors[0]}'s {words[0]}"])
    # a line some heads only show that never changes (an addressee) is not told from a greeting: it stays text
    assert [[p for p in body if p != words[2]] for _, body in read] == bodies
    assert [author for author, _ in read] == authors
    assert not {p for _, body in read for p in body} & chrome - {words[2]}


def _short_frames(rng: random.Random, layout: str, authors: list[str]) -> list[tuple[list[str], list[str]]]:
    """Heads of a short thread that differ a little from one comment to the next: the first post's
    label (`Description`, then `Comment 1`), a badge on the first commenter, a count shown when not zero."""
    label, first, zone, badge, unit, ago = (_word(rng).capitalize() for _ in range(6))
    sep, act, mark = rng.choice("•·|"), _word(rng).capitalize(), rng.choice("△▲↑")
    frames = []
    for n, author in enumerate(authors):
        count = rng.choice([0, 1, 2, 5, 12])
        if layout == "labelled":
            stamp = f"20{10 + n}-0{1 + n}-1{n} 0{n}:1{n}:00"
            frames.append(([f"{first if n == 0 else f'{label} {n}'}  {author}  {stamp} {zone}"], []))
        else:
            head = f"{author}{f' {badge}' if n == 0 else ''} {sep} {2 + n} {unit} {ago}"
            frames.append(([head], [f"{count} {mark} {sep} {act} ›" if count else f"{mark} {sep} {act} ›"]))
    return frames


@pytest.mark.parametrize("comments", [2, 3])
@pytest.mark.parametrize("layout", ["labelled", "badged"])
@pytest.mark.parametrize("seed", range(8))
def test_short_threads_whose_heads_differ_a_little_are_read(seed: int, layout: str, comments: int) -> None:
    rng = random.Random(seed)
    authors = _people(rng, comments)
    text, bodies, chrome = _thread(rng, _short_frames(rng, layout, authors))
    read = _read(text)
    assert [body for _, body in read] == bodies
    # with two or three heads the first commenter's badge is not told from a second word of the name
    assert [author for author, _ in read][1:] == authors[1:]
    assert (read[0][0] or "").startswith(authors[0])
    assert not {p for _, body in read for p in body} & chrome


@pytest.mark.parametrize("seed", range(12))
def test_two_flat_comments_each_ending_with_a_number_teach_no_chrome(seed: int) -> None:
    """A line of words and a number ending each of two comments (a version, a step) may be their
    own text: unlike a row of symbols (`Like · Reply · 8y`), it is not taken for a row ending them."""
    rng = random.Random(seed)
    blocks: list[list[str]] = []
    for _ in range(2):
        blocks += [[sentence(rng)] for _ in range(rng.randint(1, 4))]
        blocks.append([f"{_word(rng)} {rng.randint(1, 9)}.{rng.randint(0, 20)}"])
    assert learn_chrome(blocks) is None


def _row_frames(rng: random.Random, authors: list[str]) -> list[tuple[list[str], list[str]]]:
    """A count over the text and, under it, a row of words, one of them the first post's own
    (`Share Improve this question Follow`, then `answer`), over a date line and the name."""
    words = [_word(rng).capitalize(), _word(rng).capitalize(), _word(rng), _word(rng).capitalize()]
    first, other, verb = _word(rng), _word(rng), _word(rng)
    frames = []
    for n, author in enumerate(authors):
        row = " ".join([*words[:3], first if n == 0 else other, words[3]])
        frames.append(([str(rng.choice([-1, 0, 2, 7, 48]))], [row, f"{verb} 20{10 + n}-0{1 + n}-1{n} 0{n}:1{n}\n{author}"]))
    return frames


@pytest.mark.parametrize("seed", range(10))
def test_a_row_with_the_first_posts_own_word_in_a_thread_of_three_is_chrome(seed: int) -> None:
    rng = random.Random(seed)
    authors = _people(rng, 3)
    text, bodies, chrome = _thread(rng, _row_frames(rng, authors))
    read = _read(text)
    assert [body for _, body in read] == bodies
    assert [author for author, _ in read] == authors
    assert not {p for _, body in read for p in body} & chrome


@pytest.mark.parametrize("seed", range(10))
def test_a_sign_off_one_word_apart_on_one_of_four_comments_stays_text(seed: int) -> None:
    """A line of words ending each of four comments, one word apart on one: the last one ends the
    thread, with no chrome after it, as a row of the page never does. (With three comments such a
    sign-off is taken for chrome already: two heads and a line after each teach a template.)"""
    rng = random.Random(seed)
    authors = _people(rng, 4)
    words, unit = [_word(rng).capitalize(), _word(rng), _word(rng)], _word(rng)
    own, other = _word(rng), _word(rng)
    bodies = [sentences(rng) + [" ".join([*words, own if n == 1 else other])] for n in range(4)]
    text = "\n\n".join([_word(rng).capitalize(), *(p for n, a in enumerate(authors) for p in [f"{a} · {2 + n} {unit} ago", *bodies[n]])])
    read = _read(text + "\n")
    assert [body for _, body in read] == bodies
    assert [author for author, _ in read] == authors
