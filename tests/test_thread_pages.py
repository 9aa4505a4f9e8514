"""A thread's pages link to its neighbours in date order, whether its task knew them or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeSite

from threadnote.build.cache import BuildCache
from threadnote.build.pipeline import build
from threadnote.render.thread_pages import NEIGHBOURS_MARK, place_neighbours

MARK = NEIGHBOURS_MARK.encode()


def test_the_links_take_the_last_mark_and_a_page_without_one_stays_as_it_is() -> None:
    page = b"<p>" + MARK + b"</p>\n" + MARK + b"\n</main>"
    assert place_neighbours(page, "<nav>é</nav>") == b"<p>" + MARK + b"</p>\n<nav>\xc3\xa9</nav>\n</main>"
    assert place_neighbours(b"<main></main>", "<nav></nav>") == b"<main></main>"


def dated(day: int, title: str) -> str:
    return f"---\npublished: '2020-03-{day:02d}'\n---\n{title}\n\n\nA comment on {title.lower()}.\n"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "pool"])
def test_a_thread_added_or_moved_links_its_neighbours_as_a_clean_build_does(make_site: MakeSite, tmp_path: Path, jobs: int) -> None:
    site = make_site({f"content/t{day}/thread.txt": dated(day, f"Thread {day}") for day in (1, 3, 5)})
    out = tmp_path / "out"
    assert build(site, out, jobs=jobs, cache=BuildCache(tmp_path / "cache", session=False)).ok
    page = (out / "t3" / "index.html").read_text(encoding="utf-8")
    assert "Previous thread</span> Thread 1</a>" in page and "Next thread</span> Thread 5</a>" in page
    assert NEIGHBOURS_MARK not in page
    # a thread new between two others, then one whose date moves it: its old and new neighbours change
    for day, slug in ((4, "t4"), (2, "t5")):
        (site / "content" / slug).mkdir(exist_ok=True)
        (site / "content" / slug / "thread.txt").write_text(dated(day, f"Thread {day}"), encoding="utf-8")
        assert build(site, out, jobs=jobs, cache=BuildCache(tmp_path / "cache", session=False)).ok
        clean = tmp_path / f"clean-{day}"
        assert build(site, clean, jobs=jobs).ok
        assert files(out) == files(clean)
    assert "Next thread</span> Thread 2</a>" in (out / "t1" / "index.html").read_text(encoding="utf-8")
    # a cache lost: every task makes its pages unplaced again, and finds them the same as those in place
    again = build(site, out, jobs=jobs, cache=BuildCache(tmp_path / "lost-cache", session=False))
    assert again.ok and (again.written, files(out)) == (0, files(clean))
