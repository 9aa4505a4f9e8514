"""Score how threadnote reads the real threads of ../shared/corpus against their gold labels.

    python bench/corpus_eval.py            # a table per thread, totals for flat-blog, flat-mail and chrome
    python bench/corpus_eval.py --json     # the same figures as one JSON object

Not part of the test suite (tests/test_corpus_floors.py holds floors on its totals). Each thread is read
twice, as flat text (`thread.txt`) and with page chrome (`thread-chrome.txt`), laid out as the corpus's
`site.py` lays it out (title and byline as front matter), and run in-process through the pipeline
(detect, merge with no notes, the `thread.json` export) into a temporary folder, where the corpus's own
`score.py` scores it. Totals pool the counts of their threads (F1 as the threads' F1 weighted by
their comment starts), so a big thread weighs what it holds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.notes.merge import merge_thread
from threadnote.render.export import export_thread
from threadnote.render.links import paginate

MAIL_PREFIXES = ("lkml-", "notmuch-")
"""Corpus threads from mailing lists (the rest are blog and forum threads)."""
GROUPS = ("flat-blog", "flat-mail", "chrome")
PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Run:
    """One corpus thread in one of its two shapes."""

    name: str
    shape: str
    """`flat` (thread.txt) or `chrome` (thread-chrome.txt)."""

    @property
    def group(self) -> str:
        if self.shape == "chrome":
            return "chrome"
        return "flat-mail" if self.name.startswith(MAIL_PREFIXES) else "flat-blog"

    @property
    def text_path(self) -> Path:
        return CORPUS / self.name / ("thread.txt" if self.shape == "flat" else "thread-chrome.txt")

    @property
    def gold_path(self) -> Path:
        return CORPUS / self.name / ("gold.json" if self.shape == "flat" else "gold-chrome.json")


def corpus_runs() -> list[Run]:
    names = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.json").is_file())
    return [Run(name, shape) for name in names for shape in ("flat", "chrome")]


def site_text(text: str, paragraphs: Any) -> str:
    """The thread file `site.py` writes: the first two paragraphs as title and byline front matter."""
    parts = paragraphs(text)

    def quoted(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    body = "\n\n".join(parts[2:])
    return f"---\ntitle: {quoted(parts[0])}\nbyline: {quoted(parts[1])}\n---\n\n{body}\n"


def export_json(text: str, slug: str) -> str:
    """`thread.json` of a one-thread site with no notes, as a build would write it."""
    detected, _ = parse_thread(text, f"content/{slug}/thread.txt", slug, QuoteSettings())
    annotated, _ = merge_thread(detected, [])
    pages = paginate(annotated.thread, PAGE_SIZE)
    return "".join(c if isinstance(c, str) else c.decode("utf-8") for c in export_thread(annotated, pages))


def score_runs(runs: list[Run], work: Path) -> Iterator[tuple[Run, dict[str, Any]]]:
    sys.path.insert(0, str(CORPUS))
    from paras import paragraphs  # type: ignore[import-not-found]
    from score import score  # type: ignore[import-not-found]

    for run in runs:
        text = run.text_path.read_text(encoding="utf-8")
        out = work / f"{run.name}-{run.shape}.json"
        out.write_text(export_json(site_text(text, paragraphs), run.name), encoding="utf-8")
        figures = score(str(run.text_path), str(run.gold_path), str(out))
        yield run, {**figures, **_gold_counts(run.gold_path)}


def _gold_counts(gold_path: Path) -> dict[str, int]:
    """The denominators score.py does not print: gold mentions, and paragraphs whose author it checks."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["paragraphs"]
    comments = [g for g in gold if g["role"] == "comment"]
    has_chrome = any(g["role"] == "chrome" for g in gold)
    return {
        "mentions_gold": sum(len(g.get("mentions", [])) for g in comments),
        "authors_gold": sum(1 for g in comments if has_chrome and g.get("author")),
    }


