"""Which slot of a head names the commenter (threadnote/readers/chrome.py `_author_group`), in
generated heads of made-up words: a badge or a link trailing the time, a name before an age's
number, a name a phrase away from a date, a head some comments show in another shape."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest
from chrome_kit import Generated, page, sentences
from chrome_kit import read as _read
from chrome_kit import word as _word

Head = Callable[[random.Random, str, int], str]


def _people(rng: random.Random) -> list[str]:
    return [_word(rng).capitalize() + rng.choice(["", str(rng.randint(1, 99))]) for _ in range(7)]


def generate(
    seed: int, comments: int, head: Callable[[random.Random], Head], tail: Callable[[], list[str]] | None = None
) -> Generated:
    """A thread whose comments each open with a head a made-up site prints (`head(rng)` makes the
    site's words, then each head), text after it (and `tail`'s paragraphs, where given) and nothing under it."""
    rng = random.Random(seed)
    people = _people(rng)
    print_head = head(rng)
    authors = rng.sample(people, 2) + [rng.choice(people) for _ in range(comments - 2)]
    chrome: set[str] = set()

    def comments() -> Iterator[tuple[str, list[str]]]:
        for n, author in enumerate(authors):
            line = print_head(rng, author, n)
            chrome.add(line)
            yield line, sentences(rng) + (tail() if tail else [])

    text, bodies = page(rng, comments())
    return Generated(text, authors, bodies, chrome)


def assert_read_as_generated(thread: Generated) -> None:
    """Each comment read with the text and the author the generator gave it."""
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert [author for author, _ in read] == thread.authors


def badge_after_the_date(rng: random.Random) -> Head:
    """`alice commented on Jul 20, 2011  Contributor`: a verb and a preposition between the name
    and the date, and a badge (one per commenter, most show none) after the date."""
    verb, on, month = _word(rng, 3), _word(rng, 1), _word(rng, 2).capitalize()
    badges = [_word(rng, 3).capitalize() for _ in range(3)]
    badge_of: dict[str, str] = {}

    def head(rng: random.Random, author: str, n: int) -> str:
        badge = badge_of.setdefault(author, rng.choice(["", "", *badges]))
        return f"{author} {verb} {on} {month} {1 + n % 28}, 20{10 + n // 28}" + (f"  {badge}" if badge else "")

    return head


def links_after_an_age(rng: random.Random) -> Head:
    """`alice 3 hours ago | prev | next | flag`: a name right before an age's number, then links
    that depend on where the comment sits, some comments showing none of the optional ones."""
    unit, ago = _word(rng, 2), _word(rng, 1)
    links = [_word(rng, 2) for _ in range(4)]

    def head(rng: random.Random, author: str, n: int) -> str:
        shown = [link for link in links[:3] if rng.random() < 0.5]
        return " | ".join([f"{author} {1 + n % 9} {unit} {ago}", *shown, links[3]])

    return head


def mail_headers(rng: random.Random) -> Head:
    """A mail's headers over each message: `From: alice <alice@host>`, a `To:` and a `Subject:` line,
    then `Date: Sun, 17 May 2009 07:37:00 +0000` (a weekday before a day, a month and a year)."""
    sender, to, subject, date = (_word(rng, 2).capitalize() for _ in range(4))
    weekdays, months = [_word(rng, 1).capitalize() + "n" for _ in range(7)], [_word(rng, 1).capitalize() + "y" for _ in range(12)]
    host, topic = _word(rng, 3), " ".join(_word(rng) for _ in range(4))

    def head(rng: random.Random, author: str, n: int) -> str:
        when = f"{weekdays[n % 7]}, {1 + n % 28} {months[n // 28]} 2009 {n % 24:02}:{rng.randint(0, 59):02}:00 +0000"
        return f"{sender}: {author} <{author.lower()}@{host}.org>\n{to}: list@{host}.org\n{subject}: Re: {topic}\n{date}: {when}"

    return head


@pytest.mark.parametrize("seed", range(10))
def test_mail_headers_name_the_sender_not_a_label_or_weekday(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), mail_headers)
    assert_read_as_generated(thread)


def address_written_out(rng: random.Random, *, named: bool = True, padded: bool = False) -> Head:
    """A mail archive's `alice alice at example.org` over `Sun Jul 10 20:16:00 UTC 2016`: the
    address's first word right after the name, a weekday for each day, a few messages a day; where
    `padded`, a day of one digit padded to two places (`Sun Jul  9`), the thread's days both sides of the 10th."""
    at, zone, month = _word(rng, 1), _word(rng, 1).upper(), _word(rng, 1).capitalize() + "l"
    hosts = [f"{_word(rng, 2)}.{_word(rng, 1)}" for _ in range(2)]
    weekdays = [w.capitalize() for w in rng.sample(sorted({_word(rng, 2) for _ in range(40)}), 7)]  # seven distinct
    day = [8 if padded else 1]

    def head(rng: random.Random, author: str, n: int) -> str:
        day[0] += rng.random() < 0.4
        when = f"{weekdays[day[0] % 7]} {month} {day[0]:{2 if padded else 1}} {n % 24:02}:{rng.randint(0, 59):02}:00 {zone} 2016"
        return f"{author} {author.lower()} {at} {hosts[len(author) % 2]}\n{when}" if named else when

    return head


@pytest.mark.parametrize("seed", range(10))
def test_an_address_written_out_ends_no_name(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), address_written_out)
    assert_read_as_generated(thread)


