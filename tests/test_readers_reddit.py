"""The Reddit reader: the real `/comments` listing, cases written from Reddit's API documentation, and dumps handed on in batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from export_support import FIXTURES, detect, sample, tree

from threadnote.readers import batches
from threadnote.readers.exports import read_export
from threadnote.readers.record import Streamed, gathered
from threadnote.readers.reddit import stream_reddit


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


def _comment(ident: str, link: str, parent: str) -> dict[str, Any]:
    return {"kind": "t1", "data": {"name": f"t1_{ident}", "link_id": link, "parent_id": parent, "author": "u",
                                   "body": f"Comment {ident}", "created_utc": 1600000000, "replies": ""}}


def _listing(*things: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"children": list(things)}}


def _link(ident: str, title: str) -> dict[str, Any]:
    return {"kind": "t3", "data": {"name": f"t3_{ident}", "title": title, "permalink": f"/r/x/comments/{ident}/",
                                   "created_utc": 1600000000}}


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_a_file_of_listings_is_handed_on_in_batches_and_gathers_to_its_threads(monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """Listings of two links, a `more` stub in each of two pieces of one, and a link whose own
    listing comes after its comments: what a later piece tells of a thread is kept."""
    more = {"kind": "more", "data": {"link_id": "t3_a", "count": 3, "children": ["x"]}}
    values = [[_listing(_link("a", "Link A")), _listing(_comment("a1", "t3_a", "t3_a"), more)],
              _listing(_comment("b1", "t3_b", "t3_b"), _comment("b2", "t3_b", "t1_b1")),
              _listing(_comment("a2", "t3_a", "t1_a1"), more),
              [_listing(_link("b", "Link B")), _listing()]]
    monkeypatch.setattr(batches, "BATCH_COMMENTS", batch)
    streamed = stream_reddit("\n".join(json.dumps(v) for v in values).encode(), "imports/r.jsonl")
    pieces = list(streamed.pieces)
    threads, problems = gathered(Streamed(pieces, streamed.diagnostics))
    assert problems == []
    assert {t.key: (t.title, t.source_url, t.missing, [c.source_id for c in t.comments]) for t in threads} == {
        "reddit-a": ("Link A", "https://www.reddit.com/r/x/comments/a/", 6, ["t1_a1", "t1_a2"]),
        "reddit-b": ("Link B", "https://www.reddit.com/r/x/comments/b/", 0, ["t1_b1", "t1_b2"])}
    assert len(pieces) == (4 if batch < 1000 else 2)


def test_a_dump_s_pieces_are_handed_on_before_the_file_is_read_to_its_end() -> None:
    line = '{"id": "k%d", "link_id": "t3_%s", "parent_id": "t3_%s", "author": "u", "body": "Words", "created_utc": 1}\n'
    lines = [line % (n, "ab"[n % 2], "ab"[n % 2]) for n in range(5000)]
    read: list[int] = []

    def chunks() -> Iterator[bytes]:
        for at, text in enumerate(lines):
            read.append(at)
            yield text.encode()

    first = next(iter(stream_reddit(chunks(), "imports/r.ndjson").pieces))
    assert first.comments and first.key in ("reddit-a", "reddit-b") and read[-1] < len(lines) / 2


def test_a_file_of_one_link_is_held_to_its_end_and_keyed_by_its_file() -> None:
    data = (FIXTURES / "reddit-small.json").read_bytes()
    pieces = list(stream_reddit(data, "imports/one.json").pieces)
    assert [(p.key, p.title) for p in pieces] == [("", "Ask & answer")]
