"""The model pickles (the detection cache) as it was, sharing what it shared."""

from __future__ import annotations

import pickle
from pathlib import Path

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

REPO = Path(__file__).resolve().parent.parent


def test_a_detected_thread_comes_back_from_the_cache_whole() -> None:
    text = (REPO / "content/china-japan/thread.txt").read_text(encoding="utf-8")
    detected, _ = parse_thread(text, "content/china-japan/thread.txt", "china-japan", QuoteSettings())
    again = pickle.loads(pickle.dumps(detected, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == detected
    thread = again.thread
    for comment in thread.comments:  # a comment's paragraphs are the thread's, not copies
        assert all(a is b for a, b in zip(comment.paragraphs, thread.paragraphs[comment.first :]))


def test_what_is_derived_from_a_thread_is_made_once_and_not_carried_over() -> None:
    from dataclasses import replace

    from threadnote.model import Thread

    thread = Thread("t", "Title", None, None, (), (), "content/t/thread.txt")
    made: list[int] = []
    assert thread.derived("k", lambda: made.append(1) or "first") == "first"
    assert thread.derived("k", lambda: made.append(2) or "second") == "first" and made == [1]
    quotes, other = (), ()  # two sources the value is made from: identity decides, not equality
    assert thread.derived("q", lambda: "from quotes", source=[quotes]) == "from quotes"
    assert thread.derived("q", lambda: "from other", source=[other]) == "from other"
    assert replace(thread, title="Other")._derived == {} and pickle.loads(pickle.dumps(thread))._derived == {}
    assert thread == Thread("t", "Title", None, None, (), (), "content/t/thread.txt")
