"""The boundary model's features and weights (threadnote.detect.boundaries)."""

from __future__ import annotations

import json
import time
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.detect.boundaries import (
    ATTRIBUTION,
    FEATURES,
    ParagraphFacts,
    ends_message,
    gap_features,
    marked_boundaries,
    parse_model,
)
from threadnote.detect.grouping import fitted_model
from threadnote.model import Paragraph


def features_of(before: str, after: str, **facts: bool) -> dict[str, float]:
    rows = gap_features([Paragraph(before, 1), Paragraph(after, 3)], [ParagraphFacts(), ParagraphFacts(**facts)])
    return dict(zip(FEATURES, rows[0]))


@pytest.mark.parametrize(
    "line",
    [
        "On Tue, 16 Nov 2010 18:12:27 +0000 Mark Brown <broonie@opensource.example.com> wrote:",
        "Suresh Jayaraman <sjayaraman@example.org> wrote:",
        "In article <abc123@news.example.com>, Bo Lindqvist <bo@example.se> wrote:",
        "Steve French <smfrench@gmail.com> wrote on 06/25/2010 04:05:30 PM:",
        "Ricky said:",
    ],
)
def test_attribution_lines(line: str) -> None:
    assert ATTRIBUTION.search(line)


@pytest.mark.parametrize("line", ["I wrote a patch for this.", "He said it twice, and nobody listened.", "What she wrote: nothing."])
def test_sentences_are_not_attribution_lines(line: str) -> None:
    assert not ATTRIBUTION.search(line)


def test_each_feature_fires_on_its_sign() -> None:
    quoting_above = ParagraphFacts(starts_with_quote=True, quotes_paragraph=0)
    row = gap_features([Paragraph("A long first paragraph.", 1), Paragraph("> its words", 3)], [ParagraphFacts(), quoting_above])[0]
    assert dict(zip(FEATURES, row))["after_quotes_before"] == 1.0
    assert features_of("First.", "@Ricky you are wrong")["after_mention"] == 1.0
    assert features_of("Cheers,", "Next one")["before_sign_off"] == 1.0
    assert features_of("Some words here.", "But that is not all.")["after_continuation"] == 1.0
    assert features_of("the sentence goes on and", "on after the blank line.")["cut_sentence"] == 1.0
    assert features_of("Does it work?", "Yes, it does.")["after_answer"] == 1.0
    assert features_of("Hi Dug,", "So that error")["before_comma"] == 1.0


@pytest.mark.parametrize("opener", ["That said, it helps.", "Note that v3 differs.", "In any case, no.", "Edit: fixed the link."])
def test_openers_that_move_an_argument_on_carry_on(opener: str) -> None:
    assert features_of("Some words here.", opener)["after_continuation"] == 1.0


@pytest.mark.parametrize("opener", ["Finally some good news.", "Notes from the meeting.", "Nowhere near it."])
def test_words_that_only_look_like_those_openers_do_not(opener: str) -> None:
    assert features_of("Some words here.", opener)["after_continuation"] == 0.0


@pytest.mark.parametrize(("after", "item"), [("- Everything works but one thing.", 1.0), ("2) The second problem.", 1.0),
                                             ("-1 for this idea.", 0.0), ("2021 was a good year.", 0.0)])
def test_a_paragraph_of_one_list_item_goes_on_a_list(after: str, item: float) -> None:
    assert features_of("I have two questions:", after)["after_code"] == item


@pytest.mark.parametrize(
    ("after", "closes"),
    [("Cheers,", 1.0), ("Regards, Flo", 1.0), ("Hope that helps!", 1.0), ("Any ideas?", 1.0), ("Once again thanks", 1.0),
     ("Thanks!", 0.0), ("Thanks, that fixed it for me.", 0.0), ("Good luck with the talk, and " + "more words " * 12, 0.0)],
)
def test_a_short_paragraph_that_closes_a_message(after: str, closes: float) -> None:
    # a sign-off awaiting its name or a closing formula; "Thanks!" alone is as often a reply, and a
    # paragraph that goes on past a formula has more to say
    assert features_of("Some words here.", after)["after_closing"] == closes


