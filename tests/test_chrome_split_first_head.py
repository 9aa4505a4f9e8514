"""A first post whose head the page splits around its text (threadnote/readers/chrome_occasional.py
`split_first_head`): the replies' head is one line, name then time (`@bob · Jul 20, 2011`), the
first post shows the head up to the name over its text and the rest, among more words and a row
of counts, under it. Both parts are chrome, the first names the post."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from chrome_kit import assert_read_as, page, sentences, word

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread


def tweets(seed: int, namesakes: int = 0, replies: int = 0, rows: bool = False) -> tuple[str, list[str], list[list[str]]]:
    """A display name over `@handle` over the first post, `12:43 AM · Jul 20, 2011 · Web App` and
    a row of labelled counts under it; `Name` over `@handle · Jul 21, 2011` and `Replying to
    @handle` over each reply: the page, each comment's author and paragraphs. The `namesakes`
    last commenters show the display name of the first one, each with a handle of their own; there
    are a few `replies` (some, if none are asked for), with a row of counts under each if asked (`rows`)."""
    rng = random.Random(seed)
    months = [word(rng, 1).capitalize() for _ in range(3)]
    via, replying, to, shares, likes = (word(rng, 2) for _ in range(5))
    people = [word(rng).capitalize() for _ in range(6)]
    authors = [rng.choice(people) for _ in range(1 + (replies or rng.randint(4, 11)))]
    handles = [author.lower() for author in authors] + [word(rng) for _ in range(namesakes)]
    authors += [authors[0]] * namesakes
    under = f"{rng.randint(1, 12)}:{rng.randint(10, 59)} PM · {months[0]} 3, 2019 · {via.capitalize()} {word(rng)}"
    counts = f"{rng.randint(2, 90)} {shares.capitalize()}  {rng.randint(2, 90)} {likes.capitalize()}"

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            body = sentences(rng)
            if n == 0:
                yield f"{author}\n@{handles[n]}", [*body, f"{under}\n\n{counts}"]
            else:
                row = ["  ".join(str(rng.randint(1, 40)) for _ in range(3))] if rows else []
                yield f"{author}\n@{handles[n]} · {rng.choice(months)} {3 + n}, 2019\n\n{replying.capitalize()} {to} @{handles[0]}", [*body, *row]

    text, bodies = page(rng, comments())
    return text, authors, [body[:-1] if n == 0 or rows else body for n, body in enumerate(bodies)]


@pytest.mark.parametrize("seed", range(8))
def test_a_tweets_head_split_around_its_text_is_chrome_and_names_it(seed: int) -> None:
    assert_read_as(*tweets(seed))


@pytest.mark.parametrize("seed", range(4))
def test_the_line_under_a_tweet_dates_it_with_its_clock(seed: int) -> None:
    text, _, _ = tweets(seed)
    detected, _ = parse_thread(text, "content/t/thread.txt", "t", QuoteSettings())
    shown = re.search(r"\n(\d+:\d+ PM · \w+ 3, 2019)", text)
    assert shown is not None and detected.thread.comments[0].time == shown.group(1)


@pytest.mark.parametrize("seed", range(8))
def test_a_tweet_and_its_reply_alone_are_read_as_two_comments(seed: int) -> None:
    """Each head is met once: the reply's names (its display name, its handle) against the tweet's
    are its slots, its `Replying to @handle` names the tweet's handle as the tweet's head does, and
    a row of counts alone ends it."""
    assert_read_as(*tweets(seed, replies=1, rows=seed % 2 == 1))


@pytest.mark.parametrize("seed", range(4))
def test_a_display_name_over_its_handle_names_the_commenter_where_handles_vary_more(seed: int) -> None:
    """Handles vary more than the names over them (namesakes, one display name over two handles):
    the names shown name the commenters all the same."""
    assert_read_as(*tweets(seed, namesakes=2))


def posted_by(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """`— Posted by alice` over the first post, `3 Mar 2019, 14:05 · 120 views` and `12 likes`
    under it; `— Posted by bob · 4 Mar 2019, 09:12` over each reply: a page of my own making."""
    rng = random.Random(seed)
    months = [word(rng, 1).capitalize() for _ in range(3)]
    posted, by, views, likes = (word(rng, 2) for _ in range(4))
    people = [word(rng) for _ in range(6)]
    authors = [rng.choice(people) for _ in range(rng.randint(5, 12))]
    under = f"3 {months[0]} 2019, 14:05 · {rng.randint(20, 900)} {views}\n\n{rng.randint(2, 90)} {likes}"

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            head = f"— {posted.capitalize()} {by} {author}"
            if n == 0:
                yield head, [*sentences(rng), under]
            else:
                yield f"{head} · {3 + n} {rng.choice(months)} 2019, {n % 24:02}:{rng.randint(10, 59)}", sentences(rng)

    text, bodies = page(rng, comments())
    return text, authors, [body[:-1] if n == 0 else body for n, body in enumerate(bodies)]


@pytest.mark.parametrize("seed", range(8))
def test_a_head_cut_after_its_name_over_the_first_post_and_its_rest_under_it_are_chrome(seed: int) -> None:
    assert_read_as(*posted_by(seed))
