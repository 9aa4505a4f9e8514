"""Fenced code is paired as CommonMark pairs it (markdown-it-py, which renders Markdown bodies), and
what a fence holds is read as code through the whole reader: never a quote, never chrome."""

from __future__ import annotations

import random

from chrome_kit import sentence
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.readers.fences import fence_pairs

FENCES = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", " ", "   ", "    ", "\t", " \t"]),
        st.sampled_from("`~"),
        st.integers(2, 6),
        st.sampled_from(["", "", "py", " py x", "a`b", "~~", " "]),
        st.sampled_from(["", " ", "\t"]),
    ).map(lambda fence: (fence[0], fence[1] * fence[2], *fence[3:])),
)
"""Fence-like lines: indented or not (three spaces at most open one, a tab makes indented code), two
to six backticks or tildes, an info string (a backtick run's may hold no backtick), trailing spaces."""
LINES = st.sampled_from(["", "words here", "    indented", "  two in", ": ${V:=x}", "| grep y", "Reply · Share"])
"""Lines that open no container (no `>`, list marker or table) that would hold a fence of its own."""


@settings(max_examples=500, deadline=None)
@given(st.lists(FENCES | LINES, max_size=20))
def test_fences_are_paired_as_markdown_it_pairs_them(lines: list[str]) -> None:
    lines = [*lines, "end"]  # a last line that closes nothing: an unclosed fence's span differs from a closed one's
    tokens = MarkdownIt("commonmark").parse("\n".join(lines) + "\n")
    expected = [token.map for token in tokens if token.type == "fence"]
    assert [[first, len(lines) if last is None else last + 1] for first, last in fence_pairs(lines)] == expected


def test_a_fence_is_closed_by_its_own_character_and_a_run_as_long() -> None:
    assert list(fence_pairs(["```python", "~~~", "```"])) == [(0, 2)]
    assert list(fence_pairs(["````", "```", "`````"])) == [(0, 2)]
    assert list(fence_pairs(["```", "``` still code", "```"])) == [(0, 2)]
    assert list(fence_pairs(["```a`b", "```"])) == [(1, None)]  # inline code, then a fence nothing closes


def test_an_unclosed_fence_runs_to_the_end_of_its_part() -> None:
    lines = ["```", "code", "", "```py", "more", "```"]
    assert list(fence_pairs(lines)) == [(0, 5)]
    assert list(fence_pairs(["```", "code", "", "~~~", "more", "~~~"], [0, 0, 1, 1, 1, 1])) == [(0, None), (3, 5)]


HEAD = "A thread about buses\nBy Someone\n\nNotice.\n\n\n"
NAMES = ["alice", "bruno", "chidi", "dagny", "emeka", "farah"]
BODIES = [sentence(random.Random(k)) for k in range(len(NAMES))]
INSIDE = ": ${V:=x}\n: ${W:=y}\n> prompt\nReply · Share · Report"
"""A fence's lines that outside one would be a Usenet quote, a `>` quote and the page's chrome."""


def read_page(codes: dict[int, str]) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """A page of six comments under chrome, some ending with code (by comment): each comment's
    author and paragraphs."""
    bodies = [f"{body}\n\n{codes[k]}" if k in codes else body for k, body in enumerate(BODIES)]
    comments = [f"{name}\n{12 + k} March 2024 at 09:{k:02d}\n\n{body}\n\nReply · Share · Report" for k, (name, body) in enumerate(zip(NAMES, bodies))]
    detected, problems = parse_thread(HEAD + "\n\n".join(comments) + "\n", "t/thread.txt", "t", QuoteSettings())
    assert problems == []
    return [(c.author, [(p.kind, p.text) for p in c.paragraphs]) for c in detected.thread.comments]


def assert_kept_as_code(*codes: str) -> None:
    """The code ends the third comment (and the fifth, given a second one), as written."""
    by_comment = dict(zip((2, 4), codes))
    expected = [(name, [("text", body)] + ([("code", by_comment[k])] if k in by_comment else [])) for k, (name, body) in enumerate(zip(NAMES, BODIES))]
    assert read_page(by_comment) == expected


def test_a_fence_closed_by_its_own_character_holds_a_fence_of_the_other() -> None:
    assert_kept_as_code(f"```python\n~~~\n{INSIDE}\n\nalice\n```")


def test_a_longer_fence_holds_a_shorter_one() -> None:
    assert_kept_as_code(f"````\n```\n{INSIDE}\n\nalice\n```\n````")


def test_an_unclosed_fence_ends_with_its_block_not_the_page() -> None:
    # the later fence is too short to close the unclosed one, and is read as a fence of its own
    assert_kept_as_code(f"````\n{INSIDE}", f"```\n{INSIDE}\n\nalice\n```")
