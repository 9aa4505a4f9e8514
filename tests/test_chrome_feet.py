"""Chrome whose name sits in a foot or a badge's shadow, generated in new words and symbols: a signed
vote count over each post and a signature block under it (a date line, the name, a list of counts
as long as the counts that are not zero), and a name over the text with a row under it that adds a
word or a count now and then, some commenters' names under a badge of their own."""

from __future__ import annotations

import random

import pytest
from chrome_kit import Generated, read, sentences, word

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.readers.chrome_counts import collapse_count_lists
from threadnote.readers.chrome_tokens import tokens

SEPARATORS = "●•♦◆★"
"""Symbols a page may join a list of counts with (none is a date's punctuation)."""


def _people(rng: random.Random) -> list[str]:
    return [f"{word(rng).capitalize()} {word(rng).capitalize()}" if rng.random() < 0.5 else word(rng) + str(rng.randint(1, 99)) for _ in range(7)]


def _counts(rng: random.Random, separator: str) -> str:
    """A reputation and its badges, the badges that are zero left out."""
    points = rng.choice(["11", "101", "1,234", "5,678", "12.3k", "98.8k"])
    badges = [str(n) for n in (rng.randint(0, 5), rng.randint(0, 40), rng.randint(1, 80)) if n]
    return f" {separator} ".join([points, *badges])


def _signature_thread(seed: int, comments: int) -> Generated:
    """Posts each under a signed vote count, with a row of constant words and a signature block after the text."""
    rng = random.Random(seed)
    separator = rng.choice(SEPARATORS)
    people = _people(rng)
    row = " ".join(word(rng).capitalize() for _ in range(rng.randint(3, 5)))
    verb, at = word(rng), word(rng, 1)
    months = [word(rng, 1).capitalize() + word(rng, 1)[0] for _ in range(12)]
    reputation: dict[str, str] = {}
    parts, authors, bodies, chrome = [f"{word(rng).capitalize()} {word(rng)}", ""], [], [], set()
    for n in range(comments):
        author = rng.choice(people) if n > 1 else people[n]
        counts = reputation.setdefault(author, _counts(rng, separator))
        votes = str(rng.choice([-3, -1, 0, 0, 1, 2, 7, 12, 48]))
        signed = f"{verb} {months[(n // 3) % 12]} {1 + n % 28}, 2013 {at} {10 + n % 13}:{10 + n % 49}"
        body = sentences(rng)
        authors.append(author)
        bodies.append(body)
        chrome.update([votes, row, signed, counts])
        parts.append("\n\n".join([votes, *body, row, f"{signed}\n{author}\n{counts}"]) + "\n")
    return Generated("\n".join(parts), authors, bodies, chrome)


def _badge_thread(seed: int, comments: int) -> Generated:
    """A name over the text and a row under it (`Like · Reply · 8y`), now and then with a word or a
    count more; two commenters carry a badge over their name, always the same, in a long thread
    (a badge is told from a name when it stands over two names; a short thread has none)."""
    rng = random.Random(seed)
    people = _people(rng)
    badge = f"{word(rng).capitalize()} {word(rng)}"
    badged = people[5:]
    symbol = rng.choice("·•|")
    actions = f" {symbol} ".join(word(rng).capitalize() for _ in range(2))
    extra = word(rng).capitalize()
    parts, authors, bodies, chrome = [f"{word(rng).capitalize()} {word(rng)}", ""], [], [], set()
    for n in range(comments):
        author = badged[n // 8] if n in (4, 8) else rng.choice(people[:5]) if n > 1 else people[n]
        foot = f"{actions} {symbol} {rng.randint(1, 12)}{rng.choice('ydw')}"
        if n in (3, 7):  # an edited comment or two: a word no other row shows
            foot += f" {symbol} {extra}"
        reactions = rng.choice([0, 0, 0, 1, 2, 4, 12])
        foot += f"  {reactions}" if reactions else ""
        head = [badge, author] if author in badged else [author]
        body = sentences(rng)
        authors.append(author)
        bodies.append(body)
        chrome.update([*head, foot])
        parts.append("\n\n".join([*head, *body, foot]) + "\n")
    return Generated("\n".join(parts), authors, bodies, chrome)


@pytest.mark.parametrize("comments", [2, 3, 12])
@pytest.mark.parametrize("seed", range(8))
def test_names_in_a_signature_block_under_the_text_name_the_post_above(seed: int, comments: int) -> None:
    thread = _signature_thread(seed, comments)
    found = read(thread.text)
    assert [body for _, body in found] == thread.bodies
    assert [author for author, _ in found] == thread.authors
    assert not {p for _, body in found for p in body} & thread.chrome


@pytest.mark.parametrize("seed", range(4))
def test_a_lone_vote_count_over_a_post_is_no_time(seed: int) -> None:
    detected, _ = parse_thread(_signature_thread(seed, 12).text, "content/t/thread.txt", "t", QuoteSettings())
    assert all("2013" in (comment.time or "") for comment in detected.thread.comments)


@pytest.mark.parametrize("comments", [2, 3, 12])
@pytest.mark.parametrize("seed", range(8))
def test_names_over_the_text_after_a_row_and_under_a_badge(seed: int, comments: int) -> None:
    thread = _badge_thread(seed, comments)
    found = read(thread.text)
    assert [body for _, body in found] == thread.bodies
    assert [author for author, _ in found] == thread.authors
    assert not {p for _, body in found for p in body} & thread.chrome


@pytest.mark.parametrize("separator", SEPARATORS)
def test_counts_joined_by_one_symbol_are_one_element_however_many(separator: str) -> None:
    def skeleton(line: str) -> tuple[str, ...]:
        return collapse_count_lists(["0" if kind in ("digits", "unit") else text for kind, text in tokens(line)])

    assert skeleton(f"12.3k {separator} 3 {separator} 40") == skeleton(f"1,234 {separator} 7") == (f"0{separator}+",)
    # a date's punctuation, and symbols labelling each count, make no list
    assert skeleton("2010-11-16") == ("0", "-", "0", "-", "0")
    assert skeleton(f"↩ 1 {separator} 2 ⇄") == ("↩", "0", separator, "0", "⇄")


def test_a_minus_before_a_number_is_its_sign_and_between_numbers_a_dash() -> None:
    assert tokens("-1") == (("digits", "-1"),)
    assert tokens("2010-11-16")[1] == ("symbol", "-")
    assert tokens("-- Lars")[:2] == (("symbol", "-"), ("symbol", "-"))
