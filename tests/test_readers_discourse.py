"""The Discourse reader: the real `/t/ID.json` topic, and cases written from Discourse's API documentation."""

from __future__ import annotations

import json

from export_support import FIXTURES, detect, sample, tree


def test_the_real_topic_keeps_its_posts_parents_and_names() -> None:
    path = sample("discourse/urho3d-t-a-simple-question.3953.json")
    detected, problems = detect(path.read_bytes(), "thread.json")
    assert problems == []
    posts = json.loads(path.read_bytes())["post_stream"]["posts"]
    by_number = {p["post_number"]: str(p["id"]) for p in posts}
    assert tree(detected.thread) == {
        str(p["id"]): (by_number.get(p["reply_to_post_number"]), p["name"] or p["username"], False) for p in posts
    }
    assert detected.thread.title == "A simple question"


def test_the_documented_cases() -> None:
    detected, problems = detect((FIXTURES / "discourse-small.json").read_bytes(), "thread.json")
    thread = detected.thread
    assert thread.title == "Tabs & spaces"
    # 504 is a small action (an event, not a comment), 507 hidden; 502 deleted with a reply; 506 answers post 5, gone
    assert tree(thread) == {"501": (None, "Alice A.", False), "502": ("501", None, True), "503": ("502", "carol", False),
                            "506": (None, "Dave", False)}
    first, _, carol, _ = thread.comments
    assert [p.text for p in first.paragraphs] == ["Tabs, obviously, as one key press is one level. See this."]
    assert first.paragraphs[0].inline == ()  # a relative link with no forum address to resolve it against
    assert [(p.kind, p.text) for p in carol.paragraphs] == [
        ("text", "alice:"), ("quote", "Tabs, obviously, as one key press is one level."), ("text", "Spaces, obviously."),
    ]
    # 508 is in the stream but not in the file; 506 answers post 5, gone
    assert thread.notice == ("1 comments of the source are not in its export, so not in this archive. "
                             "1 replies answer comments that are not in the export: they are shown as top-level comments.")
    assert problems == []
    assert [(q.paragraph, q.source, q.how) for q in detected.quotes] == [(2, first.first, "marker")]
