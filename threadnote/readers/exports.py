"""The choice of export reader, from a thread file's name and first bytes, never from a setting alone."""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from itertools import chain
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, error
from ..model import Location
from .discourse import read_discourse
from .disqus import stream_disqus
from .hackernews import stream_hackernews
from .mbox import read_mbox
from .record import STRUCTURE_ERRORS, Export, Streamed, gathered, streaming, wide_encoding
from .reddit import stream_reddit
from .staticman import read_staticman
from .wxr import stream_wxr
from .xmltree import CHUNK, Chunks, pieces

Read = tuple[list[Export], list[Diagnostic]]
Reader = Callable[[Chunks, str], Streamed]
"""An export format's reader: the file's chunks and its path in, its threads and problems out."""
EXPORT_FILES = ("thread.mbox", "thread.xml", "thread.json", "comments")
"""The names an export takes in `content/<slug>/` (`comments` is a Staticman folder)."""
JSON_NAMES = (".json", ".jsonl", ".ndjson")
"""A JSON export's endings: JSON Lines (a dump of one item a line) may be named `imports:` as either of the last two."""
GZIP_MAGIC = b"\x1f\x8b"
MAX_UNZIPPED = 4 << 30
"""A gzipped export larger than this once unzipped (4 GiB) is refused: a zip bomb, not comments."""
SNIFFED = 1 << 20
"""How far into a file its format is looked for."""
DECLARED_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*encoding=[\"'])[A-Za-z0-9._-]*")


def _whole(reader: Callable[[bytes, str], Read]) -> Reader:
    """A reader of a one-thread format, which needs the whole file: its chunks joined."""
    return _read_at_once(lambda chunks, path: reader(b"".join(chunks), path))


def _read_at_once(reader: Callable[[Chunks, str], Read]) -> Reader:
    """A reader that gives all its threads at once, as a stream of them."""
    def streamed(chunks: Chunks, path: str) -> Streamed:
        threads, diagnostics = reader(chunks, path)
        return Streamed(threads, diagnostics)
    return streamed


DISCOURSE_TOPIC = re.compile(rb'"post_stream"\s*:')
"""A Discourse topic, told before the other JSON formats: its reader is given the forum site.yaml names."""
JSON_FORMATS: tuple[tuple[re.Pattern[bytes], Reader], ...] = (
    (re.compile(rb'"kind"\s*:\s*"(?:Listing|t1|more)"|"things"\s*:|"link_id"\s*:\s*"t3_'), stream_reddit),
    (re.compile(rb'"type"\s*:\s*"(?:story|comment|job|poll|pollopt)"|"story_id"\s*:'), stream_hackernews),
)
XML_FORMATS: tuple[tuple[re.Pattern[bytes], Reader], ...] = (
    (re.compile(rb"<disqus\b[^>]*http://disqus\.com"), stream_disqus),
    (re.compile(rb"<rss\b[^>]*wordpress\.org/export/"), stream_wxr),
)


class Unreadable(Exception):
    """The file cannot be read on (a read failed, it changed, its gzip is broken): told as its error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_export(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Every thread the file holds, whole (a site-wide Disqus or WXR export holds many)."""
    return gathered(stream_export(data, path))


def stream_export(data: bytes | Chunks, path: str, forum: str | None = None) -> Streamed:
    """The file's threads as they are read; a gzipped export (`.xml.gz`, as Disqus sends them) is
    read through, up to MAX_UNZIPPED bytes. An XML export is read chunk by chunk and handed on
    in pieces as it goes (see Streamed); so are Hacker News and Reddit dumps (a list of items or
    listings, or JSON Lines), a value at a time. A one-thread document (a Reddit listing, an
    Algolia tree, a Discourse topic) is parsed whole (up to jsonstream.MAX_DOCUMENT), as are an
    mbox thread and a Staticman folder. `forum`: the address of the forum a Discourse topic is
    from, as site.yaml gives it."""
    return streaming(lambda streamed: _pieces(data, path, streamed, forum))


