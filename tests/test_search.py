"""Tests for threadnote/render/search.py: the records, and the Pagefind bundle built from them."""

from __future__ import annotations

import gzip
import json
from pathlib import PurePosixPath
from typing import Any

import pytest

from threadnote.build.pagefind import SearchError
from threadnote.build.search_index import UNUSED_FILES, index_documents, search_files
from threadnote.model import AnnotatedThread, Comment, Location, Note, Paragraph, QuoteLink, Span, Thread
from threadnote.render.links import Pages, paginate
from threadnote.render.search import GROUP_SIZE, SearchDocument, SearchGroup, SearchRecord, search_documents
from threadnote.render.views import REMOVED


def make_thread(texts: tuple[tuple[str, ...], ...], slug: str = "t1", authors: tuple[str | None, ...] = ()) -> Thread:
    """One comment per tuple of paragraph texts."""
    paragraphs: list[Paragraph] = []
    comments = []
    for i, words in enumerate(texts):
        first = len(paragraphs)
        mine = tuple(Paragraph(text, line=3 + len(paragraphs) + k) for k, text in enumerate(words))
        paragraphs += mine
        author = authors[i] if i < len(authors) else None
        comments.append(Comment(f"c-{slug}{i}", i + 1, first, mine, author=author))
    return Thread(slug, f"Title of {slug}", None, None, tuple(comments), tuple(paragraphs), f"content/{slug}/thread.txt")


def make_note(note_id: str, comment: str | None, **fields: Any) -> Note:
    fields.setdefault("type", "context")
    fields.setdefault("body", "")
    return Note(id=note_id, location=Location("content/t1/notes/a.yaml", 1), comment=comment, **fields)


def pages_of(*threads: AnnotatedThread, size: int = 200) -> dict[str, Pages]:
    return {a.thread.slug: paginate(a.thread, size) for a in threads}


def test_comments_without_notes_go_in_groups_that_never_span_two_pages() -> None:
    thread = make_thread(tuple((f"Comment {i} says hello.",) for i in range(12)), authors=("Ricky",))
    annotated = AnnotatedThread(thread)
    documents = search_documents([annotated], pages_of(annotated, size=10))
    assert documents == [
        SearchGroup("t1/index.html#c-t10", "Title of t1", tuple(
            (f"c-t1{i}", "#1 Ricky" if i == 0 else f"#{i + 1}", f"Comment {i} says hello.") for i in range(10)
        )),
        SearchGroup("t1/page-2.html#c-t110", "Title of t1", (
            ("c-t110", "#11", "Comment 10 says hello."), ("c-t111", "#12", "Comment 11 says hello."),
        )),
    ]


def test_groups_hold_at_most_group_size_comments() -> None:
    thread = make_thread(tuple((f"Comment {i}.",) for i in range(GROUP_SIZE + 1)))
    annotated = AnnotatedThread(thread)
    documents = search_documents([annotated], pages_of(annotated, size=2 * GROUP_SIZE))
    assert [(d.url, len(d.comments)) for d in documents if isinstance(d, SearchGroup)] == [
        ("t1/index.html#c-t10", GROUP_SIZE), (f"t1/index.html#c-t1{GROUP_SIZE}", 1),
    ]


def test_a_comment_with_notes_is_a_record_with_their_words_and_types() -> None:
    thread = make_thread((("Hatoyama resigned in 2011.", "Second paragraph."), ("Nothing here.",)), authors=("Ricky",))
    notes = (
        make_note("n-1", "c-t10", type="fact-check", verdict="false", claim="He left in 2011.",
                  text="in 2011", body="He resigned in **June 2010**. [Source](https://example.org/x)"),
        make_note("n-2", "c-t10", type="context", body="Some `code` here.\n\n    indented block"),
        make_note("n-3", "c-t10", type="fact-check", body=""),
    )
    annotated = AnnotatedThread(thread, notes=notes)
    documents = search_documents([annotated], pages_of(annotated))
    assert documents == [
        SearchRecord(
            "t1/index.html#c-t10", "#1 Ricky", "Title of t1",
            "Hatoyama resigned in 2011.\n\nSecond paragraph.\n\n"
            "He left in 2011.\nHe resigned in June 2010. Source\n\n"
            "Some code here.\nindented block",
            ("context", "fact-check"),
        ),
        SearchGroup("t1/index.html#c-t11", "Title of t1", (("c-t11", "#2", "Nothing here."),)),
    ]


