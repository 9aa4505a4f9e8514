"""Quote detection: fixture threads with expected links, the sample thread, and the finder's parts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quote_eval

from threadnote.config import QuoteSettings
from threadnote.detect.alignment import align
from threadnote.detect.quotes import TITLE_INDEX, anchor_keys, find_quotes
from threadnote.detect.threads import parse_thread
from threadnote.model import Paragraph
from threadnote.notes.annotations import parse_annotations
from threadnote.notes.merge import merge_thread

REPO = Path(__file__).resolve().parent.parent
CASES = quote_eval.case_names()


def test_there_are_at_least_six_fixture_threads() -> None:
    assert set(CASES) >= {"unmarked", "marked", "mentions", "chrome", "mixed", "decoys"}


@pytest.mark.parametrize("name", CASES, ids=CASES)
def test_fixture_quote_links(name: str) -> None:
    annotated, expected = quote_eval.load_case(name)
    outcome = quote_eval.compare_quotes(annotated, expected.get("quotes") or [])
    assert (outcome.missing, outcome.extra) == ([], [])
    assert len(outcome.matched) == len(expected.get("quotes") or [])


@pytest.mark.parametrize("name", CASES, ids=CASES)
def test_fixture_mentions(name: str) -> None:
    annotated, expected = quote_eval.load_case(name)
    outcome = quote_eval.compare_mentions(annotated, expected.get("mentions") or [])
    assert (outcome.missing, outcome.extra) == ([], [])


@pytest.mark.parametrize("name", CASES, ids=CASES)
def test_fixture_authors(name: str) -> None:
    annotated, expected = quote_eval.load_case(name)
    outcome = quote_eval.compare_authors(annotated, expected.get("authors") or [])
    assert outcome.missing == []


@pytest.mark.parametrize("name", [n for n in CASES if "comments" in quote_eval.load_case(n)[1]])
def test_fixture_comment_count(name: str) -> None:
    annotated, expected = quote_eval.load_case(name)
    assert len(annotated.thread.comments) == expected["comments"]


def sample_links() -> list[tuple[int, str, str]]:
    """(quoting comment number, source as number/title/article, first words) of the sample thread,
    grouped as its editors regrouped it (structure.yaml) but with no editor's quote link."""
    path = REPO / "content/china-japan/thread.txt"
    detected, _ = parse_thread(path.read_text(encoding="utf-8"), "content/china-japan/thread.txt", "china-japan", QuoteSettings())
    structure = (REPO / "content/china-japan/notes/structure.yaml").read_text(encoding="utf-8")
    regrouping = structure.split("  # Third-person news prose")[0]  # the merges and splits, not the quote_of
    notes_file, problems = parse_annotations(regrouping, "content/china-japan/notes/structure.yaml")
    assert problems == []
    annotated, _ = merge_thread(detected, [notes_file])
    numbers = {c.id: c.number for c in annotated.thread.comments}
    return [
        (numbers[q.comment], str(numbers.get(q.source, q.source)), quote_eval.span_text(annotated, q.span)[:30])
        for q in annotated.quotes
    ]


def test_sample_thread_keeps_its_known_quotes() -> None:
    title = "China may cozy up to Japan to "
    future = "The future, fortunate or not, "
    assert sample_links() == [
        (16, "article", "Major sensitive issues such as"),
        (19, "title", title),
        (25, "article", "Chinese Foreign Minister Wang "),
        (26, "title", title),
        (35, "18", "China is hoping to come out bi"),
        (44, "title", title),
        (61, "title", title),
        (63, "57", future),
        (67, "57", future),
        (69, "67", "Strong disagree. Asia isn't go"),
    ]


def para(text: str, kind: str = "text", depth: int = 0) -> Paragraph:
    return Paragraph(text, 1, kind, depth)


SOURCE = "The council wants a levy on homes left empty for more than a year, which sounds fair to me."


