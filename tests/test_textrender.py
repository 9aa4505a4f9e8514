"""Tests of comment-text rendering (threadnote.render.textrender): escaping, nesting of overlapping marks."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from threadnote.render.textrender import ORDER, Mark, render_text

ALLOWED_TAGS = {"q", "span", "mark", "a", "strong", "em", "s", "code"}


class Reader(HTMLParser):
    """Collects the text, the tags and whether every element closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.misnested = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.misnested = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


def test_plain_text_is_escaped() -> None:
    assert render_text('<b>"x" & \'y\'</b>', []) == "&lt;b&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/b&gt;"


def test_one_mark() -> None:
    html = render_text("I said hello there", [Mark("quote", 7, 12, "q-1")])
    assert html == 'I said <q class="quote" id="q-1">hello</q> there'


def test_overlapping_marks_nest_and_the_id_goes_on_the_first_piece_only() -> None:
    text = "abcdefghijklmno"
    marks = [Mark("note", 5, 15, "m-n1"), Mark("quote", 0, 10, "q-c-1")]
    assert render_text(text, marks) == (
        '<q class="quote" id="q-c-1">abcde</q>'
        '<q class="quote"><mark class="note-words" id="m-n1">fghij</mark></q>'
        '<mark class="note-words">klmno</mark>'
    )


def test_nesting_order_is_fixed_by_kind_not_by_list_order() -> None:
    # quote outside quoted words outside note words outside mentions, whatever the input order
    marks = [Mark("mention", 0, 4, href="#c-2"), Mark("note", 0, 4, "m-1"), Mark("quoted", 0, 4), Mark("quote", 0, 4)]
    expected = '<q class="quote"><span class="quoted-words"><mark class="note-words" id="m-1"><a class="mention" href="#c-2">@bob</a></mark></span></q>'
    assert render_text("@bob", marks) == expected
    assert render_text("@bob", list(reversed(marks))) == expected
    assert sorted(ORDER, key=ORDER.__getitem__) == ["quote", "quoted", "note", "mention", "link", "strong", "em", "strike", "code"]


def test_every_piece_is_escaped() -> None:
    text = "<a>&<b>\"<c>"
    html = render_text(text, [Mark("quote", 0, 5), Mark("note", 3, 8)])
    assert html == (
        '<q class="quote">&lt;a&gt;</q><q class="quote"><mark class="note-words">&amp;&lt;</mark></q>'
        '<mark class="note-words">b&gt;&#34;</mark>&lt;c&gt;'
    )
    assert "".join(read(str(html)).text) == text


def test_after_markup_follows_the_last_piece() -> None:
    link = Markup('<a class="note-ref" href="#n1">1</a>')
    html = render_text("one two three", [Mark("note", 0, 7, "m-n1", after=link), Mark("quote", 4, 13, "q-1")])
    assert html == (
        '<mark class="note-words" id="m-n1">one </mark>'
        '<q class="quote" id="q-1"><mark class="note-words">two</mark></q>'
        '<a class="note-ref" href="#n1">1</a>'
        '<q class="quote"> three</q>'
    )


def test_a_paragraph_quoted_thousands_of_times_renders_every_mark() -> None:
    # one sweep over the span edges: scanning every mark for every piece, this alone took over 20 s
    count = 20_000
    marks = [Mark("quoted", 5 * k, 5 * k + 4, f"qw-c{k}-1") for k in range(count)]
    html = render_text("word " * count, marks)
    assert html == "".join(f'<span class="quoted-words" id="qw-c{k}-1">word</span> ' for k in range(count))


def test_mention_href_is_escaped() -> None:
    html = render_text("@x", [Mark("mention", 0, 2, href='#c" onclick="alert(1)')])
    assert html == '<a class="mention" href="#c&#34; onclick=&#34;alert(1)">@x</a>'
    assert read(str(html)).tags == [("a", {"class": "mention", "href": '#c" onclick="alert(1)'})]


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet="<>&\"' ab/=", max_size=40))
    positions = st.integers(min_value=0, max_value=len(text))
    marks = []
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        start, end = sorted((draw(positions), draw(positions)))
        kind = draw(st.sampled_from(sorted(ORDER)))
        ident = draw(st.sampled_from(["", f"x-{number}"]))
        marks.append(Mark(kind, start, end, ident, href=draw(st.sampled_from(["", "#c-1", "<\">"]))))
    return text, marks


@settings(max_examples=300, deadline=None, database=None)
@given(text_and_marks())
@example(("<script>alert(1)</script>", [Mark("quote", 0, 8), Mark("note", 3, 20)]))
@example(("a\rb\x00c&#60;", [Mark("mention", 1, 4, href="javascript:x")]))
def test_any_text_with_any_marks_renders_as_that_text(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    html = render_text(text, marks)
    reader = read(str(html))
    # nothing in the text may turn into markup: the parsed text content is the input, exactly
    assert "".join(reader.text) == text
    assert {tag for tag, _ in reader.tags} <= ALLOWED_TAGS
    assert not reader.misnested and not reader.stack
    ids = [attrs["id"] for _, attrs in reader.tags if "id" in attrs]
    assert sorted(ids) == sorted(m.ident for m in marks if m.ident and m.start < m.end)
