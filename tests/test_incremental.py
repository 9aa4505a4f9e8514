"""A rebuild redoes only what changed, and its output is byte-identical to a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MakeSite

from threadnote import stamps
from threadnote.build import pipeline, tasks
from threadnote.build.background import can_fork
from threadnote.build.cache import BuildCache
from threadnote.build.fragments import Fragments
from threadnote.build.pipeline import build
from threadnote.render import export, markdown, views

REPO = Path(__file__).resolve().parent.parent
NOTES = Path("content/china-japan/notes/fact-checks.yaml")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    copy.mkdir()
    shutil.copy(REPO / "site.yaml", copy / "site.yaml")
    shutil.copytree(REPO / "content", copy / "content")
    return copy


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_a_note(site: Path, words: str) -> None:
    """Put `words` into the Hatoyama fact-check's body (each call edits the file as first copied)."""
    path = site / NOTES
    pristine = (REPO / NOTES).read_text(encoding="utf-8")
    assert "Hatoyama announced" in pristine
    path.write_text(pristine.replace("Hatoyama announced", f"Hatoyama {words} announced", 1), encoding="utf-8")


@pytest.mark.parametrize("warm", [False, True], ids=["new-process", "same-process"])
def test_a_rebuild_after_a_note_edit_equals_a_clean_build(site: Path, tmp_path: Path, warm: bool) -> None:
    out = tmp_path / "out"
    cache = BuildCache(tmp_path / "cache") if warm else None
    first = build(site, out, cache=cache)
    assert first.ok and first.unchanged == 0
    for words in ("(the prime minister)", "(prime minister)"):
        edit_a_note(site, words)
        again = build(site, out, cache=cache if warm else BuildCache(tmp_path / "cache2"))
        assert again.ok
        assert 0 < again.written < again.written + again.unchanged  # some files only
        clean = tmp_path / f"clean-{words}"
        assert build(site, clean).ok
        assert files(out) == files(clean)


def test_an_unchanged_site_rewrites_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(site, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".threadnote-manifest.json"}
    again = build(site, out)
    assert again.written == 0 and again.unchanged == len(before)
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_a_template_edit_rerenders_every_page(site: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", site / "templates")
    out = tmp_path / "out"
    build(site, out)
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Built with threadnote.", "Built with threadnote!"), encoding="utf-8")
    again = build(site, out)
    pages = [p for p in out.rglob("*.html") if "pagefind" not in p.parts]
    assert again.ok and all("Built with threadnote!" in p.read_text(encoding="utf-8") for p in pages)
    clean = tmp_path / "clean"
    build(site, clean)
    assert files(out) == files(clean)


def test_a_correction_edit_in_the_same_process_equals_a_clean_build(site: Path, tmp_path: Path) -> None:
    """The merged structure is remembered while only notes change; a correction must redo it."""
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache).ok
    structure = site / "content/china-japan/notes/structure.yaml"
    structure.write_text(structure.read_text(encoding="utf-8") + "  - comment: c-lv3e3wbk\n    author: Dick G.\n", encoding="utf-8")
    assert build(site, out, cache=cache).ok
    clean = tmp_path / "clean"
    assert build(site, clean).ok
    assert files(out) == files(clean)
    assert "Dick G." in (out / "china-japan/index.html").read_text(encoding="utf-8")


def test_preparing_in_background_changes_nothing(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: None) -> None:
    """Big threads parse notes and write the detection cache in forked children: same bytes out."""
    plain = tmp_path / "plain"
    assert build(site, plain, cache=BuildCache(None, session=False)).ok
    monkeypatch.setattr(tasks, "BACKGROUND_FROM", 0)
    assert can_fork(), "the background path is what this test is about"
    forked, cache_dir = tmp_path / "forked", tmp_path / "cache"
    assert build(site, forked, cache=BuildCache(cache_dir)).ok
    assert files(forked) == files(plain)
    assert len(list(cache_dir.glob("*.pack"))) >= 1  # written, and waited for
    edit_a_note(site, "(the prime minister)")
    again = build(site, forked, cache=BuildCache(cache_dir))  # a new process: detection from the disk cache
    clean = tmp_path / "clean"
    assert again.ok and build(site, clean, cache=BuildCache(None, session=False)).ok
    assert files(forked) == files(clean)


