"""The only writer. A full build is staged beside the output and swapped in at once; a rebuild
rewrites only the files whose stamps changed, each through a temporary file."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model import ProgressCallback
from ..render.site import Content, Output
from .background import can_fork
from .fragments import Fragments

MANIFEST = ".threadnote-manifest.json"
"""Stamps of the files of the last build, kept in the output folder so both go together."""
PARALLEL_FROM = 24
"""Fewer files than this are made in this process: forking costs more than it saves."""
FINISH_FROM_END = 16_384
"""Bytes at the end of a page where `finish` looks for its mark first (a page's footer is shorter)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


class SiteWriter:
    """Brings `out_dir` up to date with the outputs it is given, as they come (a build hands over
    each thread's files when its task is done, and lets them go); on any failure, or an `abort`,
    the previous output stays whole.

    With no previous output, files go to a staging folder swapped in at `commit`; otherwise each
    changed file goes beside its place first, and all are put in place at `commit`.
    `fragments` receive the pieces that forked workers make, for the next build in this process."""

    def __init__(self, out_dir: Path, jobs: int = 1, progress: ProgressCallback | None = None, fragments: Fragments | None = None) -> None:
        self.out_dir = out_dir.resolve()
        self.previous = _read_manifest(self.out_dir)
        self.jobs, self.progress, self.fragments = jobs, progress or _silent, fragments
        self.stamps: dict[str, str] = {}
        self.made: dict[Path, Path] = {}
        """Places and their temporary files (a rebuild)."""
        self.staging = self.out_dir.with_name(f".{self.out_dir.name}.new-{os.getpid()}")
        if self.previous is None:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir(parents=True)

    def unchanged(self) -> dict[str, dict[str, str]]:
        """The stamps of the files in place, by their first folder (a thread's slug): what a
        thread task on another process needs to know to make only the files that changed."""
        found: dict[str, dict[str, str]] = {}
        for path, file_stamp in (self.previous or {}).items():
            if (self.out_dir / path).is_file():
                found.setdefault(path.partition("/")[0], {})[path] = file_stamp
        return found

    def add(self, outputs: Sequence[Output], seen_in_place: bool = False, made: bool = False) -> None:
        """`seen_in_place`: these outputs are the very ones of the last build in this process,
        whose files are not looked for again (a save in `serve` would otherwise stat every file
        of every thread). `made`: their bytes were made by another process (no worker is
        started to write them; the site's own pages, after them, still get the workers)."""
        try:
            if self.previous is None:
                _make_all(outputs, self.staging, 1 if made else self.jobs, self.progress, self.fragments)
            else:
                self._add_changed(outputs, seen_in_place)
        except BaseException:
            self.abort()
            raise
        self.stamps.update((str(o.path), o.stamp) for o in outputs)

    def _add_changed(self, outputs: Sequence[Output], seen_in_place: bool) -> None:
        assert self.previous is not None
        for output in outputs:
            same = self.previous.get(str(output.path)) == output.stamp
            if same and seen_in_place:
                continue
            target = self.out_dir / output.path
            if same and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made[target] = _temporary(target)
            _write_file(self.made[target], output.make())

    def finish(self, path: PurePosixPath, file_stamp: str, mark: bytes, text: bytes) -> None:
        """A file added unfinished (a page made before its thread's neighbours were known), made
        final now: `text` in place of the last `mark` in it, `file_stamp` its stamp."""
        self.stamps[str(path)] = file_stamp
        if self.previous is None:
            written = self.staging.joinpath(*path.parts)
        else:
            target = self.out_dir / path
            written = self.made[target]
            if self.previous.get(str(path)) == file_stamp and target.is_file():
                written.unlink()  # the same as the file in place after all
                del self.made[target]
                return
        try:
            _replace_last(written, mark, text)
        except BaseException:
            self.abort()
            raise

    def commit(self) -> WriteReport:
        try:
            manifest = _manifest(self.stamps)
            if self.previous is None:
                return self._swap(manifest)
            return self._replace(manifest)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Leave the previous output as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
        for temporary in self.made.values():
            temporary.unlink(missing_ok=True)
        self.made = {}

    def _swap(self, manifest: bytes) -> WriteReport:
        old = self.out_dir.with_name(f".{self.out_dir.name}.old-{os.getpid()}")
        (self.staging / MANIFEST).write_bytes(manifest)
        try:
            if self.out_dir.exists():
                self.out_dir.rename(old)
            self.staging.rename(self.out_dir)
        except BaseException:
            if old.exists() and not self.out_dir.exists():
                old.rename(self.out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return WriteReport(len(self.stamps), 0, 0)

    def _replace(self, manifest: bytes) -> WriteReport:
        assert self.previous is not None
        for target, temporary in self.made.items():
            os.replace(temporary, target)
        stale = [path for path in self.previous if path not in self.stamps]
        for path in stale:
            (self.out_dir / path).unlink(missing_ok=True)
        temporary = _temporary(self.out_dir / MANIFEST)
        _write_file(temporary, manifest)
        os.replace(temporary, self.out_dir / MANIFEST)
        return WriteReport(len(self.made), len(self.stamps) - len(self.made), len(stale))


def _read_manifest(out_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _manifest(stamps: dict[str, str]) -> bytes:
    """The bytes `json.dumps(stamps, indent=0, sort_keys=True)` gives, by JSON's C encoder (any
    `indent` makes json use its Python one, twice as slow: serve writes this on every save)."""
    if not stamps:
        return b"{}\n"
    return ("{\n" + json.dumps(stamps, separators=(",\n", ": "), sort_keys=True)[1:-1] + "\n}\n").encode("utf-8")


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _write_file(path: Path, content: Content) -> None:
    """Big contents come in pieces, each written as it is made; a whole one is handed to the
    system at once (a Python file object costs three more system calls, on every page)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if isinstance(content, bytes):
        _write_bytes(path, content)
        return
    with path.open("wb") as file:
        for piece in content:
            file.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
"""What `open(path, "wb")` asks of the system."""


def _write_bytes(path: Path, data: bytes) -> None:
    descriptor = os.open(path, WRITE_FLAGS, 0o666)
    try:
        left = memoryview(data)
        while left:  # a write may take only part of a big file
            left = left[os.write(descriptor, left) :]
    finally:
        os.close(descriptor)


_PENDING: Sequence[Output] = ()
"""Outputs handed to forked workers by inheritance, so closures need no pickling."""


_FRAGMENTS: Fragments | None = None
"""The build's fragments, as a forked worker inherits them."""


def _make_one_of(task: tuple[int, str]) -> dict[str, str]:
    """In a forked worker: make one file, and hand back the pieces that making it rendered."""
    _make_one(*task)
    return _FRAGMENTS.made_since_mark() if _FRAGMENTS is not None else {}


def _make_one(index: int, staging: str) -> None:
    output = _PENDING[index]
    _write_file(Path(staging).joinpath(*output.path.parts), output.make())


def _replace_last(path: Path, mark: bytes, text: bytes) -> None:
    """`text` in place of the last `mark` in the file, which is near its end: only the end is
    read and written again (the whole file when the mark is further up, or not there)."""
    with path.open("r+b") as file:
        size = file.seek(0, os.SEEK_END)
        start = max(0, size - FINISH_FROM_END)
        file.seek(start)
        end = file.read()
        found = end.rfind(mark)
        if found < 0 and start > 0:
            file.seek(0)
            start, end = 0, file.read()
            found = end.rfind(mark)
        if found < 0:
            return
        file.seek(start + found)
        file.write(text + end[found + len(mark) :])
        file.truncate()


def _silent(stage: str, done: int, total: int) -> None:
    """No progress wanted."""


def _make_all(
    outputs: Sequence[Output], staging: Path, jobs: int, progress: ProgressCallback, fragments: Fragments | None
) -> None:
    """Make every file in `staging`: a big thread's pages on forked workers (from PARALLEL_FROM files)."""
    global _PENDING, _FRAGMENTS
    parallel = jobs > 1 and len(outputs) >= PARALLEL_FROM and can_fork()
    for folder in {o.path.parent for o in outputs}:  # once each: a thread's files share one
        staging.joinpath(*folder.parts).mkdir(parents=True, exist_ok=True)
    _PENDING, _FRAGMENTS = outputs, fragments
    try:
        if not parallel:
            for index in range(len(outputs)):
                _make_one(index, str(staging))
                progress("write", index + 1, len(outputs))
            return
        local = [i for i, output in enumerate(outputs) if output.local]
        if fragments is not None:
            fragments.made_since_mark()  # from here on, what a worker hands back it made itself
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            work = pool.imap_unordered(_make_one_of, [(i, str(staging)) for i in range(len(outputs)) if not outputs[i].local])
            for index in local:  # meanwhile, in this process, which would only wait
                _make_one(index, str(staging))
            for done, pieces in enumerate(work, len(local) + 1):
                if fragments is not None:
                    fragments.absorb(pieces)
                progress("write", done, len(outputs))
    finally:
        _PENDING, _FRAGMENTS = (), None
