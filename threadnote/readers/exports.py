"""The choice of export reader, from a thread file's name and first bytes, never from a setting alone."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, error
from ..model import Location
from .discourse import read_discourse
from .disqus import read_disqus
from .hackernews import read_hackernews
from .mbox import read_mbox
from .record import STRUCTURE_ERRORS, Export
from .reddit import read_reddit
from .staticman import read_staticman
from .wxr import read_wxr

Reader = Callable[[bytes, str], tuple[list[Export], list[Diagnostic]]]
EXPORT_FILES = ("thread.mbox", "thread.xml", "thread.json", "comments")
"""The names an export takes in `content/<slug>/` (`comments` is a Staticman folder)."""
GZIP_MAGIC = b"\x1f\x8b"
MAX_UNZIPPED = 4 << 30
"""A gzipped export larger than this once unzipped (4 GiB) is refused: a zip bomb, not comments."""
SNIFFED = 1 << 20
"""How far into a file its format is looked for."""
JSON_FORMATS: tuple[tuple[re.Pattern[bytes], Reader], ...] = (
    (re.compile(rb'"post_stream"\s*:'), read_discourse),
    (re.compile(rb'"kind"\s*:\s*"(?:Listing|t1|more)"|"things"\s*:'), read_reddit),
    (re.compile(rb'"type"\s*:\s*"(?:story|comment|job|poll|pollopt)"|"story_id"\s*:'), read_hackernews),
)
XML_FORMATS: tuple[tuple[re.Pattern[bytes], Reader], ...] = (
    (re.compile(rb"<disqus\b[^>]*http://disqus\.com"), read_disqus),
    (re.compile(rb"<rss\b[^>]*wordpress\.org/export/"), read_wxr),
)


def read_export(data: bytes, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Every thread the file holds (a site-wide Disqus or WXR export holds many); a gzipped
    export (`.xml.gz`, as Disqus sends them) is read through, up to MAX_UNZIPPED bytes."""
    name = PurePosixPath(path).name
    if data[:2] == GZIP_MAGIC:
        unzipped = zlib.decompressobj(wbits=31)
        try:
            data = unzipped.decompress(data, MAX_UNZIPPED)
        except zlib.error as exc:
            return [], [error(Location(path), f"not a whole gzip file: {exc}")]
        if unzipped.unconsumed_tail:
            return [], [error(Location(path), f"unzips to more than {MAX_UNZIPPED} bytes: refused")]
        name = name.removesuffix(".gz")
    reader = export_reader(name, data[:SNIFFED])
    if reader is None:
        return [], [error(Location(path, 1), f"'{name}' is none of the formats read here: "
                                             "see the README's list of exports")]
    try:
        return reader(data, path)
    except STRUCTURE_ERRORS as exc:
        # A reader checks the fields it reads, but an export is outside data of any shape (a
        # listing where a mapping belongs, a MIME tree nested past Python's stack): what slips
        # through is told about the file, never raised.
        return [], [error(Location(path), f"the file is not the shape of its format ({type(exc).__name__}: {exc})")]


def export_reader(name: str, head: bytes) -> Reader | None:
    if name == "comments":
        return read_staticman
    if name.endswith(".mbox"):
        return read_mbox
    formats = JSON_FORMATS if name.endswith(".json") else XML_FORMATS
    return next((reader for pattern, reader in formats if pattern.search(head)), None)