def test_a_new_process_renders_only_the_edited_notes_markdown(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache_dir = tmp_path / "out", tmp_path / "cache"
    assert build(site, out, cache=BuildCache(cache_dir)).ok
    edit_a_note(site, "(the prime minister)")
    monkeypatch.setattr(markdown, "_rendered", {})  # what a new process remembers: nothing
    renderer, rendered = markdown._shared(), []
    real = renderer.render
    monkeypatch.setattr(renderer, "render", lambda source: rendered.append(source) or real(source))
    assert build(site, out, cache=BuildCache(cache_dir)).ok
    assert len(rendered) == 1 and "(the prime minister)" in rendered[0]


def test_a_template_edit_does_not_detect_the_thread_again(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Detection depends on the code, the quote settings and the thread only."""
    shutil.copytree(REPO / "templates", site / "templates")
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache).ok
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Built with threadnote.", "Built with threadnote!"), encoding="utf-8")
    detected: list[str] = []
    real = tasks.parse_thread
    monkeypatch.setattr(tasks, "parse_thread", lambda *args, **kwargs: detected.append(args[2]) or real(*args, **kwargs))
    assert build(site, out, cache=cache).ok and build(site, tmp_path / "other", cache=BuildCache(tmp_path / "cache")).ok
    assert detected == []


def test_pages_made_in_parallel_equal_pages_made_here(site: Path, tmp_path: Path, alone: None) -> None:
    assert can_fork(), "the parallel path is what this test is about"
    assert build(site, tmp_path / "one", cache=BuildCache(None, session=False), jobs=1).ok
    assert build(site, tmp_path / "two", cache=BuildCache(None, session=False), jobs=2).ok
    assert files(tmp_path / "one") == files(tmp_path / "two")


@pytest.mark.parametrize("jobs", [1, 2], ids=["pages-here", "pages-in-workers"])
def test_a_note_edit_in_the_same_process_renders_only_its_comment_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: None, jobs: int
) -> None:
    """serve keeps each comment's HTML and JSON line; workers of the first build hand theirs back."""
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache, jobs=jobs).ok
    edit_a_note(site, "(the prime minister)")
    viewed: list[str] = []
    real = views.ThreadViews.comment
    monkeypatch.setattr(views.ThreadViews, "comment", lambda self, c, page: viewed.append(c.id) or real(self, c, page))
    exported: list[str] = []
    real_export = export._ThreadExport.comment
    monkeypatch.setattr(export._ThreadExport, "comment", lambda self, c: exported.append(c.id) or real_export(self, c))
    assert build(site, out, cache=cache, jobs=jobs).ok
    # The note's id changes with its body, so the comments with the notes just before and after
    # it are rendered again too: their notes link to it. Its JSON line is the only one redone.
    assert len(exported) == 1 and exported[0] in viewed and len(viewed) <= 3
    assert build(site, tmp_path / "clean", cache=BuildCache(None, session=False)).ok
    assert files(out) == files(tmp_path / "clean")


def test_an_edit_past_a_notes_opening_words_leaves_the_notes_index_alone(site: Path, tmp_path: Path) -> None:
    """The index lists notes by type, words and place, not their bodies; a note's id comes from its
    body's opening words only, so an edit further on changes nothing the index shows."""
    out = tmp_path / "out"
    assert build(site, out).ok
    index = out / "notes" / "index.html"
    before = index.stat().st_mtime_ns
    path = site / NOTES
    path.write_text(path.read_text(encoding="utf-8").replace("Naoto Kan succeeded", "Naoto Kan then succeeded", 1), encoding="utf-8")
    assert build(site, out).ok
    assert index.stat().st_mtime_ns == before
    assert build(site, tmp_path / "clean").ok
    assert files(out) == files(tmp_path / "clean")


def test_known_note_stamps_are_the_stamps_of_a_fresh_count(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve stamps each note once; the stamps are those a one-off build makes."""
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache).ok
    edit_a_note(site, "(the prime minister)")
    stamped: list[str] = []
    real = stamps.note_stamp
    monkeypatch.setattr(stamps, "note_stamp", lambda note: stamped.append(note.id) or real(note))
    again = build(site, out, cache=cache)
    assert again.ok and len(stamped) == 1
    monkeypatch.setattr(stamps, "note_stamp", real)
    fresh = build(site, tmp_path / "fresh", cache=BuildCache(None, session=False))
    assert again.stamps == fresh.stamps


def test_page_stamps_from_the_notes_alone_are_those_of_each_pages_comments(site: Path) -> None:
    """Stamps and note neighbours are made from the notes, not by walking every comment: the same values."""
    from threadnote.model import comment_numbers
    from threadnote.render.links import paginate
    from threadnote.render.views import ThreadViews

    result, _ = pipeline.analyse(site)
    for annotated, thread_stamps in zip(result.threads, result.stamps):
        thread = annotated.thread
        pages = paginate(thread, 7)
        views = ThreadViews(annotated, pages)
        chunks = [[c.id for c in thread.comments[k : k + 7]] for k in range(0, len(thread.comments), 7)]
        expected = [
            stamps.stamp(thread_stamps.thread, *(f"{c}={s}" for c in ids if (s := thread_stamps.notes.get(c)))) for ids in chunks
        ]
        assert thread_stamps.pages(comment_numbers(thread), pages.page_of, pages.count) == expected
        assert views.page_neighbours() == [views.neighbour_notes(ids) for ids in chunks]
        assert any(views.page_neighbours())


def test_after_an_edit_on_one_page_an_edit_on_another_still_renders_one_comment(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pieces of pages a rebuild did not touch are kept for the next (least recently used go first)."""
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("page_size: 200", "page_size: 10"), encoding="utf-8")
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache, jobs=1).ok
    edit_a_note(site, "(the prime minister)")
    assert build(site, out, cache=cache, jobs=1).ok
    context = site / "content/china-japan/notes/context.yaml"
    context.write_text(context.read_text(encoding="utf-8").replace("Relations worsened", "Relations then worsened", 1), encoding="utf-8")
    viewed: list[str] = []
    real = views.ThreadViews.comment
    monkeypatch.setattr(views.ThreadViews, "comment", lambda self, c, page: viewed.append(c.id) or real(self, c, page))
    again = build(site, out, cache=cache, jobs=1)
    assert again.ok and 1 <= len(viewed) <= 3
    assert build(site, tmp_path / "clean", cache=BuildCache(None, session=False)).ok
    assert files(out) == files(tmp_path / "clean")


