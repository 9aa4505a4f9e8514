"""Score candidate boundary features by leave-one-thread-out cross-validation before one joins
threadnote/detect/boundaries.py.

    python bench/boundary_candidates.py
    python bench/boundary_candidates.py --length-prior   # the committed features, decoded with a prior on comment length

Each candidate gives columns of one value per gap from a thread's paragraphs. The committed features
plus the candidate's columns are cross-validated as bench/fit_boundaries.py does it (penalty and
threshold chosen on the held-out comment starts); the script prints each thread's held-out and
in-sample F1, the candidate's weights, and how many of the example thread's gaps the refit would
decide otherwise than the committed weights. A candidate that regroups the example thread orphans
notes that name its comments by id: adopting it means updating content/china-japan/notes too.

With --length-prior it scores no column but a decoding: each gap's probability under a prior on how
many paragraphs a comment has (length_prior_posteriors), for several strengths of that prior.
"""

from __future__ import annotations

import argparse
import math
import re
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


REFERENCE = re.compile(
    r"`[^`]+`|https?://([\w.-]+)|\b\d[\d.,:/x%-]*\b|(?<=[a-z,;] )[A-Z][\w'-]+|\b\w+(?:_|::|\.\w|\(\))\w*"
)
"""What a writer refers to: code, a link's site, a number, a capitalised name inside a sentence, an identifier."""


def shared_references(paragraphs: Sequence[Paragraph]) -> NDArray[np.float64]:
    """The gap's two paragraphs refer to one thing (the same number, name, identifier or site): a list
    or an argument in progress, or a reply naming what it answers."""

    def references(text: str) -> set[str]:
        return {(m.group(1) or m.group(0)).lower().strip("`") for m in REFERENCE.finditer(text)}

    refs = [references(p.text) for p in paragraphs]
    return np.array([[bool(refs[k - 1] & refs[k])] for k in range(1, len(paragraphs))], dtype=float).reshape(-1, 1)


CANDIDATES: dict[str, tuple[Columns, tuple[str, ...]]] = {
    "adjacent rare words": (adjacent_rare_words, ("rare_word_similarity",)),
    "style of two paragraphs each side": (window_style, ("window_style",)),
    "a greeting above": (greeting_above, ("before_greeting",)),
    "the thread's greeting rate": (thread_greeting_rate, ("ungreeted_by_rate", "greeted_by_rate")),
    "a closing formula ending the paragraph before": (closing_before, ("before_closing",)),
    "a number, name or identifier on both sides": (shared_references, ("shared_reference",)),
}

LONGEST = 3
"""Comment lengths (in paragraphs) the length prior tells apart: three and more are one state."""
STRENGTHS = (0.0, 0.25, 0.5, 1.0)
"""How far the length prior replaces the model's base rate (0: the gaps decided one by one)."""


def hazards(threads: Sequence[fb.Gaps], longest: int = LONGEST) -> NDArray[np.float64]:
    """For d = 1 .. longest - 1, how often a comment that has d paragraphs ends there; for the last
    state, how often one of `longest` paragraphs or more ends at each of its paragraphs from there. Threads
    that are not mail only (mail's messages are cut by its marks)."""
    lengths = np.concatenate([
        np.diff(np.append(np.flatnonzero(np.concatenate([[True], t.starts])), len(t.starts) + 1))
        for t in threads if fb.kind_of(t.name) != "mail"
    ])
    tail = lengths[lengths >= longest]
    return np.array([np.mean(lengths[lengths >= d] == d) for d in range(1, longest)] + [len(tail) / np.sum(tail - longest + 1)])


def _logit(p: NDArray[np.float64] | float) -> NDArray[np.float64]:
    q = np.clip(p, 1e-9, 1 - 1e-9)
    return np.asarray(np.log(q / (1 - q)), dtype=float)


def length_prior_posteriors(
    p: NDArray[np.float64], free: NDArray[np.bool_], marked: NDArray[np.float64], hazard: NDArray[np.float64],
    base_rate: float, strength: float,
) -> NDArray[np.float64]:
    """Each gap's probability of a comment start given the whole thread, by forward-backward over how
    many paragraphs the current comment has: the model's odds with its base rate taken out, times the
    odds that a comment of that many paragraphs ends (moved from the base rate towards `hazard` by
    `strength`). The gaps mail's marks decide stay decided; strength 0 gives back the model's `p`."""
    likelihood = np.where(free, 1 / (1 + np.exp(-(_logit(p) - _logit(base_rate)))), marked)
    ends = 1 / (1 + np.exp(-(_logit(base_rate) + strength * (_logit(hazard) - _logit(base_rate)))))

    def joined(v: NDArray[np.float64]) -> NDArray[np.float64]:
        """A state's mass after a join: one paragraph longer, the last state keeping its own."""
        return np.asarray(np.concatenate([[0.0], v[:-1]]) + np.concatenate([np.zeros(len(v) - 1), v[-1:]]), dtype=float)

    def after_join(b: NDArray[np.float64]) -> NDArray[np.float64]:
        """What follows each state's join, looked at backwards: the next state's (the last one's own)."""
        return np.concatenate([b[1:], b[-1:]])

    forward = [np.eye(len(hazard))[0]]
    for q in likelihood:
        f = forward[-1]
        step = joined(f * (1 - ends) * (1 - q))
        step[0] += np.sum(f * ends) * q
        forward.append(step / step.sum())
    posterior, backward = np.zeros(len(likelihood)), np.ones(len(hazard))
    for k in range(len(likelihood) - 1, -1, -1):
        q, f = likelihood[k], forward[k]
        start = np.sum(f * ends) * q * backward[0]
        stay = np.sum(f * (1 - ends) * (1 - q) * after_join(backward))
        posterior[k] = start / (start + stay) if start + stay else float(q)
        backward = ends * q * backward[0] + (1 - ends) * (1 - q) * after_join(backward)
        backward /= backward.sum()
    return posterior


def score_length_prior(threads: list[fb.Gaps]) -> None:
    """Held-out F1 per kind of thread for each prior strength and threshold: every thread decoded with
    the model and the comment lengths of the other threads (the penalty fb.cross_validate chooses)."""
    penalty = fb.cross_validate(threads).penalty
    folds = []
    for gaps in threads:
        rest = [t for t in threads if t is not gaps]
        base_rate = float(np.mean(np.concatenate([t.starts[t.free] for t in rest if fb.kind_of(t.name) != "mail"])))
        folds.append((gaps, fb.probabilities(gaps.features, fb.fit_free(rest, penalty)), hazards(rest), base_rate))
    for strength in STRENGTHS:
        held_out = {g.name: length_prior_posteriors(p, g.free, g.marked, h, r, strength) for g, p, h, r in folds}
        for threshold in (0.45, 0.5, 0.55):
            pooled: dict[str, list[int]] = {}
            for gaps in threads:
                sums = pooled.setdefault(fb.kind_of(gaps.name), [0, 0, 0])
                sums[:] = [a + b for a, b in zip(sums, fb.counts(gaps, held_out[gaps.name], threshold))]
            print(f"length prior {strength}, threshold {threshold}: "
                  + "   ".join(f"{kind} {fb.f1(*c):.3f} {tuple(c)}" for kind, c in pooled.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length-prior", action="store_true", help="score the length-prior decoding, not the candidates")
    args = parser.parse_args()
    threads = fb.load_threads()
    if threads is None:
        print(f"boundary_candidates: no corpus at {CORPUS}")
        return 1
    if args.length_prior:
        score_length_prior(threads)
        return 0
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
