"""Measure the parents inferred for scrapes against the corpus's gold labels (../shared/corpus).

The gold files do not record parents, but they record what shows one: the paragraphs a message
quotes (`quote_of`), the names it writes with `@` (`mentions`), and every paragraph's author and
message. An inferred parent is *supported* when the gold message quotes a paragraph of the parent
message or @-names the parent's author, and *wrong* otherwise. A gold message that quotes exactly
one earlier message, or @-names exactly one earlier author, is an *evident* reply: recall counts
those. Run `python tests/reply_eval.py` for the figures per thread (thread-chrome.txt of each).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.model import Comment
from threadnote.notes.merge import merge_thread

CORPUS = ROOT.parent.parent / "shared" / "corpus"
"""The shared corpus, by path from the worktree (/work/wt/<name>) or the main checkout."""
START = 40
"""Characters of a paragraph's start that match it with its gold label."""


def corpus_folder() -> Path | None:
    for candidate in (CORPUS, ROOT.parent / "shared" / "corpus"):
        if candidate.is_dir():
            return candidate
    return None


@dataclass(slots=True)
class Score:
    inferred: int = 0
    supported: int = 0
    evident: int = 0
    evident_found: int = 0

    @property
    def precision(self) -> float:
        return self.supported / self.inferred if self.inferred else 1.0

    @property
    def recall(self) -> float:
        return self.evident_found / self.evident if self.evident else 1.0


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", unicodedata.normalize("NFKC", text).lower())[:START]


def score_thread(folder: Path) -> Score:
    """The inferred parents of the folder's thread-chrome.txt against its gold-chrome.json."""
    gold = json.loads((folder / "gold-chrome.json").read_text(encoding="utf-8"))["paragraphs"]
    labels = [p for p in gold if p["role"] == "comment"]
    by_index = {p["p"]: p for p in gold}
    authors = {p["comment"]: p["author"] for p in labels}
    text = (folder / "thread-chrome.txt").read_text(encoding="utf-8")
    detected, _ = parse_thread(text, "thread-chrome.txt", folder.name, QuoteSettings())
    annotated, _ = merge_thread(detected, [])
    comments = annotated.thread.comments
    message = _messages(comments, labels)
    quoted, named = _gold_signs(labels, by_index, authors)
    score = Score()
    for comment in comments:
        gc = message[comment.id]
        if gc is None:
            continue
        evident = _evident(gc, quoted, named, authors)
        score.evident += evident is not None
        if comment.parent is None:
            continue
        gp = message[comment.parent]
        score.inferred += 1
        supported = gp is not None and (gp in quoted.get(gc, set()) or authors.get(gp) in named.get(gc, set()))
        score.supported += supported
        score.evident_found += evident is not None and supported
    return score


def _messages(comments: Sequence[Comment], labels: list[dict[str, object]]) -> dict[str, int | None]:
    """Each comment's gold message: that of its first paragraph, found in order, as a quote
    repeats the words of a paragraph written before it."""
    keys = [_key(str(p["start"])) for p in labels]
    found: dict[str, int | None] = {}
    at = 0
    for comment in comments:
        found[comment.id] = None
        for paragraph in comment.paragraphs:
            key = _key(paragraph.text)
            where = next((k for k in range(at, len(keys)) if keys[k] == key), None)
            if where is not None:
                at = where + 1
                if found[comment.id] is None:
                    found[comment.id] = int(str(labels[where]["comment"]))
    return found


def _gold_signs(labels: list[dict[str, object]], by_index: dict[int, dict[str, object]], authors: dict[object, object]) -> tuple[dict[int, set[int]], dict[int, set[str]]]:
    """Per gold message: the earlier messages it quotes, and the names it writes with @."""
    quoted: dict[int, set[int]] = {}
    named: dict[int, set[str]] = {}
    for label in labels:
        message = int(str(label["comment"]))
        source = by_index.get(int(str(label["quote_of"]))) if label["quote_of"] is not None else None
        if source is not None and source["comment"] is not None and source["comment"] != message:
            quoted.setdefault(message, set()).add(int(str(source["comment"])))
        names = label["mentions"]
        assert isinstance(names, list)
        named.setdefault(message, set()).update(str(n) for n in names)
    return quoted, named


def _evident(message: int, quoted: dict[int, set[int]], named: dict[int, set[str]], authors: dict[object, object]) -> int | None:
    earlier_authors = {authors[m] for m in authors if isinstance(m, int) and m < message}
    sources = {m for m in quoted.get(message, set()) if m < message}
    names = {n for n in named.get(message, set()) if n in earlier_authors}
    if len(sources) == 1:
        return next(iter(sources))
    return 0 if not sources and len(names) == 1 else None


def main() -> int:
    folder = corpus_folder()
    if folder is None:
        print("no corpus at ../shared/corpus", file=sys.stderr)
        return 1
    total = Score()
    for thread in sorted(p for p in folder.iterdir() if (p / "gold-chrome.json").is_file()):
        score = score_thread(thread)
        for name in ("inferred", "supported", "evident", "evident_found"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        print(f"{thread.name:28} inferred {score.inferred:3}  supported {score.supported:3}  "
              f"precision {score.precision:.2f}  evident {score.evident:3}  recall {score.recall:.2f}")
    print(f"{'all':28} inferred {total.inferred:3}  supported {total.supported:3}  "
          f"precision {total.precision:.2f}  evident {total.evident:3}  recall {total.recall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
