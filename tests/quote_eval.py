"""Compare detected quote links and mentions with the expected ones of the fixture threads.

Each folder under tests/threads/ holds `thread.txt` and `expected.yaml`. The thread runs through
the real pipeline (threads.parse_thread, then merge.merge_thread with no notes). Expected links
name comments by their words, so the files stay readable and survive changes of ids:

    comments: 7                      # how many comments grouping should find (optional)
    quotes:
      - quote: words inside the quote, as the quoting comment has them
        source: words of the source comment   # or `title`, `article`, null (source unknown)
    mentions:
      - in: words of the mentioning comment
        name: Ricky
        target: words of the target comment   # or null
    authors:                         # optional: authors known or inferred
      - comment: words of the comment
        author: Ricky
        source: inferred             # `chrome`, `signature`, `inferred`, ...

A source's words name the earliest comment holding them (re-quoters hold them too). Run as a
script it prints precision and recall per fixture: `python tests/quote_eval.py`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from threadnote.config import QuoteSettings
from threadnote.detect.mentions import resolve_mentions
from threadnote.detect.threads import parse_thread
from threadnote.model import AnnotatedThread, Span
from threadnote.notes.merge import merge_thread

THREADS = Path(__file__).resolve().parent / "threads"
EDGE_PUNCTUATION = ".,!?;:…\"“”' "
"""A quote's span runs from its first to its last word: punctuation at its edges is not part of it."""


@dataclass
class Outcome:
    """What matched, what was missed and what was found without being expected."""

    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.matched) + len(self.extra)
        return len(self.matched) / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.matched) + len(self.missing)
        return len(self.matched) / wanted if wanted else 1.0


def case_names() -> list[str]:
    return sorted(p.name for p in THREADS.iterdir() if (p / "expected.yaml").is_file())


def load_case(name: str) -> tuple[AnnotatedThread, dict]:
    folder = THREADS / name
    path = f"tests/threads/{name}/thread.txt"
    detected, _ = parse_thread((folder / "thread.txt").read_text(encoding="utf-8"), path, name, QuoteSettings())
    annotated, _ = merge_thread(detected, [])
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    return annotated, expected


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


def span_text(annotated: AnnotatedThread, span: Span) -> str:
    thread = annotated.thread
    text = thread.title if span.paragraph < 0 else thread.paragraphs[span.paragraph].text
    return text[span.start : span.end]


def comment_with(annotated: AnnotatedThread, words: str) -> str:
    """Id of the earliest comment holding these words; a fixture error when none does."""
    wanted = norm(words)
    for comment in annotated.thread.comments:
        if wanted in norm(" ".join(p.text for p in comment.paragraphs)):
            return comment.id
    raise LookupError(f"no comment holds {words!r}")


def source_of(annotated: AnnotatedThread, source: str | None) -> str | None:
    if source is None or source in ("title", "article"):
        return source
    return comment_with(annotated, source)


def label(annotated: AnnotatedThread, comment: str | None) -> str:
    numbers = {c.id: f"#{c.number}" for c in annotated.thread.comments}
    return numbers.get(comment, str(comment)) if comment else "null"


def compare_quotes(annotated: AnnotatedThread, expected: list[dict]) -> Outcome:
    outcome = Outcome()
    unused = list(annotated.quotes)
    for want in expected:
        source = source_of(annotated, want["source"])
        words = norm(want["quote"]).strip(EDGE_PUNCTUATION)
        hit = next((l for l in unused if l.source == source and words in norm(span_text(annotated, l.span))), None)
        line = f"{want['quote'][:50]!r} -> {label(annotated, source)}"
        if hit is None:
            outcome.missing.append(line)
            continue
        unused.remove(hit)
        outcome.matched.append(f"{label(annotated, hit.comment)}: {line}")
    for link in unused:
        outcome.extra.append(f"{label(annotated, link.comment)}: {span_text(annotated, link.span)[:50]!r} -> {label(annotated, link.source)}")
    return outcome


def compare_mentions(annotated: AnnotatedThread, expected: list[dict]) -> Outcome:
    outcome = Outcome()
    unused = list(annotated.mentions)
    by_id = {c.id: c for c in annotated.thread.comments}
    for want in expected:
        target = source_of(annotated, want.get("target"))
        words = norm(want["in"])
        hit = next(
            (
                m
                for m in unused
                if m.name == want["name"]
                and m.target == target
                and words in norm(" ".join(p.text for p in by_id[m.comment].paragraphs))
            ),
            None,
        )
        line = f"@{want['name']} in {want['in'][:30]!r} -> {label(annotated, target)}"
        if hit is None:
            outcome.missing.append(line)
            continue
        unused.remove(hit)
        outcome.matched.append(line)
    for mention in unused:
        outcome.extra.append(f"@{mention.name} in {label(annotated, mention.comment)} -> {label(annotated, mention.target)}")
    return outcome


def compare_authors(annotated: AnnotatedThread, expected: list[dict]) -> Outcome:
    """Known authors as merged, plus those mentions.resolve_mentions infers (author_source `inferred`)."""
    inferred = resolve_mentions(annotated.thread.comments, annotated.quotes).inferred
    by_id = {c.id: c for c in annotated.thread.comments}
    outcome = Outcome()
    for want in expected:
        comment = by_id[comment_with(annotated, want["comment"])]
        if comment.author:
            got = (comment.author, comment.author_source)
        else:
            got = (inferred.get(comment.id), "inferred" if comment.id in inferred else "")
        line = f"{want['comment'][:30]!r}: {want['author']} ({want.get('source', '')})"
        if got == (want["author"], want.get("source", got[1])):
            outcome.matched.append(line)
        else:
            outcome.missing.append(f"{line}, found {got[0]} ({got[1]})")
    return outcome


def main() -> int:
    rows = [
        ("fixture", "quotes exp", "found", "hit", "precision", "recall", "mentions exp", "found", "hit", "precision", "recall", "authors")
    ]
    totals = [Outcome(), Outcome(), Outcome()]
    for name in case_names():
        annotated, expected = load_case(name)
        quotes = compare_quotes(annotated, expected.get("quotes") or [])
        mentions = compare_mentions(annotated, expected.get("mentions") or [])
        authors = compare_authors(annotated, expected.get("authors") or [])
        row: list[str] = [name]
        for outcome, total in zip((quotes, mentions), totals):
            total.matched += outcome.matched
            total.missing += outcome.missing
            total.extra += outcome.extra
            row += _cells(outcome)
        row.append(f"{len(authors.matched)}/{len(authors.matched) + len(authors.missing)}")
        totals[2].matched += authors.matched
        totals[2].missing += authors.missing
        rows.append(tuple(row))
        for kind, outcome in (("quote", quotes), ("mention", mentions), ("author", authors)):
            for line in outcome.missing:
                print(f"{name}: missed {kind} {line}")
            for line in outcome.extra:
                print(f"{name}: unexpected {kind} {line}")
    authors_total = f"{len(totals[2].matched)}/{len(totals[2].matched) + len(totals[2].missing)}"
    rows.append(("ALL", *_cells(totals[0]), *_cells(totals[1]), authors_total))
    widths = [max(len(str(r[k])) for r in rows) for k in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
    return 0


def _cells(outcome: Outcome) -> list[str]:
    wanted = len(outcome.matched) + len(outcome.missing)
    found = len(outcome.matched) + len(outcome.extra)
    return [str(wanted), str(found), str(len(outcome.matched)), f"{outcome.precision:.2f}", f"{outcome.recall:.2f}"]


if __name__ == "__main__":
    raise SystemExit(main())
