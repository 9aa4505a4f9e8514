"""Structured threads (`thread.yaml`): boundaries, authors and times come from the file."""

from __future__ import annotations

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.notes.merge import merge_thread
from threadnote.readers.structured import parse_structured

THREAD = """\
title: A structured thread
byline: Staff
comments:
  - author: alice
    time: "2024-03-12 10:00"
    text: |
      The council will vote on the new bus lanes next Tuesday, after months of delay.

      I think it is about time.
  - author: bob
    time: "2024-03-12 10:05"
    text: |
      > The council will vote on the new bus lanes next Tuesday, after months of delay.

      @alice they said that last year too.
"""


def test_structured_thread_gives_authors_times_and_boundaries() -> None:
    scrape, problems = parse_structured(THREAD, "content/s/thread.yaml")
    assert problems == []
    assert scrape.title == "A structured thread" and scrape.byline == "Staff"
    assert [(c.author, c.time, c.first, c.count) for c in scrape.chrome or []] == [
        ("alice", "2024-03-12 10:00", 0, 2),
        ("bob", "2024-03-12 10:05", 2, 2),
    ]
    assert [(p.kind, p.line) for p in scrape.paragraphs] == [("text", 7), ("text", 9), ("quote", 13), ("text", 15)]


def test_structured_quote_and_mention_link_to_the_named_author() -> None:
    detected, problems = parse_thread(THREAD, "content/s/thread.yaml", "s", QuoteSettings())
    annotated, more = merge_thread(detected, [])
    alice, bob = annotated.thread.comments
    assert problems == [] and more == []
    assert [(q.comment, q.source, q.how) for q in annotated.quotes] == [(bob.id, alice.id, "marker")]
    assert [(m.comment, m.name, m.target) for m in annotated.mentions] == [(bob.id, "alice", alice.id)]


def test_structured_thread_errors_carry_lines() -> None:
    _, problems = parse_structured("title: T\ncomments:\n  - author: a\n    txt: hello\n", "t.yaml")
    assert [str(p) for p in problems] == [
        "t.yaml:4:5: error: unknown key 'txt' in a comment (did you mean 'text'?)",
        "t.yaml:3:5: error: a comment needs 'text'",
        "t.yaml:1:1: error: thread has no comments",
    ]
