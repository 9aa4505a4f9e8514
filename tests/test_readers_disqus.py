"""The Disqus reader: the real sample export, and small cases written from Disqus's documentation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from export_support import FIXTURES, detect, sample, tree

from threadnote.detect.exported import export_comments
from threadnote.model import Thread
from threadnote.readers.disqus import read_disqus
from threadnote.readers.record import url_key

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
    threads = [export_comments(e, pingbacks=False)[0] for e in exports]
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


def test_link_variants_deleted_threads_and_broken_posts() -> None:
    exports, problems = read_disqus((FIXTURES / "disqus-variants.xml").read_bytes(), "imports/disqus.xml")
    assert [str(p) for p in problems] == [
        "imports/disqus.xml:22: warning: a post without a dsq:id: left out",
        "imports/disqus.xml:21: warning: post 208 belongs to thread '99', not in the file: left out",
        "imports/disqus.xml: warning: thread '24' is deleted in Disqus: its 1 posts are left out",
    ]
    # three links of story five are one thread; story six is another; a thread with no link is keyed by its id
    assert {e.key: [c.source_id for c in e.comments] for e in exports} == {
        "story-id-5": ["201", "202", "203"], "story-id-6": ["204", "205"], "thread-25": ["207"]}
    five = exports[0]
    assert five.comments[0].source_url == "https://news.example.com/story.php?id=5&utm_source=feed#comment-201"
    made = export_comments(five, pingbacks=False)[0]
    assert [(c.author, c.parent is not None) for c in made.comments] == [("Guest", False), ("Fay", True), ("gus", False)]
    assert made.orphans == 1  # 203 answers 199, not in the file
    assert [p.text for p in made.comments[0].paragraphs] == ["Escaped, not CDATA: bold, and &lt;3 typed by hand"]
    assert [c.status for c in exports[1].comments] == ["deleted", "published"]


@pytest.mark.parametrize(("link", "key"), [
    ("http://blog.example.org/2015/02/13/a-post/", "2015-02-13-a-post"),
    ("https://blog.example.org/2015/02/13/a-post/index.html?utm_source=x&fbclid=y#comments", "2015-02-13-a-post"),
    ("https://blog.example.org/?p=12&utm_medium=feed", "p-12"),
    ("https://blog.example.org/blog/?p=12", "blog-p-12"),
    ("https://blog.example.org/index.php?page_id=7", "page-id-7"),
    ("https://blog.example.org/a-post/?replytocom=31", "a-post"),
    ("http://webcache.googleusercontent.com/search?q=cache:AbCd:https://blog.example.org/a-post/+words&hl=en", "a-post"),
    ("https://blog.example.org/%C3%A7ay-keyfi-%C4%B1l%C4%B1k/", "cay-keyfi-ilik"),
    ("https://blog.example.org/%D0%BD%D0%BE%D0%B2/", "d0-bd-d0-be-d0-b2"),
    ("https://blog.example.org/", ""),
    ("https://blog.example.org/?s=a+search", ""),
], ids=["path", "variant", "wordpress-p", "p-under-a-path", "page-id", "replytocom", "cache", "accents", "cyrillic",
        "home", "search"])
def test_a_link_s_key(link: str, key: str) -> None:
    assert url_key(link) == key
