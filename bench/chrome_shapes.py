"""Lay every corpus thread out in page-chrome shapes the corpus does not have, read and score each.

    python bench/chrome_shapes.py                  # one row per shape: F1, authors, chrome leaks
    python bench/chrome_shapes.py --shape disqus --show 2   # and the first two failing threads' texts
    python bench/chrome_shapes.py --json

Not part of the test suite. Each corpus thread's `thread.txt` and `gold.json` give every paragraph's
text, author and comment; times are made up (increasing, seeded per thread). Each shape lays the
comments out as a real site prints them, with its variation: counts that change or are missing at
zero, edited markers, badges, a first post unlike the rest, chrome that follows the text. The page
is written with a gold file in the corpus's `gold-chrome.json` format (chrome paragraphs with role
`chrome`), read through the pipeline as `corpus_eval.py` reads it and scored by the corpus's own
`score.py`. Besides the ten threads, each shape gets two short ones (the first two and three
comments of a thread). Totals pool a shape's threads as `corpus_eval.py` pools them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import CORPUS, corpus_missing, export_json, site_text

NOW = datetime(2026, 12, 2, 12, 0)
"""What relative ages (`8 years ago`) count from."""
SHORT = (("td-sorting", 2), ("td-intel-zero-opt", 3))
"""Short threads: a corpus thread cut to its first comments."""


@dataclass(frozen=True, slots=True)
class Post:
    """One comment of a corpus thread, with what a page shows about it."""

    number: int
    author: str
    when: datetime
    paragraphs: list[tuple[dict[str, Any], str]]
    """Each paragraph's gold label and text."""
    parent: int | None
    """The number of the comment it answers, made up (pages show it)."""

    @property
    def handle(self) -> str:
        return re.sub(r"[^0-9a-z_]+", "", self.author.lower()) or "anonymous"

    @property
    def opening(self) -> str:
        return self.paragraphs[0][1]


@dataclass(slots=True)
class Page:
    """A thread being laid out in one shape: the posts, and choices fixed per thread or author."""

    title: str
    posts: list[Post]
    rng: random.Random
    per_author: dict[tuple[str, str], Any] = field(default_factory=dict)
    subjects: dict[int, str] = field(default_factory=dict)
    """Each post's subject line, where the shape gives one (`Re:` its parent's)."""
    shown: dict[int, str] = field(default_factory=dict)
    """Each post's time as its chrome prints it, without the constant words around it (`on`, `Uhr`)."""

    def fixed(self, post: Post, what: str, make: Callable[[], Any]) -> Any:
        """A value that stays with the author all through the thread (a user id, a reputation)."""
        return self.per_author.setdefault((post.author, what), make())

    def show(self, post: Post, when: str) -> str:
        """The post's time as the page prints it, noted for the time column."""
        self.shown[post.number] = when
        return when

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def parent_of(self, post: Post) -> Post | None:
        return self.posts[post.parent] if post.parent is not None else None


Frame = tuple[list[str], list[str]]
"""A comment's chrome paragraphs before its text and after it (a paragraph may hold several lines)."""
Shape = Callable[[Post, Page], Frame]


