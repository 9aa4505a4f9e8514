"""A mail archive's heads (threadnote/readers/chrome.py `_shared_by_recurring`, `_template`): the
sender's line writes the address out (`Ann Lee annlee at example.org`), and a few frequent
commenters' lines recur word for word among many wrapped text lines of the same coarse shape, so
that `at` is too rare among them to be a constant of all. The commenters' hosts vary, and quotes'
attributions (`On 16.11.2010 at 10:49 +0000, Ann Lee wrote:`) show `at` too. Generated in made-up
words (the dates aside, as the archive prints them), so no word list can help."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from chrome_kit import assert_read_as, page, read, sentence, sentences, word


def _wrapped(rng: random.Random) -> str:
    """A paragraph wrapped as mail is: short lines of words, the last ending the sentence."""
    words = " ".join(sentence(rng) for _ in range(3)).split()
    return "\n".join(" ".join(words[at : at + 7]) for at in range(0, len(words), 7))


def mail_archive(seed: int, long_subject: bool = False) -> tuple[str, list[str]]:
    """The page and each message's sender (each message under its subject, over the archive's
    links): three frequent commenters and a few met once, their addresses at a few hosts, one of
    them a host no frequent commenter's address shows. A `long_subject` (the page's title, asked
    every other seed) makes the links longer than a line of chrome, and a message's text quotes a
    link in a line of its own words."""
    rng = random.Random(seed)
    tag, subject = word(rng).capitalize(), " ".join(word(rng) for _ in range(14 if long_subject else 4)).capitalize()
    subject += "?" if long_subject and seed % 2 else ""
    people = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(7)]
    domains = [f"{word(rng)}.{top}" for top in ("org", "com", "net")]
    hosts = {person: domains[0 if n < 3 else rng.randrange(3)] for n, person in enumerate(people)} | {people[-1]: domains[2]}
    sent = datetime(2009, 5, 17, 7, 37)
    message = word(rng)
    before, after = (f"{word(rng).capitalize()} {message}:" for _ in range(2))  # `Previous message:`, `Next message:`
    sorted_by = f"{word(rng).capitalize()} {word(rng)}: " + " ".join(f"[ {word(rng)} ]" for _ in range(4))  # `Messages sorted by: [ date ] ...`
    authors = people[:3] * 3 + people[3:]
    rng.shuffle(authors)
    # a title that ends like a sentence is the page's when a double blank line parts it from the rest
    parts = [f"{subject}\n" if long_subject else f"{word(rng).capitalize()} {word(rng)}"]
    for n, author in enumerate(authors):
        head = f"[{tag}] {'Re: ' if n else ''}{subject}"
        when = f"{sent:%a %b} {sent.day:2} {sent:%H:%M:%S} UTC {sent.year}"  # as the archive prints it
        sent += timedelta(minutes=rng.randint(1, 900))
        sender = f"{author} {author.replace(' ', '').lower()} at {hosts[author]}\n{when}"
        quoted = [f"On {n:02}.05.2009 at {n % 24:02}:{rng.randint(10, 59)} +0000, {authors[n - 1]} wrote:\n> {sentence(rng)}"] if n else []
        links = [f"{before} [{tag}] {'Re: ' if n > 1 else ''}{subject}"] if n else []
        links += [f"{after} [{tag}] Re: {subject}"] if n + 1 < len(authors) else []
        body = [*quoted, *(_wrapped(rng) for _ in range(rng.randint(2, 4)))]
        if long_subject and n == 2:
            body.append(f"{before} [{tag}] Re: {subject} {sentence(rng)}")
        parts.append("\n\n".join([head, sender, *body, "\n".join([*links, sorted_by])]))
    return "\n\n".join(parts) + "\n", authors


@pytest.mark.parametrize("seed", range(6))
def test_a_written_out_address_names_every_sender(seed: int) -> None:
    text, authors = mail_archive(seed)
    found = read(text)
    assert [author for author, _ in found] == authors
    # the first message's subject, without the replies' `Re:`, is the page's too
    assert not any(paragraph.startswith("[") for _, paragraphs in found for paragraph in paragraphs)


def weekly_archive(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """A list archive of a frequent sender's weekly messages, each on a Saturday, and one reply a
    day later from a sender whose name is of another shape (an initial, a double name): the date
    line recurs more regularly than the sender's line over it, and may be learnt alone."""
    rng = random.Random(seed)
    frequent = f"{word(rng).capitalize()} {word(rng).capitalize()}"
    other = f"{word(rng).capitalize()} {word(rng)[0].upper()}. {word(rng).capitalize()}-{word(rng).capitalize()}"
    authors = [frequent, other, frequent, frequent]
    saturday = datetime(2015, 11, 14, 9, 29, 28)
    comments = []
    for week, author in enumerate(authors):
        host = f"{word(rng)}.{rng.choice(['org', 'es', 'com'])}"
        when = saturday + timedelta(days=7 * week + (author == other), minutes=rng.randint(1, 300))
        comments.append((f"{author} {author.split()[0].lower()} at {host}\n{when:%a %b %d %H:%M:%S %Y}", sentences(rng)))
    text, bodies = page(rng, comments)
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(4))
def test_an_archive_head_is_whole_where_its_date_line_is_learnt(seed: int) -> None:
    # the sender's line over the date is the head's too: it names the message, and is no text of the one before
    assert_read_as(*weekly_archive(seed))


