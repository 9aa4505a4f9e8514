"""The Staticman reader: two real comments folders, and cases written from Staticman's configuration docs."""

from __future__ import annotations

import yaml
from export_support import FIXTURES, detect, folder_bytes, sample, tree

from threadnote.readers.record import pack_files


def test_a_real_folder_threads_by_replying_to_uid() -> None:
    folder = sample("staticman/travisdowns-icl-avx512-freq")
    detected, problems = detect(folder_bytes(folder), "comments")
    entries = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]
    ids = {e["_id"] for e in entries}
    assert tree(detected.thread) == {
        e["_id"]: (e["replying_to_uid"] if e["replying_to_uid"] in ids else None, str(e["name"]), False) for e in entries
    }
    assert problems == []
    assert detected.thread.source_url == "https://travisdowns.github.io/blog/2020/08/19/icl-avx512-freq.html"


def test_a_real_folder_without_threading() -> None:
    detected, problems = detect(folder_bytes(sample("staticman/teststaticmanlab-test-slug")), "comments")
    assert problems == []
    assert tree(detected.thread) == {"d595a1c0-c3cf-11e8-95ba-f7a541820484": (None, "Test user", False),
                                     "8b577ff0-c408-11e8-be23-439fb51e688a": (None, "Duck", False),
                                     "612b74a0-2b1b-11e9-810a-efde19809b79": (None, "md?", False)}
    duck = detected.thread.comments[1]
    assert [(p.kind, p.text) for p in duck.paragraphs] == [("text", "Kramdown supports"), ("quote", '"block quotes, and more ..."')]


def test_the_documented_cases() -> None:
    detected, problems = detect(folder_bytes(FIXTURES / "staticman-small"), "comments")
    thread = detected.thread
    # `no` stays a name, not false; a 13-digit date is milliseconds; a parent by index (1-based, file-name order)
    assert tree(thread) == {"aaaa": (None, "no", False), "bbbb": ("aaaa", "Bob", False), "cccc": (None, "Carol", False),
                            "eeee": ("aaaa", "Erin", False)}
    no, bob, carol, _ = thread.comments
    assert no.time == "2018-09-29T10:10:04Z" and bob.time == "2019-01-02T08:00:00Z"
    assert [p.text for p in no.paragraphs] == ["Hello there", "quoted"]
    assert [p.text for p in bob.paragraphs] == ["A reply, CRLF written.", "Second paragraph."]
    assert [(p.text, p.inline) for p in carol.paragraphs] == [("<script>alert(1)</script> [x](javascript:alert(1))", ())]
    assert [str(p) for p in problems] == [
        "content/t/comments/broken.yml:2:1: warning: not YAML (did not find expected ',' or ']'): left out",
        "content/t/comments/entry1546588800000.yml:4:1: warning: not YAML (did not find expected ',' or ']'): left out",
    ]


def test_a_reused_id_is_told_and_both_comments_stay() -> None:
    files = [("a.yml", b"_id: same\nname: A\nmessage: First\ndate: 1546502400\n"),
             ("b.yml", b"_id: same\nname: B\nmessage: Second\ndate: 1546502500\n")]
    detected, problems = detect(pack_files(files), "comments")
    first, second = detected.thread.comments
    assert second.id == first.id + "-2" and (first.author, second.author) == ("A", "B")
    assert [str(p) for p in problems] == [f"content/t/comments/b.yml:1: warning: id 'same' is used again: this one is '{second.id}'"]


def test_the_parent_fields_ids_and_dates_other_blogs_use() -> None:
    files = [
        ("c1.yml", b"id: one\nname: Ann\nemail: 5d41402abc4b2a76b9719d911017c592\nmessage: Root\ndate: '2019-01-01'\nparent: 0\n"),
        ("c2.yml", b"_id: two\nname: Ben\nemail: ben@example.org\nmessage: By parent\ndate: 1546300800.25\nparent: one\n"),
        ("c3.yml", b"_id: three\nname: Cy\nmessage: By reply_to\ndate: 2019-01-02 10:00:00 +0100\nreply_to: two\n"),
        ("c4.yml", b"_id: four\nname: Dee\nmessage: By replying_to, holding an id\ndate: 2019-01-03T00:00:00Z\nreplying_to: one\n"),
        ("c5.yml", b"_id: five\nname: Eve\nmessage: By replying_to_uid\ndate: 1546560000000\nreplying_to_uid: three\n"),
        ("c6.yml", b"_id: six\nname: Fay\nmessage: By position\ndate: 1546560001\nreplying_to: '2'\n"),
        ("c7.yml", b"_id: seven\nname: Gus\nmessage: A reply to one not in the folder\nreplyID: gone\n"),
    ]
    detected, problems = detect(pack_files(files), "comments")
    assert problems == []
    assert tree(detected.thread) == {
        "one": (None, "Ann", False), "two": ("one", "Ben", False), "three": ("two", "Cy", False),
        "four": ("one", "Dee", False), "five": ("three", "Eve", False), "six": ("two", "Fay", False),
        "seven": (None, "Gus", False),
    }
    times = {c.source_id: c.time for c in detected.thread.comments}
    assert (times["one"], times["two"], times["three"], times["five"]) == (
        "2019-01-01T00:00:00Z", "2019-01-01T00:00:00Z", "2019-01-02T09:00:00Z", "2019-01-04T00:00:00Z")
    assert detected.thread.notice == "1 replies answer comments that are not in the export: they are shown as top-level comments."
    assert not any("example.org" in p.text or "5d41402" in p.text for p in detected.thread.paragraphs)
