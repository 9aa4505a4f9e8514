"""Browsing an archive in a real browser: page through the front page, open a year, follow a
thread's "next thread" link, with JavaScript off; every archive page passes axe and vnu."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from archive_site import make_archive

from threadnote.build import search_index
from threadnote.build.pipeline import build

from .kit import Sites, Tab, open_tab
from .test_quality import SCHEMES, axe_violations

pytestmark = pytest.mark.browser

GEN_ARCHIVE = Path(__file__).resolve().parents[3] / "shared" / "bench" / "gen_archive.py"
PER_PAGE = 10
PART_COMMENTS = 20
"""Comments per part of the search index: 64 comments make four parts."""
ARCHIVE_PAGES = [
    pytest.param("index.html", id="front"),
    pytest.param("page-2.html", id="front-page-2"),
    pytest.param("archive/2015/index.html", id="year"),
    pytest.param("archive/2015/02/index.html", id="month"),
    pytest.param("sections/city/index.html", id="section"),
    pytest.param("archive/undated/index.html", id="undated"),
    pytest.param("t3/index.html", id="thread-with-neighbours"),
]


@pytest.fixture(scope="module")
def archive(sites: Sites, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated archive of 30 dated threads and 2 undated ones, 10 threads a page, served as `archive/`."""
    if not GEN_ARCHIVE.is_file():
        pytest.skip(f"{GEN_ARCHIVE} is absent (the shared bench folder)")
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(GEN_ARCHIVE), "30", "2", str(generated)], check=True, capture_output=True)
    site = tmp_path_factory.mktemp("archive-site")
    make_archive(generated, site, days_apart=9, undated=2, search=True)
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(f"threads_per_page: {PER_PAGE}\n")
    out = sites.root / "archive"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "PART_COMMENTS", PART_COMMENTS)  # so that this small index comes in parts
        result = build(site, out)
    assert result.ok, [str(d) for d in result.diagnostics]
    return out


def heading(tab: Tab) -> str:
    return str(tab.page.locator("h1").inner_text())


@pytest.mark.parametrize("javascript", [pytest.param(True, id="js"), pytest.param(False, id="no-js")])
def test_page_through_the_front_page_open_a_year_and_follow_next_thread(
    browser: Any, base_url: str, archive: Path, javascript: bool
) -> None:
    tab = open_tab(browser, viewport={"width": 1366, "height": 900}, java_script_enabled=javascript)
    page = tab.page
    page.goto(f"{base_url}/archive/index.html")
    assert heading(tab) == "Newest threads"
    assert page.locator("li.thread-card").count() == PER_PAGE
    page.locator("nav.pages-top a[rel=next]").click()
    assert heading(tab) == "Threads 11–20 of 32, newest first"
    assert page.title().startswith("Threads 11–20 of 32")
    page.locator("nav.browse a", has_text="2015").click()
    assert heading(tab) == "Threads of 2015"
    first = page.locator("ul.archive-list a").last  # the oldest thread of the year
    title = first.inner_text()
    first.click()
    assert heading(tab) == title
    following = page.locator("nav.neighbours .neighbour-next a")
    expected = following.inner_text().removeprefix("Next thread").strip()
    following.click()
    assert heading(tab) == expected
    back = page.locator("nav.neighbours .neighbour-previous a")
    assert back.inner_text().removeprefix("Previous thread").strip() == title
    assert tab.errors == []
    page.context.close()


def test_search_finds_a_comment_in_the_last_part_of_the_index_and_links_to_it(tab: Tab, base_url: str, archive: Path) -> None:
    parts = json.loads((archive / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert len(parts) >= 3 and parts == [f"part-{n}/" for n in range(2, len(parts) + 2)]  # the index came in parts
    page = tab.page
    page.goto(f"{base_url}/archive/search/index.html?q=quokkas")
    results = page.locator("#search-results a")
    results.first.wait_for()
    assert sorted(results.evaluate_all("links => links.map(a => new URL(a.href).pathname)")) == [
        "/archive/u1/index.html", "/archive/u2/index.html",
    ]
    results.first.click()
    page.wait_for_url("**/u*/index.html#c-*")
    target = page.evaluate("location.hash")
    assert page.locator(target).inner_text().count("Quokkas never say what day it is.") == 1
    assert tab.errors == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", ARCHIVE_PAGES)
def test_archive_pages_pass_axe(browser: Any, base_url: str, archive: Path, axe_source: Path, path: str, scheme: str) -> None:
    tab = open_tab(browser, viewport={"width": 1366, "height": 900}, color_scheme=scheme)
    tab.page.goto(f"{base_url}/archive/{path}")
    assert axe_violations(tab.page, axe_source) == []
    assert tab.errors == []
    tab.page.context.close()


def test_archive_pages_are_valid_html(archive: Path, vnu_command: list[str]) -> None:
    listed = [archive / "index.html", archive / "page-2.html", *sorted((archive / "archive").rglob("*.html"))]
    listed += [*sorted((archive / "sections").rglob("*.html")), archive / "notes" / "index.html", archive / "t3" / "index.html"]
    done = subprocess.run([*vnu_command, *map(str, listed)], capture_output=True, text=True, timeout=600, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