def age(when: datetime, *, article: bool = False) -> str:
    """`8 years ago`, `3 hours ago`; `a year ago` where a page writes one as a word."""
    seconds = (NOW - when).total_seconds()
    for unit, length in (("year", 31536000), ("month", 2592000), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count = int(seconds // length)
        if count >= 1:
            if count == 1 and article:
                return f"{'an' if unit == 'hour' else 'a'} {unit} ago"
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    return "just now"


def compact_age(when: datetime) -> str:
    """`8y`, `3w`, `5d`, `2h`."""
    days = (NOW - when).days
    for unit, length in (("y", 365), ("w", 7), ("d", 1)):
        if days >= length:
            return f"{days // length}{unit}"
    return f"{max(1, int((NOW - when).total_seconds() // 3600))}h"


def twelve_hour(when: datetime) -> str:
    return f"{when.hour % 12 or 12}:{when:%M}"


def bugzilla(post: Post, page: Page) -> Frame:
    label = "Description" if post.number == 0 else f"Comment {post.number}"
    heads = [f"{label}  {post.author}  {page.show(post, f'{post.when:%Y-%m-%d %H:%M:%S}')} UTC"]
    parent = page.parent_of(post)
    if parent is not None and page.chance(0.6):
        heads.append(f"(In reply to {parent.author} from comment #{parent.number})")
    return heads, []


def disqus(post: Post, page: Page) -> Frame:
    moderator = post.author == page.posts[0].author
    head = f"{post.author}{' Mod' if moderator else ''} • {page.show(post, age(post.when, article=True))}"
    if page.chance(0.1):
        head += " • edited"
    votes = page.rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
    return [head], [f"{votes} △ ▽ • Reply • Share ›" if votes else "△ ▽ • Reply • Share ›"]


def facebook(post: Post, page: Page) -> Frame:
    heads = ["Top fan", post.author] if page.fixed(post, "fan", lambda: page.chance(0.2)) else [post.author]
    foot = f"Like · Reply · {page.show(post, compact_age(post.when))}"
    if page.chance(0.1):
        foot += " · Edited"
    reactions = page.rng.choice([0, 0, 0, 1, 2, 4, 12])
    return heads, [f"{foot}  {reactions}" if reactions else foot]


def phpbb(post: Post, page: Page) -> Frame:
    subject = page.title if post.number == 0 else f"Re: {page.title}"
    stamp = f"{post.when:%a %b %d, %Y} {twelve_hour(post.when)} {post.when:%p}".replace("AM", "am").replace("PM", "pm")
    posts = page.fixed(post, "posts", lambda: [page.rng.randint(1, 3000)])
    posts[0] += 1  # the count of the author's posts grows through the thread
    joined = page.fixed(post, "joined", lambda: NOW - timedelta(days=page.rng.randint(4000, 7000)))
    profile = f"{post.handle}\nPosts: {posts[0]:,}\nJoined: {joined:%a %b %d, %Y} {twelve_hour(joined)} am"
    feet = [profile, "Top"]
    if page.chance(0.1):
        later = post.when + timedelta(minutes=page.rng.randint(2, 300))
        edits = page.rng.choice([1, 1, 2])
        feet.insert(0, f"Last edited by {post.handle} on {later:%a %b %d, %Y} {twelve_hour(later)} {later:%p}, "
                       f"edited {edits} time{'s' if edits > 1 else ''} in total.")
    return [subject, f"Post by {post.handle} » {page.show(post, stamp)}"], feet


def slashdot(post: Post, page: Page) -> Frame:
    parent = page.parent_of(post)
    words = re.findall(r"[A-Za-z']+", post.opening)[: page.rng.randint(2, 5)]
    subject = "Re:" + page.subjects[parent.number].removeprefix("Re:") if parent else " ".join(words)
    page.subjects[post.number] = subject
    score = page.rng.choice(["1", "2", "3", "4, Interesting", "5, Insightful", "5, Informative", "4, Funny", "0, Troll", "-1, Flamebait"])
    uid = page.fixed(post, "uid", lambda: page.rng.randint(1000, 999999))
    mail = page.fixed(post, "mail", lambda: f" <{post.handle}@example.com>" if page.chance(0.2) else "")
    when = page.show(post, f"{post.when:%A %B %d, %Y @%I:%M%p}")
    byline = f"by {post.handle} ({uid}){mail} on {when} (#{30000000 + post.number * 7})"
    return [f"{subject} (Score:{score})", byline], ["Reply to This  Parent  Share" if parent else "Reply to This  Share"]


def stack_exchange(post: Post, page: Page) -> Frame:
    votes = page.rng.choice([-1, 0, 0, 1, 2, 3, 7, 12, 48])
    reputation = page.fixed(post, "rep", lambda: _reputation(page.rng))
    when = page.show(post, f"{post.when:%b} {post.when.day}, {post.when.year} at {post.when:%H:%M}")
    verb = "asked" if post.number == 0 else "answered"
    feet = [f"Share Improve this {'question' if post.number == 0 else 'answer'} Follow"]
    if page.chance(0.3):
        later = post.when + timedelta(hours=page.rng.randint(1, 900))
        feet.append(f"edited {later:%b} {later.day}, {later.year} at {later:%H:%M}")
    feet.append(f"{verb} {when}\n{post.author}\n{reputation}")
    return [str(votes)], feet


def _reputation(rng: random.Random) -> str:
    points = rng.choice([1, 11, 101, 1234, 5678, 12345, 98765])
    shown = f"{points / 1000:.1f}k" if points >= 10000 else f"{points:,}"
    badges = [n for n in (rng.randint(0, 5), rng.randint(0, 40), rng.randint(1, 80)) if n]
    return " ● ".join([shown, *map(str, badges)]) if points > 1 else shown


def lobsters(post: Post, page: Page) -> Frame:
    edited = "edited " if page.chance(0.15) else ""
    actions = " | link | flag" + (" | reply" if page.chance(0.5) else "")
    return [f"▲ {post.handle} {edited}{page.show(post, age(post.when))}{actions}"], []


def mastodon(post: Post, page: Page) -> Frame:
    instance = page.fixed(post, "instance", lambda: page.rng.choice(["example.social", "mastodon.online", "fosstodon.org"]))
    when = page.show(post, f"{post.when:%b} {post.when.day}, {post.when.year}, {post.when:%H:%M}") + (" · Edited" if page.chance(0.1) else "")
    counts = [page.rng.choice([0, 0, 1, 2, 5]) for _ in range(3)]
    row = " ".join(f"{symbol} {n}" if n else symbol for symbol, n in zip("↩⇄★", counts))
    return [f"{post.author} @{post.handle}@{instance}\n{when}"], [row]


def google_groups(post: Post, page: Page) -> Frame:
    when = page.show(post, f"{post.when:%b} {post.when.day}, {post.when.year}, {twelve_hour(post.when)}:{post.when:%S %p}")
    lines = [f"{post.author}'s profile photo", post.author, ("unread, " if page.chance(0.4) else "") + when]
    if page.chance(0.5):
        lines.append("to threadnote-users")
    return ["\n".join(lines)], ["Reply all\nReply to author\nForward"]


def launchpad(post: Post, page: Page) -> Frame:
    heads = [f"{post.author} ({post.handle}) wrote on {page.show(post, f'{post.when:%Y-%m-%d}')}: #{post.number + 1}"]
    if post.number and page.chance(0.15):
        heads.insert(0, f"Changed in threadnote:\nstatus: {page.rng.choice(['New', 'Confirmed'])} → {page.rng.choice(['Triaged', 'In Progress'])}")
    return heads, []


MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
YOUBI = "月火水木金土日"


def german(post: Post, page: Page) -> Frame:
    when = page.show(post, f"{post.when.day}. {MONATE[post.when.month - 1]} {post.when.year}, {post.when:%H:%M}") + " Uhr"
    likes = page.rng.choice([0, 0, 1, 2, 7, 23])
    feet = ["Antworten  Zitieren  Melden"]
    if likes:
        feet.insert(0, f"{likes} Empfehlung{'en' if likes > 1 else ''}")
    return [post.author, when], feet


def french(post: Post, page: Page) -> Frame:
    when = "le " + page.show(post, f"{post.when.day} {MOIS[post.when.month - 1]} {post.when.year} à {post.when:%H}h{post.when:%M}")
    answers = page.rng.choice([0, 0, 0, 1, 2, 4])
    feet = ["Répondre  Signaler"] + ([f"Voir {answers} réponse{'s' if answers > 1 else ''}"] if answers else [])
    return [f"{post.author} · {when}"], feet


def japanese(post: Post, page: Page) -> Frame:
    w = post.when
    when = page.show(post, f"{w.year}/{w.month}/{w.day}({YOUBI[w.weekday()]}) {w:%H:%M}")
    counts = [page.rng.choice([0, 1, 3, 12, 140]) for _ in range(4)]
    return [post.author, when], [f"返信{counts[0]}", f"共感した{counts[1]}  なるほど{counts[2]}  うーん{counts[3]}"]


def blogger(post: Post, page: Page) -> Frame:
    """The author line has no date; the date sits on its own line, after the text."""
    when = page.show(post, f"{post.when:%B} {post.when.day}, {post.when.year} at {twelve_hour(post.when)} {post.when:%p}")
    return [f"{post.author} said..."], [when, "Delete" if page.chance(0.8) else "Reply  Delete"]


def vbulletin(post: Post, page: Page) -> Frame:
    """The date on its own line above the author line, and the author's profile under it."""
    rank = page.fixed(post, "rank", lambda: page.rng.choice(["Junior Member", "Member", "Senior Member", "Moderator"]))
    posts = page.fixed(post, "posts", lambda: [page.rng.randint(1, 5000)])
    posts[0] += 1
    joined = page.fixed(post, "joined", lambda: f"{page.rng.choice(MONATE)[:3]} {page.rng.randint(2003, 2012)}")
    stamp = f"{page.show(post, f'{post.when:%m-%d-%Y}, {post.when:%I:%M %p}')}  #{post.number + 1}"
    profile = f"{post.handle}\n{rank}\nJoin Date: {joined}\nPosts: {posts[0]:,}"
    return [stamp, profile], ["Quote  Reply"]


def _depth(post: Post, page: Page) -> int:
    """How deep the post sits in its reply tree (1 for a top-level comment)."""
    parent = page.parent_of(post)
    return 1 if parent is None else _depth(parent, page) + 1


def _counts_row(page: Page, labels: tuple[str, ...], choices: list[int]) -> str:
    """`👍 3  🎉 1`: the counts a row shows, each only when not zero."""
    counts = [(label, page.rng.choice(choices)) for label in labels]
    return "  ".join(f"{label} {n}" for label, n in counts if n)


def github(post: Post, page: Page) -> Frame:
    """A role badge fixed per author (`Author` for the issue's opener), `• edited`, a reactions row
    when anyone reacted, and timeline events between comments."""
    when = page.show(post, f"{post.when:%b} {post.when.day}, {post.when.year}")
    badges = ["Author"] if post.author == page.posts[0].author and post.number else []
    badges += page.fixed(post, "role", lambda: page.rng.choice([[], [], ["Member"], ["Contributor"], ["Collaborator"]]))
    head = f"{post.handle} commented on {when}" + (" • edited" if page.chance(0.15) else "")
    heads = ["  ".join([head, *badges])]
    if post.number and page.chance(0.15):
        label = page.rng.choice(["bug", "enhancement", "needs-triage", "question"])
        heads.insert(0, f"{post.handle} added the {label} label on {when}")
    if post.number and page.chance(0.05):
        hidden = page.rng.randint(2, 40)
        heads.insert(0, f"{hidden} hidden items\nLoad more…")
    reactions = _counts_row(page, ("👍", "🎉", "❤️", "👀"), [0, 0, 0, 0, 1, 2, 5])
    return heads, [reactions] if reactions else []


def gitlab(post: Post, page: Page) -> Frame:
    """`Alice Smith @asmith · 3 years ago`, a role badge per author, `Edited` and award emoji."""
    role = page.fixed(post, "role", lambda: page.rng.choice(["", "", "Developer", "Maintainer", "Owner"]))
    badges = [b for b in ("Author" if post.author == page.posts[0].author and post.number else "", role) if b]
    head = f"{post.author} @{post.handle} · {page.show(post, age(post.when))}"
    heads = [" ".join([head, *badges])]
    if post.number and page.chance(0.1):
        heads.insert(0, f"{post.author} @{post.handle} mentioned in merge request !{page.rng.randint(10, 999)} {age(post.when)}")
    feet = []
    if page.chance(0.1):
        feet.append(f"Edited {age(post.when + timedelta(hours=2))} by {post.author}")
    awards = _counts_row(page, ("👍", "👎", "🚀"), [0, 0, 0, 1, 3])
    return heads, feet + ([awards] if awards else [])


def jira(post: Post, page: Page) -> Frame:
    """`Alice Smith added a comment - 03/Mar/20 10:12`, `- edited` on some; the description is
    headed by the reporter."""
    when = page.show(post, f"{post.when:%d/%b/%y %H:%M}")
    if post.number == 0:
        return [f"Reporter: {post.author}\nCreated: {when}", "Description"], []
    edited = " - edited" if page.chance(0.15) else ""
    return [f"{post.author} added a comment - {when}{edited}"], []


def new_reddit(post: Post, page: Page) -> Frame:
    """`level 2`, the name with `OP` and a flair some authors carry, `· 3 yr. ago`, the score and
    `Reply Share Report Save Follow`."""
    flair = page.fixed(post, "flair", lambda: page.rng.choice(["", "", "", "Rust", "C++ · Compilers", "Moderator"]))
    name = f"u/{post.handle}" + (" OP" if post.author == page.posts[0].author else "") + (f"\n{flair}" if flair else "")
    years = max(1, (NOW - post.when).days // 365)
    when = f"· {page.show(post, f'{years} yr. ago')}" + (f" · edited {years} yr. ago" if page.chance(0.1) else "")
    score = page.rng.choice([1, 1, 2, 3, 8, 24, 150, -2])
    return [f"level {_depth(post, page)}", f"{name}\n{when}"], [f"{score}\nReply Share Report Save Follow"]


def hn_logged_in(post: Post, page: Page) -> Frame:
    """Hacker News for a logged-in reader: `parent | prev | next | flag | favorite` links that
    depend on where the comment sits, and `reply` under it."""
    links = ["parent"] if post.parent is not None else []
    links += [link for link in ("root", "prev", "next") if page.chance(0.5)]
    links += ["flag", "favorite"] if page.chance(0.9) else ["flag"]
    head = " | ".join([f"{post.handle} {page.show(post, age(post.when, article=True))}", *links]) + " [–]"
    return [head], ["reply"]


def discourse(post: Post, page: Page) -> Frame:
    """The name (and a full name some authors give), `Mar '20`, then `1 Reply` and a like count
    under the text, and the accepted answer's `Solution`."""
    full = page.fixed(post, "full", lambda: page.chance(0.4))
    name = f"{post.author}\n{post.handle}" if full else post.handle
    when = page.show(post, f"{post.when:%b '%y}")
    heads = [name, when]
    if post.number == 3:
        heads.append("Solution")
    feet = []
    replies = page.rng.choice([0, 0, 0, 1, 2])
    if replies:
        feet.append(f"{replies} Repl{'ies' if replies > 1 else 'y'}")
    likes = page.rng.choice([0, 0, 1, 2, 4, 11])
    if likes:
        feet.append(f"{likes} Like{'s' if likes > 1 else ''}")
    return heads, feet


def twitter(post: Post, page: Page) -> Frame:
    """The thread's first tweet with its full time and counts, the replies with `· Mar 3, 2020`,
    `Replying to @x` and the counts they have."""
    parent = page.parent_of(post) or (page.posts[0] if post.number else None)
    name = f"{post.author}\n@{post.handle}"
    if post.number == 0:
        when = page.show(post, f"{twelve_hour(post.when)} {post.when:%p} · {post.when:%b} {post.when.day}, {post.when.year}")
        shown = [(label, page.rng.choice([0, 3, 12, 40, 250])) for label in ("Retweets", "Quote Tweets", "Likes")]
        counts = "  ".join(f"{n} {label}" for label, n in shown if n)
        return [name], [f"{when} · Twitter Web App", *([counts] if counts else [])]
    when = page.show(post, f"{post.when:%b} {post.when.day}, {post.when.year}")
    heads = [f"{name} · {when}", f"Replying to @{parent.handle}" if parent else ""]
    counts = [page.rng.choice([0, 0, 1, 2, 12]) for _ in range(3)]
    row = "  ".join(str(n) for n in counts if n)
    return [h for h in heads if h], [row] if row else []


def quora(post: Post, page: Page) -> Frame:
    """The name with `Follow`, a credential some authors carry, `Answered 3y` or `3y`, and
    `Upvote · 12 · Share` under the text."""
    credential = page.fixed(post, "cred", lambda: page.rng.choice(["", "", "Software Engineer", "Studied Physics", "Lives in Berlin"]))
    when = page.show(post, compact_age(post.when))
    stamp = f"{credential} · {when}" if credential else ("Answered " if post.parent is None else "") + when
    upvotes = page.rng.choice([0, 0, 1, 4, 12, 310])
    foot = f"Upvote · {upvotes} · Share" if upvotes else "Upvote · Share"
    return [f"{post.author} · Follow\n{stamp}"], [foot]


def debian_bugs(post: Post, page: Page) -> Frame:
    """A Debian bug log: `Message #5 received at ...`, then the message's mail headers."""
    bug = page.fixed(page.posts[0], "bug", lambda: page.rng.randint(100000, 999999))
    address = page.fixed(post, "mail", lambda: f"{post.handle}@{page.rng.choice(['example.org', 'debian.org', 'mail.example.net'])}")
    number = 5 + post.number * 5
    to = f"{bug}@bugs.debian.org" if post.number else "Debian Bug Tracking System <submit@bugs.debian.org>"
    subject = page.title if post.number == 0 else f"Re: Bug#{bug}: {page.title}"
    when = page.show(post, f"{post.when:%a}, {post.when.day} {post.when:%b %Y %H:%M:%S} +0000")
    heads = [f"Message #{number} received at {'submit' if post.number == 0 else bug}@bugs.debian.org (full text, mbox, reply):",
             f"From: {post.author} <{address}>\nTo: {to}\nSubject: {subject}\nDate: {when}"]
    return heads, []


def pipermail(post: Post, page: Page) -> Frame:
    """A mailman archive's messages one after another: the subject, the sender with `at` for `@`,
    the date, and the links to the messages around it."""
    subject = f"[Threadnote-users] {'Re: ' if post.number else ''}{page.title}"
    address = page.fixed(post, "mail", lambda: f"{post.handle} at {page.rng.choice(['example.org', 'gmail.com'])}")
    when = page.show(post, f"{post.when:%a %b} {post.when.day:2} {post.when:%H:%M:%S} UTC {post.when.year}")
    links = [f"Previous message: [Threadnote-users] {'Re: ' if post.number > 1 else ''}{page.title}" if post.number else "",
             f"Next message: [Threadnote-users] Re: {page.title}" if post.number + 1 < len(page.posts) else "",
             "Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]"]
    return [subject, f"{post.author} {address}\n{when}"], ["\n".join(link for link in links if link)]


def youtube_more(post: Post, page: Page) -> Frame:
    """`@handle 4 years ago (edited)`, a creator's `Pinned by` and heart, `Show less` after a long
    text unfolded, the like count and `Reply`, `12 replies` under a top comment."""
    creator = page.posts[0].handle
    heads = [f"@{post.handle} {page.show(post, age(post.when))}" + (" (edited)" if page.chance(0.1) else "")]
    if post.number == 1:
        heads.insert(0, f"Pinned by @{creator}")
    feet = ["Show less"] if len(post.paragraphs) > 2 else []
    likes = page.rng.choice([0, 0, 1, 3, 39, 1200])
    feet.append(f"{likes}  Reply" if likes else "Reply")
    if page.chance(0.1):
        feet.append(f"❤ by @{creator}")
    if post.parent is None and page.chance(0.3):
        feet.append(f"{page.rng.randint(1, 40)} replies")
    return heads, feet


def trac(post: Post, page: Page) -> Frame:
    """A Trac ticket: the description under `Reported by:`, each comment `comment:4 in reply to: ↑ 2`
    and `Changed 3 years ago by alice`, with the fields it changed."""
    if post.number == 0:
        owner = page.rng.choice([p.handle for p in page.posts])
        return [f"Reported by: {post.handle}\tOwned by: {owner}", "Description"], []
    reply = f" in reply to: ↑ {post.parent}" if post.parent else ""
    heads = [f"comment:{post.number}{reply} Changed {page.show(post, age(post.when))} by {post.handle}"]
    if page.chance(0.2):
        heads.append(page.rng.choice(["Status changed from new to assigned", "Resolution set to fixed\nStatus changed from assigned to closed",
                                      "Cc: added", "Milestone changed from 1.2 to 1.3"]))
    return heads, []


def _day_of_year(when: datetime) -> str:
    """`Mar 3, 2020`: a day as the newer sites print one (the year, as the thread is not this year's)."""
    return f"{when:%b} {when.day}, {when.year}"


def wordpress(post: Post, page: Page) -> Frame:
    """A WordPress blog in a default theme: the article `Posted on March 3, 2020 by alice` with its
    category line and `12 thoughts on “title”`; each comment `Name says:` over `March 3, 2020 at 9:12
    pm`, `Reply` under it but at the theme's deepest level, and a pingback now and then."""
    when = page.show(post, f"{post.when:%B} {post.when.day}, {post.when.year} at {twelve_hour(post.when)} {post.when:%p}".replace("AM", "am").replace("PM", "pm"))
    if post.number == 0:
        category = page.rng.choice(["Uncategorized", "Programming", "Notes"])
        feet = [f"This entry was posted in {category}. Bookmark the permalink.",
                f"{len(page.posts) - 1} thoughts on “{page.title}”"]
        return [f"Posted on {when.split(' at ')[0]} by {post.author}"], feet
    heads = [f"{post.author} says:\n{when}"]
    if page.chance(0.05):
        heads.insert(0, f"Pingback: {page.rng.choice(['Links for the week', 'Weekly reading', 'What I read'])} | {word_of(page)} blog")
    return heads, ["Reply"] if _depth(post, page) < 5 else []


def word_of(page: Page) -> str:
    """A made-up site name."""
    return "".join(page.rng.choice("bdfklmnprst") + page.rng.choice("aeiou") for _ in range(3)).capitalize()


def substack(post: Post, page: Page) -> Frame:
    """A Substack post's comments: the name (`Writer` under the post's author), `Mar 3, 2020`,
    `Edited` on some, `Like (4)` or `Like` at none, `Reply` and `Share`; a deleted comment's
    `Comment deleted` before some, and the post itself with its own head."""
    writer = page.posts[0].author
    when = page.show(post, _day_of_year(post.when))
    if post.number == 0:
        likes = page.rng.randint(5, 400)
        return [f"{post.author}\n{when}"], [f"{likes}\n{len(page.posts) - 1}\nShare", f"{len(page.posts) - 1} Comments"]
    name = f"{post.author}\nWriter" if post.author == writer else post.author
    heads = [f"{name}\n{when}" + ("\nEdited" if page.chance(0.08) else "")]
    if page.chance(0.04):
        heads.insert(0, f"Comment deleted\n{_day_of_year(post.when - timedelta(minutes=page.rng.randint(5, 90)))}")
    likes = page.rng.choice([0, 0, 0, 1, 2, 4, 9, 31])
    return heads, [f"{f'Like ({likes})' if likes else 'Like'}\nReply\nShare"]


def livejournal(post: Post, page: Page) -> Frame:
    """A LiveJournal entry: `alice wrote,` over `Mar. 3rd, 2020 at 9:12 PM`, then each comment the
    user name over `2020-03-03 09:12 pm (UTC)` and `(Reply) (Parent) (Thread) (Link)` (`Parent` on a
    reply), `Edited at ...` under an edited one, and a `(Deleted comment)` or `(Screened comment)`
    now and then."""
    w = post.when
    if post.number == 0:
        day = w.day
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        when = page.show(post, f"{w:%b}. {day}{suffix}, {w.year} at {twelve_hour(w)} {w:%p}")
        return [f"{post.handle} wrote,\n{when}"], [f"{len(page.posts) - 1} comments | Leave a comment | Share"]
    when = page.show(post, f"{w:%Y-%m-%d %I:%M} {w:%p}".lower()) + " (UTC)"
    heads = [f"{post.handle}\n{when}"]
    if page.chance(0.05):
        heads.insert(0, page.rng.choice(["(Deleted comment)", "(Screened comment)"]))
    links = ["(Reply)", "(Parent)", "(Thread)", "(Link)"] if post.parent is not None else ["(Reply)", "(Thread)", "(Link)"]
    feet = [" ".join(links)]
    if page.chance(0.1):
        later = w + timedelta(minutes=page.rng.randint(2, 300))
        feet.insert(0, f"Edited at {later:%Y-%m-%d %I:%M} {later:%p}".lower().replace("edited", "Edited") + " (UTC)")
    return heads, feet


def guardian(post: Post, page: Page) -> Frame:
    """The Guardian's comments: the name (`Staff` beside a few), `in reply to bob` on a reply,
    `3 Mar 2020 21.12`, the recommendations as a bare number when there are any, `Guardian Pick`
    on a few, and `Reply Report Share` under the text; a comment removed by a moderator now and
    then."""
    staff = page.fixed(post, "staff", lambda: page.chance(0.1))
    parent = page.parent_of(post)
    lines = [post.handle + ("\nStaff" if staff else "")]
    if parent is not None:
        lines.append(f"in reply to {parent.handle}")
    lines.append(page.show(post, f"{post.when.day} {post.when:%b %Y} {post.when:%H}.{post.when:%M}"))
    recommended = page.rng.choice([0, 0, 1, 3, 12, 48, 230])
    if recommended:
        lines.append(str(recommended))
    heads = ["\n".join(lines)]
    if page.chance(0.05):
        heads.append("Guardian Pick")
    if post.number and page.chance(0.04):
        heads.insert(0, "This comment was removed by a moderator because it didn't abide by our community standards. "
                        "Replies may also be deleted. For more detail see our FAQs.")
    return heads, ["Reply\nReport\nShare"]


SHAPES: dict[str, Shape] = {
    "bugzilla": bugzilla, "disqus": disqus, "facebook": facebook, "phpbb": phpbb, "slashdot": slashdot,
    "stack-exchange": stack_exchange, "lobsters": lobsters, "mastodon": mastodon, "google-groups": google_groups,
    "launchpad": launchpad, "german": german, "french": french, "japanese": japanese, "blogger": blogger,
    "vbulletin": vbulletin, "github": github, "gitlab": gitlab, "jira": jira, "new-reddit": new_reddit,
    "hn-logged-in": hn_logged_in, "discourse": discourse, "twitter": twitter, "quora": quora,
    "debian-bugs": debian_bugs, "pipermail": pipermail, "youtube-more": youtube_more, "trac": trac,
    "wordpress": wordpress, "substack": substack, "livejournal": livejournal, "guardian": guardian,
}


@dataclass(frozen=True, slots=True)
class Source:
    """A corpus thread as the shapes need it."""

    name: str
    title: str
    byline: str
    posts: list[Post]


def load_source(name: str, paragraphs: Callable[[str], list[str]], keep: int = 0) -> Source:
    """The thread's comments from its flat text and gold labels, with made-up times and parents."""
    texts = paragraphs((CORPUS / name / "thread.txt").read_text(encoding="utf-8"))
    gold = json.loads((CORPUS / name / "gold.json").read_text(encoding="utf-8"))["paragraphs"]
    rng = random.Random(name)
    when = datetime(rng.randint(2009, 2021), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
    grouped: dict[int, list[tuple[dict[str, Any], str]]] = {}
    for label, text in zip(gold, texts):
        if label["role"] == "comment":
            grouped.setdefault(label["comment"], []).append((label, text))
    posts = []
    for number, key in enumerate(sorted(grouped)[: keep or None]):
        when += timedelta(minutes=int(rng.expovariate(1 / 400)) + 1)
        parent = rng.randrange(number) if number and rng.random() < 0.6 else None
        posts.append(Post(number, grouped[key][0][0]["author"] or "anonymous", when, grouped[key], parent))
    return Source(f"{name}{f'-first{keep}' if keep else ''}", texts[0], texts[1], posts)


def lay_out(source: Source, shape: Shape) -> tuple[str, list[dict[str, Any]]]:
    """The page text and its gold labels, in the corpus's `gold-chrome.json` format."""
    text, gold, _ = lay_out_timed(source, shape)
    return text, gold


def lay_out_timed(source: Source, shape: Shape) -> tuple[str, list[dict[str, Any]], dict[int, str]]:
    """The page text, its gold labels and each post's time as the page prints it."""
    page = Page(source.title, source.posts, random.Random(f"{source.name}/{shape.__name__}"))
    texts = [source.title, source.byline]
    gold = [_label(0, source.title, "title"), _label(1, source.byline, "byline")]
    moved: dict[int, int] = {0: 0}
    framed = [(post, shape(post, page)) for post in source.posts]
    for post, (heads, feet) in framed:
        for chrome in heads:
            gold.append(_label(len(texts), chrome, "chrome"))
            texts.append(chrome)
        for label, text in post.paragraphs:
            moved[label["p"]] = len(texts)
            gold.append({**label, "p": len(texts), "start": text[:60]})
            texts.append(text)
        for chrome in feet:
            gold.append(_label(len(texts), chrome, "chrome"))
            texts.append(chrome)
    for label in gold:
        if isinstance(label.get("quote_of"), int):
            label["quote_of"] = moved.get(label["quote_of"])  # a quote of a comment cut from a short thread is none
    return "\n\n".join(texts) + "\n", gold, page.shown


def _label(p: int, text: str, role: str) -> dict[str, Any]:
    return {
        "p": p, "start": text[:60], "role": role, "new_comment": False, "author": None, "comment": None,
        "quote_of": None, "quote_span": None, "original_span": None, "mentions": [], "confidence": "high",
    }


def score_shape(name: str, sources: list[Source], work: Path) -> list[tuple[str, dict[str, Any], str]]:
    """Each thread laid out in the shape, read and scored: (thread, figures, page text)."""
    from paras import key, paragraphs  # type: ignore[import-not-found]
    from score import score  # type: ignore[import-not-found]

    results = []
    for source in sources:
        text, gold, shown = lay_out_timed(source, SHAPES[name])
        stem = work / f"{source.name}-{name}"
        page, gold_path, out = (stem.with_suffix(s) for s in (".txt", ".gold.json", ".json"))
        page.write_text(text, encoding="utf-8")
        gold_path.write_text(json.dumps({"thread": source.name, "paragraphs": gold}), encoding="utf-8")
        out.write_text(export_json(site_text(text, paragraphs), source.name), encoding="utf-8")
        figures = score(str(page), str(gold_path), str(out))
        comments = json.loads(out.read_text(encoding="utf-8"))["comments"]
        figures["chrome_leaks"] = chrome_leaks(gold, paragraphs(text), comments, key)
        authors = sum(1 for g in gold if g["role"] == "comment" and g.get("author"))
        read = read_times(source.posts, comments, key)
        dated = [post for post in source.posts if when_shown(shown.get(post.number))]
        right = sum(1 for post in dated if time_is_right(read.get(post.number), post, shown[post.number]))
        times = {"times_right": right, "times_gold": len(dated)}
        results.append((source.name, {**figures, "authors_gold": authors, **times}, text))
    return results


def chrome_leaks(gold: list[dict[str, Any]], texts: list[str], comments: list[dict[str, Any]], key: Callable[[str], str]) -> int:
    """Chrome paragraphs shown as comment text, as the corpus's score.py counts them (a paragraph
    that is a chrome line, or starts or ends with a long one), less the commenters' own paragraphs
    that read so: a paragraph word for word a comment's (`Suresh Jayaraman <...> wrote:` under a
    handle `sureshjayaraman`, a comment `test` by a commenter `test`) is text, as many times as the
    comments hold it; and a paragraph that only starts or ends with a long chrome line where it is
    the start or the end of a comment's own paragraph, cut where the reader cut it (`Suresh
    Jayaraman <...> wrote:` over the `>` quote it opens, under a handle `sureshjayaraman`)."""
    chrome = {key(t) for g, t in zip(gold, texts) if g["role"] == "chrome"} - {""}
    written = [key(t) for g, t in zip(gold, texts) if g["role"] == "comment"]
    own = Counter(written)

    def leaked(k: str) -> bool:
        if k in chrome:
            return True
        glued = any(len(t) >= 12 and (k.startswith(t) or k.endswith(t)) for t in chrome)
        return glued and not any(w.startswith(k) or w.endswith(k) for w in written)

    leaks = 0
    for k in (key(p) for comment in comments for p in comment.get("paragraphs", [])):
        if own[k] > 0:
            own[k] -= 1
        elif leaked(k):
            leaks += 1
    return leaks


def read_times(posts: list[Post], comments: list[dict[str, Any]], key: Callable[[str], str]) -> dict[int, str | None]:
    """Each post's time as read: the time of the next comment that opens with the post's first
    paragraph or its first part (within its first paragraphs, after a leaked line); a post quoted at the end of the
    comment before it is not found there."""
    read: dict[int, str | None] = {}
    at = 0
    for post in posts:
        probe = key(post.opening)[:80]
        found = next((i for i in range(at, len(comments)) if any(_opens(key(p), probe) for p in comments[i]["paragraphs"][:3])), None)
        if found is not None:
            read[post.number], at = comments[found]["time"], found + 1
    return read


def _opens(paragraph: str, probe: str) -> bool:
    """Whether a paragraph read is the post's first, or its first part (a quote is a paragraph of its own)."""
    return bool(paragraph) and paragraph[: len(probe)] == probe[: len(paragraph)]


def time_is_right(read: str | None, post: Post, shown: str) -> bool:
    """Whether thread.json gives the moment the page shows, in RFC 3339 and at the page's precision
    (a date alone is its midnight); `when_shown` says which posts' times can be known at all."""
    moment = post.when if CLOCK.search(shown) else datetime.combine(post.when.date(), datetime.min.time())
    return read == f"{moment:%Y-%m-%dT%H:%M:%S}Z"


CLOCK = re.compile(r"\d[:h]\d\d")


def when_shown(shown: str | None) -> bool:
    """Whether the page shows a moment: a date with its year. An age (`8 years ago`, `3h`) counts
    from a day the page does not say, and is rightly read as no time."""
    return shown is not None and re.search(r"\d{4}", shown) is not None


def pooled(results: list[tuple[str, dict[str, Any], str]]) -> dict[str, Any]:
    """F1 weighted by comment starts, authors pooled, leaks summed."""
    starts = sum(f["gold_comment_starts"] for _, f, _ in results)
    authors = sum(f["authors_gold"] for _, f, _ in results)
    times = sum(f["times_gold"] for _, f, _ in results)
    return {
        "segmentation_f1": round(sum(f["segmentation_f1"] * f["gold_comment_starts"] for _, f, _ in results) / starts, 3),
        "author_accuracy": round(sum((f["author_accuracy"] or 0) * f["authors_gold"] for _, f, _ in results) / authors, 3),
        "chrome_leaks": sum(f["chrome_leaks"] for _, f, _ in results),
        "time_accuracy": round(sum(f["times_right"] for _, f, _ in results) / times, 3) if times else None,
        "short_f1": min(f["segmentation_f1"] for n, f, _ in results if "-first" in n),
        "worst": min(results, key=lambda r: (r[1]["segmentation_f1"], r[1]["author_accuracy"] or 0, -r[1]["chrome_leaks"]))[0],
    }


def failing(results: list[tuple[str, dict[str, Any], str]]) -> list[tuple[str, dict[str, Any], str]]:
    return [r for r in results if r[1]["segmentation_f1"] < 0.97 or (r[1]["author_accuracy"] or 0) < 0.97 or r[1]["chrome_leaks"]]


def score_table(shapes: list[str], show: int = 0) -> dict[str, dict[str, Any]]:
    """Each shape's pooled figures over every corpus thread and the short ones; the first `show`
    failing threads of each shape printed with their pages."""
    sys.path.insert(0, str(CORPUS))
    from paras import paragraphs

    names = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.json").is_file())
    sources = [load_source(n, paragraphs) for n in names] + [load_source(n, paragraphs, keep) for n, keep in SHORT]
    table: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="chrome-shapes-") as work:
        for name in shapes:
            results = score_shape(name, sources, Path(work))
            table[name] = pooled(results)
            for thread, figures, text in failing(results)[:show]:
                print(f"--- {name} / {thread}: {json.dumps(figures)}\n{text[:3000]}")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--show", type=int, default=0, help="print the first N failing threads' figures and pages")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if corpus_missing("chrome_shapes"):
        return 0
    table = score_table(args.shape or list(SHAPES), args.show)
    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    print(f"{'shape':<16}{'F1':>7}{'auth':>7}{'leaks':>7}{'shortF1':>9}{'time':>7}  worst thread")
    for name, row in table.items():
        print(f"{name:<16}{row['segmentation_f1']:>7}{row['author_accuracy']:>7}{row['chrome_leaks']:>7}"
              f"{row['short_f1']:>9}{'-' if row['time_accuracy'] is None else row['time_accuracy']:>7}  {row['worst']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