@pytest.mark.parametrize(
    "quoting",
    [
        SOURCE,
        SOURCE.upper(),
        SOURCE.replace(".", "?"),
        SOURCE.replace("homes left empty", "homes left\nempty"),
        SOURCE.replace("more than a year", "more than one year"),
        SOURCE.replace("for more than", "for than"),
        SOURCE + " No, it is not fair at all.",
        "“" + SOURCE.replace("'", "’") + "”",
    ],
    ids=["verbatim", "case", "question-mark", "re-wrapped", "changed-word", "dropped-word", "with-reply", "curly-quotes"],
)
def test_small_edits_still_link(quoting: str) -> None:
    found = find_quotes([para(SOURCE), para(quoting)], "", QuoteSettings())
    assert [(q.paragraph, q.source) for q in found] == [(1, 0)]


def test_an_ellipsis_joins_the_parts_of_one_quote() -> None:
    quoting = "The council wants a levy on homes ... which sounds fair to me. It is not."
    [quote] = find_quotes([para(SOURCE), para(quoting)], "", QuoteSettings())
    assert (quote.source, quote.how, quoting[quote.start : quote.end]) == (0, "fuzzy", quoting[: quoting.index(". It")])


def test_headline_words_inside_a_longer_sentence_are_no_quote() -> None:
    title = "Council approves new bus lanes despite objections from shop owners"
    found = find_quotes([para(f"I doubt the {title.lower()} every single time they ask.")], title, QuoteSettings())
    assert found == []


def test_a_pasted_headline_links_to_the_title() -> None:
    title = "Council approves new bus lanes despite objections from shop owners"
    found = find_quotes([para(title + "? Which council?")], title, QuoteSettings())
    assert [(q.source, q.how) for q in found] == [(TITLE_INDEX, "verbatim")]


def test_min_words_is_settable() -> None:
    paragraphs = [para(SOURCE), para("which sounds fair to me. Not to me.")]
    assert find_quotes(paragraphs, "", QuoteSettings(min_words=8, min_chars=10)) == []
    assert [q.source for q in find_quotes(paragraphs, "", QuoteSettings(min_words=4, min_chars=10))] == [0]


def test_a_marked_quote_of_nothing_in_the_thread_has_no_source() -> None:
    found = find_quotes([para("Public libraries are the last warm place you can sit.", "quote", 1)], "", QuoteSettings())
    assert [(q.source, q.how, q.start) for q in found] == [(None, "marker", 0)]


def test_a_marked_quote_skips_its_attribution() -> None:
    text = "Ann wrote: " + SOURCE
    found = find_quotes([para(SOURCE), para(text, "quote", 1)], "", QuoteSettings())
    assert [(q.source, q.start) for q in found] == [(0, len("Ann wrote: "))]


def test_a_requote_links_to_the_first_writer() -> None:
    paragraphs = [para(SOURCE), para(SOURCE + " Agreed."), para(SOURCE.replace("fair", "unfair"))]
    assert [(q.paragraph, q.source) for q in find_quotes(paragraphs, "", QuoteSettings())] == [(1, 0), (2, 0)]


def test_code_blocks_are_never_quotes() -> None:
    code = 'rows = [r for r in table.find_all("tr") if r.td is not None and r.th is None]'
    assert find_quotes([para(code, "code"), para(code, "code")], "", QuoteSettings()) == []


def test_anchor_keys_sit_at_clause_edges() -> None:
    keys = anchor_keys("One two three four five six, seven eight nine ten.")
    assert "one two three four" in keys
    assert "seven eight nine ten" in keys
    assert "xis evif ruof eerht" in keys  # an end key, spelt backwards
    assert "two three four five" not in keys


@pytest.mark.parametrize("mark", list(".!?…;:,—–"))
def test_every_clause_mark_makes_keys_on_both_sides(mark: str) -> None:
    keys = anchor_keys(f"One two three four{mark} five six seven eight")
    assert {"ruof eerht owt eno", "five six seven eight"} <= keys


def test_align_allows_one_changed_word() -> None:
    words = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    changed = ["a", "b", "c", "x", "e", "f", "g", "h", "i", "j"]
    [region] = align(changed, words)
    assert (region.start, region.end, region.edits) == (0, 10, 1)


ARTICLE_CASES = {
    "attributed-and-unbalanced": ('Minister Ana Ruiz told reporters on Tuesday, "Every city will be two hours away.', "", True),
    "attributed-and-answered": ('The minister said, "fares will not rise."', "Statements like that are cheap.", True),
    "postposed-attribution": ('"Fares will not rise, and trains will be faster", she said on Monday. "Trust me.', "", True),
    "attribution-alone": ('The minister said "trains will be faster" and everyone clapped.', "I heard it too.", False),
    "said-far-from-marks": ("Opinion survey said so. Anything “everyone here expects” is fine.", "So what?", False),
    "no-marks": ("The minister said fares will not rise and trains will be faster.", "Yeah, right.", False),
}


