"""Browsing an archive: dates, listings by date and section, neighbours, the paged notes index,
and a generated site of 300 dated threads (front page size, three clicks, year pages)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path, PurePosixPath
from posixpath import dirname, normpath

import pytest
from archive_site import SECTIONS, make_archive
from linkcheck import check_site

from threadnote.build.pipeline import build
from threadnote.cli.main import main
from threadnote.config import parse_config
from threadnote.dates import earliest_time, thread_times, year_month
from threadnote.model import ThreadSummary
from threadnote.render.archive import Link, listings, notes_pages, section_slug, thread_neighbours

UNDATED = [f"u{i}" for i in range(1, 6)]
GEN_ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "bench" / "gen_archive.py"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-03-04", (2019, 3)),
        ("2019-03", (2019, 3)),
        ("2019-03-04T12:30:00Z", (2019, 3)),
        (" 2019-12-31 23:59", (2019, 12)),
        ("2019-13-01", None),
        ("March 2019", None),
        ("3 hours ago", None),
        ("20190304", None),
        ("", None),
        (None, None),
    ],
    ids=["date", "month", "date-time", "space", "month-13", "words", "relative", "compact", "empty", "none"],
)
def test_year_month_reads_iso_dates_only(written: str | None, expected: tuple[int, int] | None) -> None:
    assert year_month(written) == expected


def test_the_earliest_comment_date_dates_a_thread() -> None:
    times = ["3 hours ago", "2 May 2020 at 10:00", None, "2020-05-01T09:00:00Z", "2020-05-01T12:00:00Z"]
    assert earliest_time(thread_times(times)) == "2020-05-01T09:00:00Z"
    assert earliest_time(thread_times(["yesterday", None])) is None


def summary(slug: str, published: str | None = None, section: str | None = None) -> ThreadSummary:
    return ThreadSummary(slug, f"Thread {slug}", None, None, None, published, section, 3, 0, 0, (), slug)


SUMMARIES = [
    summary("a", "2019-03-04", "Politics"),
    summary("b", "2019-03-20"),
    summary("c", "2019-11-02", "politics"),
    summary("d", "2021-01-09T08:00:00Z", "City"),
    summary("e"),
    summary("f", "sometime in 2020"),
]


def by_path(found: list) -> dict[str, object]:  # type: ignore[type-arg]
    return {str(listing.path): listing for listing in found}


def slugs(listing) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.slug for _, entries in listing.groups for s in entries]


def test_listings_file_threads_by_year_month_section_and_undated() -> None:
    pages = by_path(listings(SUMMARIES, per_page=2))
    assert sorted(pages) == [
        "archive/2019/03/index.html", "archive/2019/11/index.html", "archive/2019/index.html",
        "archive/2021/01/index.html", "archive/2021/index.html", "archive/undated/index.html",
        "index.html", "page-2.html", "page-3.html", "sections/city/index.html", "sections/politics/index.html",
    ]
    assert [slugs(pages[p]) for p in ("index.html", "page-2.html", "page-3.html")] == [["d", "c"], ["b", "a"], ["e", "f"]]
    year = pages["archive/2019/index.html"]
    assert year.heading == "Threads of 2019"  # type: ignore[attr-defined]
    assert [(heading.label, [s.slug for s in entries]) for heading, entries in year.groups] == [  # type: ignore[attr-defined]
        ("November 2019", ["c"]), ("March 2019", ["b", "a"]),
    ]
    assert pages["archive/2019/03/index.html"].heading == "Threads of March 2019"  # type: ignore[attr-defined]
    # "Politics" and "politics" are one section, named as its newest thread names it
    politics = pages["sections/politics/index.html"]
    assert (politics.heading, slugs(politics)) == ("Section: politics", ["c", "a"])  # type: ignore[attr-defined]
    assert slugs(pages["archive/undated/index.html"]) == ["e", "f"]
    browse = pages["index.html"].browse  # type: ignore[attr-defined]
    assert browse.years == (Link("2021", "archive/2021/index.html", 1), Link("2019", "archive/2019/index.html", 3))
    assert [s.label for s in browse.sections] == ["City", "politics"]
    assert browse.undated == Link("Without a date", "archive/undated/index.html", 2)


def test_a_paged_listing_links_every_page_from_each_page_and_names_it() -> None:
    many = [summary(f"t{i:02d}", section="Long") for i in range(7)]
    pages = [p for p in listings(many, per_page=3) if str(p.path).startswith("sections/")]
    assert [str(p.path) for p in pages] == ["sections/long/index.html", "sections/long/page-2.html", "sections/long/page-3.html"]
    assert [p.heading for p in pages] == ["Section: Long, page 1 of 3", "Section: Long, page 2 of 3", "Section: Long, page 3 of 3"]
    assert all([link.href for link in p.pages] == [str(q.path) for q in pages] for p in pages)
    front = [p for p in listings(many, per_page=3) if p.front]
    assert [p.heading for p in front] == ["Newest threads", "Threads 4–6 of 7, newest first", "Threads 7–7 of 7, newest first"]


def test_neighbours_follow_date_order_and_undated_threads_follow_each_other() -> None:
    found = thread_neighbours(SUMMARIES)
    chain = ["a", "b", "c", "d"]
    for older, newer in pairwise(chain):
        assert found[older].next == Link(f"Thread {newer}", f"{newer}/index.html")
        assert found[newer].previous == Link(f"Thread {older}", f"{older}/index.html")
    assert (found["a"].previous, found["d"].next) == (None, None)
    assert (found["e"].previous, found["e"].next, found["f"].next) == (None, Link("Thread f", "f/index.html"), None)


def test_section_slugs_are_url_safe() -> None:
    assert [section_slug(n) for n in ("World News", " Café & Bar ", "!!!")] == ["world-news", "café-bar", "untitled"]


def test_the_notes_index_is_paged_with_links_to_where_each_group_starts() -> None:
    by_type = [("context", ("c1", "c2", "c3")), ("note", ("n1",))]
    by_tag = [("x", ("c1", "n1"))]
    pages = notes_pages(by_type, by_tag, per_page=2)
    assert [str(p.path) for p in pages] == ["notes/index.html", "notes/page-2.html", "notes/page-3.html"]
    assert [(p.by_type, p.by_tag) for p in pages] == [
        ((("context", ("c1", "c2")),), ()),
        ((("context", ("c3",)), ("note", ("n1",))), ()),
        ((), (("x", ("c1", "n1")),)),
    ]
    assert pages[0].types == (Link("context", "index.html#type-context", 3), Link("note", "page-2.html#type-note", 1))
    assert pages[0].tags == (Link("x", "page-3.html#tag-x", 2),)


def test_threads_per_page_is_bounded_so_the_front_page_stays_small() -> None:
    config, problems = parse_config("title: T\nthreads_per_page: 500\n", "site.yaml")
    assert config is not None and config.threads_per_page == 100
    assert [str(p) for p in problems] == ["site.yaml:2:19: error: threads_per_page must be at most 100, not 500"]


def test_published_and_section_come_from_front_matter_thread_yaml_or_the_earliest_comment(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({
        "content/front/thread.txt": "---\npublished: '2020-02-03'\nsection: World\n---\nA headline\n\n\nFirst comment here.\n",
        "content/yaml/thread.yaml": (
            "title: Structured\nsection: City\ncomments:\n"
            "  - {author: a, time: '2021-06-02T10:00:00Z', text: Later comment.}\n"
            "  - {author: b, time: '2021-06-01T09:00:00Z', text: Earlier comment.}\n"
        ),
    })
    out = tmp_path / "out"
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    exported = {slug: json.loads((out / slug / "thread.json").read_text(encoding="utf-8")) for slug in ("front", "yaml")}
    assert [(e["published"], e["section"]) for e in exported.values()] == [("2020-02-03", "World"), ("2021-06-01T09:00:00Z", "City")]
    front = (out / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2020-02-03">2020-02-03</time> · <a href="sections/world/index.html">World</a>' in front
    assert (out / "archive/2021/06/index.html").is_file() and (out / "sections/city/index.html").is_file()
    thread_page = (out / "yaml" / "index.html").read_text(encoding="utf-8")
    assert 'href="../front/index.html"><span class="neighbour-label">Previous thread</span> A headline</a>' in thread_page


class _Page(HTMLParser):
    """A page's <title>, <h1> and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: dict[str, str] = {"title": "", "h1": ""}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and "://" not in href:
            self.links.append(href.split("#")[0])
        self._in = tag if tag in self.texts else self._in

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag == self._in else self._in

    def handle_data(self, data: str) -> None:
        if self._in:
            self.texts[self._in] += data


