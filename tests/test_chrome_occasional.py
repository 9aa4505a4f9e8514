"""Chrome lines the template meets rarely, on generated shapes: the first post's head one word away
from the others', and lines some comments only show (a count with an inflected word, a block of a
change made), while a commenter's sign-off and a table of counts in a comment stay text."""

from __future__ import annotations

import random

import pytest
from chrome_kit import Generated, sentence, sentences, word
from chrome_kit import read as _read

SYMBOLS = ["→", "->", "»", "⇒", "=>"]
"""What a page may put between an old state and a new one."""


def _page(rng: random.Random, comments: list[tuple[str, list[str], list[str], list[str]]]) -> Generated:
    """A page from each comment's author, head paragraphs, text and foot paragraphs, a blank line between any two."""
    parts = [f"{word(rng).capitalize()} {word(rng)} {word(rng)}"]
    chrome: set[str] = set()
    for _, head, body, foot in comments:
        chrome.update(head + foot + [line for paragraph in head + foot for line in paragraph.split("\n")])
        parts.extend(head + body + foot)
    return Generated("\n\n".join(parts) + "\n", [c[0] for c in comments], [c[2] for c in comments], chrome)


def _people(rng: random.Random) -> list[str]:
    return [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(rng.randint(4, 7))]


def _bodies(thread: Generated) -> list[list[str]]:
    """Each comment's paragraphs as read: the lines of one joined by a space."""
    return [[" ".join(paragraph.split("\n")) for paragraph in body] for body in thread.bodies]


def _assert_read(thread: Generated) -> None:
    read = _read(thread.text)
    assert [body for _, body in read] == _bodies(thread)
    assert [author for author, _ in read] == thread.authors
    chrome = thread.chrome | {" ".join(paragraph.split("\n")) for paragraph in thread.chrome}
    assert not {paragraph for _, body in read for paragraph in body} & chrome


# -- the first post's head, one stretch away from the others'


def _first_post_page(seed: int, how: str) -> Generated:
    """Heads in columns or in fields, the first post's with a word of its own where the others show
    a label and a number (`Comment 3`), a number after a mark (`#3`), or another word (`answered`)."""
    rng = random.Random(seed)
    people = _people(rng)
    label, first_word, verb, other_verb = (word(rng).capitalize() for _ in range(4))
    comments = []
    for n in range(rng.randint(8, 14)):
        author = rng.choice(people)
        when = f"20{10 + n % 9}-0{1 + n % 9}-1{n % 10} 0{n % 10}:2{n % 10}"
        if how == "label":
            head = f"{f'{label} {n}' if n else first_word}  {author}  {when} UTC"
        elif how == "mark":
            head = f"{author} · {when} · {f'#{n + 1}' if n else first_word}"
        else:
            head = f"{author} · {other_verb if n else verb} · {when}"
        comments.append((author, [head], sentences(rng), []))
    return _page(rng, comments)


@pytest.mark.parametrize("how", ["label", "mark", "word"])
@pytest.mark.parametrize("seed", range(8))
def test_the_first_posts_head_one_stretch_away_from_the_others_heads_it(seed: int, how: str) -> None:
    _assert_read(_first_post_page(seed, how))


def test_a_first_line_two_stretches_away_from_the_heads_stays_text() -> None:
    thread = _first_post_page(0, "label")
    first_line = thread.text.split("\n\n")[1]
    changed = thread.text.replace(first_line, first_line.replace("UTC", "GMT +1"), 1)
    opening, *read = _read(changed)
    assert opening[0] is None and opening[1][0] == " ".join(first_line.replace("UTC", "GMT +1").split())
    assert [author for author, _ in read] == thread.authors[1:]


# -- lines some comments only show


CYRILLIC = str.maketrans({chr(c): chr(c - ord("a") + ord("а")) for c in range(ord("a"), ord("z") + 1)})
"""Latin small letters onto Cyrillic ones, code point for code point: the same made-up words in another script."""


