"""Fit the boundary model (threadnote/detect/boundary_weights.json) on the flat threads of ../shared/corpus
and the example thread.

    python bench/fit_boundaries.py             # cross-validate, fit on every thread, write the weights
    python bench/fit_boundaries.py --dry-run   # cross-validate and print, write nothing
    python bench/fit_boundaries.py --regroup-example   # write weights that regroup the example thread too

Each corpus thread is read as a build reads it (front matter as the corpus's site.py writes it, the
reader's paragraphs, the quote finder's facts), every gap between two paragraphs becomes a row of
detect/boundaries.py's features, labelled by the gold: does a new message start there? (The example
thread, content/china-japan, is labelled by bench/sample_starts.json: where its comments start once its
editors' structural corrections are applied.) A logistic
regression (L2-penalised, fit by Newton's method in numpy) weighs them. Leave-one-thread-out
cross-validation (fit on all threads but one, score that one) picks the penalty and the threshold and
prints the held-out comment-start F1 of every thread beside its in-sample F1 (the fit on all threads;
both scored on the gold's high-confidence paragraphs, as score.py scores them); the held-out figures
are the ones to trust, not the in-sample ones.

Last, the model fit on every thread scores real blog and forum threads that no fit reads: the export
samples of ../shared/formats (UNSEEN_EXPORTS), laid flat as a scrape of them would read.

The example's notes name its comments by id, and an id is made from a comment's first words: weights
that group the example thread otherwise than the committed ones would orphan its notes, so they are
written only with --regroup-example (then update content/china-japan/notes to the new grouping).
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
from threadnote.detect.boundaries import FEATURES, gap_features, marked_boundaries, parse_model
from threadnote.detect.quotes import find_quotes
from threadnote.detect.threads import paragraph_facts
from threadnote.model import Paragraph
from threadnote.readers.exports import read_export
from threadnote.readers.record import PUBLISHED, Export
from threadnote.readers.scrape import Scrape, parse_scrape

WEIGHTS = ROOT / "threadnote" / "detect" / "boundary_weights.json"
SAMPLE_STARTS = ROOT / "bench" / "sample_starts.json"
"""The example thread's comment starts: a news site's comments, with pasted quotes the corpus lacks."""
PENALTIES = (0.3, 1.0, 3.0, 10.0)
"""L2 penalties on the standardised weights that cross-validation chooses from: ten threads are few,
and some features fire rarely."""
THRESHOLDS = [round(0.2 + 0.025 * k, 3) for k in range(25)]
FRONT_MATTER_LINES = 5
"""Lines site.py's front matter takes before the first comment paragraph (---, title, byline, ---, blank)."""
FORMATS = ROOT.parent / "shared" / "formats"
UNSEEN_EXPORTS = (
    "reddit/graw-thread-1cebxh-trimmed.json",
    "disqus/corfield-disqus-export-trimmed.xml",
    "discourse/urho3d-t-a-simple-question.3953.json",
)
"""Export samples of real blog and forum threads that no fit reads (the WordPress sample is test
content, the Hacker News one a single story, the Staticman one a corpus thread)."""


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
    paragraphs: tuple[Paragraph, ...] = ()
    """The thread's paragraphs as the reader made them (gap k lies between paragraphs k and k + 1)."""

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
    return Gaps(name, features, np.array(starts), np.array(scored), marked, tuple(scrape.paragraphs))


def sample_gaps() -> Gaps:
    """The example thread, labelled by the lines where its editors' comments start."""
    labels = json.loads(SAMPLE_STARTS.read_text(encoding="utf-8"))
    scrape, features, marked = _read((ROOT / labels["thread"]).read_text(encoding="utf-8"), "sample")
    lines = set(labels["starts"])
    starts = np.array([p.line in lines for p in scrape.paragraphs[1:]])
    return Gaps("sample (china-japan)", features, starts, np.ones(len(starts), dtype=bool), marked, tuple(scrape.paragraphs))


def export_gaps(sample: str) -> list[Gaps]:
    """Every thread of an export sample, laid flat as a scrape of its page reads (its published
    comments' paragraphs in date order, a quote under `>`), labelled by where each comment starts."""
    path = FORMATS / sample
    exports, _ = read_export(path.read_bytes(), "thread.xml" if sample.endswith(".xml") else "thread.json")
    return [_flat_gaps(f"unseen {path.parent.name} {number}", export) for number, export in enumerate(exports, 1)]