@pytest.mark.parametrize("name", ARTICLE_CASES, ids=list(ARTICLE_CASES))
def test_article_quotes_need_two_clues(name: str) -> None:
    from threadnote.detect.article import article_quote_paragraphs

    text, following, expected = ARTICLE_CASES[name]
    paragraphs = [para(text)] + ([para(following)] if following else [])
    assert article_quote_paragraphs(paragraphs, set()) == ([0] if expected else [])


def test_a_quote_chain_links_every_quoter_to_the_original() -> None:
    annotated, _ = quote_eval.load_case("chrome")
    original = quote_eval.comment_with(annotated, "The new bus lanes will take away forty parking spaces")
    numbers = {c.id: c.number for c in annotated.thread.comments}
    assert sorted(numbers[q.comment] for q in annotated.quotes if q.source == original) == [3, 4]


def test_a_nested_quote_block_links_to_the_earliest_message() -> None:
    annotated, _ = quote_eval.load_case("marked")
    numbers = {c.id: c.number for c in annotated.thread.comments}
    links = sorted((numbers[q.comment], numbers.get(q.source, 0)) for q in annotated.quotes)
    # comment 3 quotes comment 2 (depth 1) and, through it, comment 1 (depth 2): the block links to
    # the earliest, comment 1; 4 and 5 quote unknown words (0 here); 5 quotes 3 and 2 in one message
    assert links == [(2, 1), (3, 1), (4, 0), (5, 0), (5, 2), (5, 3)]


def test_repetitive_text_links_once() -> None:
    # "ha ha ha ..." offers every word triple at every place: alignment must stay bounded
    laugh = "Ha " * 3000 + "indeed."
    found = find_quotes([para(laugh), para(laugh.replace("indeed", "really"))], "", QuoteSettings())
    assert [(q.paragraph, q.source, q.words) for q in found] == [(1, 0, 3000)]


MESSAGE = [
    "The survey asked every tenant on the estate about the heating this winter.",
    "Most said it failed twice.",
    "The landlord has promised new boilers before the next cold spell arrives.",
]


def test_a_marked_block_that_joins_its_sources_paragraphs_links_to_the_first() -> None:
    # mail clients quote a message's paragraphs as one block; the short middle one is in no index key
    paragraphs = [para(text) for text in MESSAGE] + [para(" ".join(MESSAGE), "quote", 1)]
    assert [(q.paragraph, q.source) for q in find_quotes(paragraphs, "", QuoteSettings())] == [(3, 0)]


def test_a_block_quoting_first_from_outside_the_thread_keeps_no_link() -> None:
    outside = "Nobody in this thread ever wrote these eleven words before today."
    paragraphs = [para(MESSAGE[0]), para(outside, "quote", 2), para(MESSAGE[0], "quote", 1)]
    found = find_quotes(paragraphs, "", QuoteSettings(), tight={2})
    assert [(q.paragraph, q.source) for q in found] == [(1, None)]


def test_a_block_under_an_unlinked_header_keeps_its_link() -> None:
    header = "Sent on Tuesday to the whole tenants list and to the housing office."
    paragraphs = [para(MESSAGE[0]), para(header, "quote", 1), para(MESSAGE[0], "quote", 2)]
    found = find_quotes(paragraphs, "", QuoteSettings(), tight={2})
    assert [(q.paragraph, q.source) for q in found] == [(1, None), (2, 0)]


