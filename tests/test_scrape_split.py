"""A big page's later blocks read in another process (`parse_scrape` given an aside): the same
scrape as one reading makes, wherever the cut falls, and when the aside fails."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from threadnote.readers import scrape
from threadnote.readers.scrape import Scrape, parse_scrape

REPO = Path(__file__).resolve().parent.parent
THREADS = Path(__file__).resolve().parent / "threads"
SHARES = (0.05, 0.3, 0.5, 0.7, 0.95)
ORIGINAL = "The council never asked the people who ride the buses every single day, which is the whole problem."


def at_once(work: Callable[[], Any]) -> Callable[[], Any]:
    """An aside that does its work at once, here."""
    done = work()
    return lambda: done


def failing(work: Callable[[], Any]) -> Callable[[], Any]:
    """An aside whose child gave no result."""
    return lambda: None


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A generated thread of 300 comments: a page of chrome with long paragraphs to cut after."""
    gen = tmp_path_factory.mktemp("gen")
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_thread.py"), "300", str(gen)], check=True, capture_output=True)
    return (gen / "thread.txt").read_text(encoding="utf-8")


def footed(comments: int) -> str:
    """A page whose comments end with a foot line, a dated one (an edit's) on every other comment,
    the date under the name read as ending the comment before: the text after a foot opens the next."""
    words = ORIGINAL.lower().rstrip(".").split(" ")
    names = ["alice_k", "bob77", "carol.b", "dan_m", "erin42", "frank_o", "gwen_p"]
    lines = ["Bus lanes: readers respond", "", ""]
    for k in range(comments):
        paragraph = " ".join(words[(k + j) % len(words)] for j in range(40)).capitalize() + "."
        if k % 3 != 2:
            lines += [f"{names[k % 7]}\n{1 + k % 28} March 2024 at {k % 24:02d}:00", ""]
        question = " ".join(words[(3 * k + j) % len(words)] for j in range(5 + k % 4)).capitalize() + "?"
        lines += [paragraph, "", question, "", paragraph, ""]
        lines += [f"Edited {1 + k % 28} March 2024 at {k % 24:02d}:30" if k % 2 else "Reply · Share · Report", "", ""]
    return "\n".join(lines)


def texts(generated: str) -> list[str]:
    return [generated, footed(60)] + [(p / "thread.txt").read_text(encoding="utf-8") for p in sorted(THREADS.iterdir()) if (p / "thread.txt").is_file()]


def read_split(text: str, share: float, aside: Callable[[Callable[[], Any]], Callable[[], Any]], monkeypatch: pytest.MonkeyPatch) -> tuple[Scrape, bool]:
    """The scrape read with the later `share` aside, and whether the later range was taken."""
    took: list[bool] = []
    original = scrape._took_later

    def watched(*args: Any) -> bool:
        took.append(original(*args))
        return took[-1]

    with monkeypatch.context() as patch:
        patch.setattr(scrape, "READ_ASIDE_FROM", 0)
        patch.setattr(scrape, "READ_ASIDE_SHARE", share)
        patch.setattr(scrape, "_took_later", watched)
        read, _ = parse_scrape(text, "thread.txt", aside)
    return read, took == [True]


@pytest.mark.parametrize("share", SHARES)
def test_a_page_read_in_two_ranges_is_read_the_same(generated: str, share: float, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = 0
    for text in texts(generated):
        alone, _ = parse_scrape(text, "thread.txt")
        split, took = read_split(text, share, at_once, monkeypatch)
        assert split == alone
        taken += took
    assert taken  # the generated page at least was cut


def test_a_failed_aside_is_read_here(generated: str, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, _ = parse_scrape(generated, "thread.txt")
    split, took = read_split(generated, 0.5, failing, monkeypatch)
    assert split == alone and not took


@pytest.mark.parametrize("page", ["generated", "footed"])
def test_every_cut_of_a_page_reads_it_the_same(page: str, generated: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each block start (after a long paragraph or not) in the first 8,000 characters as the cut."""
    text = generated if page == "generated" else footed(60)
    alone, _ = parse_scrape(text, "thread.txt")
    taken = 0
    for cut in [m.end() for m in scrape.BLOCK_AFTER_LINE.finditer(text, 0, 8000)]:
        monkeypatch.setattr(scrape, "_later_cut", lambda text, after, subject, cut=cut: cut)
        split, took = read_split(text, 0.5, at_once, monkeypatch)
        assert split == alone, cut
        taken += took
    assert taken
