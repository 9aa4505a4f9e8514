"""bench/fit_boundaries.py: leave-one-thread-out cross-validation and the guard on the example's grouping,
on made-up gaps (the corpus itself is scored by the script, not by the suite)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import fit_boundaries as fb

from threadnote.detect.boundaries import FEATURES


def made_up(name: str, seed: int, gaps: int = 80) -> fb.Gaps:
    """Gaps whose first feature says, with some noise, whether a comment starts there."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(gaps, len(FEATURES)))
    starts = features[:, 0] + 0.5 * rng.normal(size=gaps) > 0
    marked = np.full(gaps, np.nan)
    marked[:3] = 1.0  # a few gaps decided by marks, as mail's are
    return fb.Gaps(name, features, starts, np.ones(gaps, dtype=bool), marked)


THREADS = [made_up(f"thread-{k}", k) for k in range(4)]


def test_each_thread_is_scored_by_a_model_fit_without_it() -> None:
    choice = fb.cross_validate(THREADS)
    assert choice.penalty in fb.PENALTIES and choice.threshold in fb.THRESHOLDS
    held, rest = THREADS[0], THREADS[1:]
    expected = fb.decided(held, fb.probabilities(held.features, fb.fit_free(rest, choice.penalty)))
    assert np.allclose(choice.held_out[held.name], expected)
    assert np.all(choice.held_out[held.name][:3] == 1.0)  # marked gaps keep their marks' decision


def test_the_report_gives_held_out_and_in_sample_figures(capsys: pytest.CaptureFixture[str]) -> None:
    choice = fb.cross_validate(THREADS)
    figures = fb.report(THREADS, choice, fb.fit_free(THREADS, choice.penalty))
    out = capsys.readouterr().out
    assert all(f"{t.name}" in out for t in THREADS)
    assert "TOTAL blog/forum           held-out F1" in out and "in-sample F1" in out
    assert 0.5 < figures["blog/forum"] <= 1.0  # the first feature predicts the starts well


def test_errors_are_told_apart_by_what_decided_their_gap(capsys: pytest.CaptureFixture[str]) -> None:
    gaps = fb.Gaps("thread", np.zeros((4, len(FEATURES))), np.array([True, False, True, False]), np.ones(4, dtype=bool),
                   np.array([0.0, 1.0, np.nan, np.nan]))
    # a mark misses the first start and splits the second gap; the model splits the last two
    fb.report_causes([gaps], fb.Choice(1.0, 0.5, {"thread": np.array([0.0, 1.0, 0.9, 0.9])}))
    assert "blog/forum                 false 1 / 1   missed 1 / 0" in capsys.readouterr().out


def write_weights(path: Path, model: fb.Model, threshold: float, names: tuple[str, ...] = FEATURES) -> None:
    means, scales, weights, bias = model
    rows = [{"name": n, "mean": float(m), "scale": float(s), "weight": float(w)} for n, m, s, w in zip(FEATURES, means, scales, weights)]
    data = {"bias": bias, "threshold": threshold, "features": [r for r in rows if r["name"] in names]}
    path.write_text(json.dumps(data), encoding="utf-8")


def test_weights_that_regroup_the_example_are_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = tmp_path / "boundary_weights.json"
    monkeypatch.setattr(fb, "WEIGHTS", weights)
    example = THREADS[0]
    model = fb.fit_free(THREADS, 1.0)
    write_weights(weights, model, 0.5)
    assert fb.example_regrouped(example, model, 0.5) == 0
    p = fb.probabilities(example.features, model)
    assert fb.example_regrouped(example, model, 0.9) == int(np.sum(example.free & (p >= 0.5) & (p < 0.9))) > 0
    write_weights(weights, model, 0.5, FEATURES[1:])
    assert fb.example_regrouped(example, model, 0.5) is None  # the committed weights predate a feature: unknown


