"""Remember detected threads and parsed notes files by content stamp, in memory and on disk.

Detection is the slow stage and depends only on a thread's text, the quote settings and the code,
so a rebuild after editing a note loads it instead of redoing it. The disk copy is a pickle in
the site's cache folder: it is only ever read back by the same user's builds.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .background import Background, can_fork
from .fragments import Fragments

CACHE_DIR = ".threadnote-cache"
UNWRITABLE = (OSError, pickle.PicklingError, AttributeError, TypeError, ValueError, RecursionError)
"""Why a disk copy may not be written (disk full, a value pickle refuses): either way only time is lost."""
T = TypeVar("T")


class BuildCache:
    """Values by kind and stamp, one per kind, in memory and (when `folder` is given) on disk.

    Keys are stamps (hexadecimal), so `kind-key` names tell their kind apart even when one kind's
    name starts with another's (`detect-bridge` and `detect-bridge-vote`)."""

    def __init__(self, folder: Path | None = None, session: bool = True) -> None:
        """`session`: the cache serves several builds in one process (`serve`), and keeps for them
        what a single build would only have to let go."""
        self.folder = folder
        self.session = session
        self.memory: dict[str, tuple[object, Any]] = {}
        """By kind: its one key and value. Indexed by kind, so that an insert costs the same at
        4,000 threads as at one (a scan of every entry per insert made big archives quadratic)."""
        self._on_disk: dict[str, str] | None = None
        """By kind: the key of its file in `folder`, listed once (see `_disk`)."""
        self.fragments = Fragments() if session else None
        """Rendered pieces kept between builds in one process; None outside a session."""
        self.kept: dict[str, Any] | None = {} if session else None
        """Leftovers of a build that the next one in this process starts from (see `between_builds`)."""
        self.writers: list[Background[None]] = []

    def memo(self, kind: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, remembered in memory only (compiled templates, merged structures: the next
        process would not gain by reading them from disk), one per kind. `key` is a stamp, or
        any value compared by `==` (a tuple of the very objects the value was made from)."""
        found = self.memory.get(kind)
        if found is None or found[0] != key:
            found = self.memory[kind] = (key, make())
        return found[1]

    def between_builds(self, name: str, make: Callable[[], T]) -> T | None:
        """An object kept for the next builds in this process (the last parse of a notes file),
        made on first use; None for a cache that serves a single build."""
        if self.kept is None:
            return None
        if name not in self.kept:
            self.kept[name] = make()
        return self.kept[name]  # type: ignore[no-any-return]

    def subfolder(self, name: str) -> Path | None:
        """A folder of the disk cache for others to keep files in (None when there is no disk cache)."""
        if self.folder is None:
            return None
        try:
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return self.folder / name

    def known(self, kind: str, key: str) -> bool:
        """Whether the value is in memory, or on disk for get() to load."""
        found = self.memory.get(kind)
        return (found is not None and found[0] == key) or self._on_disk_now(kind, key)

    def trim(self, threads: Collection[str]) -> None:
        """A build's end; `threads` are the slugs the site still has."""
        if self.fragments is not None:
            self.fragments.end_build(threads)

    def get(self, kind: str, key: str) -> Any | None:
        found = self.memory.get(kind)
        if found is not None and found[0] == key:
            return found[1]
        if self.folder is None or not self._on_disk_now(kind, key):
            return None
        try:
            value = pickle.loads((self.folder / f"{kind}-{key}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None
        self.memory[kind] = (key, value)
        return value

    def latest(self, kind: str) -> Any | None:
        """Whatever was last put for `kind`, whatever its key (a stale but usable value)."""
        found = self.memory.get(kind)
        return found[1] if found is not None else None

    def put(self, kind: str, key: str, value: Any, background: bool = False) -> None:
        """Remember `value`; with `background`, a forked child writes the disk copy (pickling a
        big detected thread takes a second that the build can spend on its next stage)."""
        # one value per kind, in memory as on disk: a long `serve` session must not pile them up
        self.memory[kind] = (key, value)
        if self.folder is None:
            return
        stale = self._disk().get(kind)
        self._disk()[kind] = key
        if background and can_fork():
            self.writers.append(Background(partial(self._write, kind, key, stale, value)))
        else:
            self._write(kind, key, stale, value)

    def settle(self) -> None:
        """Wait for the disk copies being written in the background."""
        for writer in self.writers:
            writer.result()
        self.writers.clear()

    def _on_disk_now(self, kind: str, key: str) -> bool:
        """Whether the disk holds this value, listed or written since by another process (a pool's
        worker runs several batches of a build: the values its fellows wrote count too)."""
        if self._disk().get(kind) == key:
            return True
        if self.folder is None or not (self.folder / f"{kind}-{key}.pickle").is_file():
            return False
        self._disk()[kind] = key
        return True

    def _disk(self) -> dict[str, str]:
        """The kinds on disk and their keys, listed on first use only: other processes that share
        the folder (a pool's workers) each write kinds of their own threads."""
        if self._on_disk is None:
            self._on_disk = {}
            try:
                for path in self.folder.glob("*.pickle") if self.folder is not None else ():
                    kind, _, key = path.stem.rpartition("-")
                    self._on_disk[kind] = key
            except OSError:
                pass
        return self._on_disk

    def _write(self, kind: str, key: str, stale: str | None, value: Any) -> None:
        """The disk copy, through a temporary file. A build writes one per thread, so each system
        call counts: the folder is made only when it is missing, and the temporary file is
        removed only when it was not put in place."""
        assert self.folder is not None
        temporary = self.folder / f".{kind}-{key}.tmp-{os.getpid()}"
        try:
            if stale is not None and stale != key:  # one entry per kind is enough
                (self.folder / f"{kind}-{stale}.pickle").unlink(missing_ok=True)
            try:
                file = temporary.open("wb")
            except FileNotFoundError:
                self.folder.mkdir(parents=True, exist_ok=True)
                file = temporary.open("wb")
            with file:  # streamed: no second copy of a big value in memory
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.folder / f"{kind}-{key}.pickle")
        except BaseException as exc:
            temporary.unlink(missing_ok=True)  # no half-written file stays
            if not isinstance(exc, UNWRITABLE):
                raise