def _foot_count_page(seed: int, *, table: bool = False, signature: bool = False) -> Generated:
    """A name and a date over the text, a row of actions under it and, over the row on some
    comments, a count with a word that takes an ending above one (missing at zero); a `table` of
    counts and names in a comment, or a commenter who signs every comment, as text."""
    rng = random.Random(seed)
    people = _people(rng)
    stem, ending = word(rng).capitalize(), rng.choice(["en", "s", "e", "er", "ов", "ами"])
    if ending[0] not in "abcdefghijklmnopqrstuvwxyz":
        stem = stem.lower().translate(CYRILLIC).capitalize()
    row = "  ".join(word(rng).capitalize() for _ in range(3))
    signer = people[0]
    months = [word(rng) for _ in range(3)]  # a month lasts several comments
    comments = []
    for n in range(rng.randint(12, 20)):
        author = people[0] if n % 3 == 0 else rng.choice(people)
        body = sentences(rng)
        if table and n == 3:
            body.append("\n".join(f"{rng.randint(2, 9000)} {word(rng)}" for _ in range(rng.randint(8, 16))))
        if signature and author == signer:
            body.append(f"-- {signer}")
        likes = rng.choice([0, 0, 1, 2, 7, 23])
        foot = ([f"{likes} {stem}{ending if likes > 1 else ''}"] if likes else []) + [row]
        comments.append((author, [author, f"{1 + n % 9}. {months[n // 8]} 2014, 1{n % 10}:0{n % 10}"], body, foot))
    return _page(rng, comments)


@pytest.mark.parametrize("seed", range(10))
def test_a_count_some_comments_only_show_over_their_row_is_chrome(seed: int) -> None:
    _assert_read(_foot_count_page(seed))


@pytest.mark.parametrize("seed", range(6))
def test_a_count_line_is_chrome_among_a_table_of_counts_that_stays_text(seed: int) -> None:
    _assert_read(_foot_count_page(seed, table=True))


@pytest.mark.parametrize("seed", range(6))
def test_a_commenters_signature_over_the_row_stays_text(seed: int) -> None:
    _assert_read(_foot_count_page(seed, signature=True))


def _change_page(seed: int, *, sign_off: bool = False, twice: bool = False) -> Generated:
    """A head line on every comment and, over it on some (on two only, `twice`, each a change of its
    own), a block of the change the comment made (`Changed in project:` over `status: New →
    Triaged`); a sign-off block (`Regards,` over the commenter's name) ending the text of some comments."""
    rng = random.Random(seed)
    people = _people(rng)
    intro = f"{word(rng).capitalize()} {word(rng)} {word(rng)}:"
    field, arrow = word(rng), rng.choice(SYMBOLS)
    states = [word(rng).capitalize() for _ in range(4)]
    greeting = f"{word(rng).capitalize()},"
    wrote = f"{word(rng)} {word(rng, 1)}"
    comments = []
    for n in range(rng.randint(14, 24)):
        author = rng.choice(people)
        head = [f"{author} {wrote} 2013-06-{1 + n:02d}: #{n + 1}"]
        if twice and n in (2, 5):
            head.insert(0, f"{intro}\n{field}: {states[n % 2]} {arrow} {states[2 + n % 2]}")
        elif not twice and (n % 4 == 2 or n and rng.random() < 0.15):
            head.insert(0, f"{intro}\n{field}: {rng.choice(states[:2])} {arrow} {rng.choice(states[2:])}")
        body = sentences(rng) + ([f"{greeting}\n{author}"] if sign_off and rng.random() < 0.4 else [])
        comments.append((author, head, body, []))
    return _page(rng, comments)


@pytest.mark.parametrize("seed", range(10))
def test_a_block_of_a_change_over_some_heads_is_chrome(seed: int) -> None:
    _assert_read(_change_page(seed))


@pytest.mark.parametrize("seed", range(6))
def test_a_sign_off_that_changes_only_in_the_name_stays_text(seed: int) -> None:
    thread = _change_page(seed, sign_off=True)
    assert [body for _, body in _read(thread.text)] == _bodies(thread)


@pytest.mark.parametrize("seed", range(10))
def test_a_block_of_a_change_over_two_heads_only_is_chrome(seed: int) -> None:
    _assert_read(_change_page(seed, twice=True))