@pytest.mark.parametrize("seed", range(10))
def test_a_day_padded_to_two_places_keeps_the_weekday_in_the_date(seed: int) -> None:
    """`Sun Jul  9` beside `Mon Jul 10`: the gap is the date's, and the weekday before it no name
    (a name there would make the address's line a subject over a byline, naming no one)."""
    thread = generate(seed, random.Random(seed).randint(10, 16), lambda rng: address_written_out(rng, padded=True))
    assert_read_as_generated(thread)


@pytest.mark.parametrize("seed", range(10))
def test_a_weekday_names_no_one(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), lambda rng: address_written_out(rng, named=False))
    read = _read(thread.text)
    assert [body for _, body in read] == thread.bodies
    assert not any(author for author, _ in read)


@pytest.mark.parametrize("seed", range(10))
def test_a_badge_after_the_date_names_no_one(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(10, 16), badge_after_the_date)
    assert_read_as_generated(thread)


@pytest.mark.parametrize("seed", range(10))
def test_a_name_before_an_age_and_links_after_it(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(14, 24), links_after_an_age)
    assert_read_as_generated(thread)


def a_path_now_and_then(rng: random.Random) -> Callable[[], list[str]]:
    """A short path of two words of a comment's own (`lib/messages`), under some comments (its own
    random words: the thread's are the same with or without it)."""
    return lambda: [f"{_word(rng)}/{_word(rng)}"] if rng.random() < 0.4 else []


def prefixed_name(rng: random.Random) -> Head:
    """`u/alice` over `· 3 yr. ago`: a name joined to a word every name line shows by a slash."""
    prefix, unit, ago = _word(rng, 1)[0], _word(rng, 1), _word(rng, 1)

    def head(rng: random.Random, author: str, n: int) -> str:
        return f"{prefix}/{author}\n· {1 + n % 9} {unit}. {ago}"

    return head


@pytest.mark.parametrize("seed", range(10))
def test_a_word_joined_to_the_name_is_no_name_and_a_path_no_head(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), prefixed_name, a_path_now_and_then(random.Random(seed)))
    assert_read_as_generated(thread)


def numbered_changes(rng: random.Random) -> Head:
    """A ticket's `comment:4 Changed 3 years ago by alice`, and on about half the comments
    `comment:5 in reply to: ↑ 2 Changed ...`: a head some comments show in a longer shape of its
    own, naming the commenter at its end as the lead does."""
    label, verb, unit, ago, by = (_word(rng, 2) for _ in range(5))
    reply = f"{_word(rng, 1)} {_word(rng, 2)} {_word(rng, 1)}"

    def head(rng: random.Random, author: str, n: int) -> str:
        answers = f" {reply}: ↑ {rng.randrange(n)}" if n and rng.random() < 0.5 else ""
        return f"{label}:{n + 1}{answers} {verb.capitalize()} {rng.randint(2, 9)} {unit} {ago} {by} {author.lower()}"

    return head


@pytest.mark.parametrize("seed", range(10))
def test_a_longer_head_names_its_commenter_though_a_few_words_join_it_to_the_next(seed: int) -> None:
    """A comment whose whole text is a few words and no full stop (`Leave it to me`) reads like a
    bare name between its head and the next: now and then the longer head shares a stretch with the lead."""
    rng = random.Random(seed)
    people, head = _people(rng), numbered_changes(rng)
    authors = [rng.choice(people) for _ in range(rng.randint(16, 24))]
    parts = [f"{_word(rng).capitalize()} {_word(rng)}"]
    for n, author in enumerate(authors):
        few = n % 7 == 3  # once in seven comments: the longer head stands beside the lead now and then only
        body = [" ".join(_word(rng) for _ in range(3)).capitalize()] if few else sentences(rng)
        parts += [head(rng, author, n), *body]
    read = _read("\n\n".join(parts) + "\n")
    assert [(author or "").lower() for author, _ in read] == [author.lower() for author in authors]


def flair_under_the_name(rng: random.Random, *, badge: bool = False) -> Head:
    """`u/alice` over `· 3 yr. ago` with a flair between them that some commenters carry (a word,
    or two with a `·` between); where `badge`, the thread's first commenter's handle shows a word
    after it on every head (`u/alice OP`)."""
    prefix, unit, ago, mark = _word(rng, 1)[0], _word(rng, 1), _word(rng, 1), _word(rng, 1).upper()
    flairs = ["", "", _word(rng, 2).capitalize(), f"{_word(rng, 2).capitalize()} · {_word(rng, 3).capitalize()}"]
    flair_of: dict[str, str] = {}
    first: list[str] = []

    def head(rng: random.Random, author: str, n: int) -> str:
        first[:] = first or [author]
        flair = flair_of.setdefault(author, rng.choice(flairs)) if not badge else ""
        name = f"{prefix}/{author}" + (f" {mark}" if badge and author == first[0] else "")
        return "\n".join([name, *([flair] if flair else []), f"· {1 + n % 9} {unit}. {ago}"])

    return head


@pytest.mark.parametrize("seed", range(10))
def test_a_flair_between_the_name_and_the_time_is_the_heads(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), flair_under_the_name)
    assert_read_as_generated(thread)


@pytest.mark.parametrize("seed", range(10))
def test_a_word_after_a_handle_is_a_badge(seed: int) -> None:
    thread = generate(seed, random.Random(seed).randint(8, 16), lambda rng: flair_under_the_name(rng, badge=True))
    assert_read_as_generated(thread)
