"""Grouping paragraphs into comments where the scrape marks no boundaries."""

from __future__ import annotations

import pytest

from threadnote.detect.grouping import Group, ParagraphFacts, group_paragraphs
from threadnote.model import Paragraph

QUOTE = ParagraphFacts(starts_with_quote=True, is_quote=True)
PLAIN = ParagraphFacts()


def group(*items: tuple[str, str, ParagraphFacts] | str) -> tuple[list[tuple[int, int, str | None]], list[tuple[int, bool]]]:
    paragraphs, facts = [], []
    for item in items:
        text, kind, fact = (item, "text", PLAIN) if isinstance(item, str) else item
        paragraphs.append(Paragraph(text, 1, kind, 1 if kind == "quote" else 0))
        # as threads.paragraph_facts has it: a marked paragraph is always quoted words
        facts.append(ParagraphFacts(fact.starts_with_quote, fact.is_quote or kind == "quote"))
    groups, uncertain = group_paragraphs(paragraphs, facts)
    return [(g.first, g.count, g.author) for g in groups], [(b.after, b.split) for b in uncertain]


CASES = {
    "attribution-quote-reply": (
        ("Ann wrote:", ("The library should open on Sundays for parents.", "quote", PLAIN), "It should not."),
        [(0, 3, None)],
    ),
    "nested-quote-blocks-join": (
        (("Maria wrote:", "quote", PLAIN), ("Open on Sundays.", "quote", QUOTE), ("Staff cost money.", "quote", QUOTE), "Volunteers."),
        [(0, 4, None)],
    ),
    "signature-ends-and-names": (
        ("The night bus was the only safe way home.", "— Dana", "Bringing it back will cost more."),
        [(0, 2, "Dana"), (2, 1, None)],
    ),
    "sign-off-ends-and-names": (
        ("The night bus was the only safe way home.", "Cheers, Dave", "Bringing it back will cost more."),
        [(0, 2, "Dave"), (2, 1, None)],
    ),
    "pasted-quote-starts-a-comment": (
        ("Empty flats push up rents.", ("Empty flats push up rents.", "text", QUOTE), "Not here."),
        [(0, 1, None), (1, 2, None)],
    ),
    "code-belongs-to-its-text": (
        ("My fix was one line:", ("rows = table.rows[1:]", "code", PLAIN), "Another reader replies here."),
        [(0, 2, None), (2, 1, None)],
    ),
    "sentence-cut-by-blank-line": (
        ("Wang Yi is not the only one who believes the century was", "a hole in history, he said."),
        [(0, 2, None)],
    ),
    "mention-line-starts-a-comment": (
        ("Some earlier words here.", "@ Ricky", "If you think that, you are naive."),
        [(0, 1, None), (1, 2, None)],
    ),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_certain_boundaries(name: str) -> None:
    items, expected = CASES[name]
    groups, uncertain = group(*items)
    assert groups == expected
    assert uncertain == []


def test_continuation_words_join_but_are_reported() -> None:
    groups, uncertain = group("China will grow.", "And Japan will follow reluctantly.")
    assert (groups, uncertain) == ([(0, 2, None)], [(1, False)])


def test_shared_voice_joins_but_is_reported() -> None:
    groups, uncertain = group("china is STUPID & wrong!!", "japan will PAY & pay!!")
    assert (groups, uncertain) == ([(0, 2, None)], [(1, False)])


def test_no_sign_of_one_voice_splits_for_certain() -> None:
    assert group("Japan's influence is fading fast.", "This is a lie.") == ([(0, 1, None), (1, 1, None)], [])


def test_groups_are_plain_data() -> None:
    assert Group(0, 1) == Group(0, 1, None, "", None)