def read_page(out: Path, path: str) -> _Page:
    page = _Page()
    page.feed((out / path).read_text(encoding="utf-8"))
    return page


def clicks_from_front_page(out: Path) -> dict[str, int]:
    """Every page reachable from index.html with the fewest clicks it takes."""
    depth = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        path = queue.popleft()
        for href in read_page(out, path).links:
            target = normpath(f"{dirname(path)}/{href}".lstrip("/"))
            if target.endswith(".html") and target not in depth and (out / target).is_file():
                depth[target] = depth[path] + 1
                queue.append(target)
    return depth


@pytest.fixture(scope="module")
def generated_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    if not GEN_ARCHIVE.is_file():
        pytest.skip(f"{GEN_ARCHIVE} is absent (the shared bench folder)")
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(GEN_ARCHIVE), "300", "2", str(generated)], check=True, capture_output=True)
    site = tmp_path_factory.mktemp("archive")
    # 300 threads 4.5 days apart: about four years; and 5 undated ones
    slugs = make_archive(generated, site, days_apart=4.5, undated=5)
    out = tmp_path_factory.mktemp("out") / "out"
    result = build(site, out)
    assert result.ok, [str(d) for d in result.diagnostics]
    return out, slugs


def test_a_300_thread_archive_is_browsable_in_three_clicks(generated_archive: tuple[Path, list[str]]) -> None:
    out, slugs = generated_archive
    front = read_page(out, "index.html")
    assert len([h for h in front.links if re.fullmatch(r"t\d+/index\.html", h)]) <= 100
    depth = clicks_from_front_page(out)
    too_far = [s for s in [*slugs, *UNDATED] if depth.get(f"{s}/index.html", 99) > 3]
    assert too_far == []
    assert check_site(out).problems == []