def totals(scored: list[tuple[Run, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Pooled figures per group, from the counts behind each thread's ratios."""
    sums: dict[str, dict[str, float]] = {}
    for run, figures in scored:
        for group in (run.group, "all"):
            pooled = sums.setdefault(group, {})
            for name, value in _counts(figures).items():
                pooled[name] = pooled.get(name, 0.0) + value
    return {group: _ratios(pooled) for group, pooled in sums.items()}


def _counts(f: dict[str, Any]) -> dict[str, float]:
    """Counts recovered from one thread's ratios (score.py rounds ratios to three places)."""
    starts = f["gold_comment_starts"]
    # score.py prints no true and false positives: the pooled F1 is the threads' F1 weighted by their starts
    return {
        "f1_weighted": f["segmentation_f1"] * starts,
        "starts": starts,
        "quotes_found": (f["quote_recall"] or 0) * f["quotes_gold"],
        "quotes_gold": f["quotes_gold"],
        "quotes_right": (f["quote_precision"] or 0) * f["quotes_claimed"],
        "quotes_claimed": f["quotes_claimed"],
        "mentions_found": (f["mention_recall"] or 0) * f["mentions_gold"],
        "mentions": f["mentions_gold"],
        "authors_right": (f["author_accuracy"] or 0) * f["authors_gold"],
        "authors": f["authors_gold"],
        "chrome_leaks": f["chrome_leaks"],
        "comments": f["comments"],
    }


def _ratios(p: dict[str, float]) -> dict[str, Any]:
    def ratio(a: str, b: str) -> float | None:
        return round(p[a] / p[b], 3) if p[b] else None

    return {
        "segmentation_f1": ratio("f1_weighted", "starts"),
        "quote_recall": ratio("quotes_found", "quotes_gold"),
        "quote_precision": ratio("quotes_right", "quotes_claimed"),
        "mention_recall": ratio("mentions_found", "mentions"),
        "author_accuracy": ratio("authors_right", "authors"),
        "chrome_leaks": int(p["chrome_leaks"]),
        "comments": int(p["comments"]),
        "gold_comment_starts": int(p["starts"]),
        "quotes_gold": int(p["quotes_gold"]),
        "quotes_claimed": int(p["quotes_claimed"]),
    }


COLUMNS = (
    ("segmentation_f1", "F1"),
    ("quote_recall", "q.rec"),
    ("quote_precision", "q.prec"),
    ("mention_recall", "ment"),
    ("author_accuracy", "auth"),
    ("chrome_leaks", "leaks"),
    ("comments", "comm"),
    ("gold_comment_starts", "gold"),
)


def table(scored: list[tuple[Run, dict[str, Any]]], pooled: dict[str, dict[str, Any]]) -> str:
    head = f"{'thread':<34}" + "".join(f"{label:>8}" for _, label in COLUMNS)
    rows = [head, "-" * len(head)]
    rows += [_row(f"{run.name} ({run.shape})", figures) for run, figures in scored]
    rows.append("-" * len(head))
    rows += [_row(f"TOTAL {group}", pooled[group]) for group in (*GROUPS, "all") if group in pooled]
    return "\n".join(rows)


def _row(label: str, figures: dict[str, Any]) -> str:
    cells = ("-" if figures.get(key) is None else str(figures[key]) for key, _ in COLUMNS)
    return f"{label:<34}" + "".join(f"{cell:>8}" for cell in cells)


def corpus_missing(script: str) -> bool:
    """Whether the corpus is absent (it lives in ../shared, outside the repository), told as the
    script's reason to skip."""
    if (CORPUS / "score.py").is_file():
        return False
    print(f"{script}: skipped: no corpus at {CORPUS}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if corpus_missing("corpus_eval"):
        return 0
    with tempfile.TemporaryDirectory(prefix="corpus-eval-") as work:
        scored = list(score_runs(corpus_runs(), Path(work)))
    pooled = totals(scored)
    if args.json:
        print(json.dumps({"threads": {f"{r.name}/{r.shape}": f for r, f in scored}, "totals": pooled}, indent=1))
    else:
        print(table(scored, pooled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
