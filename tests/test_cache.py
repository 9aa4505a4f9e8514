"""The build cache keeps one value per kind, in memory and on disk, whatever the kinds are called."""

from __future__ import annotations

from pathlib import Path

from threadnote.build.cache import BuildCache


def test_kinds_whose_names_share_a_start_keep_their_own_values(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-bridge", "aa11", "one thread")
    cache.put("detect-bridge-vote", "bb22", "another thread")
    again = BuildCache(tmp_path)  # a new process: from disk
    assert again.get("detect-bridge", "aa11") == "one thread"
    assert again.get("detect-bridge-vote", "bb22") == "another thread"


def test_a_new_value_replaces_the_old_one_of_its_kind(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-t", "aa11", "old")
    cache.put("detect-t", "bb22", "new")
    assert [p.name for p in tmp_path.glob("*.pickle")] == ["detect-t-bb22.pickle"]
    assert cache.get("detect-t", "aa11") is None and cache.get("detect-t", "bb22") == "new"


def test_a_value_that_cannot_be_pickled_costs_only_time(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("odd", "aa11", lambda: None)  # kept in memory; no file, no half-written file
    assert list(tmp_path.iterdir()) == []


def test_a_folder_removed_meanwhile_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = BuildCache(folder)
    cache.put("detect-a", "aa11", "first")
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    cache.put("detect-b", "bb22", "second")
    assert [p.name for p in folder.iterdir()] == ["detect-b-bb22.pickle"]
    assert BuildCache(folder).get("detect-b", "bb22") == "second"