def _pieces(data: bytes | Chunks, path: str, streamed: Streamed, forum: str | None) -> Iterator[Export]:
    name = PurePosixPath(path).name
    try:
        head, chunks = _head(iter(pieces(data)), len(GZIP_MAGIC))
        if head[:2] == GZIP_MAGIC:
            head, chunks = _head(_gunzipped(chain([head], chunks)), SNIFFED)
            name = name.removesuffix(".gz")
        else:
            head, chunks = _head(chain([head], chunks), SNIFFED)
        head, chunks = _narrowed(head, chunks)
        if not head.strip():
            streamed.diagnostics.append(error(Location(path, 1), "the file is empty: an export was cut off or not written"))
            return
        reader = export_reader(name, head, forum)
        if reader is None:
            streamed.diagnostics.append(error(Location(path, 1), f"'{name}' is none of the formats read here: "
                                                                 "see the README's list of exports"))
            return
        rest = chain(pieces(head), chunks)
        del head  # the reader lets each chunk go once it is parsed: a name here would hold the first MiB to the end
        read = reader(rest, path)
        yield from read.pieces
        streamed.diagnostics += read.diagnostics
        streamed.broken = read.broken
    except Unreadable as exc:
        streamed.broken = True
        streamed.diagnostics.append(error(Location(path), exc.message))
    except STRUCTURE_ERRORS as exc:
        # A reader checks the fields it reads, but an export is outside data of any shape (a
        # listing where a mapping belongs, a MIME tree nested past Python's stack): what slips
        # through is told about the file, never raised.
        streamed.broken = True
        streamed.diagnostics.append(error(Location(path), f"the file is not the shape of its format ({type(exc).__name__}: {exc})"))


def _head(chunks: Iterator[bytes], size: int) -> tuple[bytes, Iterator[bytes]]:
    """The first `size` bytes at least (fewer in a shorter file), and the chunks after them."""
    taken: list[bytes] = []
    held = 0
    while held < size and (chunk := next(chunks, None)) is not None:
        taken.append(chunk)
        held += len(chunk)
    return b"".join(taken), chunks


def _gunzipped(chunks: Chunks) -> Iterator[bytes]:
    """The unzipped bytes, CHUNK at a time however well they compress, refused past MAX_UNZIPPED."""
    unzipped = zlib.decompressobj(wbits=31)
    total = 0
    for chunk in chunks:
        while chunk:
            try:
                out = unzipped.decompress(chunk, CHUNK)
            except zlib.error as exc:
                raise Unreadable(f"not a whole gzip file: {exc}") from None
            chunk = unzipped.unconsumed_tail
            total += len(out)
            if total > MAX_UNZIPPED:
                raise Unreadable(f"unzips to more than {MAX_UNZIPPED} bytes: refused")
            yield out


def _narrowed(head: bytes, chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The file's head and chunks without a byte order mark (an mbox's first `From ` line must start
    the file), as UTF-8 where the mark is UTF-16's or UTF-32's (Windows tools write exports so), an
    XML declaration's encoding made to say so."""
    wide = wide_encoding(head)
    if wide is None:
        return head.removeprefix(codecs.BOM_UTF8), chunks
    bom, encoding = wide
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    return DECLARED_ENCODING.sub(rb"\1utf-8", decoder.decode(head.removeprefix(bom)).encode()), _decoded(chunks, decoder)


def _decoded(chunks: Iterator[bytes], decoder: codecs.IncrementalDecoder) -> Iterator[bytes]:
    for chunk in chunks:
        yield decoder.decode(chunk).encode()
    yield decoder.decode(b"", True).encode()


def export_reader(name: str, head: bytes, forum: str | None = None) -> Reader | None:
    if name == "comments":
        return _whole(read_staticman)
    if name.endswith(".mbox"):
        return _read_at_once(read_mbox)
    if name.endswith(JSON_NAMES) and DISCOURSE_TOPIC.search(head):
        return _read_at_once(partial(read_discourse, forum=forum))
    formats = JSON_FORMATS if name.endswith(JSON_NAMES) else XML_FORMATS
    return next((reader for pattern, reader in formats if pattern.search(head)), None)
