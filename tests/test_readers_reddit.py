"""The Reddit reader: the real `/comments` listing, and cases written from Reddit's API documentation."""

from __future__ import annotations

import json
from typing import Any

from export_support import FIXTURES, detect, sample, tree

from threadnote.readers.exports import read_export


def _source_tree(data: Any) -> dict[str, tuple[str | None, str | None, bool]]:
    """Every t1 of the listing, walked apart from the reader: parent, author ([deleted] is none), gone or not."""
    found = {}
    stack = list(data[1]["data"]["children"])
    while stack:
        thing = stack.pop()
        if thing["kind"] != "t1":
            continue
        fields = thing["data"]
        parent = fields["parent_id"] if fields["parent_id"].startswith("t1_") else None
        author = None if fields["author"] == "[deleted]" else fields["author"]
        found[fields["name"]] = (parent, author, fields["body"] in ("[deleted]", "[removed]"))
        if fields["replies"]:
            stack.extend(fields["replies"]["data"]["children"])
    return found


def test_the_real_listing_keeps_its_tree_with_one_placeholder() -> None:
    path = sample("reddit/graw-thread-1cebxh-trimmed.json")
    detected, problems = detect(path.read_bytes(), "thread.json")
    thread = detected.thread
    source = _source_tree(json.loads(path.read_bytes()))
    assert len(source) == 22
    got = tree(thread)
    published = {k: (p, a) for k, (p, a, gone) in source.items() if not gone}
    assert {k: (p, a) for k, (p, a, deleted) in got.items() if not deleted} == published
    # [deleted] t1_c9fs6hy has published replies: a placeholder; [removed] t1_c9fsi2e has none: gone
    assert [k for k, (_, _, deleted) in got.items() if deleted] == ["t1_c9fs6hy"]
    assert "t1_c9fsi2e" not in got
    assert thread.notice == "144 comments of the source are not in its export, so not in this archive."
    assert problems == []


def test_the_documented_cases() -> None:
    thread = detect((FIXTURES / "reddit-small.json").read_bytes(), "thread.json")[0].thread
    assert thread.title == "Ask & answer" and thread.source_url == "https://www.reddit.com/r/test/comments/abc/ask/"
    assert tree(thread) == {
        "t1_a": (None, "alice", False), "t1_b": ("t1_a", None, True), "t1_c": ("t1_b", "carol", False),
        "t1_d": ("t1_a", None, False),
    }
    first = thread.comments[0]
    # the JSON's entities decoded once: `&amp;amp;` was a `&amp;` the writer typed, which Markdown
    # (Reddit's as CommonMark) shows as `&`; `&lt;3` was a `<3` typed
    assert [(p.kind, p.text) for p in first.paragraphs] == [("quote", "a quoted line"), ("text", "Tom & Jerry <3 bold")]
    assert first.time == "2020-09-13T12:28:20Z"  # created_utc, not the offset `created`
    assert first.source_url == "https://www.reddit.com/r/test/comments/abc/ask/a/"


def test_a_raw_json_listing_is_not_decoded_again() -> None:
    data = json.loads((FIXTURES / "reddit-small.json").read_bytes())
    comment = data[1]["data"]["children"][0]["data"]
    comment["body"], comment["body_html"] = "a < b & c", '<div class="md"><p>a &lt; b &amp; c</p></div>'
    thread = detect(json.dumps(data).encode(), "thread.json")[0].thread
    assert thread.comments[0].paragraphs[0].text == "a < b & c"


def test_a_dump_of_one_comment_a_line_gives_a_thread_per_link() -> None:
    data = (FIXTURES / "reddit-dump.ndjson").read_bytes()
    exports, problems = read_export(data, "imports/test_comments.ndjson")
    assert [str(p) for p in problems] == [
        "imports/test_comments.ndjson:4:120: warning: not JSON: Expecting ',' delimiter: the line is left out"]
    assert {e.key: [(c.source_id, c.parent_id, c.author, c.status) for c in e.comments] for e in exports} == {
        "reddit-aa": [("t1_k1", None, "ann", "published"), ("t1_k2", "t1_k1", None, "published"),
                      ("t1_k3", "t1_k2", "cy", "removed")],
        "reddit-bb": [("t1_k5", "t1_k9", "eve", "published")],
    }
    first = exports[0].comments[0]
    assert (first.time, first.location.line, first.paragraphs[0].text) == ("2020-01-01T00:00:00Z", 1, "On link aa & more")


def test_a_single_listing_and_a_comment_with_only_its_html() -> None:
    listing = {"kind": "Listing", "data": {"children": [
        {"kind": "t1", "data": {"name": "t1_x", "parent_id": "t3_z", "author": "ann", "body_html":
                                "&lt;div class=\"md\"&gt;&lt;p&gt;Only &lt;em&gt;rendered&lt;/em&gt;, &amp;amp; escaped&lt;/p&gt;&lt;/div&gt;",
                                "created_utc": 1600000000}}]}}
    thread = detect(json.dumps(listing).encode(), "thread.json")[0].thread
    assert tree(thread) == {"t1_x": (None, "ann", False)}
    paragraph = thread.comments[0].paragraphs[0]
    assert (paragraph.text, [m.kind for m in paragraph.inline]) == ("Only rendered, & escaped", ["em"])