def _flat_gaps(name: str, export: Export) -> Gaps:
    comments = sorted((c for c in export.comments if c.paragraphs and c.status == PUBLISHED), key=lambda c: c.time or "")
    texts, starts, line = [], set(), FRONT_MATTER_LINES + 1
    for comment in comments:
        starts.add(line)
        for paragraph in comment.paragraphs:
            text = "\n".join(f"> {row}" for row in paragraph.text.split("\n")) if paragraph.kind == "quote" else paragraph.text
            texts.append(text)
            line += text.count("\n") + 2
    front = f"---\ntitle: {json.dumps(export.title or name)}\nbyline: \"{export.format} export\"\n---\n\n"
    scrape, features, marked = _read(front + "\n\n".join(texts) + "\n", name)
    labels = np.array([p.line in starts for p in scrape.paragraphs[1:]])
    return Gaps(name, features, labels, np.ones(len(labels), dtype=bool), marked, tuple(scrape.paragraphs))


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


Model = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]
"""(means, scales, weights, bias), in FEATURES order."""


@dataclass(frozen=True, slots=True)
class Choice:
    """What cross-validation chose, and the held-out probabilities of every thread under that choice."""

    penalty: float
    threshold: float
    held_out: dict[str, NDArray[np.float64]]


def fit(x: NDArray[np.float64], y: NDArray[np.bool_], penalty_weight: float) -> Model:
    """(means, scales, weights, bias) of an L2-penalised logistic regression on standardised features."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    target = y.astype(float)
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], penalty_weight)
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


def fit_free(threads: list[Gaps], penalty: float) -> Model:
    """The model fit on the gaps no mark decides."""
    x = np.vstack([t.features[t.free] for t in threads])
    return fit(x, np.concatenate([t.starts[t.free] for t in threads]), penalty)


def decided(gaps: Gaps, p: NDArray[np.float64]) -> NDArray[np.float64]:
    """The model's probabilities where it decides, the marks' decisions where they do."""
    return np.where(gaps.free, p, gaps.marked)


def probabilities(x: NDArray[np.float64], model: Model) -> NDArray[np.float64]:
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


def held_out_probabilities(threads: list[Gaps], penalty: float) -> dict[str, NDArray[np.float64]]:
    """Every thread's probabilities from the model fit on all the others."""
    held_out = {}
    for gaps in threads:
        model = fit_free([t for t in threads if t is not gaps], penalty)
        held_out[gaps.name] = decided(gaps, probabilities(gaps.features, model))
    return held_out


def pooled_f1(threads: list[Gaps], p: dict[str, NDArray[np.float64]], threshold: float) -> float:
    tp, fp, fn = map(sum, zip(*(counts(t, p[t.name], threshold) for t in threads)))
    return f1(tp, fp, fn)


def cross_validate(threads: list[Gaps]) -> Choice:
    """The penalty and threshold whose held-out comment starts score best, pooled over all threads."""
    tried = [(penalty, held_out_probabilities(threads, penalty)) for penalty in PENALTIES]
    _, penalty, threshold, held_out = max(
        ((pooled_f1(threads, p, threshold), penalty, threshold, p) for penalty, p in tried for threshold in THRESHOLDS),
        key=lambda choice: choice[:1],  # the first best: the smallest penalty and threshold of a tie
    )
    return Choice(penalty, threshold, held_out)


def kind_of(name: str) -> str:
    return "mail" if name.startswith(MAIL_PREFIXES) else "sample" if name.startswith("sample") else "blog/forum"


def report(threads: list[Gaps], choice: Choice, model: Model) -> dict[str, float]:
    """Print held-out and in-sample F1 per thread and per kind; return the held-out figures by kind."""
    pooled: dict[tuple[str, str], list[int]] = {}
    for gaps in threads:
        in_sample = decided(gaps, probabilities(gaps.features, model))
        row = []
        for figure, p in (("held-out", choice.held_out[gaps.name]), ("in-sample", in_sample)):
            tp, fp, fn = counts(gaps, p, choice.threshold)
            row.append(f"{figure} F1 {f1(tp, fp, fn):.3f} ({tp} right, {fp} false, {fn} missed)")
            sums = pooled.setdefault((kind_of(gaps.name), figure), [0, 0, 0])
            sums[:] = [a + b for a, b in zip(sums, (tp, fp, fn))]
        print(f"  {gaps.name:<26} " + "   ".join(row))
    for kind in dict.fromkeys(kind for kind, _ in pooled):
        print(f"  {'TOTAL ' + kind:<26} held-out F1 {f1(*pooled[kind, 'held-out']):.3f}   in-sample F1 {f1(*pooled[kind, 'in-sample']):.3f}")
    return {kind: round(f1(*c), 3) for (kind, figure), c in pooled.items() if figure == "held-out"}


