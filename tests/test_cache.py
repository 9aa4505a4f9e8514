"""The build cache keeps one value per kind, in memory and on disk in pack files, whatever the kinds
are called; a pack that cannot be read costs only time."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadnote.build import packs
from threadnote.build.cache import BuildCache


def packs_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{packs.SUFFIX}"))


def test_kinds_whose_names_share_a_start_keep_their_own_values(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-bridge", "aa11", "one thread")
    cache.put("detect-bridge-vote", "bb22", "another thread")
    cache.settle()
    again = BuildCache(tmp_path)  # a new process: from disk
    assert again.get("detect-bridge", "aa11") == "one thread"
    assert again.get("detect-bridge-vote", "bb22") == "another thread"


def test_the_values_put_between_two_settles_go_into_one_file(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    for number in range(50):
        cache.put(f"detect-t{number}", "aa11", number)
    assert packs_in(tmp_path) == []  # not in place before the batch settles
    cache.settle()
    assert [p.name for p in tmp_path.iterdir()] == [p.name for p in packs_in(tmp_path)] and len(packs_in(tmp_path)) == 1
    again = BuildCache(tmp_path)
    assert [again.get(f"detect-t{n}", "aa11") for n in range(50)] == list(range(50))


def test_a_value_put_is_found_before_its_pack_is_in_place(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, session=False)
    cache.put("detect-t", "aa11", "thread")
    cache.memory.clear()  # what a worker lets go after each thread
    assert cache.known("detect-t", "aa11") and cache.get("detect-t", "aa11") == "thread"


def test_a_new_value_replaces_the_old_one_of_its_kind(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-t", "aa11", "old")
    cache.settle()
    cache.put("detect-t", "bb22", "new")
    cache.settle()
    assert len(packs_in(tmp_path)) == 1  # the old pack held nothing newest any more: removed
    assert cache.get("detect-t", "aa11") is None and cache.get("detect-t", "bb22") == "new"
    again = BuildCache(tmp_path)
    assert again.get("detect-t", "aa11") is None and again.get("detect-t", "bb22") == "new"


def test_a_pack_stays_while_it_holds_a_kinds_newest_value(tmp_path: Path) -> None:
    first = BuildCache(tmp_path)
    first.put("detect-a", "aa11", "a")
    first.put("detect-b", "aa11", "b")
    first.settle()
    second = BuildCache(tmp_path)  # the next build: only thread a changed
    second.put("detect-a", "bb22", "a again")
    second.settle()
    assert len(packs_in(tmp_path)) == 2
    third = BuildCache(tmp_path)
    assert third.get("detect-a", "bb22") == "a again" and third.get("detect-b", "aa11") == "b"
    assert third.get("detect-a", "aa11") is None


def test_packs_written_by_other_processes_meanwhile_are_found(tmp_path: Path) -> None:
    worker = BuildCache(tmp_path, session=False)
    assert worker.get("detect-a", "aa11") is None  # the folder listed: empty
    fellow = BuildCache(tmp_path, session=False)
    fellow.put("detect-a", "aa11", "from a fellow worker")
    fellow.settle()
    assert worker.get("detect-a", "aa11") == "from a fellow worker"


def damaged(pack: Path, how: str) -> None:
    data = pack.read_bytes()
    pack.write_bytes({"cut": data[: len(data) // 2], "empty": b"", "trailer": data[:-4] + b"\xff" * 4, "index": data[:-40] + data[-16:]}[how])


@pytest.mark.parametrize("how", ["cut", "empty", "trailer", "index"])
def test_a_damaged_pack_is_ignored_removed_and_its_values_made_again(tmp_path: Path, how: str) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-t", "aa11", "x" * 200)
    cache.settle()
    damaged(packs_in(tmp_path)[0], how)
    again = BuildCache(tmp_path)
    assert not again.known("detect-t", "aa11") and again.get("detect-t", "aa11") is None
    again.put("detect-t", "aa11", "made again")
    again.settle()
    assert len(packs_in(tmp_path)) == 1 and BuildCache(tmp_path).get("detect-t", "aa11") == "made again"


def test_a_value_damaged_in_a_whole_pack_reads_as_missing(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-t", "aa11", "x" * 200)
    cache.settle()
    pack = packs_in(tmp_path)[0]
    data = bytearray(pack.read_bytes())
    data[0:4] = b"\xff\xff\xff\xff"  # the value's first bytes: its index and trailer stay whole
    pack.write_bytes(bytes(data))
    assert BuildCache(tmp_path).get("detect-t", "aa11") is None


def test_a_value_that_cannot_be_pickled_costs_only_time(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("odd", "aa11", lambda: None)  # kept in memory; no file, no half-written file
    cache.put("fine", "aa11", "kept")
    cache.settle()
    assert cache.get("odd", "aa11") is not None
    again = BuildCache(tmp_path)
    assert again.get("odd", "aa11") is None and again.get("fine", "aa11") == "kept"
    assert [p.suffix for p in tmp_path.iterdir()] == [packs.SUFFIX]


def test_a_value_alone_that_cannot_be_pickled_leaves_no_file(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("odd", "aa11", lambda: None)
    cache.settle()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_removed_meanwhile_is_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = BuildCache(folder)
    cache.put("detect-a", "aa11", "first")
    cache.settle()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    cache.put("detect-b", "bb22", "second")
    cache.settle()
    assert len(packs_in(folder)) == 1
    assert BuildCache(folder).get("detect-b", "bb22") == "second"


def test_a_value_written_in_the_background_is_waited_for(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("detect-big", "aa11", "a big thread", background=True)
    cache.settle()
    assert len(packs_in(tmp_path)) == 1 and BuildCache(tmp_path).get("detect-big", "aa11") == "a big thread"


def test_the_former_layouts_files_are_removed_when_the_folder_is_listed(tmp_path: Path) -> None:
    former = tmp_path / f"detect-t-aa11{packs.FORMER_SUFFIX}"
    former.write_bytes(b"a value of the cache before packs")
    cache = BuildCache(tmp_path)
    assert cache.get("detect-t", "aa11") is None  # never read as a value
    cache.put("detect-t", "aa11", "made again")
    cache.settle()
    assert not former.exists() and [p.name for p in tmp_path.iterdir()] == [p.name for p in packs_in(tmp_path)]
