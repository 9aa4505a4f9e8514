"""Forum scrapes whose comment head is one line (`user 3 hours ago | parent`, `user · 5h`)."""

from __future__ import annotations

import pytest

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.notes.merge import merge_thread

HACKER_NEWS = """\
Show HN: A static archive for comment threads

alice 3 hours ago | parent | next [–]

The build is fast enough for me, it takes about two seconds for a thread of ten thousand comments.

reply

bob 2 hours ago | parent | next [–]

> The build is fast enough for me, it takes about two seconds for a thread of ten thousand comments.

Two seconds is fine for a blog, but a newsroom archive has hundreds of such threads.

reply

carol 1 hour ago | prev [–]

@bob then build them one at a time, the output is per thread anyway.

reply
"""

REDDIT = """\
Council votes on bus lanes

maple_grove · 5h

The council will vote on the new bus lanes next Tuesday, after months of delay and two consultations.

oldtimer · 4h

The council will vote on the new bus lanes next Tuesday, after months of delay and two consultations.
They said that last year too.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(HACKER_NEWS, [("alice", "3 hours ago", 1), ("bob", "2 hours ago", 2), ("carol", "1 hour ago", 1)], id="hacker-news"),
        pytest.param(REDDIT, [("maple_grove", "5h", 1), ("oldtimer", "4h", 1)], id="reddit"),
    ],
)
def test_one_line_heads_give_authors_times_and_boundaries(text: str, expected: list[tuple[str, str, int]]) -> None:
    detected, problems = parse_thread(text, "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    comments = detected.thread.comments
    assert [(c.author, c.time, len(c.paragraphs)) for c in comments] == expected
    shown = " ".join(p.text for c in comments for p in c.paragraphs)
    assert "reply" not in shown.split() and "[–]" not in shown and " ago" not in shown


def test_forum_quotes_and_mentions_link_by_author() -> None:
    detected, _ = parse_thread(HACKER_NEWS, "content/t/thread.txt", "t", QuoteSettings())
    annotated, _ = merge_thread(detected, [])
    alice, bob, carol = annotated.thread.comments
    assert [(q.comment, q.source, q.how) for q in annotated.quotes] == [(bob.id, alice.id, "marker")]
    assert [(m.comment, m.name, m.target) for m in annotated.mentions] == [(carol.id, "bob", bob.id)]