def test_mail_marks_decide_their_gaps() -> None:
    texts = [
        ("On Monday, Ann <ann@example.org> wrote:", "text"), ("The quote.", "quote"), ("The reply.", "text"),
        ("Bo", "text"), ("Ann wrote:", "text"), ("Another quote.", "quote"), ("Plain words.", "text"),
        ("-- Cy Young <cy@example.org>", "text"), ("More plain words.", "text"),
    ]
    paragraphs = [Paragraph(t, 1, kind) for t, kind in texts]
    decided = marked_boundaries(paragraphs, [ParagraphFacts()] * len(paragraphs))
    assert decided == [False, None, False, True, False, None, False, True]


def test_cohesion_and_style_are_similarities() -> None:
    same = features_of("Radix sort beats quicksort on integers.", "Radix sort beats quicksort on integers.")
    apart = features_of("Radix sort beats quicksort on integers.", "My cat sleeps all afternoon.")
    assert same["cohesion"] == pytest.approx(1.0) and same["style"] == pytest.approx(1.0)
    assert apart["cohesion"] == 0.0 and apart["style"] < same["style"]


def test_word_similarity_is_trusted_by_the_shorter_paragraph() -> None:
    long_text = "the radix sort beats quicksort on integers of any width " * 6
    same = features_of(long_text, long_text)
    short = features_of(long_text, "My cat sleeps.")
    assert same["word_similarity"] == pytest.approx(1.0) and same["similarity_trust"] == 1.0
    assert short["similarity_trust"] < 0.1 and short["word_similarity"] == 0.0  # a short paragraph is barely trusted


@pytest.mark.parametrize("text", ["-- Jiri Kosina SUSE Labs", "Regards, Flo", "David", "Thanks,"])
def test_what_ends_a_message(text: str) -> None:
    assert ends_message(Paragraph(text, 1))


def test_the_committed_weights_name_every_feature_once() -> None:
    data = json.loads(files("threadnote.detect").joinpath("boundary_weights.json").read_text(encoding="utf-8"))
    assert sorted(f["name"] for f in data["features"]) == sorted(FEATURES)
    assert data["made_by"] == "bench/fit_boundaries.py"
    model = fitted_model()
    assert 0.0 < model.threshold < 1.0
    assert all(scale > 0 for scale in model.scales)


def test_a_model_reads_back_as_written() -> None:
    rows = [{"name": n, "mean": 0.5, "scale": 2.0, "weight": k / 10} for k, n in enumerate(FEATURES)]
    model = parse_model(json.dumps({"bias": -1.0, "threshold": 0.4, "features": list(reversed(rows))}))
    assert model.weights == tuple(k / 10 for k in range(len(FEATURES)))
    assert model.threshold == 0.4
    assert model.probability([0.5] * len(FEATURES)) == pytest.approx(1 / (1 + 2.718281828459045))


def test_weights_without_a_feature_are_refused_with_the_fix() -> None:
    rows = [{"name": n, "mean": 0, "scale": 1, "weight": 0} for n in FEATURES[1:]]
    with pytest.raises(ValueError, match=f"lack {FEATURES[0]}: run bench/fit_boundaries.py"):
        parse_model(json.dumps({"bias": 0, "features": rows}))


PARAGRAPH = st.builds(
    Paragraph,
    st.text(alphabet="ab .,:?>@-\n", min_size=1, max_size=40),
    st.just(1),
    st.sampled_from(["text", "quote", "code", "list"]),
)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(PARAGRAPH, st.booleans(), st.booleans()), max_size=12))
def test_every_gap_gets_one_finite_row(items: list[tuple[Paragraph, bool, bool]]) -> None:
    paragraphs = [p for p, _, _ in items]
    facts = [ParagraphFacts(q, q, t) for _, q, t in items]
    rows = gap_features(paragraphs, facts)
    assert len(rows) == max(0, len(paragraphs) - 1)
    model = fitted_model()
    for row in rows:
        assert len(row) == len(FEATURES)
        assert 0.0 <= model.probability(row) <= 1.0


def test_features_take_linear_time() -> None:
    def seconds(n: int) -> float:
        paragraphs = [Paragraph(f"Paragraph {k} speaks of topic{k % 97} and word{k % 13} at some length.", k) for k in range(n)]
        start = time.perf_counter()
        gap_features(paragraphs, [ParagraphFacts()] * n)
        return time.perf_counter() - start

    small, large = seconds(2_000), seconds(20_000)
    assert large < 25 * small  # ten times the paragraphs: about ten times the time, with room for noise