def _attributions_page(seed: int) -> Generated:
    """Heads of the change page's shape, and in two comments an attribution of two short lines
    (`On <date>` over `Name <address> wrote:`) over a `>` quote: the commenter's text."""
    rng = random.Random(seed)
    people = _people(rng)
    wrote = f"{word(rng)} {word(rng, 1)}"
    comments = []
    for n in range(rng.randint(10, 16)):
        author = rng.choice(people)
        body = sentences(rng)
        if n in (3, 6):
            quoted = rng.choice(people)
            body = [f"On 2013-06-{n:02d} 1{n}:0{n}\n{quoted} <{word(rng)}@{word(rng)}.org> {wrote}", f"> {sentence(rng)}", *body]
        comments.append((author, [f"{author} {wrote} 2013-06-{1 + n:02d}: #{n + 1}"], body, []))
    return _page(rng, comments)


@pytest.mark.parametrize("seed", range(6))
def test_an_attribution_block_over_a_quote_in_two_comments_stays_text(seed: int) -> None:
    thread = _attributions_page(seed)
    read = _read(thread.text)
    assert [author for author, _ in read] == thread.authors
    attributions = [body[0] for body in _bodies(thread) if len(body) > 1 and body[1].startswith(">")]
    assert len(attributions) == 2
    assert set(attributions) <= {paragraph for _, body in read for paragraph in body}


def _signed_page(seed: int) -> Generated:
    """The change page's heads, and two commenters' texts of short wrapped lines that end, with no
    blank line, in a signature over a constant address: the lines above it are unlike each other's."""
    rng = random.Random(seed)
    people = _people(rng)
    wrote = f"{word(rng)} {word(rng, 1)}"
    address = f"http://{word(rng)}.{word(rng, 1)}/{word(rng, 1)}/"
    comments = []
    for n in range(rng.randint(10, 16)):
        author = rng.choice(people)
        body = sentences(rng)
        if n in (3, 6):
            wrapped = [" ".join(word(rng) for _ in range(rng.randint(3, 9))) for _ in range(rng.randint(2, 5))]
            body.append("\n".join([*wrapped, "--", author, address]))
        comments.append((author, [f"{author} {wrote} 2013-06-{1 + n:02d}: #{n + 1}"], body, []))
    return _page(rng, comments)


@pytest.mark.parametrize("seed", range(6))
def test_a_signature_address_ending_two_comments_stays_text(seed: int) -> None:
    _assert_read(_signed_page(seed))


def _edited_page(seed: int, *, thanks: bool = False) -> Generated:
    """A subject and a byline over each comment, a profile (the handle over counts) under it, and
    on two comments only a note of an edit between the text and the profile naming the commenter
    with a date (`Last edited by bob on ..., edited 2 times in total.`); or (`thanks`), in their
    place, the commenter's own last line naming another commenter."""
    rng = random.Random(seed)
    handles = [word(rng) for _ in range(rng.randint(4, 7))]
    subject, by, note, edited, total, thank = (word(rng) for _ in range(6))
    months = [word(rng, 1).capitalize() for _ in range(3)]
    comments = []
    for n in range(rng.randint(10, 16)):
        author = rng.choice(handles)
        stamp = f"{months[n // 6]} {1 + n:02d}, 2014 {1 + n % 12}:{10 + n} pm"
        head = [f"Re: {subject.capitalize()}", f"{by.capitalize()} {author} » {stamp}"]
        body = sentences(rng)
        foot = [f"{author}\n{note.capitalize()}: {rng.randint(2, 3000)}", "Top"]
        if n in (3, 7):
            other = rng.choice([h for h in handles if h != author])
            times = rng.randint(1, 3)
            if thanks:
                body.append(f"{thank.capitalize()} {other}, {times} {total}")
            else:
                foot.insert(0, f"{note.capitalize()} {edited} {author} {by} {months[n // 6]} {2 + n:02d}, 2014 {n}:0{n} am, {edited} {times} {total}.")
        comments.append((author, head, body, foot))
    return _page(rng, comments)


@pytest.mark.parametrize("seed", range(10))
def test_a_note_of_an_edit_on_two_comments_naming_the_commenter_is_chrome(seed: int) -> None:
    _assert_read(_edited_page(seed))


@pytest.mark.parametrize("seed", range(6))
def test_a_last_line_of_two_comments_naming_another_commenter_stays_text(seed: int) -> None:
    _assert_read(_edited_page(seed, thanks=True))
