"""Tests of the thread reader (threadnote.readers.scrape): the case file, plus scrapes written by gen_thread.py."""

from __future__ import annotations

import json
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from threadnote.diagnostics import format_diagnostic
from threadnote.readers.blocks import normalise_text, split_at_blank_lines, split_blocks
from threadnote.readers.fences import fence_pairs
from threadnote.readers.scrape import Scrape, parse_scrape

CASES = Path(__file__).parent / "cases"
ESCAPES = {
    "«bom»": "\ufeff",
    "«cr»": "\r",
    "«nbsp»": "\u00a0",
    "«nnbsp»": "\u202f",
    "«tab»": "\t",
    "«sp»": " ",
}


def unescape(text: str) -> str:
    for name, char in ESCAPES.items():
        text = text.replace(name, char)
    return text


def read_cases(path: Path) -> list[pytest.ParameterSet]:
    """`==== name` / text / `----` / expected facts; the `====` line's number is the test id."""
    cases: list[pytest.ParameterSet] = []
    current: dict[str, object] | None = None
    part = ""
    lines = path.read_text(encoding="utf-8").split("\n")

    def close() -> None:
        if current is not None:
            source = "\n".join(current["input"]).rstrip("\n") + "\n"  # type: ignore[arg-type]
            expected = [line for line in current["expected"] if line.strip()]  # type: ignore[attr-defined]
            cases.append(pytest.param(unescape(source), expected, id=f"line{current['line']}"))

    for number, line in enumerate(lines, 1):
        if line.startswith("==== "):
            close()
            current, part = {"line": number, "name": line[5:], "input": [], "expected": []}, "input"
        elif current is None:
            continue
        elif line == "----" and part == "input":
            part = "expected"
        else:
            current[part].append(line)  # type: ignore[attr-defined]
    close()
    return cases


def describe(scrape: Scrape, diagnostics: list) -> list[str]:
    """The facts a case file lists, in the same order."""
    facts = []
    if scrape.title:
        facts.append(f"title {scrape.title_line}: {scrape.title}")
    if scrape.byline:
        facts.append(f"byline: {scrape.byline}")
    if scrape.notice:
        facts.append(f"notice: {scrape.notice}")
    facts += [f"meta {key}: {scrape.meta[key]}" for key in sorted(scrape.meta)]
    for comment in scrape.chrome or []:
        facts.append(f"comment {comment.first}+{comment.count} {comment.author} | {comment.time}")
    for p in scrape.paragraphs:
        kind = f"{p.kind}>{p.depth}" if p.depth else p.kind
        facts.append(f"p {p.line} {kind}: {p.text.replace(chr(10), '⏎')}")
    facts += [format_diagnostic(d).removeprefix("thread.txt:") for d in diagnostics]
    return facts


@pytest.mark.parametrize(("text", "expected"), read_cases(CASES / "scrape.txt"))
def test_scrape_case(text: str, expected: list[str]) -> None:
    scrape, diagnostics = parse_scrape(text, "thread.txt")
    assert describe(scrape, diagnostics) == expected


def test_case_file_has_many_cases() -> None:
    # guards the loader: a broken delimiter would silently merge cases
    assert len(read_cases(CASES / "scrape.txt")) >= 30


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffa\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\u00a0b\u202fc", "a b c"),
        ("a \t\nb  ", "a\nb"),
        ("a\u2028b", "a\nb"),
        ("  leading kept", "  leading kept"),
        ("“curly” … ChinF", "“curly” … ChinF"),
    ],
    ids=["bom-crlf", "lone-cr", "no-break-spaces", "trailing-space", "line-separator", "leading", "words"],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet=WHITESPACE + "ab\ufeff", max_size=40))
@example("a \n")
@example("a\u3000")
def test_normalise_text_strips_every_line_end_as_rstrip_does(raw: str) -> None:
    # the reference: cut into lines, `str.rstrip` each (every Unicode space), glue back
    text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2028", "\n")
    assert normalise_text(raw) == "\n".join(line.rstrip() for line in text.split("\n"))


# --- a scrape in the shape bench/gen_thread.py writes, kept in tests/cases/gen12/
# (made with `python /work/shared/bench/gen_thread.py 12 tests/cases/gen12 --seed 33`, annotations.yaml dropped)

GEN = CASES / "gen12"


def generated() -> tuple[str, list[dict]]:
    return (GEN / "thread.txt").read_text(encoding="utf-8"), json.loads((GEN / "thread.json").read_text(encoding="utf-8"))


def expected_paragraphs(comment: dict) -> list[str]:
    """gen_thread's body, as the reader should give it: `> ` marks gone, no-break spaces as spaces."""
    return [p.removeprefix("> ").replace("\u00a0", " ") for p in comment["body_markdown"].split("\n\n")]


