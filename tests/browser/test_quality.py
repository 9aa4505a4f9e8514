"""Archive quality in a real browser: axe-core, the Nu HTML checker, console errors, screenshots."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .kit import SCREENSHOTS, Sites, open_tab

pytestmark = pytest.mark.browser

AXE_PAGES = [
    pytest.param("example/index.html", id="index"),
    pytest.param("example/china-japan/index.html", id="thread"),
    pytest.param("paged/china-japan/page-2.html", id="thread-page-2"),
    pytest.param("paged/gen/page-3.html", id="generated-thread-page-3"),
    pytest.param("example/notes/index.html", id="notes"),
]
SCHEMES = [pytest.param("light", id="light"), pytest.param("dark", id="dark")]


def axe_violations(page: Any, axe: Path) -> list[str]:
    page.add_script_tag(path=str(axe))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"
    )
    return list(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_reports_no_violations(browser: Any, base_url: str, axe_source: Path, path: str, scheme: str) -> None:
    tab = open_tab(browser, viewport={"width": 1366, "height": 900}, color_scheme=scheme)
    tab.page.goto(f"{base_url}/{path}")
    assert axe_violations(tab.page, axe_source) == []
    assert tab.errors == []
    tab.page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_on_a_narrow_screen(browser: Any, base_url: str, axe_source: Path, scheme: str) -> None:
    tab = open_tab(browser, viewport={"width": 360, "height": 800}, color_scheme=scheme)
    tab.page.goto(f"{base_url}/paged/china-japan/index.html")
    assert axe_violations(tab.page, axe_source) == []
    tab.page.context.close()


def _html_files(out: Path) -> list[str]:
    return sorted(str(p) for p in out.rglob("*.html") if "pagefind" not in p.relative_to(out).parts)


@pytest.mark.parametrize("which", [pytest.param("example", id="example"), pytest.param("paged", id="paged")])
def test_vnu_finds_no_errors(sites: Sites, vnu_command: list[str], which: str) -> None:
    files = _html_files(sites.root / which)
    assert len(files) >= 3
    done = subprocess.run([*vnu_command, *files], capture_output=True, text=True, timeout=600, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_every_page_loads_without_console_errors(browser: Any, base_url: str, sites: Sites) -> None:
    tab = open_tab(browser, viewport={"width": 1366, "height": 900})
    paths = sorted(p.relative_to(sites.root).as_posix() for p in sites.root.rglob("*.html"))
    for path in paths:
        tab.page.goto(f"{base_url}/{path}")
        # Previews fetch other pages: exercise one per page so their errors would show here too.
        link = tab.page.locator("a.quote-source").first
        if link.count():
            link.hover()
    tab.page.wait_for_load_state("networkidle")
    assert tab.errors == []
    tab.page.context.close()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


VIEWPORTS = [
    pytest.param("phone", 360, 800, id="phone"),
    pytest.param("desktop", 1366, 900, id="desktop"),
]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("name", "width", "height"), VIEWPORTS)
def test_screenshots(browser: Any, base_url: str, name: str, width: int, height: int, scheme: str) -> None:
    """Saved for people to look at (tests/screenshots/); asserts only that the page fits the width."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab = open_tab(browser, viewport={"width": width, "height": height}, color_scheme=scheme)
    page = tab.page
    # A comment with a margin note, a quote and a "quoted by" box: the richest view of a thread.
    page.goto(f"{base_url}/example/china-japan/index.html")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    top = f"{name}-{scheme}-top.png"
    page.screenshot(path=str(SCREENSHOTS / top))
    page.goto(f"{base_url}/example/china-japan/index.html#c-tavk627a")
    page.evaluate("document.querySelector('#c-tavk627a').scrollIntoView()")
    target = f"{name}-{scheme}-notes.png"
    page.screenshot(path=str(SCREENSHOTS / target))
    quote = page.locator(".quote-block, q.quote").first
    quote.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -120)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-quote.png"))
    # A preview of a comment on another page, and the page navigation of a long thread.
    page.goto(f"{base_url}/paged/china-japan/page-3.html")
    link = page.locator('a.quote-source[href*=".html#"]').first
    link.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    link.hover()
    page.locator(".quote-preview").wait_for()
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-preview.png"))
    page.goto(f"{base_url}/paged/gen/page-4.html")
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-pages.png"))
    for shot, path in (("index", "example/index.html"), ("notes-index", "example/notes/index.html")):
        page.goto(f"{base_url}/{path}")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}-{shot}.png"))
    tab.page.context.close()
    assert overflow == 0
    assert png_size(SCREENSHOTS / top) == (width, height)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_passes_every_page_of_the_example_site(browser: Any, base_url: str, sites: Sites, axe_source: Path, scheme: str) -> None:
    """Pages added later (search, ...) are covered without a new parameter."""
    tab = open_tab(browser, viewport={"width": 1366, "height": 900}, color_scheme=scheme)
    found = {}
    for path in _html_files(sites.example):
        relative = Path(path).relative_to(sites.root).as_posix()
        tab.page.goto(f"{base_url}/{relative}")
        found[relative] = axe_violations(tab.page, axe_source)
    assert found == {page: [] for page in found}
    assert "example/index.html" in found
    tab.page.context.close()
