"""Reproducible builds: the same input gives the same bytes, whatever the hash seed, the clock or
the names of the notes files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

EXAMPLE_NOTES = REPO / "content" / "china-japan" / "notes"
MANIFEST = ".threadnote-manifest.json"
"""The writer's own bookkeeping; its stamps include the notes files' paths by design."""
_NOTE_ANCHOR = re.compile(r'<aside class="note[^"]*" id="(n-[0-9a-z]+)"')


def build(site: Path, out: Path, hash_seed: str) -> None:
    """A clean build in a fresh process: set iteration order differs between hash seeds."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--site", str(site), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def tree(out: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).as_posix() not in skip
    }


def copy_example(target: Path, rename: dict[str, str] | None = None) -> Path:
    """site.yaml and content/ of the example site (the shipped templates are the default)."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", target / "site.yaml")
    shutil.copytree(REPO / "content", target / "content")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", target / "templates")
    notes = target / "content" / "china-japan" / "notes"
    for old, new in (rename or {}).items():
        (notes / old).rename(notes / new)
    return target


def reversed_names() -> dict[str, str]:
    """New names that sort the example's notes files in the opposite order."""
    names = sorted(p.name for p in EXAMPLE_NOTES.glob("*.yaml"))
    return {name: f"{chr(ord('z') - i)}-{name}" for i, name in enumerate(names)}


@pytest.fixture(scope="module")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first") / "out"
    build(REPO, out, hash_seed="1")
    return out


def test_two_clean_builds_are_byte_identical(example_build: Path, tmp_path: Path) -> None:
    time.sleep(1.0)  # so a timestamp with seconds in it would differ
    second = tmp_path / "out"
    build(REPO, second, hash_seed="2")
    first_files, second_files = tree(example_build), tree(second)
    assert sorted(first_files) == sorted(second_files)
    different = [path for path in first_files if first_files[path] != second_files[path]]
    assert different == []


def test_a_copy_of_the_site_elsewhere_builds_the_same_bytes(example_build: Path, tmp_path: Path) -> None:
    site = copy_example(tmp_path / "elsewhere")
    build(site, tmp_path / "out", hash_seed="3")
    first_files, copy_files = tree(example_build), tree(tmp_path / "out")
    assert sorted(first_files) == sorted(copy_files)
    assert [path for path in first_files if first_files[path] != copy_files[path]] == []


def note_anchors(out: Path) -> list[str]:
    """Every note's anchor id on the thread pages, sorted."""
    pages = sorted(p for p in (out / "china-japan").glob("*.html"))
    return sorted(n for page in pages for n in _NOTE_ANCHOR.findall(page.read_text(encoding="utf-8")))


def notes_by_comment(out: Path) -> dict[str, list[str]]:
    """Each comment's notes from thread.json, as `type:words`, in the order shown."""
    export = json.loads((out / "china-japan" / "thread.json").read_text(encoding="utf-8"))
    return {c["id"]: [n["type"] + ":" + (n.get("text") or "") for n in c["notes"]] for c in export["comments"]}


def test_note_ids_do_not_depend_on_notes_file_names(example_build: Path, tmp_path: Path) -> None:
    site = copy_example(tmp_path / "renamed", reversed_names())
    build(site, tmp_path / "out", hash_seed="1")
    assert len(note_anchors(example_build)) > 30  # the example has dozens of notes
    assert note_anchors(tmp_path / "out") == note_anchors(example_build)
    renamed, original = notes_by_comment(tmp_path / "out"), notes_by_comment(example_build)
    assert {c: sorted(n) for c, n in renamed.items()} == {c: sorted(n) for c, n in original.items()}


def test_output_does_not_depend_on_notes_file_names(example_build: Path, tmp_path: Path) -> None:
    site = copy_example(tmp_path / "renamed", reversed_names())
    build(site, tmp_path / "out", hash_seed="1")
    skip = frozenset({MANIFEST})
    original, renamed = tree(example_build, skip), tree(tmp_path / "out", skip)
    assert sorted(original) == sorted(renamed)
    assert [path for path in original if original[path] != renamed[path]] == []
