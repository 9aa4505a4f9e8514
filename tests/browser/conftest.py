"""Real-browser fixtures: built sites served on 127.0.0.1, Debian's Chromium driven by Playwright.

Two sites are built once per session into one served folder:
- `example/`: the repository's example site exactly as configured;
- `paged/`: the same thread with `page_size: 30` plus a generated 300-comment thread, so quotes,
  "quoted by" links and note navigation cross page boundaries.
Helpers shared with the tests live in kit.py (this folder is a package so that its conftest
does not shadow tests/conftest.py, which other test modules import from).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .kit import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    GEN_COMMENTS,
    PAGED_SIZE,
    REPO,
    VNU,
    Sites,
    Tab,
    gen_script,
    open_tab,
    require,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real browser or validator against a built site (slow)")


def _build(site: Path, out: Path) -> None:
    from threadnote.build.pipeline import build

    result = build(site, out)
    assert result.ok, [str(d) for d in result.diagnostics]


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    root = tmp_path_factory.mktemp("www")
    _build(REPO, root / "example")
    paged = tmp_path_factory.mktemp("paged-site")
    shutil.copytree(REPO / "content" / "china-japan", paged / "content" / "china-japan")
    yaml = (REPO / "site.yaml").read_text(encoding="utf-8")
    lines = [line for line in yaml.splitlines() if not line.startswith("page_size:")]
    (paged / "site.yaml").write_text("\n".join([*lines, f"page_size: {PAGED_SIZE}", ""]), encoding="utf-8")
    gen = tmp_path_factory.mktemp("gen")
    subprocess.run([sys.executable, str(gen_script()), str(GEN_COMMENTS), str(gen)], check=True, capture_output=True)
    (paged / "content" / "gen").mkdir(parents=True)
    shutil.copy(gen / "thread.txt", paged / "content" / "gen" / "thread.txt")
    _build(paged, root / "paged")
    return Sites(root, REPO)


@pytest.fixture(scope="session")
def base_url(sites: Sites) -> Iterator[str]:
    handler = partial(_QuietHandler, directory=str(sites.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(importlib.util.find_spec("playwright") is not None, "Python playwright is not installed")
    require(CHROMIUM.is_file(), f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    opened = open_tab(browser, viewport={"width": 1366, "height": 900})
    yield opened
    opened.page.context.close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    require(AXE.is_file(), f"{AXE} is missing (run the npm install in .ci/run)")
    return AXE


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    require(java is not None, "java is not installed")
    require(VNU.is_file(), f"{VNU} is missing (run the npm install in .ci/run)")
    return [str(java), "-jar", str(VNU), "--errors-only", "--skip-non-html"]
