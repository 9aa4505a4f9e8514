"""The Disqus reader: the real sample export, and small cases written from Disqus's documentation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from export_support import FIXTURES, detect, sample, tree

from threadnote.detect.exported import export_comments
from threadnote.model import Thread
from threadnote.readers.disqus import read_disqus

DSQ = "{http://disqus.com/disqus-internals}id"
NS = "{http://disqus.com}"


def _source_tree(path: str) -> dict[str, tuple[str | None, str | None]]:
    """What the export says, read with the plain stdlib parser: published posts, parents, authors."""
    root = ET.parse(path).getroot()
    posts = root.findall(f"{NS}post")
    present = {p.get(DSQ) for p in posts}
    published = {}
    for post in posts:
        if post.findtext(f"{NS}isDeleted") == "true" or post.findtext(f"{NS}isSpam") == "true":
            continue
        parent = post.find(f"{NS}parent")
        parent_id = parent.get(DSQ) if parent is not None and parent.get(DSQ) in present else None
        published[post.get(DSQ) or ""] = (parent_id, post.findtext(f"{NS}author/{NS}name"))
    return published


def test_the_real_export_gives_its_two_threads_with_the_sources_comments_parents_and_authors() -> None:
    path = sample("disqus/corfield-disqus-export-trimmed.xml")
    exports, problems = read_disqus(path.read_bytes(), "imports/disqus.xml")
    assert problems == []
    assert [(e.key, len(e.comments)) for e in exports] == [
        ("blog-2015-02-13-frege-and-clojure", 13), ("blog-2016-02-02-boot-new", 6),
    ]
    threads = [export_comments(e, "imports/disqus.xml", pingbacks=False)[0] for e in exports]
    published = {
        c.source_id: (parent_source, c.author)
        for made in threads for c in made.comments if not c.deleted
        for parent_source in [next((p.source_id for p in made.comments if p.id == c.parent), None)]
    }
    assert published == _source_tree(str(path))
    # three deleted posts (one a real comment, two link spam, all with their words kept): none has replies
    assert sum(c.deleted for made in threads for c in made.comments) == 0
    assert len(published) == 16


def test_deleted_posts_with_replies_leave_a_wordless_placeholder_and_spam_is_gone() -> None:
    detected, problems = detect((FIXTURES / "disqus-small.xml").read_bytes(), "thread.xml")
    thread = detected.thread
    assert tree(thread) == {
        "101": (None, "Alice", False),
        "102": ("101", None, True),
        "103": ("102", "Carol", False),
        "106": (None, "dave", False),
    }
    placeholder = next(c for c in thread.comments if c.deleted)
    assert placeholder.paragraphs == () and placeholder.time is None
    assert [str(p) for p in sorted(problems)] == [
        "content/t/thread.xml:45: warning: a post without a dsq:id: left out",
        "content/t/thread.xml:49: warning: post 105 belongs to thread '99', not in the file: left out",
        "content/t/thread.xml:53: warning: post 106: createdAt 'not a date' is not a date: left undated",
    ]
    assert thread.title == "Hello" and thread.source_url == "https://blog.example.org/2020/01/hello/"
    assert thread.notice == "1 replies answer comments that are not in the export: they are shown as top-level comments."


def test_html_is_sanitised_entities_decoded_once_and_a_blockquote_is_a_quote() -> None:
    thread = detect((FIXTURES / "disqus-small.xml").read_bytes(), "thread.xml")[0].thread
    alice = next(c for c in thread.comments if c.source_id == "101")
    assert [(p.kind, p.text) for p in alice.paragraphs] == [
        ("text", "Tom & Jerry said hi <script>"),
        ("quote", "A quoted line from elsewhere."),
    ]
    assert [(m.kind, alice.paragraphs[0].text[m.start:m.end]) for m in alice.paragraphs[0].inline] == [("strong", "hi")]


def test_no_address_reaches_the_thread() -> None:
    thread: Thread = detect((FIXTURES / "disqus-small.xml").read_bytes(), "thread.xml")[0].thread
    assert "carol@example.org" not in repr(thread) and "192.0.2.7" not in repr(thread)
