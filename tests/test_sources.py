"""sources.py: the read stage; serve does not read an unchanged thread or notes file again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from threadnote.build import sources
from threadnote.build.sources import KnownFiles, ThreadFile, load_site

THREAD = "A headline\n\n\nalice\n2 hours ago\nFirst words.\n\nbob\n1 hour ago\nSecond words.\n"


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files here were written a moment ago: trust their stat all the same."""
    monkeypatch.setattr(sources, "SETTLED_NS", 0)


def site_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "content" / "t" / "thread.txt").write_text(text, encoding="utf-8")
    return tmp_path


def thread_file(root: Path, known: KnownFiles) -> ThreadFile:
    sources, problems = load_site(root, known=known)
    assert problems == []
    return sources.threads[0].thread


def test_an_unchanged_thread_file_is_not_read_again_and_still_decodes(tmp_path: Path) -> None:
    root, known = site_with(tmp_path, THREAD), KnownFiles()
    first = thread_file(root, known)
    again = thread_file(root, known)
    assert first.data is not None and again.data is None
    assert again.digest == first.digest and again.decode() == first.decode()


def test_an_edit_of_the_same_size_and_time_is_read(tmp_path: Path) -> None:
    """The status-change time moves with any write, even when the modification time is set back."""
    root, known = site_with(tmp_path, THREAD), KnownFiles()
    first = thread_file(root, known)
    path = root / "content" / "t" / "thread.txt"
    before = path.stat()
    path.write_text(THREAD.replace("First", "Fir5t"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = thread_file(root, known)
    assert again.data is not None and again.digest != first.digest


def test_a_file_changed_after_its_stat_says_so_instead_of_decoding_other_words(tmp_path: Path) -> None:
    root, known = site_with(tmp_path, THREAD), KnownFiles()
    thread_file(root, known)
    unread = thread_file(root, known)
    (root / "content" / "t" / "thread.txt").write_text(THREAD + "More.\n", encoding="utf-8")
    text, problems = unread.decode()
    assert text is None and [p.message for p in problems] == ["the file changed while the site was built: build again"]


def test_a_file_changed_a_moment_before_it_was_read_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second write within one tick of a coarse clock would leave the stat unchanged."""
    monkeypatch.setattr(sources, "SETTLED_NS", 60_000_000_000)
    root, known = site_with(tmp_path, THREAD), KnownFiles()
    thread_file(root, known)
    assert thread_file(root, known).data is not None and known == {}


def test_an_unchanged_notes_file_is_the_one_read_before_and_an_edited_one_is_read(tmp_path: Path) -> None:
    """An archive has thousands of notes files, and a save in serve changes one."""
    root, known = site_with(tmp_path, THREAD), KnownFiles()
    notes = root / "content" / "t" / "notes"
    notes.mkdir()
    (notes / "a.yaml").write_text("notes: []\n", encoding="utf-8")
    (notes / "b.yml").write_text("notes: []\n", encoding="utf-8")
    (notes / ".hidden.yaml").write_text("not: read\n", encoding="utf-8")
    first, _ = load_site(root, known=known)
    (notes / "b.yml").write_text("notes: []  # edited\n", encoding="utf-8")
    again, _ = load_site(root, known=known)
    (a1, b1), (a2, b2) = first.threads[0].notes, again.threads[0].notes
    assert [a1.path, b1.path] == ["content/t/notes/a.yaml", "content/t/notes/b.yml"]
    assert a2 is a1 and b2 is not b1 and b2.text == "notes: []  # edited\n"


def two_threads(tmp_path: Path) -> Path:
    root = site_with(tmp_path, THREAD)
    (root / "content" / "u").mkdir()
    (root / "content" / "u" / "thread.txt").write_text(THREAD.replace("headline", "second headline"), encoding="utf-8")
    (root / "content" / "u" / "notes").mkdir()
    (root / "content" / "u" / "notes" / "a.yaml").write_text("notes: []\n", encoding="utf-8")
    return root


def test_a_reload_reads_only_the_folders_of_the_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, known = two_threads(tmp_path), KnownFiles()
    last, problems = load_site(root, known=known)
    assert problems == []
    notes = root / "content" / "u" / "notes" / "a.yaml"
    notes.write_text("notes: []  # edited\n", encoding="utf-8")
    read: list[str] = []
    real = sources._names
    monkeypatch.setattr(sources, "_names", lambda folder: read.append(folder) or real(folder))
    again = sources.reload_threads(root, last, [notes], known)
    assert again is not None and read == [str(root / "content" / "u"), str(root / "content" / "u" / "notes")]
    assert again.threads[0] is last.threads[0] and again.threads[1].notes[0].text == "notes: []  # edited\n"
    assert [(s.slug, s.thread.digest, s.notes) for s in again.threads] == [(s.slug, s.thread.digest, s.notes) for s in load_site(root)[0].threads]


@pytest.mark.parametrize(
    "changed",
    ["site.yaml", "content/new/thread.txt", "content/u", "templates/base.html", "content/u/thread.txt:removed"],
    ids=["config", "new-folder", "folder-itself", "template", "thread-file-removed"],
)
def test_a_change_outside_a_known_threads_files_asks_for_a_whole_read(tmp_path: Path, changed: str) -> None:
    root, known = two_threads(tmp_path), KnownFiles()
    last, _ = load_site(root, known=known)
    path, _, removed = changed.partition(":")
    if removed:
        (root / path).unlink()
    assert sources.reload_threads(root, last, [root / path], known) is None