def test_each_year_has_a_page_that_names_it_and_lists_every_thread_of_that_year(generated_archive: tuple[Path, list[str]]) -> None:
    out, slugs = generated_archive
    by_year: dict[str, set[str]] = {}
    for slug in slugs:
        published = json.loads((out / slug / "thread.json").read_text(encoding="utf-8"))["published"]
        if published:
            by_year.setdefault(published[:4], set()).add(slug)
    assert sorted(by_year) == ["2015", "2016", "2017", "2018"]
    for year, expected in by_year.items():
        page = read_page(out, f"archive/{year}/index.html")
        assert page.texts["h1"] == f"Threads of {year}" and page.texts["title"].startswith(f"Threads of {year}")
        assert {PurePosixPath(h).parts[-2] for h in page.links if re.fullmatch(r"\.\./\.\./t\d+/index\.html", h)} == expected
    undated = read_page(out, "archive/undated/index.html")
    assert {PurePosixPath(h).parts[-2] for h in undated.links if re.fullmatch(r"\.\./\.\./u\d+/index\.html", h)} == set(UNDATED)


def test_thread_pages_chain_to_their_neighbours_in_date_order(generated_archive: tuple[Path, list[str]]) -> None:
    out, slugs = generated_archive
    for older, newer in pairwise(slugs[:21]):  # each thread is dated after the one before
        nav = read_page(out, f"{newer}/index.html").links
        assert f"../{older}/index.html" in nav
        assert f"../{newer}/index.html" in read_page(out, f"{older}/index.html").links
    sections = {section_slug(s) for s in SECTIONS if s}
    assert {p.name for p in (out / "sections").iterdir()} == sections