def test_generated_chrome_gives_authors_times_and_boundaries() -> None:
    text, comments = generated()
    scrape, diagnostics = parse_scrape(text, "thread.txt")
    assert diagnostics == []
    assert scrape.title == "Council approves new bus lanes despite objections: readers respond"
    assert scrape.byline == "Staff Reporter | 12 March 2024 | 12 comments"
    assert scrape.chrome is not None
    assert [c.author for c in scrape.chrome] == [c["author"] for c in comments]
    assert [c.count for c in scrape.chrome] == [len(expected_paragraphs(c)) for c in comments]
    assert scrape.chrome[0].time == "12 March 2024 at 00:00"
    assert [p.text for p in scrape.paragraphs] == [p for c in comments for p in expected_paragraphs(c)]


def test_generated_chrome_never_becomes_text() -> None:
    text, comments = generated()
    scrape, _ = parse_scrape(text, "thread.txt")
    chrome_lines = {c["author"] for c in comments} | {"Reply · Share · Report"}
    for paragraph in scrape.paragraphs:
        assert "Reply · Share · Report" not in paragraph.text
        assert "March 2024 at" not in paragraph.text
        assert paragraph.text not in chrome_lines


def test_generated_quotes_stay_words_of_their_comment() -> None:
    # gen_thread pastes quotes without `>` marks: they are the comment's first paragraph, as text
    text, comments = generated()
    scrape, _ = parse_scrape(text, "thread.txt")
    assert scrape.chrome is not None
    quoting = [(n, c) for n, c in enumerate(comments) if c["quote_of"]]
    assert len(quoting) == 3
    for number, comment in quoting:
        first = scrape.paragraphs[scrape.chrome[number].first]
        assert (first.text, first.kind) == (expected_paragraphs(comment)[0], "text")


# --- any text at all: the reader never raises and never invents words

LINES = st.sampled_from(["", "", "---", "title: x", "> quoted words", ">> deep", "```", "    code", "- item",
                         "alice", "12 March 2024 at 09:00", "Reply · Share · Report", "By Someone", "\u00a0", "\r"])
THREAD_TEXT = st.lists(LINES | st.text(max_size=30), max_size=25).map("\n".join)


@settings(max_examples=200, deadline=None, database=None)
@given(THREAD_TEXT)
@example("---\n---\n")
@example("```\n\n\n")
@example("alice\n3 hours ago\n\nReply · Share · Report\n")
def test_any_text_is_read_without_inventing_words(text: str) -> None:
    scrape, diagnostics = parse_scrape(text, "thread.txt")
    source = normalise_text(text)
    line_count = source.count("\n") + 1
    for paragraph in scrape.paragraphs:
        assert paragraph.text and paragraph.text == paragraph.text.strip("\n")
        assert 1 <= paragraph.line <= line_count
        for word in paragraph.text.split():
            assert word in source
    assert all(d.location.path == "thread.txt" and 0 <= d.location.line <= line_count for d in diagnostics)
    if scrape.chrome is not None:
        assert sum(c.count for c in scrape.chrome) == len(scrape.paragraphs)
        assert [c.first for c in scrape.chrome] == sorted({c.first for c in scrape.chrome})


# --- the block split, against the plain reading it replaced: line by line, blank lines end a block
# outside fences (paired over every line of the text, where the split pairs only its fence lines)

def blocks_line_by_line(text: str, first_line: int) -> list[tuple[tuple[str, ...], int, int]]:
    blocks: list[tuple[tuple[str, ...], int, int]] = []
    current: list[str] = []
    first = blanks = 0
    lines = text.split("\n")
    code = [False] * len(lines)
    for opened, closed in fence_pairs(lines, list(accumulate(not line for line in lines))):
        if closed is not None:  # one nothing closes ends at the blank line after it
            code[opened : closed + 1] = [True] * (closed + 1 - opened)
    for number, (line, fenced) in enumerate(zip(lines, code), first_line):
        if line or fenced:
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((tuple(current), first, blanks))
            current, blanks = [], 1
        else:
            blanks += 1
    if current:
        blocks.append((tuple(current), first, blanks))
    return blocks


SPLIT_LINES = st.sampled_from(["", "", "", " ", "\t", "a", "b c", "```", "~~~", "  ```py", "````", "~~~~ x", "\t```", "> q", ">", "\r", "x\r\n"])


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(SPLIT_LINES | st.text(alphabet="a \t\n\r>`~", max_size=8), max_size=30).map("\n".join), st.integers(1, 5))
@example("```\n\n\n", 1)
@example("a\n\n\n\n\nb\n", 3)
def test_block_split_equals_line_by_line(text: str, first_line: int) -> None:
    text = normalise_text(text)
    blocks = [(tuple(b.lines), b.line, b.blanks_before) for b in split_blocks(text, first_line)]
    assert blocks == blocks_line_by_line(text, first_line)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="ab\n", max_size=60), st.integers(1, 8), st.integers(0, 10))
@example("a\n\n\nb\n\nc", 1, 0)
def test_splitting_a_stretch_at_a_time_equals_one_split(text: str, stretch: int, start: int) -> None:
    """Big texts are split at blank lines a stretch at a time, from an offset (after front matter);
    runs of newlines at a stretch's end must not change where the pieces are cut."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("threadnote.readers.blocks.SPLIT_CHARS", stretch)
        assert list(split_at_blank_lines(text, start)) == text[start:].split("\n\n")
