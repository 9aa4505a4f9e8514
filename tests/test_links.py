"""Every internal link and fragment in the built output resolves: the example site and a 1,000-comment thread."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from linkcheck import check_site

from threadnote.build.pipeline import build

REPO = Path(__file__).resolve().parent.parent
GEN_THREAD = REPO / "bench" / "gen_thread.py"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_checker_reports_every_planted_problem(tmp_path: Path) -> None:
    site = write(tmp_path, {
        "index.html": (
            '<a href="t/index.html#c-1">ok</a>\n'
            '<a href="t/">dir</a> <a href="https://example.org/x#y">external</a> <a href="#">top</a>\n'
            '<a href="missing.html">gone</a>\n'
            '<a href="t/index.html#c-9">no anchor</a>\n'
            '<a id="a" href="#nowhere">same page</a><span id="a"></span>\n'
            '<img src="../outside.png" alt="">\n'
        ),
        "t/index.html": '<article id="c-1"><a href="../index.html#a">back</a> <a href="page-2.html#c%2D2">encoded</a></article>',
        "t/page-2.html": '<p id="c-2">two</p>',
    })
    report = check_site(site)
    assert report.problems == [
        "index.html: duplicate id 'a' (2 times)",
        "index.html:3:1: link 'missing.html' points to a missing file",
        "index.html:4:1: link 't/index.html#c-9': no id 'c-9' in t/index.html",
        "index.html:5:1: link '#nowhere': no id 'nowhere' in index.html",
        "index.html:6:1: link '../outside.png' points to a missing file",
    ]
    assert (report.pages, report.links, report.fragments) == (3, 9, 6)


def test_the_example_site_has_no_broken_links(tmp_path: Path) -> None:
    result = build(REPO, tmp_path / "out")
    assert result.ok
    report = check_site(tmp_path / "out")
    assert report.problems == []
    assert report.pages >= 3
    assert report.fragments > 300


def generated_site(tmp_path: Path, comments: int, page_size: int) -> Path:
    gen = tmp_path / "gen"
    subprocess.run([sys.executable, str(GEN_THREAD), str(comments), str(gen)], check=True, capture_output=True)
    site = write(tmp_path / "site", {"site.yaml": f"title: Generated\nbase_url: https://archive.example.org/\npage_size: {page_size}\n"})
    (site / "content" / "gen").mkdir(parents=True)
    shutil.copy(gen / "thread.txt", site / "content" / "gen" / "thread.txt")
    return site


def test_a_thousand_comment_thread_has_no_broken_links(tmp_path: Path) -> None:
    result = build(generated_site(tmp_path, 1000, 200), tmp_path / "out")
    assert result.ok
    pages = sorted(p.name for p in (tmp_path / "out" / "gen").glob("*.html"))
    assert pages == ["index.html", "page-2.html", "page-3.html", "page-4.html", "page-5.html"]
    report = check_site(tmp_path / "out")
    assert report.problems == []
    # Quotes, "quoted by" links and mentions cross pages: some links must go to another page.
    page_3 = (tmp_path / "out" / "gen" / "page-3.html").read_text(encoding="utf-8")
    assert 'href="index.html#' in page_3 or 'href="page-2.html#' in page_3