def angled_archive(seed: int) -> tuple[str, list[str], list[list[str]]]:
    """A list archive of another layout: the sender's name and `<address>` over an ISO date."""
    rng = random.Random(seed)
    people = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(3)]
    host = f"{word(rng)}.org"
    authors = [people[0], people[1], people[0], people[2], people[1], people[0]]
    sent = datetime(2015, 11, 14, 21, 29)
    comments = []
    for author in authors:
        sent += timedelta(hours=rng.randint(2, 90), minutes=rng.randint(1, 59))
        comments.append((f"{author} <{author.split()[0].lower()}@{host}>\n{sent:%Y-%m-%d %H:%M}", sentences(rng)))
    text, bodies = page(rng, comments)
    return text, authors, bodies


@pytest.mark.parametrize("seed", range(4))
def test_a_name_over_the_date_names_the_sender_without_the_address(seed: int) -> None:
    assert_read_as(*angled_archive(seed))


@pytest.mark.parametrize("seed", range(4))
def test_links_quoting_a_long_subject_are_the_archives(seed: int) -> None:
    text, authors = mail_archive(seed, long_subject=True)
    subject = text.split("\n", 1)[0]
    found = read(text)
    assert [author for author, _ in found] == authors
    # the links to the messages around each are chrome once the subject in them is one word; the
    # line of a message's text that starts as a link does, long with its own words, stays text
    quoting = [paragraph for _, paragraphs in found for paragraph in paragraphs if subject in paragraph]
    assert len(quoting) == 1 and quoting[0].endswith((".", "!", "?"))


def linked_archive(seed: int) -> tuple[str, list[str], str, str]:
    """A list archive of another layout, a long subject its page's title: each message's sender and
    `<address>` over an ISO date, a block of one link under it (`Next in thread: Re: <subject>`,
    longer than a line of chrome is read), and a message's own line that starts as the link does."""
    rng = random.Random(seed)
    subject = " ".join(word(rng) for _ in range(24)).capitalize()
    people = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(4)]
    authors = [rng.choice(people) for _ in range(7)]
    label = f"{word(rng).capitalize()} {word(rng)} {word(rng)}:"
    own = f"{label} Re: {subject} {sentence(rng)}"
    sent = datetime(2012, 3, 4, 5, 6)
    parts = [f"{subject}\n"]  # the title, a double blank line under it
    for n, author in enumerate(authors):
        sent += timedelta(hours=rng.randint(1, 50))
        parts += [f"{author} <{author.split()[0].lower()}@example.org>\n{sent:%Y-%m-%d %H:%M}", *sentences(rng)]
        parts += [own] if n == 3 else []
        parts += [f"{label} Re: {subject}"] if n + 1 < len(authors) else []
    return "\n\n".join(parts) + "\n", authors, subject, own


@pytest.mark.parametrize("seed", range(3))
def test_a_block_of_a_link_quoting_a_long_subject_is_the_archives(seed: int) -> None:
    text, authors, subject, own = linked_archive(seed)
    found = read(text)
    assert [author for author, _ in found] == authors
    assert [paragraph for _, paragraphs in found for paragraph in paragraphs if subject in paragraph] == [own]
