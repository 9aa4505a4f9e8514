"""Score candidate boundary features by leave-one-thread-out cross-validation before one joins
threadnote/detect/boundaries.py.

    python bench/boundary_candidates.py

Each candidate gives columns of one value per gap from a thread's paragraphs. The committed features
plus the candidate's columns are cross-validated as bench/fit_boundaries.py does it (penalty and
threshold chosen on the held-out comment starts); the script prints each thread's held-out and
in-sample F1, the candidate's weights, and how many of the example thread's gaps the refit would
decide otherwise than the committed weights. A candidate that regroups the example thread orphans
notes that name its comments by id: adopting it means updating content/china-japan/notes too.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_boundaries as fb
from corpus_eval import CORPUS

from threadnote.detect.boundaries import (
    ANY_WORD,
    CLOSING,
    CLOSING_CHARS,
    FEATURES,
    GREETING,
    STYLE_CHARS,
    TRUSTED_CHARS,
)
from threadnote.model import Paragraph

Columns = Callable[[Sequence[Paragraph]], NDArray[np.float64]]


def adjacent_rare_words(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """The committed word similarity of a gap's two paragraphs (times its trust by the shorter one's
    length) with each word weighed by the square root of its inverse paragraph frequency in the
    thread: the words every comment of a thread uses (its topic) say nothing of who wrote one."""

    def weights(counts: Sequence[Counter[str]]) -> dict[str, float]:
        frequency = Counter(word for c in counts for word in c)
        return {word: math.sqrt(max(0.0, math.log((len(counts) + 1) / (n + 0.5)))) for word, n in frequency.items()}

    return _adjacent(paragraphs, weights)


def _adjacent(paragraphs: Sequence[Paragraph], weigh: Callable[[Sequence[Counter[str]]], dict[str, float]]) -> NDArray[np.float64]:
    counts = [Counter(ANY_WORD.findall(p.text.lower())) for p in paragraphs]
    weight = weigh(counts)
    rows = []
    for k in range(1, len(paragraphs)):
        trust = min(1.0, min(len(paragraphs[k - 1].text), len(paragraphs[k].text)) / TRUSTED_CHARS)
        rows.append([_cosine(counts[k - 1], counts[k], weight) * trust])
    return np.array(rows, dtype=float).reshape(-1, 1)


def _cosine(a: Counter[str], b: Counter[str], weight: dict[str, float]) -> float:
    norm = math.sqrt(sum((n * weight[w]) ** 2 for w, n in a.items()) * sum((n * weight[w]) ** 2 for w, n in b.items()))
    return sum(n * b[w] * weight[w] ** 2 for w, n in a.items() if w in b) / norm if norm else 0.0


STYLE_WINDOW = 2
"""Paragraphs on each side of a gap pooled into one style profile."""


def window_style(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """The committed style feature (character trigrams of each paragraph's start) over the two
    paragraphs on each side of a gap, not just the gap's two: one writer's habits, seen over more text."""
    styles = [{p.text[i : i + 3] for i in range(min(len(p.text), STYLE_CHARS) - 2)} for p in paragraphs]
    rows = []
    for k in range(1, len(paragraphs)):
        before = set().union(*styles[max(0, k - STYLE_WINDOW) : k])
        after = set().union(*styles[k : k + STYLE_WINDOW])
        rows.append([len(before & after) / math.sqrt(len(before) * len(after)) if before and after else 0.0])
    return np.array(rows, dtype=float).reshape(-1, 1)


def greeting_above(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """The paragraph before the gap opens with a greeting or thanks: it opened a comment, and the
    paragraph after it is likely that comment's body."""
    return np.array([[GREETING.match(p.text) is not None] for p in paragraphs[:-1]], dtype=float).reshape(-1, 1)


def thread_greeting_rate(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """A per-thread calibration: how often the thread's paragraphs open with a greeting, on gaps whose
    paragraph does not (where comments greet, a paragraph that does not is seldom a new one) and on
    gaps whose paragraph does."""
    greets = np.array([GREETING.match(p.text) is not None for p in paragraphs[1:]], dtype=float)
    rate = float(greets.mean()) if len(greets) else 0.0
    return np.column_stack([(1.0 - greets) * rate, greets * rate])


def closing_before(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """The paragraph before the gap ends on a closing formula or sign-off (its comment is over); the
    committed `after_closing` is the paragraph after the gap being one."""
    return np.array([[CLOSING.search(p.text[-CLOSING_CHARS:]) is not None] for p in paragraphs[:-1]], dtype=float).reshape(-1, 1)


CANDIDATES: dict[str, tuple[Columns, tuple[str, ...]]] = {
    "adjacent rare words": (adjacent_rare_words, ("rare_word_similarity",)),
    "style of two paragraphs each side": (window_style, ("window_style",)),
    "a greeting above": (greeting_above, ("before_greeting",)),
    "the thread's greeting rate": (thread_greeting_rate, ("ungreeted_by_rate", "greeted_by_rate")),
    "a closing formula ending the paragraph before": (closing_before, ("before_closing",)),
}


def main() -> int:
    threads = fb.load_threads()
    if threads is None:
        print(f"boundary_candidates: no corpus at {CORPUS}")
        return 1
    for name, (columns, labels) in {"the committed features": (None, ()), **CANDIDATES}.items():
        extended = threads if columns is None else [replace(t, features=np.hstack([t.features, columns(t.paragraphs)])) for t in threads]
        choice = fb.cross_validate(extended)
        model = fb.fit_free(extended, choice.penalty)
        print(f"{name}: leave-one-thread-out, penalty {choice.penalty}, threshold {choice.threshold}")
        fb.report(extended, choice, model)
        weights = model[2][len(FEATURES) :]
        print("  weights (standardised): " + (", ".join(f"{label} {w:+.3f}" for label, w in zip(labels, weights)) or "-"))
        regrouped = fb.example_regrouped(extended[-1], model, choice.threshold)
        print(f"  the example thread: {'?' if regrouped is None else regrouped} gaps decided otherwise than by the committed weights\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