def test_pages_without_notes_keep_their_own_share_of_thread_json(make_site: MakeSite, tmp_path: Path) -> None:
    """Pages with no notes have equal stamps; serve's kept shares of thread.json must not mix them up."""
    comments = "".join(f"  - author: user{k}\n    text: Comment {k} says something of its own, number {k}.\n" for k in range(40))
    site = make_site({"site.yaml": "title: T\npage_size: 10\nsearch: false\n", "content/t/thread.yaml": f"title: A thread\ncomments:\n{comments}"})
    out = tmp_path / "out"
    assert build(site, out, cache=BuildCache(tmp_path / "cache"), jobs=1).ok
    assert build(site, tmp_path / "clean").ok
    assert files(out) == files(tmp_path / "clean")


def test_a_build_that_leaves_thread_json_alone_keeps_its_shares(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve's search refresh is a build that writes no thread.json; the next save still reuses its shares."""
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("page_size: 200", "page_size: 10"), encoding="utf-8")
    out, cache = tmp_path / "out", BuildCache(tmp_path / "cache")
    assert build(site, out, cache=cache, jobs=1).ok
    assert build(site, out, cache=cache, jobs=1).written == 0
    edit_a_note(site, "(the prime minister)")
    missed: list[str] = []
    real = Fragments.share

    def share(self: Fragments, thread: str, key: str) -> bytes | None:
        found = real(self, thread, key)
        if found is None:
            missed.append(key)
        return found

    monkeypatch.setattr(Fragments, "share", share)
    assert build(site, out, cache=cache, jobs=1).ok
    assert len(missed) == 1  # the edited note's page
