"""Comment bodies: HTML through nh3 and a scan of its output, Markdown through markdown-it tokens; any input is safe."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from threadnote.model import Paragraph
from threadnote.readers.html import parse_html
from threadnote.readers.markdown_body import parse_markdown


def _shown(paragraphs: tuple[Paragraph, ...]) -> list[tuple[str, int, str, list[tuple[str, str, str | None]]]]:
    return [(p.kind, p.depth, p.text, [(m.kind, p.text[m.start:m.end], m.href) for m in p.inline]) for p in paragraphs]


@pytest.mark.parametrize("body, expected", [
    pytest.param("<p>It&#x27;s &amp;amp; <i>so</i><p>Next", [
        ("text", 0, "It's &amp; so", [("em", "so", None)]), ("text", 0, "Next", []),
    ], id="hn-unclosed-p-entities-once"),
    pytest.param("<blockquote><p>outer</p><blockquote>inner</blockquote></blockquote>after", [
        ("quote", 1, "outer", []), ("quote", 2, "inner", []), ("text", 0, "after", []),
    ], id="nested-quotes"),
    pytest.param("<pre><code>if a &lt; b:\n    go()</code></pre>", [("code", 0, "if a < b:\n    go()", [])], id="pre"),
    pytest.param("<ol><li>one</li><li><b>two</b></li></ol>", [("list", 0, "1. one\n2. two", [("strong", "two", None)])],
                 id="ordered-list"),
    pytest.param('<a href="javascript:alert(1)">x</a> <a href="/u/bob">bob</a> <a href="mailto:a@b.c">m</a>',
                 [("text", 0, "x bob m", [("link", "m", "mailto:a@b.c")])], id="links-checked"),
    pytest.param("<script>alert(1)</script><style>p{}</style><img src=x onerror=y>words<iframe src=z></iframe>",
                 [("text", 0, "words", [])], id="hostile-tags-dropped"),
    pytest.param("a<br>b<br><br>c", [("text", 0, "a\nb\n\nc", [])], id="line-breaks"),
    pytest.param("<b>bold <i>both</b> italic</i>", [  # as a browser reads it: `<b>bold <i>both</i></b><i> italic</i>`
        ("text", 0, "bold both italic", [("strong", "bold both", None), ("em", "both", None), ("em", " italic", None)]),
    ], id="misnested-marks"),
])
def test_html_bodies(body: str, expected: list[object]) -> None:
    assert _shown(parse_html(body, 7)) == expected


def test_relative_links_are_made_absolute_against_a_base() -> None:
    paragraphs = parse_html('<a href="/t/other/7">this</a>', 1, base_url="https://forum.example.org/")
    assert paragraphs[0].inline[0].href == "https://forum.example.org/t/other/7"


@pytest.mark.parametrize("body, expected", [
    pytest.param("> quoted\n>> deeper\n\nreply with `code` and ~~gone~~", [
        ("quote", 1, "quoted", []), ("quote", 2, "deeper", []),
        ("text", 0, "reply with code and gone", [("code", "code", None), ("strike", "gone", None)]),
    ], id="quotes-and-marks"),
    pytest.param("<b>raw</b> [x](javascript:alert(1)) [y](https://example.org/)", [
        ("text", 0, "<b>raw</b> [x](javascript:alert(1)) y", [("link", "y", "https://example.org/")]),
    ], id="no-raw-html-no-javascript"),
    pytest.param("    indented code\n\n1. a\n2. b", [("code", 0, "indented code", []), ("list", 0, "1. a\n2. b", [])],
                 id="code-and-list"),
])
def test_markdown_bodies(body: str, expected: list[object]) -> None:
    assert _shown(parse_markdown(body, 3)) == expected


PIECES = [*"<>/&;#\"'= \nabpiqubrlockte", "<p>", "</p>", "<blockquote>", "<b>", "</b>", "<pre>", "<li>",
          '<a href="https://x.y/">', "&amp;", "> ", "**", "`", "\n\n"]
MARKUP = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(MARKUP)
@example("<` `")  # a code span of a space, stripped with the text: its mark ran past the text
@example("```\n\n<")  # a fenced code body opening on a blank line kept that newline
def test_any_body_gives_paragraphs_whose_marks_stay_inside_their_text(body: str) -> None:
    for paragraphs in (parse_html(body, 1), parse_markdown(body, 1)):
        for paragraph in paragraphs:
            assert paragraph.text and paragraph.text == paragraph.text.strip("\n")
            assert all(0 <= m.start < m.end <= len(paragraph.text) for m in paragraph.inline)
            assert all(m.href is None or m.href.startswith(("http://", "https://", "mailto:")) for m in paragraph.inline)
