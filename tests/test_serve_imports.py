"""Tests of serve watching the site-wide exports that site.yaml names under `imports:` (threadnote.cli.serve)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MakeSite
from test_serve import fetch, save, serving, wait_for
from test_spill import TWO_THREADS, _export

from threadnote.build import tasks
from threadnote.cli.serve import import_paths, is_watched, watched_folders

SITE_YAML = "title: Imports\nsearch: false\n"
NOTES = "notes:\n  - text: Alpha's first comment.\n    body: A note.\n"
"""A notes file for the export's thread `alpha` (content/ holds only the notes of imported threads)."""
SCRAPE = "A scraped thread\n\nBy Someone\n\n\nOne comment of a scrape, beside the imported threads.\n"


@pytest.mark.parametrize(("relative", "watched"), [
    ("imports/site.xml", True), ("imports", True), ("imports/other.xml", False), ("site.xml", False),
], ids=["export", "its-folder", "another-file", "same-name-elsewhere"])
def test_is_watched_names_the_exports_and_their_folders(tmp_path: Path, relative: str, watched: bool) -> None:
    imports = frozenset({(tmp_path / "imports" / "site.xml").resolve()})
    assert is_watched(tmp_path, str(tmp_path / relative), imports) is watched


def test_the_exports_folders_are_watched_alone_unless_content_holds_them(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": SITE_YAML + "imports: [imports/a.xml, content/b.xml, c.xml]\n",
                      "imports/a.xml": "", "content/b.xml": "", "c.xml": ""})
    imports = import_paths(site)
    assert imports == {(site / name).resolve() for name in ("imports/a.xml", "content/b.xml", "c.xml")}
    assert watched_folders(site, imports) == ([site / "content"], [site, (site / "imports").resolve()])


def test_saving_a_newer_export_rebuilds_the_threads_it_changed(make_site: MakeSite, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site({"site.yaml": SITE_YAML + "imports: [imports/site.xml]\n", "imports/site.xml": _export(TWO_THREADS),
                      "content/alpha/notes/desk.yaml": NOTES})
    detected: list[str] = []
    real = tasks.parse_thread

    def recorded(text: object, path: str, slug: str, *rest: object) -> object:
        detected.append(slug)
        return real(text, path, slug, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(tasks, "parse_thread", recorded)
    with serving(site, tmp_path / "out") as served:
        assert sorted(detected) == ["alpha", "beta"]
        detected.clear()
        save(site / "imports" / "site.xml", _export(dict(TWO_THREADS, beta=["Beta speaks.", "BETA-EDITED."])))
        assert wait_for(lambda: "BETA-EDITED." in fetch(served.url + "beta/index.html")[1])
        assert detected == ["beta"]


def test_serve_follows_the_list_of_imports_in_site_yaml(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"site.yaml": SITE_YAML + "imports: [imports/first.xml]\n", "imports/first.xml": _export(TWO_THREADS),
                      "content/scrape/thread.txt": SCRAPE})
    with serving(site, tmp_path / "out") as served:
        assert fetch(served.url + "alpha/index.html")[0] == 200
        save(site / "site.yaml", SITE_YAML + "imports: [later/second.xml]\n")  # a folder that is not there yet
        assert wait_for(lambda: "build failed" in served.log.getvalue())  # type: ignore[attr-defined]
        (site / "later").mkdir()
        save(site / "later" / "second.xml", _export({"gamma": ["GAMMA-FIRST."]}))
        assert wait_for(lambda: "GAMMA-FIRST." in fetch(served.url + "gamma/index.html")[1])
        assert fetch(served.url + "alpha/index.html")[0] == 404
        save(site / "later" / "second.xml", _export({"gamma": ["GAMMA-SECOND."]}))
        assert wait_for(lambda: "GAMMA-SECOND." in fetch(served.url + "gamma/index.html")[1])
