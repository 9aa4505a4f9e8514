"""Grouping paragraphs into comments with the fitted boundary model, where the scrape marks no boundaries."""

from __future__ import annotations

import pytest

from threadnote.detect.boundaries import FEATURES, BoundaryModel
from threadnote.detect.grouping import Group, ParagraphFacts, group_paragraphs, signed_name
from threadnote.model import Paragraph

QUOTE = ParagraphFacts(starts_with_quote=True, is_quote=True)
PLAIN = ParagraphFacts()


def group(*items: tuple[str, str, ParagraphFacts] | str) -> list[tuple[int, int, str | None]]:
    paragraphs, facts = [], []
    for item in items:
        text, kind, fact = (item, "text", PLAIN) if isinstance(item, str) else item
        paragraphs.append(Paragraph(text, 1, kind, 1 if kind == "quote" else 0))
        # as threads.paragraph_facts has it: a marked paragraph is always quoted words
        facts.append(ParagraphFacts(fact.starts_with_quote, fact.is_quote or kind == "quote", fact.tight, fact.quotes_paragraph))
    groups, _ = group_paragraphs(paragraphs, facts)
    return [(g.first, g.count, g.author) for g in groups]


MAIL = (
    "I saw the article and decided to take a look at the indexer for my mail folders.",
    "It fails on every message with an error about the database lock.",
    "-- Lars Kellogg <lars@example.org>",
    "On Tue, 17 Nov 2009 14:00:54 -0500, Lars Kellogg <lars@example.org> wrote:",
    ("It fails on every message with an error about the database lock.", "quote", ParagraphFacts(True, True, True, 1)),
    "See the patch just posted here, it takes the lock once per run.",
    "Carl",
    "Mark Brown <broonie@example.com> wrote:",
    ("See the patch just posted here.", "quote", ParagraphFacts(True, True, True, 5)),
    "Thanks, that fixed it for me.",
)

CASES = {
    "mail: attribution, quote and reply are one message; a signature ends it and names its author": (
        MAIL, [(0, 3, "Lars Kellogg"), (3, 4, "Carl"), (7, 3, None)],
    ),
    "an attribution line takes its quote and the reply": (
        ("Ann wrote:", ("The library should open on Sundays for parents.", "quote", ParagraphFacts(tight=True)), "It should not."),
        [(0, 3, None)],
    ),
    "an archive's head opens its message and names the sender, whatever the text says": (
        (
            "From: Ann Lee <ann@example.org> Date: Tue, 17 Nov 2009 14:00:54 -0500 Subject: Indexer fails",
            "It fails on every message with an error about the database lock.",
            "Bob Ray bob at example.org Tue Nov 17 15:12:01 2009",
            "and it stops after the first folder, without saying why it gave up on the rest",
            "Cheers, Carl",
        ),
        [(0, 2, "Ann Lee"), (2, 3, "Bob Ray")],
    ),
    "code belongs to the text that introduces it": (
        ("My fix was one line:", ("rows = table.rows[1:]", "code", PLAIN), "Thanks for the guide, it worked for me too."),
        [(0, 2, None), (2, 1, None)],
    ),
    "a greeting line belongs to what it greets": (
        ("Hi Dug,", "So that error shows up for a lot of different problems due to bugs in the error handling."),
        [(0, 2, None)],
    ),
}


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_boundaries(name: str) -> None:
    items, expected = CASES[name]
    assert group(*items) == expected


def test_unsure_gaps_are_reported_most_unsure_first() -> None:
    paragraphs = [Paragraph(t, 1) for t in ("China will grow.", "And Japan will follow.", "This is a lie.", "Japan wins.")]
    groups, unsure = group_paragraphs(paragraphs, [PLAIN] * 4)
    assert unsure, "plain short paragraphs leave the model unsure"
    margins = [abs(b.probability - 0.5) for b in unsure]
    assert margins == sorted(margins)
    starts = {g.first for g in groups}
    assert all(b.split == (b.after in starts) for b in unsure)
    assert all(b.reason.startswith(f"p={b.probability:.2f}; for a split: ") for b in unsure)


def test_a_model_decides_by_its_threshold() -> None:
    paragraphs = [Paragraph("One.", 1), Paragraph("Two.", 2), Paragraph("Three.", 3)]
    zeros = (0.0,) * len(FEATURES)
    always = BoundaryModel(zeros, (1.0,) * len(FEATURES), zeros, bias=5.0)
    never = BoundaryModel(zeros, (1.0,) * len(FEATURES), zeros, bias=-5.0)
    assert [g.first for g in group_paragraphs(paragraphs, [PLAIN] * 3, always)[0]] == [0, 1, 2]
    assert [g.first for g in group_paragraphs(paragraphs, [PLAIN] * 3, never)[0]] == [0]


def test_no_paragraphs_no_groups() -> None:
    assert group_paragraphs([], []) == ([], [])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("-- Jeff Layton <jlayton@samba.org>", "Jeff Layton"),
        ("— Dana", "Dana"),
        ("Cheers, Dave", None),  # the writers' to read: it may thank someone
        ("-- Thanks, Steve", None),  # a sign-off under a `-- ` line too
        ("David", "David"),
        ("Thanks,", None),
        ("This is not a signature at all, just a sentence.", None),
    ],
)
def test_signed_name(text: str, name: str | None) -> None:
    assert signed_name(Paragraph(text, 1)) == name


def test_a_quoted_signature_signs_nothing() -> None:
    assert signed_name(Paragraph("-- Jeff Layton <jlayton@samba.org>", 1, "quote", 1)) is None


def test_groups_are_plain_data() -> None:
    assert Group(0, 1) == Group(0, 1, None, "", None)
