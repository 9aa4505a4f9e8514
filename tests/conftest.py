"""Shared test fixtures: `make_site` writes a tiny site into tmp_path; `--update-golden` rewrites expected/."""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
"""The repository root: the example site (site.yaml + content/) lives here."""

MINIMAL_SITE_YAML = "title: Test archive\nbase_url: https://archive.example.org/\n"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/sites/*/expected/ from the current build instead of comparing",
    )


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if this process ran no other thread, so builds may fork: the browser tests keep a web
    server thread in the test process, and threadnote forks nothing while other threads run."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write `{relative path: text}` under tmp_path/site and return that folder.

    Texts are dedented so tests can write them inline; `site.yaml` gets a minimal default.
    Pass `dedent=False` where leading spaces matter (indented code in a thread).
    """

    def make(files: Mapping[str, str | bytes], *, dedent: bool = True, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        contents = {"site.yaml": MINIMAL_SITE_YAML, **files}
        for relative, content in contents.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(textwrap.dedent(content) if dedent else content, encoding="utf-8")
        return root

    return make
