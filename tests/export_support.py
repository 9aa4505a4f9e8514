"""Helpers for the export readers' tests: the shared samples by path, and a thread's tree by source id."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadnote.config import QuoteSettings
from threadnote.detect.threads import DetectedThread, parse_thread
from threadnote.diagnostics import Diagnostic
from threadnote.model import Thread
from threadnote.readers.record import pack_files

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO.parent / "shared" / "formats"
"""Real exports, read by path and never copied into the repository (../shared/formats/README.md)."""
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "exports"

Tree = dict[str, tuple[str | None, str | None, bool]]
"""Source id: (parent's source id, author, whether it is a placeholder)."""


def sample(relative: str) -> Path:
    path = SAMPLES / relative
    if not path.exists():
        pytest.skip(f"the shared samples are not here ({path} is absent)")
    return path


def detect(data: bytes, name: str, pingbacks: bool = False) -> tuple[DetectedThread, list[Diagnostic]]:
    return parse_thread(data, f"content/t/{name}", "t", QuoteSettings(), pingbacks=pingbacks)


def folder_bytes(folder: Path) -> bytes:
    """A comments folder as the site loader packs it."""
    return pack_files([(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()])


def tree(thread: Thread) -> Tree:
    by_id = {c.id: c for c in thread.comments}
    return {
        c.source_id or c.id: (by_id[c.parent].source_id if c.parent else None, c.author, c.deleted)
        for c in thread.comments
    }


def ids(thread: Thread) -> dict[str, str]:
    return {c.source_id or "": c.id for c in thread.comments}