def report_causes(threads: list[Gaps], choice: Choice) -> None:
    """The held-out false and missed starts per kind of thread, split by what decided their gap:
    mail's marks (attribution lines, signatures) or the model."""
    causes: dict[str, list[int]] = {}
    for gaps in threads:
        split = choice.held_out[gaps.name] >= choice.threshold
        wrong = (split != gaps.starts) & gaps.scored
        sums = causes.setdefault(kind_of(gaps.name), [0, 0, 0, 0])
        for k, cause in enumerate((~gaps.free, gaps.free)):
            sums[k] += int(np.sum(wrong & split & cause))
            sums[k + 2] += int(np.sum(wrong & ~split & cause))
    print("held-out errors by cause (false by the marks / by the model, missed by the marks / by the model):")
    for kind, (false_marked, false_model, missed_marked, missed_model) in causes.items():
        print(f"  {kind:<26} false {false_marked} / {false_model}   missed {missed_marked} / {missed_model}")


def report_unseen(model: Model, threshold: float) -> None:
    """F1 of the model fit on every thread on the export samples no fit reads (when they are there)."""
    if not FORMATS.is_dir():
        return
    total = [0, 0, 0]
    print("threads no fit reads (../shared/formats, laid flat):")
    for gaps in (g for sample in UNSEEN_EXPORTS for g in export_gaps(sample)):
        tp, fp, fn = counts(gaps, decided(gaps, probabilities(gaps.features, model)), threshold)
        total = [a + b for a, b in zip(total, (tp, fp, fn))]
        print(f"  {gaps.name:<26} F1 {f1(tp, fp, fn):.3f} ({tp} right, {fp} false, {fn} missed)")
    print(f"  {'TOTAL unseen':<26} F1 {f1(*total):.3f}")


def example_regrouped(sample: Gaps, model: Model, threshold: float) -> int | None:
    """How many of the example thread's gaps the model decides otherwise than the committed weights
    (None when those weights lack a feature, so its grouping under them is unknown)."""
    try:
        committed = parse_model(WEIGHTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # the committed weights read FEATURES, the first columns (a candidate's columns follow them)
    before = decided(sample, np.array([committed.probability(row[: len(FEATURES)]) for row in sample.features]))
    after = decided(sample, probabilities(sample.features, model)) >= threshold
    return int(np.sum((before >= committed.threshold) != after))


def load_threads() -> list[Gaps] | None:
    """The corpus threads and then the example thread (the last), or None without a corpus."""
    if not (CORPUS / "paras.py").is_file():
        return None
    sys.path.insert(0, str(CORPUS))
    from paras import paragraphs  # type: ignore[import-not-found]

    names = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.json").is_file())
    return [*(corpus_gaps(name, paragraphs) for name in names), sample_gaps()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only; write no weights")
    parser.add_argument("--regroup-example", action="store_true", help="write weights that group the example thread otherwise")
    args = parser.parse_args()
    threads = load_threads()
    if threads is None:
        print(f"fit_boundaries: no corpus at {CORPUS}")
        return 1
    sample = threads[-1]
    choice = cross_validate(threads)
    model = fit_free(threads, choice.penalty)
    print(f"leave-one-thread-out, penalty {choice.penalty}, threshold {choice.threshold}:")
    figures = report(threads, choice, model)
    report_causes(threads, choice)
    means, scales, weights, bias = model
    order = np.argsort(-np.abs(weights))
    print("weights (standardised), strongest first:")
    for k in order:
        print(f"  {FEATURES[k]:<22} {weights[k]:+.3f}")
    report_unseen(model, choice.threshold)
    regrouped = example_regrouped(sample, model, choice.threshold)
    print(f"the example thread: {'?' if regrouped is None else regrouped} gaps decided otherwise than by the committed weights")
    if regrouped != 0 and not args.regroup_example and not args.dry_run:
        print("fit_boundaries: not written: the example's notes name comments these weights would regroup"
              " (--regroup-example writes them; then update content/china-japan/notes)")
        return 1
    if not args.dry_run:
        rows = [{"name": n, "mean": round(float(m), 6), "scale": round(float(s), 6), "weight": round(float(w), 6)}
                for n, m, s, w in zip(FEATURES, means, scales, weights)]
        data = {
            "made_by": "bench/fit_boundaries.py", "threads": [t.name for t in threads], "held_out_f1": figures,
            "penalty": choice.penalty, "threshold": choice.threshold, "bias": round(bias, 6), "features": rows,
        }
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
