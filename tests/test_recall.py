"""recall.py: values by the very object they were made from, for the next pass only."""

from __future__ import annotations

from threadnote.recall import Recall


class Thing:
    """An object compared by identity only."""


def test_a_value_is_recalled_for_the_same_object_and_context_only() -> None:
    recall: Recall[str] = Recall()
    first, other = Thing(), Thing()
    recall.keep(first, "made", context=("ann", False))
    assert recall.recall(first, ("ann", False)) == "made"
    assert recall.recall(first, ("bob", False)) is None and recall.recall(other, ("ann", False)) is None


def test_a_pass_keeps_what_it_met_and_lets_the_rest_go() -> None:
    recall: Recall[str] = Recall()
    met, gone = Thing(), Thing()
    recall.keep(met, "a")
    recall.keep(gone, "b")
    recall.end_pass()
    assert recall.recall(met) == "a"
    recall.end_pass()  # `gone` was not asked for in that pass
    assert recall.recall(met) == "a" and recall.recall(gone) is None
