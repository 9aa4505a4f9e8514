"""The pieces kept between builds: the least recently used go first, never more than the budget."""

from __future__ import annotations

from threadnote.build.fragments import Fragments


def test_past_the_budget_the_least_recently_used_piece_goes() -> None:
    fragments = Fragments(budget=10)
    fragments.put("a", "1234")
    fragments.put("b", "1234")
    assert fragments.get("a") == "1234"  # now b is the least recently used
    fragments.put("c", "1234")
    assert fragments.get("b") is None
    assert fragments.get("a") == "1234" and fragments.get("c") == "1234"


def test_a_piece_bigger_than_the_budget_is_not_kept_and_drops_nothing() -> None:
    fragments = Fragments(budget=4)
    fragments.put("a", "1234")
    fragments.put("big", "12345")
    assert fragments.get("big") is None and fragments.get("a") == "1234"


def test_a_piece_put_again_replaces_itself() -> None:
    fragments = Fragments(budget=8)
    fragments.put("a", "1234")
    fragments.put("a", "5678")
    fragments.put("b", "1234")
    assert fragments.get("a") == "5678" and fragments.get("b") == "1234"


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
    build.end_build([])
    assert build.made_since_mark() == {} and build.get("page") == "<li>1</li>"


def test_a_threads_shares_are_those_of_its_last_export_whatever_the_budget() -> None:
    fragments = Fragments(budget=4)
    for key in ("1-a", "2-b"):
        assert fragments.share("t", key) is None
        fragments.keep_share("t", key, b"0123456789")
    fragments.exported("t")
    fragments.end_build(["t"])
    fragments.end_build(["t"])  # a build that did not export the thread (a search refresh) lets nothing go
    assert fragments.share("t", "1-a") == b"0123456789"
    fragments.keep_share("t", "2-c", b"x")
    fragments.exported("t")  # 2-b went unused by that export: the edited page's old share
    assert fragments.share("t", "2-b") is None and fragments.share("t", "2-c") == b"x"
    assert fragments.share("other", "1-a") is None


def test_a_thread_gone_from_the_site_leaves_no_shares() -> None:
    fragments = Fragments()
    for thread in ("old", "new"):
        fragments.keep_share(thread, "1-a", b"x")
        fragments.exported(thread)
    fragments.end_build(["new"])
    assert fragments.share("old", "1-a") is None and fragments.share("new", "1-a") == b"x"
