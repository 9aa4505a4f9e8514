"""The Hacker News reader: the Firebase items of the API's README, and Algolia and Firebase cases from their docs."""

from __future__ import annotations

from export_support import FIXTURES, detect, sample, tree


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
