"""The build cache's disk copy: many values in one pack file, so that a clean build of thousands of
threads creates tens of cache files, not thousands (creating a file costs the kernel more than
writing a thread's detection into one).

A pack is its values' pickles one after the other, then the pickle of its index (by kind: the
value's key and offset), then a trailer: a mark and the index's offset. It is written under a
temporary name and renamed into place whole, named after the time it was put in place, so that
names sort from oldest to newest. A pack that cannot be read (cut short, damaged) counts as none:
it is removed, and its values are made again.
"""

from __future__ import annotations

import itertools
import os
import pickle
import struct
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .background import Background

SUFFIX = ".pack"
FORMER_SUFFIX = ".pickle"
"""The files of the cache's former layout, one value per file (`kind-key.pickle`): never read,
removed at the first `settle` after a listing, or an upgraded site would keep thousands of them."""
TRAILER = struct.Struct("<8sQ")
"""A pack's last bytes: MARK, then the offset of its index."""
MARK = b"tnpack\x00\x01"
UNWRITABLE = (OSError, pickle.PicklingError, AttributeError, TypeError, ValueError, RecursionError)
"""Why a value may not be written (disk full, a value pickle refuses): either way only time is lost."""
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError, KeyError)
"""Why a value written may not be read back (a file damaged or removed meanwhile, code since changed)."""

Index = dict[str, tuple[str, int, int]]
"""A pack's values by kind: each one's key, offset in the pack and length."""

_NUMBERS = itertools.count()
"""Tells apart the packs one process writes within one tick of the clock."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    pack: str
    """The pack's file name."""
    offset: int
    length: int


class PackWriter:
    """A pack being written: each value is pickled into the file as it comes, so that none is held
    in memory until the pack is done. The file is unbuffered: a forked child that inherits it
    has no buffer of the parent's to write out again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.temporary = folder / f".{os.getpid()}-{next(_NUMBERS)}{SUFFIX}.tmp"
        try:
            self.file = self.temporary.open("wb", buffering=0)
        except FileNotFoundError:  # the folder is made only when it is missing: each system call counts
            folder.mkdir(parents=True, exist_ok=True)
            self.file = self.temporary.open("wb", buffering=0)
        self.index: Index = {}

    def add(self, kind: str, key: str, value: Any) -> None:
        """Raises one of UNWRITABLE when the value is not written (the pack stays usable)."""
        offset = self.file.tell()
        pickle.dump(value, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.index[kind] = (key, offset, self.file.tell() - offset)

    def read(self, kind: str) -> Any:
        """A value added to the pack before it is in place."""
        _, offset, length = self.index[kind]
        return read_value(self.temporary, offset, length)

    def close(self) -> str | None:
        """The pack put in place: its name (None when it could not be)."""
        try:
            offset = self.file.tell()
            pickle.dump(self.index, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.file.write(TRAILER.pack(MARK, offset))
            self.file.close()
            name = f"{time.time_ns():020d}-{os.getpid()}-{next(_NUMBERS)}{SUFFIX}"
            self.temporary.replace(self.folder / name)
            return name
        except BaseException as exc:
            self.discard()
            if not isinstance(exc, UNWRITABLE):
                raise
            return None

    def discard(self) -> None:
        """No half-written pack stays."""
        self.file.close()
        self.temporary.unlink(missing_ok=True)


def write_pack(folder: Path, kind: str, key: str, value: Any) -> tuple[str, Index] | None:
    """A pack of one value, put in place: its name and index (None when it could not be written)."""
    try:
        writer = PackWriter(folder)
    except OSError:
        return None
    try:
        writer.add(kind, key, value)
    except UNWRITABLE:
        writer.discard()
        return None
    name = writer.close()
    return (name, writer.index) if name is not None else None


def read_index(path: Path) -> Index | None:
    """The pack's index, or None when the pack is not whole."""
    try:
        with path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            if size < TRAILER.size:
                return None
            file.seek(size - TRAILER.size)
            mark, offset = TRAILER.unpack(file.read(TRAILER.size))
            if mark != MARK or offset > size - TRAILER.size:
                return None
            file.seek(offset)
            index = pickle.loads(file.read(size - TRAILER.size - offset))
    except UNREADABLE:
        return None
    return index if _is_index(index) else None


def _is_index(found: object) -> bool:
    return isinstance(found, dict) and all(
        isinstance(kind, str) and isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
        and isinstance(entry[1], int) and isinstance(entry[2], int)
        for kind, entry in found.items()
    )