def test_hidden_words_stay_out_of_the_index() -> None:
    thread = make_thread((("A slur nobody should find.",), ("Quoting: A slur nobody should find. Then a reply.",), ("Gone.",)))
    moderation = make_note("n-1", "c-t10", type="moderation", action="hide", reason="Insult", text="slur")
    quote = QuoteLink("c-t11", Span(1, 9, 35), "c-t10", Span(0, 0, 26), "verbatim")
    annotated = AnnotatedThread(thread, quotes=(quote,), notes=(moderation,), hidden=frozenset({"c-t10", "c-t12"}))
    assert search_documents([annotated], pages_of(annotated)) == [
        SearchRecord("t1/index.html#c-t10", "#1", "Title of t1", "Insult", ("moderation",)),
        SearchGroup("t1/index.html#c-t11", "Title of t1", (("c-t11", "#2", f"Quoting: {REMOVED} Then a reply."),)),
    ]


def test_thread_notes_are_records() -> None:
    annotated = AnnotatedThread(
        make_thread(()), thread_notes=(make_note("n-t", None, type="correction", body="The byline is not a comment."),),
    )
    assert search_documents([annotated], pages_of(annotated)) == [
        SearchRecord("t1/index.html#n-t", "Thread note: correction", "Title of t1", "The byline is not a comment.", ("correction",)),
    ]


def unpack(content: bytes) -> bytes:
    """Pagefind's index files are gzip with a `pagefind_dcd` signature in front."""
    data = gzip.decompress(content)
    assert data.startswith(b"pagefind_dcd")
    return data[len(b"pagefind_dcd"):]


@pytest.fixture(scope="module")
def small_site() -> tuple[list[SearchDocument], list[tuple[PurePosixPath, bytes]]]:
    threads = [
        AnnotatedThread(
            make_thread((("The giraffe spoke first.",), ("<img src=x onerror=alert(1)> & more",), ("Zebras agree.",)), slug="t1"),
            notes=(make_note("n-1", "c-t10", type="fact-check", verdict="false", body="Giraffes cannot speak."),),
        ),
        AnnotatedThread(make_thread((("An okapi answered.",),), slug="t2", authors=("<b>Bob</b>",))),
    ]
    pages = pages_of(*threads)
    return search_documents(threads, pages), search_files(threads, pages, "en")


def test_bundle_has_the_search_runtime_and_no_ready_made_ui(small_site: Any) -> None:
    _, files = small_site
    names = {str(path) for path, _ in files}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind",
            "pagefind/pagefind-entry.json"} <= names
    assert not names & {f"pagefind/{n}" for n in UNUSED_FILES}
    assert [path for path, _ in files] == sorted(path for path, _ in files)


def fragments(files: list[tuple[PurePosixPath, bytes]]) -> list[dict[str, Any]]:
    found = [json.loads(unpack(content)) for path, content in files if path.parts[1] == "fragment"]
    return sorted(found, key=lambda f: f["url"])


def test_bundle_indexes_every_document(small_site: Any) -> None:
    documents, files = small_site
    entry = json.loads(dict(files)[PurePosixPath("pagefind/pagefind-entry.json")])
    assert entry["languages"]["en"]["page_count"] == len(documents) == 3
    assert [(f["url"], f["meta"], f["filters"], f["content"]) for f in fragments(files)] == [
        ("t1/index.html#c-t10", {"title": "#1"}, {"thread": ["Title of t1"], "note": ["fact-check"]},
         "The giraffe spoke first. Giraffes cannot speak."),
        # Excerpts are HTML: a comment's markup must reach them escaped, in groups as in records.
        ("t1/index.html#c-t11", {}, {"thread": ["Title of t1"]},
         "#2. &lt;img src=x onerror=alert(1)&gt; &amp; more. #3. Zebras agree."),
        ("t2/index.html#c-t20", {}, {"thread": ["Title of t2"]}, "#1 &lt;b&gt;Bob&lt;/b&gt; An okapi answered."),
    ]


def test_each_comment_of_a_group_is_an_anchor(small_site: Any) -> None:
    _, files = small_site
    assert [[(a["element"], a["id"], a["text"]) for a in f["anchors"]] for f in fragments(files)] == [
        [],
        [("h2", "c-t11", "#2"), ("h2", "c-t12", "#3")],
        [("h2", "c-t20", "#1 <b>Bob</b>")],  # plain text: search.js shows it with textContent
    ]


