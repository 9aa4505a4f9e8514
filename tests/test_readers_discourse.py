"""The Discourse reader: the real `/t/ID.json` topic, and cases written from Discourse's API documentation."""

from __future__ import annotations

import json

from export_support import FIXTURES, detect, sample, tree

from threadnote.readers.discourse import read_discourse


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


def test_pages_of_one_topic_with_the_forum_named_by_its_avatars() -> None:
    detected, problems = detect((FIXTURES / "discourse-pages.json").read_bytes(), "thread.json")
    thread = detected.thread
    assert problems == []
    # 902 is on both pages (once here); 903 a whisper and 904 withdrawn by its author: withheld; 905 not in the file
    assert tree(thread) == {"901": (None, "Ann", False), "902": ("901", "ben", False)}
    assert thread.source_url == "https://talk.example.org/forum/t/uploading-screenshots/77"
    assert [c.source_url for c in thread.comments] == [thread.source_url + "/1", thread.source_url + "/2"]
    assert thread.notice == "1 comments of the source are not in its export, so not in this archive."
    ann, ben = thread.comments
    assert [p.text for p in ann.paragraphs] == ["Mine looks like this :smile: (see @ben):", "shot.png"]
    assert [(p.text[m.start : m.end], m.href) for p in ann.paragraphs for m in p.inline] == [
        ("@ben", "https://talk.example.org/forum/u/ben"),
        ("shot.png", "https://talk.example.org/forum/uploads/default/original/1X/abc.png"),
    ]
    assert [p.text for p in ben.paragraphs] == ["Uploading & resizing", "That page says why."]
    assert ben.paragraphs[0].inline[0].href == "https://docs.example.com/upload"


def test_a_forum_the_topic_states_is_the_one_its_links_resolve_against() -> None:
    topic = {"id": 5, "slug": "s", "title": "T", "base_url": "https://forum.example.net/",
             "post_stream": {"posts": [{"id": 1, "post_number": 1, "username": "a", "post_type": 1,
                                        "cooked": '<p>See <a href="/t/other/9">that</a>.</p>'}]}}
    thread = detect(json.dumps(topic).encode(), "thread.json")[0].thread
    assert thread.source_url == "https://forum.example.net/t/s/5"
    assert thread.comments[0].paragraphs[0].inline[0].href == "https://forum.example.net/t/other/9"


def test_the_forum_site_yaml_names_comes_before_the_one_the_topic_states() -> None:
    topic = json.loads((FIXTURES / "discourse-small.json").read_bytes())
    topic["base_url"] = "https://old.example.net/"
    threads, problems = read_discourse(json.dumps(topic).encode(), "imports/topic.json", forum="https://forum.example.org")
    assert problems == []
    thread = threads[0]
    assert thread.source_url == "https://forum.example.org/t/tabs-spaces/42"
    assert thread.comments[0].source_url == "https://forum.example.org/t/tabs-spaces/42/1"
    assert [m.href for m in thread.comments[0].paragraphs[0].inline] == ["https://forum.example.org/t/other/7"]
