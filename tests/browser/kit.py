"""What the browser tests share: tool paths, the skip-or-fail rule, the built sites, a page that records errors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
VNU = TESTS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = TESTS / "screenshots"
GEN_THREAD = REPO / "bench" / "gen_thread.py"
PAGED_SIZE = 30
GEN_COMMENTS = 300


def require(available: bool, reason: str) -> None:
    """Skip a test whose tool is missing, except under CI=true, where a missing tool is a failure."""
    if available:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not skip)", pytrace=False)
    pytest.skip(reason)


def gen_script() -> Path:
    """The thread generator (the repository's copy in bench/)."""
    return GEN_THREAD


@dataclass(frozen=True, slots=True)
class Sites:
    root: Path
    """The served folder: `example/` and `paged/` inside it."""
    example_site: Path
    """The example site's source folder (the repository root)."""

    @property
    def example(self) -> Path:
        return self.root / "example"

    @property
    def paged(self) -> Path:
        return self.root / "paged"


@dataclass(slots=True)
class Tab:
    """A page plus everything it reported as an error."""

    page: Any
    errors: list[str]


def open_tab(browser: Any, **context_options: Any) -> Tab:
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    # A navigation cancels a preview's fetch still in flight (net::ERR_ABORTED): harmless, not an error.
    page.on("requestfailed", lambda req: errors.append(f"requestfailed: {req.url} {req.failure}") if "ERR_ABORTED" not in (req.failure or "") else None)
    page.on("response", lambda res: errors.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)
    return Tab(page, errors)


def click_link(tab: Tab, selector: str) -> tuple[str, str]:
    """Click the first link matching `selector` and wait for its page: (the URL, its fragment)."""
    page = tab.page
    link = page.locator(selector).first
    href = link.get_attribute("href")
    assert href and "#" in href
    expected = urljoin(page.url, href)
    link.click()
    page.wait_for_url(expected)
    return expected, href.split("#", 1)[1]
