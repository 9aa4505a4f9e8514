"""The pieces kept between builds: only what the last build used, never more than the budget."""

from __future__ import annotations

from threadnote.fragments import Fragments


def test_a_build_keeps_what_it_used_and_lets_the_rest_go() -> None:
    fragments = Fragments()
    fragments.put("a", "<p>a</p>")
    fragments.put("b", "<p>b</p>")
    fragments.end_build()
    assert fragments.get("a") == "<p>a</p>"  # asked for: kept for the build after
    fragments.end_build()
    assert fragments.get("a") == "<p>a</p>"
    assert fragments.get("b") is None  # not asked for by the last build: an edited comment's old piece


def test_pieces_past_the_budget_are_not_kept() -> None:
    fragments = Fragments(budget=10)
    fragments.put("a", "12345678")
    fragments.put("b", "12345")
    assert fragments.get("a") == "12345678" and fragments.get("b") is None


def test_a_worker_hands_back_only_what_it_made_since_the_mark() -> None:
    worker = Fragments()
    worker.put("before", "x")
    worker.made_since_mark()
    worker.put("page", "<li>1</li>")
    made = worker.made_since_mark()
    assert made == {"page": "<li>1</li>"} and worker.made_since_mark() == {}
    build = Fragments()
    build.absorb(made)
    assert build.get("page") == "<li>1</li>"


def test_shares_of_thread_json_are_kept_whatever_the_budget() -> None:
    """thread.json is written whole at every rebuild: its pages' shares (bytes) are always kept."""
    fragments = Fragments(budget=4)
    fragments.put("json-page", b"0123456789")
    fragments.put("html", "0123")
    fragments.end_build()
    assert fragments.get("json-page") == b"0123456789" and fragments.get("html") == "0123"
