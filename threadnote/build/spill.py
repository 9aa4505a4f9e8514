"""Site-wide exports spilled to the build cache as they are read: each thread's comments found again by offset.

An export of hundreds of MB holds thousands of threads; a build that kept them all in memory
until its end (and copied them to every worker process) would need several times the file's
size. Each thread's comments are written instead to one spill file in the cache folder, which
the thread task (in any process, or on a Dask worker that sees the same folder) reads back alone.

A spill is named by the stamp of what it was read from (the exports' digests and the code): a
build whose exports have not changed reads its index and none of the exports. The index is
written last, under its name at once, and only once the spill it names is whole: an interrupted
build leaves only temporary files, which no build trusts and the next finished spill removes.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ..diagnostics import Diagnostic, error, has_errors
from ..model import Location
from ..readers.record import Export, add_piece

SPILL_DIR = "imports"
"""The cache's subfolder for spills."""
BATCH_BYTES = 8 << 20
"""Pieces wait in memory until they make this much, then are appended in one go: a thread's
comments may come in many pieces spread through an export."""
_SPILL = ".spill"
_INDEX = ".index"
_PARTIAL = ".partial"


@dataclass(frozen=True, slots=True)
class SpillRef:
    """Where one thread's pieces are in a spill file."""

    file: Path
    ranges: tuple[tuple[int, int], ...]
    """Offset and length of each run of the thread's pieces, in the order they were read."""


@dataclass(frozen=True, slots=True)
class Spilled:
    """One thread as spilled: what a build keeps of it until its task reads it back."""

    path: str
    """The export it came from first (relative to the site root), for diagnostics."""
    digest: str
    """SHA-256 of its spilled bytes: the same comments give the same digest, from any export."""
    size: int
    ref: SpillRef


@dataclass(frozen=True, slots=True)
class SpillIndex:
    """What a spill holds: each thread by slug, and what reading the exports told."""

    threads: dict[str, Spilled]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(slots=True)
class _Pending:
    path: str
    hashed: hashlib._Hash = field(default_factory=hashlib.sha256)
    size: int = 0
    ranges: list[tuple[int, int]] = field(default_factory=list)
    waiting: list[bytes] = field(default_factory=list)


Piece = tuple[str, str, Export]
"""A piece of a thread as read: its slug, the export it is from, and the thread's header with
some (or all) of its comments."""


def write_spill(folder: Path, key: str, pieces: Iterable[Piece], diagnostics: list[Diagnostic]) -> SpillIndex:
    """Every piece appended, in batches, to a new spill named `key`, then indexed with what reading
    told (`diagnostics`, complete once `pieces` is) and made the one later builds find; earlier
    spills in the folder are removed. Nothing is kept of a spill whose reading was stopped."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{key}.{os.getpid()}{_PARTIAL}"
    try:
        with open(partial, "wb") as out:
            threads = _append(out, pieces)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    file = folder / f"{key}{_SPILL}"
    os.replace(partial, file)
    index = SpillIndex({slug: Spilled(p.path, p.hashed.hexdigest(), p.size, SpillRef(file, tuple(p.ranges)))
                        for slug, p in threads.items()}, tuple(diagnostics))
    partial_index = folder / f"{key}.{os.getpid()}{_INDEX}{_PARTIAL}"
    partial_index.write_bytes(pickle.dumps(index, pickle.HIGHEST_PROTOCOL))
    os.replace(partial_index, folder / f"{key}{_INDEX}")
    _remove_others(folder, key)
    return index


def _append(out: BinaryIO, pieces: Iterable[Piece]) -> dict[str, _Pending]:
    threads: dict[str, _Pending] = {}
    waiting = 0
    for slug, path, piece in pieces:
        data = pickle.dumps(piece, pickle.HIGHEST_PROTOCOL)
        pending = threads.setdefault(slug, _Pending(path))
        pending.hashed.update(data)
        pending.size += len(data)
        pending.waiting.append(data)
        waiting += len(data)
        if waiting >= BATCH_BYTES:
            _flush(out, threads.values())
            waiting = 0
    _flush(out, threads.values())
    return threads


def _flush(out: BinaryIO, threads: Iterable[_Pending]) -> None:
    """Each thread's waiting pieces appended as one run."""
    for pending in threads:
        if pending.waiting:
            data = b"".join(pending.waiting)
            pending.ranges.append((out.tell(), len(data)))
            out.write(data)
            pending.waiting.clear()


def find_spill(folder: Path, key: str) -> SpillIndex | None:
    """The finished spill of that key, or None (never made, removed, unreadable, or of a failed read)."""
    try:
        index = pickle.loads((folder / f"{key}{_INDEX}").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    file = folder / f"{key}{_SPILL}"
    # a read that failed is done again: its failure may have been the moment's (a file being saved)
    if not isinstance(index, SpillIndex) or has_errors(index.diagnostics) or not _whole(file, index):
        return None
    # the folder may have been reached by another path when the index was written
    threads = {slug: replace(s, ref=replace(s.ref, file=file)) for slug, s in index.threads.items()}
    return replace(index, threads=threads)


def _whole(file: Path, index: SpillIndex) -> bool:
    """Whether the spill file is still all there (a damaged one is caught by its digests on load)."""
    end = max((offset + length for spilled in index.threads.values() for offset, length in spilled.ref.ranges), default=0)
    try:
        return file.stat().st_size >= end
    except OSError:
        return False


def load_spilled(spilled: Spilled) -> tuple[Export | None, list[Diagnostic]]:
    """One thread read back from its spill, checked against its digest."""
    ref = spilled.ref
    try:
        with open(ref.file, "rb") as file:
            data = b"".join(_read_range(file, offset, length) for offset, length in ref.ranges)
    except OSError as exc:
        return None, [_damaged(spilled, f"cannot be read ({exc.strerror})")]
    if hashlib.sha256(data).hexdigest() != spilled.digest:
        return None, [_damaged(spilled, "is damaged")]
    stream = io.BytesIO(data)
    del data
    export: Export = pickle.load(stream)
    while stream.tell() < len(stream.getbuffer()):
        add_piece(export, pickle.load(stream))
    return export, []


def _read_range(file: BinaryIO, offset: int, length: int) -> bytes:
    file.seek(offset)
    return file.read(length)


def _damaged(spilled: Spilled, what: str) -> Diagnostic:
    # its index goes with it, so that the next build reads the exports again rather than trust it
    (spilled.ref.file.with_suffix(_INDEX)).unlink(missing_ok=True)
    return error(Location(spilled.path), f"the build cache's copy of this export {what}: build again")


def _remove_others(folder: Path, key: str) -> None:
    """Spills of older exports, and what builds that were stopped left (their process is gone)."""
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith(key + ".") and not name.endswith(_PARTIAL):
            continue
        if name.endswith(_PARTIAL) and _running(name):
            continue
        entry.unlink(missing_ok=True)


def _running(partial_name: str) -> bool:
    """Whether the process that is writing this partial file still runs."""
    pid = partial_name.split(".")[1]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