@pytest.mark.parametrize(
    ("earlier", "quoted", "source"),
    [
        (["Did you try", "rm -rf /", "It fixes everything."], "rm -rf", 1),
        (["Nice one", "TMTOWTDI...", "TMTOWTDI, as they say in Perl: there is always another way to do it."], "TMTOWTDI", 1),
        (["That is all from me.", "-- Thanks,", "Steve"], "-- Thanks, Steve", 1),
        (["There is more than one way to do it, TMTOWTDI, as they say in Perl land."], "TMTOWTDI", None),
        (["Did you try", "rm -rf /"], "mv", None),
    ],
    ids=["command", "earliest-short-holder", "sign-off-over-two-paragraphs", "only-inside-a-long-text", "nowhere"],
)
def test_a_short_marked_fragment_links_to_a_recent_paragraph_that_is_mostly_its_words(
    earlier: list[str], quoted: str, source: int | None
) -> None:
    paragraphs = [para(text, "code" if text.startswith("rm") else "text") for text in earlier] + [para(quoted, "quote", 1)]
    [quote] = find_quotes(paragraphs, "", QuoteSettings())
    assert (quote.paragraph, quote.source) == (len(earlier), source)


def test_a_short_marked_fragment_is_not_linked_to_a_requote() -> None:
    paragraphs = [para("TMTOWTDI"), para("TMTOWTDI", "quote", 1), para("TMTOWTDI", "quote", 1)]
    assert [q.source for q in find_quotes(paragraphs, "", QuoteSettings())] == [0, 0]


def test_a_marked_quote_of_a_code_line_links_to_it() -> None:
    paragraphs = [para("Or", "text"), para("sudo please work now", "code"), para("sudo please work now.", "quote", 1)]
    assert [(q.paragraph, q.source) for q in find_quotes(paragraphs, "", QuoteSettings())] == [(2, 1)]


SIGNATURE = (
    "-- Ann Example <ann@example.org> Senior Technologist, Computing and Information Services, "
    "Example University School of Engineering and Applied Sciences, Cambridge"
)
"""Longer than any boilerplate sign-off: the `-- ` line makes it a signature."""


def test_a_repeated_signature_is_no_quote() -> None:
    paragraphs = [para(SOURCE), para(SIGNATURE), para("I changed my mind about the levy after the meeting."), para(SIGNATURE)]
    assert find_quotes(paragraphs, "", QuoteSettings()) == []


def test_a_quoted_signature_is_a_quote() -> None:
    paragraphs = [para(SOURCE), para(SIGNATURE), para(SIGNATURE, "quote", 1)]
    assert [(q.paragraph, q.source) for q in find_quotes(paragraphs, "", QuoteSettings())] == [(2, 1)]


def scrubbed(digest: str) -> str:
    """The notice a pipermail archive puts where a message's attachment was, its address made for that message."""
    return (
        "-------------- next part -------------- An HTML attachment was scrubbed... "
        f"URL: <http://lists.example.org/pipermail/indexer/attachments/20151114/{digest}/attachment.htm>"
    )


def test_a_list_notice_under_a_dashed_rule_is_no_quote_of_its_twins() -> None:
    # long in characters (its address), not in words: boilerplate, as a signature is
    paragraphs = [para(f"{SOURCE} {scrubbed('35d7c818')}"), para("I changed my mind about the levy after the meeting."), para(scrubbed("8f3864ad"))]
    assert find_quotes(paragraphs, "", QuoteSettings()) == []


def test_a_repeated_attribution_template_is_no_quote() -> None:
    template = "Twas brillig at {} 17.11.2009 UTC-05 when ann at example.org did gyre and gimble:"
    paragraphs = [
        para(template.format("14:00:54")), para(SOURCE, "quote", 1), para("No."),
        para(template.format("15:33:01")), para(SOURCE, "quote", 1),
    ]
    assert [(q.paragraph, q.source) for q in find_quotes(paragraphs, "", QuoteSettings())] == [(1, None), (4, None)]


LONG = "the message about the comment being pending is not clickable and the whole page stays grey for minutes"


@pytest.mark.parametrize(
    ("quoting", "linked"),
    [
        (f"I see the same thing here: when I press the button {LONG}.", True),
        (f"It happens when I press the button {LONG} and then some more words follow it", False),
        ("I also hear that the council wants a levy on homes left empty and so on", False),
    ],
    ids=["long-run-ending-at-a-clause-edge", "long-run-with-no-edge", "short-run-mid-sentence"],
)
def test_a_long_unmarked_run_needs_one_clause_edge_a_short_one_two(quoting: str, linked: bool) -> None:
    paragraphs = [para(f"Also, {LONG}. Any idea?"), para(SOURCE), para(quoting)]
    assert bool(find_quotes(paragraphs, "", QuoteSettings())) is linked
