"""Fit the boundary model (threadnote/detect/boundary_weights.json) on the flat threads of ../shared/corpus
and the example thread.

    python bench/fit_boundaries.py             # cross-validate, fit on every thread, write the weights
    python bench/fit_boundaries.py --dry-run   # cross-validate and print, write nothing

Each corpus thread is read as a build reads it (front matter as the corpus's site.py writes it, the
reader's paragraphs, the quote finder's facts), every gap between two paragraphs becomes a row of
detect/boundaries.py's features, labelled by the gold: does a new message start there? (The example
thread, content/china-japan, is labelled by bench/sample_starts.json: where its comments start once its
editors' structural corrections are applied.) A logistic
regression (L2-penalised, fit by Newton's method in numpy) weighs them. Leave-one-thread-out
cross-validation picks the threshold and prints the held-out comment-start F1 of every thread
(scored on the gold's high-confidence paragraphs, as score.py scores them); those are the figures to
trust, not the fit on all ten.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import CORPUS, MAIL_PREFIXES, ROOT, site_text

from threadnote.config import QuoteSettings
from threadnote.detect.article import article_quote_paragraphs
from threadnote.detect.boundaries import FEATURES, gap_features, marked_boundaries
from threadnote.detect.quotes import find_quotes
from threadnote.detect.threads import paragraph_facts
from threadnote.readers.scrape import Scrape, parse_scrape

WEIGHTS = ROOT / "threadnote" / "detect" / "boundary_weights.json"
SAMPLE_STARTS = ROOT / "bench" / "sample_starts.json"
"""The example thread's comment starts: a news site's comments, with pasted quotes the corpus lacks."""
PENALTY = 1.0
"""L2 penalty on the standardised weights: ten threads are few, and some features fire rarely."""
THRESHOLDS = [round(0.2 + 0.025 * k, 3) for k in range(25)]
FRONT_MATTER_LINES = 5
"""Lines site.py's front matter takes before the first comment paragraph (---, title, byline, ---, blank)."""


@dataclass(frozen=True, slots=True)
class Gaps:
    """One corpus thread's gaps: features, whether a message starts there, and whether the gold is sure."""

    name: str
    features: NDArray[np.float64]
    starts: NDArray[np.bool_]
    scored: NDArray[np.bool_]
    """The gap opens a gold paragraph of high confidence (what score.py counts)."""
    marked: NDArray[np.float64]
    """1 or 0 where mail's marks decide the gap (detect/boundaries.marked_boundaries), NaN where the model does."""

    @property
    def free(self) -> NDArray[np.bool_]:
        """The gaps the model decides: the only ones it is fit on."""
        return np.isnan(self.marked)


def corpus_gaps(name: str, paragraphs_of: Callable[[str], list[str]]) -> Gaps:
    """A corpus thread, laid out as site.py lays it out, labelled by its gold.json."""
    text = (CORPUS / name / "thread.txt").read_text(encoding="utf-8")
    gold = json.loads((CORPUS / name / "gold.json").read_text(encoding="utf-8"))["paragraphs"]
    first_lines = _gold_first_lines(paragraphs_of(text))
    scrape, features, marked = _read(site_text(text, paragraphs_of), name)
    starts, scored = [], []
    for paragraph in scrape.paragraphs[1:]:
        g = first_lines.get(paragraph.line)
        starts.append(g is not None and bool(gold[g]["new_comment"]))
        scored.append(g is not None and gold[g].get("confidence") == "high")
    return Gaps(name, features, np.array(starts), np.array(scored), marked)


def sample_gaps() -> Gaps:
    """The example thread, labelled by the lines where its editors' comments start."""
    labels = json.loads(SAMPLE_STARTS.read_text(encoding="utf-8"))
    scrape, features, marked = _read((ROOT / labels["thread"]).read_text(encoding="utf-8"), "sample")
    lines = set(labels["starts"])
    starts = np.array([p.line in lines for p in scrape.paragraphs[1:]])
    return Gaps("sample (china-japan)", features, starts, np.ones(len(starts), dtype=bool), marked)


def _read(text: str, name: str) -> tuple[Scrape, NDArray[np.float64], NDArray[np.float64]]:
    """The thread as a build reads it, the features of its gaps, and the gaps its marks decide."""
    scrape, _ = parse_scrape(text, f"{name}/thread.txt")
    paragraphs = scrape.paragraphs
    title = scrape.meta.get("title") or scrape.title
    quotes = find_quotes(paragraphs, title, QuoteSettings(), tight=scrape.tight)
    article = article_quote_paragraphs(paragraphs, {q.paragraph for q in quotes})
    facts = paragraph_facts(paragraphs, quotes, article, scrape.tight)
    marked = [np.nan if m is None else float(m) for m in marked_boundaries(paragraphs, facts)]
    return scrape, np.array(gap_features(paragraphs, facts), dtype=float), np.array(marked, dtype=float)