def read_value(path: Path, offset: int, length: int) -> Any:
    """Raises one of UNREADABLE when the value cannot be read. Its bytes are read in one system
    call: a pickle loaded from a file asks for them in many small reads."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        data = os.pread(descriptor, length, offset)
    finally:
        os.close(descriptor)
    if len(data) != length:
        raise EOFError(f"{path} is cut short")
    return pickle.loads(data)


class PackFolder:
    """The packs of a cache folder, as this process knows them: by kind, where its newest value is.

    Other processes (a pool's workers) write packs of their own threads into the same folder:
    the folder is listed on first use, and again on a miss when it changed since."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Entry] | None = None
        self._live: dict[str, int] = {}
        """By pack: how many kinds it holds the newest value of (a pack with none is removed)."""
        self._read: set[str] = set()
        """The packs listed already, read or found unreadable: a new listing reads only the others."""
        self._dead: set[str] = set()
        """Packs to remove at `settle`: every value in them has a newer one, or they cannot be read."""
        self._listed_at: int | None = None
        """The folder's modification time when it was last listed."""
        self._writer: PackWriter | None = None
        self._aside: dict[str, Background[tuple[str, Index] | None]] = {}
        """By kind: a forked child writing a pack of its value."""

    def has(self, kind: str, key: str) -> bool:
        if self._writer is not None and self._writer.index.get(kind, ("",))[0] == key:
            return True
        if kind in self._aside:
            self._settle_aside(kind)
        if self._newest(kind, key) is not None:
            return True
        if not self._changed():
            return False
        self._list()
        return self._newest(kind, key) is not None

    def load(self, kind: str, key: str) -> Any | None:
        if not self.has(kind, key):
            return None
        try:
            if self._writer is not None and kind in self._writer.index:
                return self._writer.read(kind)
            entry = self._entries_now()[kind]
            return read_value(self.folder / entry.pack, entry.offset, entry.length)
        except UNREADABLE:
            return None

    def add(self, kind: str, key: str, value: Any) -> None:
        """The value into this process's pack, which `settle` puts in place."""
        try:
            if self._writer is None:
                self._writer = PackWriter(self.folder)
            self._writer.add(kind, key, value)
        except UNWRITABLE:
            pass

    def add_aside(self, kind: str, key: str, value: Any) -> None:
        """The value into a pack of its own, written by a forked child (a big value takes seconds to pickle)."""
        if kind in self._aside:
            self._settle_aside(kind)
        self._aside[kind] = Background(partial(write_pack, self.folder, kind, key, value))

    def settle(self) -> None:
        """Every value added put in place, and the packs that hold none of the newest removed."""
        for kind in list(self._aside):
            self._settle_aside(kind)
        if self._writer is not None:
            writer, self._writer = self._writer, None
            name = writer.close()
            if name is not None:
                self._take(name, writer.index)
        for name in self._dead:
            (self.folder / name).unlink(missing_ok=True)
        self._dead.clear()

    def _settle_aside(self, kind: str) -> None:
        written = self._aside.pop(kind).result()
        if written is not None:
            self._take(*written)

    def _newest(self, kind: str, key: str) -> Entry | None:
        entry = self._entries_now().get(kind)
        return entry if entry is not None and entry.key == key else None

    def _entries_now(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = {}
            self._list()
        return self._entries

    def _changed(self) -> bool:
        """Whether the folder changed since it was listed. Its time may not tell a pack put in place
        within the same tick of the clock as the listing: that pack's values are made again."""
        try:
            return os.stat(self.folder).st_mtime_ns != self._listed_at
        except OSError:
            return False

    def _list(self) -> None:
        try:
            self._listed_at = os.stat(self.folder).st_mtime_ns
            with os.scandir(self.folder) as found:
                listed = [e.name for e in found if e.name not in self._read]
        except OSError:
            return
        names = sorted(name for name in listed if name.endswith(SUFFIX))
        self._dead.update(name for name in listed if name.endswith(FORMER_SUFFIX))
        for name in names:  # oldest first: a newer value of a kind replaces the older
            index = read_index(self.folder / name)
            if index is None:
                self._read.add(name)
                self._dead.add(name)
            else:
                self._take(name, index)

    def _take(self, name: str, index: Index) -> None:
        """A pack in place: its values become the newest of their kinds, unless newer ones are known."""
        entries = self._entries_now()
        self._read.add(name)
        for kind, (key, offset, length) in index.items():
            old = entries.get(kind)
            if old is not None and old.pack > name:
                continue
            entries[kind] = Entry(key, name, offset, length)
            self._live[name] = self._live.get(name, 0) + 1
            if old is not None:
                self._drop(old.pack)
        if name not in self._live:
            self._dead.add(name)

    def _drop(self, pack: str) -> None:
        """One kind's newest value is no longer in `pack`."""
        self._live[pack] -= 1
        if not self._live[pack]:
            del self._live[pack]
            self._dead.add(pack)
