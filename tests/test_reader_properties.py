"""Properties of reading any thread text into comments (hypothesis): built from prose, newsreaders'
`: ` and `| ` quotes, `>` quotes of any depth, attribution lines, salutations, chrome-looking rows,
lines of symbols, fenced code and odd characters (NUL, CR, BOM), a text is read without raising,
every word of its prose lands in some comment, and fenced code is kept byte for byte."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

EXAMPLES = settings(max_examples=60, deadline=None)
HEAD = "A thread about buses\nBy Someone\n\nNotice.\n\n\n"
WORD = re.compile(r"[a-z]+\d+")
"""The words the pieces plant (letters then a number): no chrome or mark is made of them."""

NOISE = st.sampled_from([
    "Reply · Share · Report", "👍 3  🎉 1", "❤️ 2", "*-=#*-=#", "====", "|", ":", "----", "Hi Ann,", "Hello all,",
    "On Sat, 1 Jan 2000, Andy <a@x.org> wrote:", "Bob writes:", "In article <x@y>, Bo writes:", "-- ", "Cheers, Dave",
    "\x00", "\ufeff", "| a | b |", "Edit: ", ">", ">>>", "[...]",
])
"""Pieces that are no one's prose: chrome, marks, stock lines, odd characters."""


@st.composite
def prose(draw: st.DrawFn) -> str:
    """A line of planted words, each unique to its piece (`w<piece><n>`)."""
    piece = draw(st.integers(0, 10**6))
    return " ".join(f"w{piece}x{n}" for n in range(draw(st.integers(1, 12))))


@st.composite
def marked(draw: st.DrawFn) -> str:
    """Prose quoted the way mail and news mark it: `> ` (any depth, supercite initials), `: `, `| `."""
    mark = draw(st.sampled_from(["> ", ">> ", ">>>>>> ", "> > ", ": ", "| ", ": > "]))
    return "\n".join(mark + draw(prose()) for _ in range(draw(st.integers(1, 4))))


@st.composite
def fenced(draw: st.DrawFn) -> str:
    """A fenced block whose lines look like quotes, chrome and blank lines."""
    fence = draw(st.sampled_from(["```", "~~~"]))
    inner = draw(st.lists(st.sampled_from([": ${V:=x}", "| grep y", "> not a quote", "", "  indented", "Reply"]), max_size=5))
    return "\n".join([fence, *inner, fence])


LINE_ENDS = st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n\r\n", "\r\r", "\n\r\n"])


@st.composite
def thread(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A thread's text, its prose and quoted lines, and its fenced blocks."""
    pieces = draw(st.lists(st.one_of(prose(), marked(), fenced(), NOISE), min_size=1, max_size=30))
    ends = [draw(LINE_ENDS) for _ in pieces]
    text = "".join(piece + end for piece, end in zip(pieces, ends))
    return text, [p for p in pieces if WORD.search(p)], [p for p in pieces if p.startswith(("```", "~~~"))]


def comment_text(text: str) -> str:
    detected, _ = parse_thread(HEAD + text, "thread.txt", "t", QuoteSettings())
    return "\n".join(p.text for c in detected.thread.comments for p in c.paragraphs)


@EXAMPLES
@given(thread())
def test_reading_never_raises_and_loses_no_word(case: tuple[str, list[str], list[str]]) -> None:
    text, worded, _ = case
    kept = set(WORD.findall(comment_text(text)))
    for piece in worded:
        assert set(WORD.findall(piece)) <= kept, piece


@EXAMPLES
@given(thread())
def test_fenced_code_is_kept_byte_for_byte(case: tuple[str, list[str], list[str]]) -> None:
    text, _, blocks = case
    kept = comment_text(text)
    for block in blocks:
        assert block.strip("\n") in kept, block


def test_code_repeating_lines_is_no_chrome() -> None:
    """Two fences holding the same lines (found by the properties above): the repeats are code, not a template."""
    code = "```\n: ${V:=x}\n  indented\n```"
    kept = comment_text("w0x0\n" * 11 + code + "\n\n```\n: ${V:=x}\nReply\n  indented\n```\n")
    assert code in kept and "```\n: ${V:=x}\nReply\n  indented\n```" in kept


@pytest.mark.xfail(strict=True, reason="chrome's author slot takes a supercite-quoted line (LK> w1x0) for a head's name")
def test_a_supercite_quoted_line_is_no_name() -> None:
    kept = comment_text("w0x0\nLK> w1x0\n\nLK> w0x0 w0x1 w0x2 w0x3 w0x4 w0x5\nLK> w0x0\n")
    assert "w1x0" in kept
