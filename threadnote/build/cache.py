"""Remember detected threads and parsed notes files by content stamp, in memory and on disk.

Detection is the slow stage and depends only on a thread's text, the quote settings and the code,
so a rebuild after editing a note loads it instead of redoing it. The disk copy is pickles in pack
files in the site's cache folder (see packs.py): it is only ever read back by the same user's builds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

from .background import can_fork
from .fragments import Fragments
from .packs import PackFolder

CACHE_DIR = ".threadnote-cache"
T = TypeVar("T")


class BuildCache:
    """Values by kind and stamp, one per kind, in memory and (when `folder` is given) on disk.

    Kinds are told apart whole, even when one kind's name starts with another's (`detect-bridge`
    and `detect-bridge-vote`)."""

    def __init__(self, folder: Path | None = None, session: bool = True) -> None:
        """`session`: the cache serves several builds in one process (`serve`), and keeps for them
        what a single build would only have to let go."""
        self.folder = folder
        self.session = session
        self.memory: dict[str, tuple[object, Any]] = {}
        """By kind: its one key and value. Indexed by kind, so that an insert costs the same at
        4,000 threads as at one (a scan of every entry per insert made big archives quadratic)."""
        self.packs = PackFolder(folder) if folder is not None else None
        """The disk copy, one pack per batch of values (see `settle`)."""
        self.fragments = Fragments() if session else None
        """Rendered pieces kept between builds in one process; None outside a session."""
        self.kept: dict[str, Any] | None = {} if session else None
        """Leftovers of a build that the next one in this process starts from (see `between_builds`)."""

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
        return (found is not None and found[0] == key) or (self.packs is not None and self.packs.has(kind, key))

    def trim(self, threads: Collection[str]) -> None:
        """A build's end; `threads` are the slugs the site still has."""
        if self.fragments is not None:
            self.fragments.end_build(threads)

    def get(self, kind: str, key: str) -> Any | None:
        found = self.memory.get(kind)
        if found is not None and found[0] == key:
            return found[1]
        value = self.packs.load(kind, key) if self.packs is not None else None
        if value is not None:
            self.memory[kind] = (key, value)
        return value

    def latest(self, kind: str) -> Any | None:
        """Whatever was last put for `kind`, whatever its key (a stale but usable value)."""
        found = self.memory.get(kind)
        return found[1] if found is not None else None

    def put(self, kind: str, key: str, value: Any, background: bool = False) -> None:
        """Remember `value`; its disk copy goes into this process's pack, put in place at `settle`.
        With `background`, a forked child writes it (pickling a big detected thread takes a
        second that the build can spend on its next stage)."""
        # one value per kind, in memory as on disk: a long `serve` session must not pile them up
        self.memory[kind] = (key, value)
        if self.packs is None:
            return
        if background and can_fork():
            self.packs.add_aside(kind, key, value)
        else:
            self.packs.add(kind, key, value)

    def settle(self) -> None:
        """The disk copies of the values put since the last call put in place (those written in
        the background waited for): the end of a build, or of a batch of threads in a worker."""
        if self.packs is not None:
            self.packs.settle()
