"""The only writer: put a whole site in place at once, or leave the old output untouched."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath


def write_site(files: Iterable[tuple[PurePosixPath, str | bytes]], out_dir: Path) -> int:
    """Write every file into a staging folder beside `out_dir`, then swap it in.

    If anything fails before the swap (a template error, a full disk) the staging folder is
    removed and the previous output stays as it was.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    count = 0
    try:
        for relative, content in files:
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
            count += 1
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return count
