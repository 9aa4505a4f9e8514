"""A big thread's quotes found in two ranges, the later one scanned in another process: the same
quotes as one scan finds, and the same site, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from threadnote.build import tasks
from threadnote.build.pipeline import build
from threadnote.config import QuoteSettings
from threadnote.detect import threads
from threadnote.detect.quotes import LaterRange, ParagraphQuote, find_quotes, scan_range
from threadnote.model import Paragraph
from threadnote.readers.scrape import parse_scrape

REPO = Path(__file__).resolve().parent.parent
THREADS = Path(__file__).resolve().parent / "threads"
EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
GEN_THREAD = REPO / "bench" / "gen_thread.py"
SETTINGS = QuoteSettings()
ORIGINAL = "The council never asked the people who ride the buses every single day, which is the whole problem here."


def para(text: str, kind: str = "text") -> Paragraph:
    return Paragraph(text=text, line=1, kind=kind, depth=1 if kind == "quote" else 0)


def split_quotes(paragraphs: list[Paragraph], title: str, start: int, tight: frozenset[int] = frozenset()) -> list[ParagraphQuote]:
    later = LaterRange(start, lambda: scan_range(paragraphs, title, SETTINGS, start))
    return find_quotes(paragraphs, title, SETTINGS, tight=tight, later=later)


def test_a_later_paragraph_links_to_the_earliest_writer_which_its_range_did_not_see() -> None:
    """The later range's scan sees the re-quote at its start as the writer: the merge must not keep that link."""
    paragraphs = [
        para(ORIGINAL),
        para("Unrelated words about the weather and the trains that run late on Sundays in winter."),
        para(f"{ORIGINAL} And nobody listened to them, as usual."),
        para(f"Exactly. {ORIGINAL}"),
    ]
    alone = find_quotes(paragraphs, "", SETTINGS)
    assert [(q.paragraph, q.source) for q in alone] == [(2, 0), (3, 0)]
    scanned = scan_range(paragraphs, "", SETTINGS, 2)
    assert scanned.visits[3][0] == [2]  # what the later range alone saw, and the merge must not reuse
    assert split_quotes(paragraphs, "", 2) == alone


def test_a_failed_scan_is_done_here() -> None:
    paragraphs = [para(ORIGINAL), para(f"Exactly. {ORIGINAL}")]
    later = LaterRange(1, lambda: None)
    assert find_quotes(paragraphs, "", SETTINGS, later=later) == find_quotes(paragraphs, "", SETTINGS)


@pytest.mark.parametrize("fixture", sorted(p.name for p in THREADS.iterdir() if (p / "thread.txt").is_file()))
def test_every_split_of_a_thread_finds_its_quotes(fixture: str) -> None:
    scrape, _ = parse_scrape((THREADS / fixture / "thread.txt").read_text(encoding="utf-8"), "thread.txt")
    paragraphs, title, tight = scrape.paragraphs, scrape.title or fixture, frozenset(scrape.tight)
    alone = find_quotes(paragraphs, title, SETTINGS, tight=tight)
    for start in range(len(paragraphs) + 1):
        assert split_quotes(paragraphs, title, start, tight) == alone, start


def at_once(work: Callable[[], Any]) -> Callable[[], Any]:
    """An aside that does its work at once, here."""
    done = work()
    return lambda: done


@pytest.mark.parametrize("name", sorted(p.name for p in EXPORTS.iterdir() if p.is_file()))
def test_an_export_split_is_detected_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    content = (EXPORTS / name).read_bytes()
    alone = threads.parse_thread(content, name, "x", SETTINGS)
    monkeypatch.setattr(threads, "SCAN_ASIDE_FROM", 2)
    assert threads.parse_thread(content, name, "x", SETTINGS, aside=at_once) == alone


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A site of one generated thread of 600 comments, quotes across its whole length."""
    gen = tmp_path / "gen"
    subprocess.run([sys.executable, str(GEN_THREAD), "600", str(gen)], check=True, capture_output=True)
    site = tmp_path / "site"
    (site / "content" / "gen").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Generated\nbase_url: https://archive.example.org/\npage_size: 100\nsearch: false\n", encoding="utf-8")
    (site / "content" / "gen" / "thread.txt").write_bytes((gen / "thread.txt").read_bytes())
    return site


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_thread_split_builds_the_same_site(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: None) -> None:
    assert build(generated, tmp_path / "serial" / "out").ok
    scanned: list[bool] = []  # whether each split's later range came back from its child
    ranged = threads._scanned_aside

    def watched(*args: Any) -> LaterRange | None:
        later = ranged(*args)
        if later is None:
            return None
        result = later.result
        return LaterRange(later.start, lambda: scanned.append(result() is not None) or result())

    monkeypatch.setattr(tasks, "BACKGROUND_FROM", 0)
    monkeypatch.setattr(threads, "SCAN_ASIDE_FROM", 2)
    monkeypatch.setattr(threads, "_scanned_aside", watched)
    assert build(generated, tmp_path / "split" / "out").ok
    assert scanned == [True]
    assert files(tmp_path / "split" / "out") == files(tmp_path / "serial" / "out")