def _gold_first_lines(gold_texts: list[str]) -> dict[int, int]:
    """The line where each gold comment paragraph starts in the site's thread file -> its gold index."""
    lines, line = {}, FRONT_MATTER_LINES + 1
    for index, text in enumerate(gold_texts[2:], 2):
        lines[line] = index
        line += text.count("\n") + 2
    return lines


def fit(x: NDArray[np.float64], y: NDArray[np.bool_]) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """(means, scales, weights, bias) of an L2-penalised logistic regression on standardised features."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    target = y.astype(float)
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], PENALTY)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ beta, -40, 40)))
        gradient = z.T @ (p - target) + penalty * beta
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return means, scales, beta[:-1], float(beta[-1])


def fit_free(threads: list[Gaps]) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """The model fit on the gaps no mark decides."""
    return fit(np.vstack([t.features[t.free] for t in threads]), np.concatenate([t.starts[t.free] for t in threads]))


def decided(gaps: Gaps, p: NDArray[np.float64]) -> NDArray[np.float64]:
    """The model's probabilities where it decides, the marks' decisions where they do."""
    return np.where(gaps.free, p, gaps.marked)


def probabilities(x: NDArray[np.float64], model: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]) -> NDArray[np.float64]:
    means, scales, weights, bias = model
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(((x - means) / scales) @ weights + bias, -40, 40))), dtype=float)


def counts(gaps: Gaps, p: NDArray[np.float64], threshold: float) -> tuple[int, int, int]:
    """(true, false, missed) starts on scored gold paragraphs (the first paragraph always starts, and is not a gap)."""
    split = p >= threshold
    tp = int(np.sum(split & gaps.starts & gaps.scored))
    fp = int(np.sum(split & ~gaps.starts & gaps.scored))
    fn = int(np.sum(~split & gaps.starts & gaps.scored))
    return tp + 1, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cross_validate(threads: list[Gaps]) -> tuple[float, dict[str, NDArray[np.float64]]]:
    """Held-out probabilities of every thread (fit on the nine others), and the threshold best on them all."""
    held_out = {}
    for gaps in threads:
        rest = [t for t in threads if t is not gaps]
        model = fit_free(rest)
        held_out[gaps.name] = decided(gaps, probabilities(gaps.features, model))

    def pooled(threshold: float) -> float:
        tp, fp, fn = map(sum, zip(*(counts(t, held_out[t.name], threshold) for t in threads)))
        return f1(tp, fp, fn)

    return max(THRESHOLDS, key=pooled), held_out


def report(threads: list[Gaps], held_out: dict[str, NDArray[np.float64]], threshold: float) -> dict[str, float]:
    """Print held-out F1 per thread and per kind; return the figures by kind."""
    kinds: dict[str, list[int]] = {}
    for gaps in threads:
        tp, fp, fn = counts(gaps, held_out[gaps.name], threshold)
        print(f"  {gaps.name:<28} held-out F1 {f1(tp, fp, fn):.3f}  ({tp} right, {fp} false, {fn} missed)")
        kind = "mail" if gaps.name.startswith(MAIL_PREFIXES) else "sample" if gaps.name.startswith("sample") else "blog/forum"
        pooled = kinds.setdefault(kind, [0, 0, 0])
        for k, value in enumerate((tp, fp, fn)):
            pooled[k] += value
    figures = {kind: round(f1(*c), 3) for kind, c in kinds.items()}
    for kind, value in figures.items():
        print(f"  {'TOTAL ' + kind:<28} held-out F1 {value:.3f}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only; write no weights")
    args = parser.parse_args()
    if not (CORPUS / "paras.py").is_file():
        print(f"fit_boundaries: no corpus at {CORPUS}")
        return 1
    sys.path.insert(0, str(CORPUS))
    from paras import paragraphs  # type: ignore[import-not-found]

    names = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.json").is_file())
    threads = [*(corpus_gaps(name, paragraphs) for name in names), sample_gaps()]
    threshold, held_out = cross_validate(threads)
    print(f"leave-one-thread-out, threshold {threshold}:")
    figures = report(threads, held_out, threshold)
    means, scales, weights, bias = fit_free(threads)
    order = np.argsort(-np.abs(weights))
    print("weights (standardised), strongest first:")
    for k in order:
        print(f"  {FEATURES[k]:<22} {weights[k]:+.3f}")
    if not args.dry_run:
        rows = [{"name": n, "mean": round(float(m), 6), "scale": round(float(s), 6), "weight": round(float(w), 6)}
                for n, m, s, w in zip(FEATURES, means, scales, weights)]
        data = {
            "made_by": "bench/fit_boundaries.py", "threads": [t.name for t in threads], "held_out_f1": figures,
            "threshold": threshold, "bias": round(bias, 6), "features": rows,
        }
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