def test_words_are_in_the_word_index(small_site: Any) -> None:
    _, files = small_site
    (index,) = [unpack(content) for path, content in files if path.parts[1] == "index"]
    # Pagefind stores stemmed words: "giraffe" and "Giraffes" both become "giraff".
    assert b"giraff" in index and b"okapi" in index
    assert b"Title" not in index and b"title" not in index  # thread titles are filters, not words


def test_same_records_give_the_same_bytes(small_site: Any) -> None:
    documents, files = small_site
    assert index_documents(documents, "en") == files


def test_no_records_still_gives_a_loadable_bundle() -> None:
    files = dict(index_documents([], "en"))
    assert json.loads(files[PurePosixPath("pagefind/pagefind-entry.json")])["languages"] == {}
    assert PurePosixPath("pagefind/pagefind.js") in files
    assert json.loads(files[PurePosixPath("pagefind/parts.json")]) == []


def test_a_big_index_comes_in_parts_of_bounded_size_that_together_hold_every_document() -> None:
    group = SearchGroup("t1/index.html#c-1", "T", tuple((f"c-{i}", f"#{i}", f"words {i}") for i in range(3)))
    records: list[SearchDocument] = [SearchRecord(f"t1/index.html#c-r{i}", f"#{i}", "T", f"record {i}", ()) for i in range(4)]
    files = dict(index_documents([*records, group, records[0], group], "en", part_comments=5))
    # 4 records; a group of 3 comments does not fit with them, so it starts a part, with 1 record; and a group
    assert json.loads(files[PurePosixPath("pagefind/parts.json")]) == ["part-2/", "part-3/"]
    counts = [
        json.loads(files[PurePosixPath(f"pagefind/{folder}pagefind-entry.json")])["languages"]["en"]["page_count"]
        for folder in ("", "part-2/", "part-3/")
    ]
    assert counts == [4, 2, 1]


def test_filters_do_not_make_the_bytes_change_between_runs() -> None:
    # Pagefind writes filter values in hash-map order (Pagefind/pagefind#638): with this many
    # values two runs almost never agree unless search.py puts them in order.
    types = ("context", "correction", "fact-check", "moderation", "note", "translation")
    records: list[SearchDocument] = [
        SearchRecord(f"t{i % 5}/index.html#c-{i}", f"#{i}", f"Thread {i % 5}", f"words number {i}", (types[i % 6], types[i % 4]))
        for i in range(60)
    ]
    runs = [index_documents(records, "en") for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    filter_files = [unpack(content) for path, content in runs[0] if path.parts[1] == "filter"]
    assert len(filter_files) == 2


def test_index_format_is_the_cbor_search_py_understands(small_site: Any) -> None:
    """Decoding and re-encoding Pagefind's own files gives their bytes back: the format is as assumed."""
    from threadnote.build.pagefind import _cbor_decode, _cbor_encode

    _, files = small_site
    checked = 0
    for path, content in files:
        if path.suffix in (".pf_meta", ".pf_filter", ".pf_index"):
            data = unpack(content)
            value, end = _cbor_decode(data, 0)
            assert (end, _cbor_encode(value)) == (len(data), data), path
            checked += 1
    assert checked == 4  # meta, index, and the note and thread filters


@pytest.mark.parametrize(
    ("binary", "message"),
    [
        ("/nonexistent/pagefind", "cannot run pagefind '/nonexistent/pagefind'"),
        # Whether it died before or after we wrote decides which error comes first.
        ("/bin/false", "pagefind failed: "),
    ],
    ids=["missing", "dies"],
)
def test_a_broken_pagefind_is_a_search_error(monkeypatch: pytest.MonkeyPatch, binary: str, message: str) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    with pytest.raises(SearchError) as caught:
        index_documents([SearchRecord("t1/index.html#c-1", "#1", "T", "words", ())], "en")
    assert str(caught.value).startswith(message)


def test_documents_do_not_depend_on_merge_order() -> None:
    thread = make_thread((("Words.",),))
    notes = tuple(make_note(f"n-{i}", "c-t10", type=t, body=f"Body {i}.") for i, t in enumerate(("note", "context", "fact-check")))
    forward = AnnotatedThread(thread, notes=notes)
    backward = AnnotatedThread(thread, notes=notes[::-1])
    assert search_documents([forward], pages_of(forward)) == search_documents([backward], pages_of(backward))