def test_the_rare_word_candidate_weighs_down_a_thread_s_topic() -> None:
    import boundary_candidates as bc

    from threadnote.detect.boundaries import ParagraphFacts, gap_features
    from threadnote.model import Paragraph

    shared = [Paragraph(f"china {word} " * 40, k) for k, word in enumerate(["trade", "tariffs", "ports"])]
    plain = gap_features(shared, [ParagraphFacts()] * 3)[0][FEATURES.index("word_similarity")]
    rare = bc.adjacent_rare_words(shared)[0][0]
    assert bc.adjacent_rare_words(shared).shape == (2, 1)
    assert plain > 0.4 and rare < plain / 3  # a word every paragraph uses says little of who wrote one


def test_the_window_candidates_look_past_the_gap_s_two_paragraphs() -> None:
    import boundary_candidates as bc

    from threadnote.model import Paragraph

    texts = ["Hi all, quick one.", "abcdefgh " * 5, "zyxwvuts " * 5, "Thanks!", "abcdefgh " * 5]
    paragraphs = [Paragraph(text, k) for k, text in enumerate(texts)]
    style = bc.window_style(paragraphs)[:, 0]
    # the gap between "zyxwvuts" and "Thanks!" shares no trigram, but pools paragraphs 1-2 and 3-4
    assert style.shape == (4,) and style[2] > 0.2 and style[0] == 0.0
    assert bc.greeting_above(paragraphs)[:, 0].tolist() == [1.0, 0.0, 0.0, 1.0]
    rate = bc.thread_greeting_rate(paragraphs)
    assert rate.shape == (4, 2) and rate[2].tolist() == [0.0, 0.25] and rate[0].tolist() == [0.25, 0.0]


def test_the_shared_reference_candidate_sees_one_number_or_name_across_the_gap() -> None:
    import boundary_candidates as bc

    from threadnote.model import Paragraph

    texts = ["It took 404 ms on Skylake.", "Same 404 here, odd.", "I use `memset` there.", "and `memset` is fast", "Nothing."]
    shared = bc.shared_references([Paragraph(text, k) for k, text in enumerate(texts)])[:, 0]
    assert shared.tolist() == [1.0, 0.0, 1.0, 0.0]


def test_the_length_prior_decoder_weighs_a_gap_by_the_comment_it_would_end() -> None:
    import boundary_candidates as bc

    p = np.array([0.6, 0.6, 0.6, 0.6])
    free, marked = np.ones(4, dtype=bool), np.full(4, np.nan)
    hazard = np.array([0.1, 0.9, 0.9])  # comments are two paragraphs long
    assert np.allclose(bc.length_prior_posteriors(p, free, marked, hazard, 0.5, 0.0), p)  # no prior: the model's own
    decoded = bc.length_prior_posteriors(p, free, marked, hazard, 0.5, 1.0)
    assert decoded[0] < 0.5 < decoded[1] and decoded[2] < 0.5 < decoded[3]  # join, start, join, start
    free[1], marked[1] = False, 0.0  # a mark joins the second gap: the third now ends a comment of two
    decoded = bc.length_prior_posteriors(p, free, marked, hazard, 0.5, 1.0)
    assert decoded[1] == 0.0 and decoded[2] > 0.5
    lengths = fb.Gaps("blog", np.zeros((5, 1)), np.array([False, True, True, False, False]), np.ones(5, dtype=bool), np.full(5, np.nan))
    assert np.allclose(bc.hazards([lengths]), [1 / 3, 1 / 2, 1 / 1])  # comments of 2, 1 and 3 paragraphs


@pytest.mark.skipif(not fb.FORMATS.is_dir(), reason="no export samples beside the repository")
def test_an_export_laid_flat_is_labelled_where_its_comments_start() -> None:
    from threadnote.readers.exports import read_export
    from threadnote.readers.record import PUBLISHED

    sample = "disqus/corfield-disqus-export-trimmed.xml"
    exports, _ = read_export((fb.FORMATS / sample).read_bytes(), "thread.xml")
    flat = fb.export_gaps(sample)
    assert len(flat) == len(exports) == 2
    for gaps, export in zip(flat, exports):
        published = sorted((c for c in export.comments if c.paragraphs and c.status == PUBLISHED), key=lambda c: c.time or "")
        assert gaps.paragraphs[0].text == published[0].paragraphs[0].text
        assert int(gaps.starts.sum()) == len(published) - 1  # the first paragraph starts, and is not a gap
