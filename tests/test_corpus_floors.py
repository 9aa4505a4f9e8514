"""Floors on how well real threads are read (../shared/corpus, scored by its score.py through
bench/corpus_eval.py): a little below what the reader reaches, so no change lowers them unseen."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
CORPUS = BENCH.parent.parent / "shared" / "corpus"
FLOORS = {
    "flat-mail": {"segmentation_f1": 0.98, "quote_recall": 0.95, "quote_precision": 0.97},
    "flat-blog": {"segmentation_f1": 0.855, "quote_recall": 0.95, "quote_precision": 0.90, "mention_recall": 0.95},
    "chrome": {
        "segmentation_f1": 0.98, "quote_recall": 0.95, "quote_precision": 0.95, "mention_recall": 0.95, "author_accuracy": 0.98,
    },
}


@pytest.fixture(scope="module")
def totals() -> dict[str, dict[str, Any]]:
    if not (CORPUS / "score.py").is_file():
        pytest.skip(f"no corpus at {CORPUS} (the shared folder beside the repository)")
    sys.path.insert(0, str(BENCH))
    import corpus_eval

    with tempfile.TemporaryDirectory() as work:
        scored = list(corpus_eval.score_runs(corpus_eval.corpus_runs(), Path(work)))
    pooled: dict[str, dict[str, Any]] = corpus_eval.totals(scored)
    return pooled


@pytest.mark.parametrize(("group", "figure"), [(g, f) for g, figures in FLOORS.items() for f in figures])
def test_corpus_floor(totals: dict[str, dict[str, Any]], group: str, figure: str) -> None:
    assert totals[group][figure] >= FLOORS[group][figure], f"{group} {figure}: {totals[group][figure]}"


def test_no_chrome_line_is_shown_as_text(totals: dict[str, dict[str, Any]]) -> None:
    assert totals["chrome"]["chrome_leaks"] == 0
