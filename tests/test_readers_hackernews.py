"""The Hacker News reader: the Firebase items of the API's README, and Algolia and Firebase cases from their docs."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator

import pytest
from export_support import FIXTURES, detect, sample, tree
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.readers import batches
from threadnote.readers.exports import read_export
from threadnote.readers.hackernews import read_hackernews, stream_hackernews
from threadnote.readers.record import Streamed, gathered


def test_the_readme_items_give_the_first_story_and_its_one_comment() -> None:
    detected, problems = detect(sample("hackernews/firebase-readme-items.json").read_bytes(), "thread.json")
    thread = detected.thread
    assert thread.title == "My YC app: Dropbox - Throw away your USB drive"
    assert tree(thread) == {"2921983": (None, "norvig", False)}  # its parent (2921506) is not in the file
    assert [p.text for p in thread.comments[0].paragraphs] == [
        "Aw shucks, guys ... you make me blush with your compliments.",
        "Tell you what, Ill make a deal: I'll keep writing if you keep reading. K?",
    ]
    assert problems == [] and thread.notice is not None and thread.notice.startswith("1 replies answer comments")


def test_an_algolia_tree() -> None:
    thread = detect((FIXTURES / "hackernews-algolia-small.json").read_bytes(), "thread.json")[0].thread
    assert thread.title == "Show HN: a thing" and thread.source_url == "https://news.ycombinator.com/item?id=1"
    assert tree(thread) == {"2": (None, "alice", False), "3": ("2", None, True), "4": ("3", "bob", False),
                            "5": (None, "eve", False)}
    alice = thread.comments[0]
    assert [(p.kind, p.text) for p in alice.paragraphs] == [
        ("text", "It's fine"), ("text", "quoted words and a link"), ("code", "  x = 1"),
    ]
    assert [(m.kind, m.href) for m in alice.paragraphs[1].inline] == [("em", None), ("link", "https://example.com/x")]
    assert [p.text for p in thread.comments[-1].paragraphs] == ["Hi there"]


def test_firebase_items_deleted_and_dead() -> None:
    thread = detect((FIXTURES / "hackernews-firebase-small.json").read_bytes(), "thread.json")[0].thread
    # the deleted item has no replies and the dead one none either: both gone, no placeholder
    assert tree(thread) == {"11": (None, "alice", False), "14": (None, "carol", False)}


def test_a_reply_to_the_story_is_top_level_not_a_reply_to_a_comment_missing() -> None:
    thread = detect((FIXTURES / "hackernews-algolia-small.json").read_bytes(), "thread.json")[0].thread
    assert thread.notice is None  # 2 and 5 answer the story (their parent_id is 1), which the file holds


def test_algolia_search_hits_are_flat_and_name_their_story() -> None:
    detected, problems = detect((FIXTURES / "hackernews-algolia-hits.json").read_bytes(), "thread.json")
    thread = detected.thread
    assert problems == []
    assert (thread.title, thread.source_url) == ("Ask HN: Tabs & spaces?", "https://news.ycombinator.com/item?id=700")
    assert tree(thread) == {"701": (None, "ann", False), "702": ("701", "ben", False), "704": (None, "cy", False)}
    assert [p.text for p in thread.comments[1].paragraphs] == ["A reply", "in two paragraphs"]
    assert thread.notice == "1 replies answer comments that are not in the export: they are shown as top-level comments."


FIREBASE_LINES = [
    '{"by": "ann", "id": 21, "parent": 20, "text": "First", "time": 1600000100, "type": "comment"}',
    '{"by": "ben", "id": 22, "parent": 21, "text": "Second", "time": 1600000200, "type": "comment"}',
    '{"by": "cy", "id": 23, "parent": 21, "text": "Third", "time": 1600000300, "type": "comment"}',
]


def test_firebase_json_lines_are_read_line_by_line_and_a_broken_line_is_told_and_skipped() -> None:
    lines = FIREBASE_LINES[:1] + ['{"by": "bad", "id": 99, "text": ', ""] + FIREBASE_LINES[1:]
    detected, problems = detect("\n".join(lines).encode(), "thread.json")
    assert [str(p) for p in problems] == ["content/t/thread.json:2:33: warning: not JSON: Expecting value: the line is left out"]
    # no story in the file, and every comment goes up to item 20: that is the story, not a missing comment
    assert tree(detected.thread) == {"21": (None, "ann", False), "22": ("21", "ben", False), "23": ("21", "cy", False)}
    assert detected.thread.source_url == "https://news.ycombinator.com/item?id=20" and detected.thread.notice is None


def _chunked(data: bytes, size: int) -> list[bytes]:
    return [data[at : at + size] for at in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 7, 64], ids=["1-byte", "7-byte", "64-byte"])
def test_a_firebase_list_read_in_small_chunks_is_the_whole_files(size: int) -> None:
    data = (FIXTURES / "hackernews-firebase-small.json").read_bytes()
    assert read_hackernews(_chunked(data, size), "f.json") == read_hackernews(data, "f.json")


def test_a_list_broken_after_some_items_keeps_them_and_names_the_line() -> None:
    data = ("[\n" + ",\n".join(FIREBASE_LINES[:2]) + ",\n{\"id\": 23 \"by\": \"x\"}\n]").encode()
    threads, problems = read_hackernews(_chunked(data, 5), "f.json")
    assert [str(p) for p in problems] == ["f.json:4:11: error: not JSON: Expecting ',' delimiter"]
    assert [c.source_id for c in threads[0].comments] == ["21", "22"]


def test_a_site_wide_dump_gives_a_thread_per_story_keyed_by_its_id() -> None:
    stories = ['{"by": "pg", "id": 20, "kids": [21], "time": 1600000000, "title": "One", "type": "story"}',
               '{"by": "pg", "id": 30, "time": 1600000000, "title": "Two", "type": "story"}',
               '{"by": "dee", "id": 31, "parent": 30, "text": "On two", "time": 1600000400, "type": "comment"}']
    threads, problems = read_export("\n".join(stories + FIREBASE_LINES).encode(), "imports/hn.json")
    assert problems == []
    assert {t.key: (t.title, [c.source_id for c in t.comments]) for t in threads} == {
        "hn-20": ("One", ["21", "22", "23"]), "hn-30": ("Two", ["31"])}
    assert threads[0].comments[0].parent_id is None  # it answers the story


def test_a_big_item_list_is_read_in_memory_well_below_its_size() -> None:
    item = '{"by": "u%d", "id": %d, "parent": 1, "text": "%s", "time": 1600000000, "type": "comment"}'
    count, words = 4000, "word " * 200

    def chunks() -> Iterator[bytes]:  # made as they are read: the file is never in memory
        yield b"["
        for n in range(2, count):
            yield (item % (n, n, words) + ",").encode()
        yield (item % (count, count, words) + "]").encode()

    size = sum(len(c) for c in chunks())
    tracemalloc.start()
    try:
        threads, problems = read_hackernews(chunks(), "f.json")
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [] and len(threads[0].comments) == count - 1
    assert peak - held < size / 4, f"peak {peak:,} B, {held:,} B held after, for {size:,} B of JSON"


STORIES = ['{"by": "pg", "id": 20, "time": 1600000000, "title": "One", "type": "story"}',
           '{"by": "pg", "id": 30, "time": 1600000000, "title": "Two", "type": "story"}',
           '{"by": "dee", "id": 31, "parent": 30, "text": "On two", "time": 1600000400, "type": "comment"}']


@settings(max_examples=40, deadline=None)
@given(st.permutations([*STORIES, *FIREBASE_LINES]))
def test_a_dump_s_threads_and_trees_do_not_depend_on_its_order(lines: list[str]) -> None:
    """A reply may come before its parent and a comment before its story, and a thread's comments
    are handed on in batches of any size: the threads are the same."""
    for batch in (1, 2, batches.BATCH_COMMENTS):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(batches, "BATCH_COMMENTS", batch)
            threads, problems = read_hackernews("\n".join(lines).encode(), "f.json")
        found = {t.key: {c.source_id: c.parent_id for c in t.comments} for t in threads}
        assert problems == [] and found == {"hn-20": {"21": None, "22": "21", "23": "21"}, "hn-30": {"31": None}}
        assert {t.key: (t.title, t.published) for t in threads} == {
            "hn-20": ("One", "2020-09-13T12:26:40Z"), "hn-30": ("Two", "2020-09-13T12:26:40Z")}


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_a_dump_handed_on_in_batches_gathers_to_its_threads_and_strays_join_the_first(monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """A list of Algolia hits: they name their story (its item comes later, and gives the time), a reply comes
    before its parent, and one goes up to an item not in the file: it joins the first thread."""
    hits = [{"objectID": "41", "_tags": ["comment"], "story_id": 40, "story_title": "Four", "parent_id": 40, "author": "a",
             "comment_text": "One"},
            {"objectID": "43", "_tags": ["comment"], "parent_id": 42, "author": "c", "comment_text": "Three"},
            {"objectID": "42", "_tags": ["comment"], "parent_id": 41, "author": "b", "comment_text": "Two"},
            {"objectID": "51", "_tags": ["comment"], "parent_id": 99, "author": "d", "comment_text": "Stray"},
            {"objectID": "61", "_tags": ["comment"], "story_id": 60, "parent_id": 60, "author": "e", "comment_text": "Six"},
            {"objectID": "40", "_tags": ["story"], "title": "Four", "created_at_i": 1600000000}]
    monkeypatch.setattr(batches, "BATCH_COMMENTS", batch)
    streamed = stream_hackernews(json.dumps(hits).encode(), "f.json")
    pieces = list(streamed.pieces)
    threads, problems = gathered(Streamed(pieces, streamed.diagnostics))
    assert problems == []
    assert {t.key: (t.title, t.published, {c.source_id: c.parent_id for c in t.comments}) for t in threads} == {
        "hn-40": ("Four", "2020-09-13T12:26:40Z", {"41": None, "42": "41", "43": "42", "51": "99"}),
        "hn-60": ("", None, {"61": None})}
    assert len(pieces) == (3 if batch < 1000 else 2)  # the first thread waits for a second: a file may hold one


def _dump_chunks(lines: list[str], read: list[int]) -> Iterator[bytes]:
    """JSON Lines a line at a time, made as they are read (the file is never in memory), noting how far it was read."""
    at = 0
    for line in lines:
        read.append(at)
        at += len(line) + 1
        yield (line + "\n").encode()


def test_a_dump_s_pieces_are_handed_on_before_the_file_is_read_to_its_end() -> None:
    comment = '{"by": "u", "id": %d, "parent": %d, "text": "Words", "time": 1600000000, "type": "comment"}'
    lines = STORIES[:2] + [comment % (100 + n, 20 + 10 * (n % 2)) for n in range(5000)]
    read: list[int] = []
    size = sum(len(line) + 1 for line in lines)
    first = next(iter(stream_hackernews(_dump_chunks(lines, read), "f.json").pieces))
    assert first.comments and first.key in ("hn-20", "hn-30") and read[-1] < size / 2


def test_a_one_story_dump_is_held_to_its_end_and_keyed_by_its_file() -> None:
    pieces = list(stream_hackernews("\n".join(STORIES[:1] + FIREBASE_LINES).encode(), "imports/one.json").pieces)
    assert [(p.key, p.title, len(p.comments)) for p in pieces] == [("", "One", 3)]


def test_a_site_wide_dump_is_read_in_memory_bounded_by_a_batch_not_by_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batches, "BATCH_COMMENTS", 100)
    comment = '{"by": "u", "id": %d, "parent": %d, "text": "%s", "time": 1600000000, "type": "comment"}'
    words = "word " * 100
    lines = [f'{{"id": {story}, "title": "Story {story}", "type": "story"}}' for story in range(1, 41)]
    lines += [comment % (1000 + n, 1 + n % 40, words) for n in range(2000)]
    size = sum(len(line) + 1 for line in lines)
    tracemalloc.start()
    try:
        comments = sum(len(piece.comments) for piece in stream_hackernews(_dump_chunks(lines, []), "f.json").pieces)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert comments == 2000
    # held to the end, the comments alone took more than the file; what stays is an id per item
    assert peak < size / 2, f"peak {peak:,} B for {size:,} B of JSON"
