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
T = TypeVar("T")


class BuildCache:
    """Values by kind and stamp, one per kind, in memory and (when `folder` is given) on disk.

    Keys are stamps (hexadecimal), so `kind-key` names tell their kind apart even when one kind's
    name starts with another's (`detect-bridge` and `detect-bridge-vote`)."""

    def __init__(self, folder: Path | None = None, session: bool = True) -> None:
        """`session`: the cache serves several builds in one process (`serve`), and keeps for them
        what a single build would only have to let go."""
        self.folder = folder
        self.memory: dict[str, Any] = {}
        self.fragments = Fragments() if session else None
        """Rendered pieces kept between builds in one process; None outside a session."""
        self.kept: dict[str, Any] | None = {} if session else None
        """Leftovers of a build that the next one in this process starts from (see `between_builds`)."""
        self.writers: list[Background[None]] = []

    def memo(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """`make()`, remembered in memory only (compiled templates, merged structures: the next
        process would not gain by reading them from disk), one per kind."""
        name = f"{kind}-{key}"
        if name not in self.memory:
            self._forget(kind)
            self.memory[name] = make()
        return self.memory[name]  # type: ignore[no-any-return]

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
        name = f"{kind}-{key}"
        return name in self.memory or (self.folder is not None and (self.folder / f"{name}.pickle").is_file())

    def trim(self, threads: Collection[str]) -> None:
        """A build's end; `threads` are the slugs the site still has."""
        if self.fragments is not None:
            self.fragments.end_build(threads)

    def get(self, kind: str, key: str) -> Any | None:
        name = f"{kind}-{key}"
        if name in self.memory:
            return self.memory[name]
        if self.folder is None:
            return None
        try:
            value = pickle.loads((self.folder / f"{name}.pickle").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None
        self.memory[name] = value
        return value

    def latest(self, kind: str) -> Any | None:
        """Whatever was last put for `kind`, whatever its key (a stale but usable value)."""
        return next((value for name, value in self.memory.items() if _kind_of(name) == kind), None)

    def put(self, kind: str, key: str, value: Any, background: bool = False) -> None:
        """Remember `value`; with `background`, a forked child writes the disk copy (pickling a
        big detected thread takes a second that the build can spend on its next stage)."""
        name = f"{kind}-{key}"
        # one value per kind, in memory as on disk: a long `serve` session must not pile them up
        self._forget(kind)
        self.memory[name] = value
        if self.folder is None:
            return
        if background and can_fork():
            self.writers.append(Background(partial(self._write, kind, name, value)))
        else:
            self._write(kind, name, value)

    def settle(self) -> None:
        """Wait for the disk copies being written in the background."""
        for writer in self.writers:
            writer.result()
        self.writers.clear()

    def _forget(self, kind: str) -> None:
        for stale in [name for name in self.memory if _kind_of(name) == kind]:
            del self.memory[stale]

    def _write(self, kind: str, name: str, value: Any) -> None:
        assert self.folder is not None
        temporary = self.folder / f".{name}.tmp-{os.getpid()}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{kind}-*.pickle"):  # one entry per kind is enough
                if _kind_of(old.stem) == kind:
                    old.unlink(missing_ok=True)
            with temporary.open("wb") as file:  # streamed: no second copy of a big value in memory
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.folder / f"{name}.pickle")
        except (OSError, pickle.PicklingError, AttributeError, TypeError, ValueError, RecursionError):
            return  # disk full, a value pickle refuses: either way only time is lost
        finally:
            temporary.unlink(missing_ok=True)


def _kind_of(name: str) -> str:
    return name.rpartition("-")[0]
