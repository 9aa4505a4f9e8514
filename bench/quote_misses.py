"""Print every quote the corpus gold expects and threadnote misses, and every link it makes wrongly.

    python bench/quote_misses.py                 # every corpus thread, flat and with chrome
    python bench/quote_misses.py td-sorting      # threads whose name holds one of these words

For each gold quote link not found (a miss), and each link threadnote claims to a source the gold
does not give (a false link), it prints the quoting words, the source the gold names and the one
threadnote chose, each as the start of its paragraph. It places claims in gold paragraphs as
the corpus's score.py does (so its counts are the ones bench/corpus_eval.py reports), and is
not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import CORPUS, Run, corpus_missing, corpus_runs, export_json, site_text

WIDTH = 90
"""Characters of each paragraph printed."""


def report(run: Run) -> list[str]:
    """Lines naming each miss and each false link of one corpus run."""
    from paras import key, paragraphs  # type: ignore[import-not-found]
    from score import locate  # type: ignore[import-not-found]

    raw = run.text_path.read_text(encoding="utf-8")
    texts = paragraphs(raw)
    gold = json.loads(run.gold_path.read_text(encoding="utf-8"))["paragraphs"]
    comments = json.loads(export_json(site_text(raw, paragraphs), run.name))["comments"]
    scored = [g for g in gold if g["role"] == "comment"]
    where = locate({g["p"]: key(texts[g["p"]]) for g in scored}, comments)
    index_of = {c["id"]: i for i, c in enumerate(comments)}
    first_of = {j: p for p, j in sorted(where.items(), reverse=True)}
    titles = {g["p"] for g in gold if g["role"] == "title"}

    def gold_source(p: Any) -> str:
        return "title" if p in titles else f"p{p} {_short(texts[p])}" if isinstance(p, int) else str(p)

    def our_source(source: str | None) -> str:
        if source in index_of:
            return f"comment {index_of[source]} (p{first_of.get(index_of[source])})"
        return str(source)

    def right(source: str | None, want: Any) -> bool:
        return source == "title" if want in titles else source in index_of and index_of[source] == where.get(want)

    claims = _claims(scored, where, comments, texts, key)
    lines = []
    for g in scored:
        if not isinstance(g["quote_of"], int) or g.get("quote_optional"):
            continue
        mine = [q for c, q in claims if c is g]
        if not any(right(q.get("source"), g["quote_of"]) for q in mine):
            got = ", ".join(our_source(q.get("source")) for q in mine) or "no quote placed here"
            lines += [f"MISS p{g['p']}: {_short(g.get('quote_span') or texts[g['p']])}",
                      f"    gold: {gold_source(g['quote_of'])}", f"    ours: {got}"]
    for g, q in claims:
        if q.get("source") in ("article", None) or right(q.get("source"), g["quote_of"]):
            continue
        lines += [f"FALSE p{g['p']}: {_short(q.get('text', ''))}",
                  f"    gold: {gold_source(g['quote_of'])}", f"    ours: {our_source(q.get('source'))} {q.get('how')}"]
    return lines


def _claims(scored: list[dict[str, Any]], where: dict[int, int], comments: list[dict[str, Any]],
            texts: list[str], key: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each quote threadnote claims, placed in a gold paragraph of its comment as score.py places it."""
    in_comment: dict[int, list[dict[str, Any]]] = {}
    for g in scored:
        if g["p"] in where:
            in_comment.setdefault(where[g["p"]], []).append(g)
    placed = []
    for j, held in in_comment.items():
        for q in comments[j].get("quotes", []):
            probe = key(q.get("text", ""))[:60]
            holders = [g for g in held if probe and probe in key(texts[g["p"]])]
            if holders:
                quoting = [g for g in holders if g["quote_of"] is not None]
                placed.append(((quoting or holders)[0], q))
    return placed


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= WIDTH else flat[: WIDTH - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only threads whose name holds one of these")
    args = parser.parse_args()
    if corpus_missing("quote_misses"):
        return 0
    sys.path.insert(0, str(CORPUS))
    for run in corpus_runs():
        if args.names and not any(n in run.name for n in args.names):
            continue
        lines = report(run)
        if lines:
            print(f"== {run.name} ({run.shape})", *lines, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
