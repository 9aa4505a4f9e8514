"""The only writer. A full build is staged beside the output and swapped in at once; a rebuild
rewrites only the files whose stamps changed, each through a temporary file."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import ProgressCallback
from ..render.site import Content, Output
from .background import can_fork
from .fragments import Fragments

MANIFEST = ".threadnote-manifest.json"
"""Stamps of the files of the last build, kept in the output folder so both go together."""
PARALLEL_FROM = 24
"""Fewer files than this are made in this process: forking costs more than it saves."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def write_site(
    outputs: Sequence[Output], out_dir: Path, jobs: int = 1, progress: ProgressCallback | None = None,
    fragments: Fragments | None = None,
) -> WriteReport:
    """Bring `out_dir` up to date with `outputs`; on any failure the previous output stays whole.

    `fragments` receive the pieces that forked workers make, for the next build in this process."""
    out_dir = out_dir.resolve()
    previous = _read_manifest(out_dir)
    if previous is None:
        return _write_all(outputs, out_dir, jobs, progress or _silent, fragments)
    return _write_changed(outputs, out_dir, previous)


def _read_manifest(out_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _manifest(outputs: Sequence[Output]) -> bytes:
    stamps = {str(o.path): o.stamp for o in outputs}
    return (json.dumps(stamps, indent=0, sort_keys=True) + "\n").encode("utf-8")


def _write_all(
    outputs: Sequence[Output], out_dir: Path, jobs: int, progress: ProgressCallback, fragments: Fragments | None
) -> WriteReport:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _make_all(outputs, staging, jobs, progress, fragments)
        (staging / MANIFEST).write_bytes(_manifest(outputs))
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return WriteReport(len(outputs), 0, 0)


def _write_changed(outputs: Sequence[Output], out_dir: Path, previous: dict[str, str]) -> WriteReport:
    """Make every changed file beside its place first, then put them all in place, so a failure
    writes nothing."""
    changed = [o for o in outputs if previous.get(str(o.path)) != o.stamp or not (out_dir / o.path).is_file()]
    made: list[tuple[Path, Path]] = []
    try:
        for output in changed:
            target = out_dir / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            made.append((_temporary(target), target))
            _write_file(made[-1][0], output.make())
    except BaseException:
        for temporary, _ in made:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in made:
        os.replace(temporary, target)
    current = {str(o.path) for o in outputs}
    stale = [path for path in previous if path not in current]
    for path in stale:
        (out_dir / path).unlink(missing_ok=True)
    manifest = _temporary(out_dir / MANIFEST)
    _write_file(manifest, _manifest(outputs))
    os.replace(manifest, out_dir / MANIFEST)
    return WriteReport(len(made), len(outputs) - len(made), len(stale))


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _write_file(path: Path, content: Content) -> None:
    """Big contents come in pieces, each written as it is made."""
    with path.open("wb") as file:
        if isinstance(content, bytes):
            file.write(content)
        elif isinstance(content, str):
            file.write(content.encode("utf-8"))
        else:
            for piece in content:
                file.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))


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
    target = Path(staging).joinpath(*output.path.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_file(target, output.make())


def _silent(stage: str, done: int, total: int) -> None:
    """No progress wanted."""


def _make_all(
    outputs: Sequence[Output], staging: Path, jobs: int, progress: ProgressCallback, fragments: Fragments | None
) -> None:
    global _PENDING, _FRAGMENTS
    staging.mkdir(parents=True)
    parallel = jobs > 1 and len(outputs) >= PARALLEL_FROM and can_fork()
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
