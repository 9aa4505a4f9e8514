"""XML exports read chunk by chunk: the same repairs, diagnostics and threads wherever the chunks are cut, in bounded memory."""

from __future__ import annotations

import gzip
import re
import sys
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from export_support import FIXTURES, REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from threadnote.build.sources import load_site
from threadnote.detect.exported import load_export
from threadnote.diagnostics import Diagnostic, warning
from threadnote.model import Location
from threadnote.readers import exports
from threadnote.readers.disqus import read_disqus, stream_disqus
from threadnote.readers.exports import read_export
from threadnote.readers.record import Export, Streamed, gathered
from threadnote.readers.wxr import read_wxr
from threadnote.readers.xmltree import CONTROLS, Chunks, repaired

sys.path.insert(0, str(REPO / "bench"))
import export_memory  # the bench's generator: the test reads the export the bench measures

PIECES = [b"a", b"word ", b"<p>", b"\n", b"\r\n", "\u00e9".encode(), "\u20ac".encode(), "\U0001d11e".encode(),
          b"\x01", b"\x1c", b"\x0b", b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]
"""Text, line ends, characters of 2 to 4 bytes, controls, and bytes or sequences that are not UTF-8."""
DECLARATIONS = [b"", b'<?xml version="1.0" encoding="utf-8"?>\n', b'<?xml version="1.0" encoding="ISO-8859-1"?>\n']
Reader = Callable[[bytes | Chunks, str], tuple[list[Export], list[Diagnostic]]]
NS = "{http://disqus.com}"
DSQ = "{http://disqus.com/disqus-internals}id"


def _whole_file_repair(data: bytes, path: str) -> tuple[bytes, list[Diagnostic]]:
    """The repair as it was made on a whole file before exports were streamed: the oracle."""
    def where(data: bytes, offset: int) -> Location:
        before = data[:offset]
        return Location(path, before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1)

    problems = []
    found = list(CONTROLS.finditer(data))
    problems += [warning(where(data, m.start()), f"control character 0x{m.group()[0]:02x} removed") for m in found[:5]]
    if len(found) > 5:
        problems.append(warning(Location(path), f"{len(found) - 5} more control characters removed"))
    data = CONTROLS.sub(b"", data)
    declared = re.match(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data[:200])
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(warning(where(data, exc.start), f"byte 0x{data[exc.start]:02x} is not UTF-8, as the file says it is: "
                                                            "bytes that are not were replaced by U+FFFD"))
            data = data.decode("utf-8", "replace").encode("utf-8")
    return data, problems


def _cut(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    """The bytes in chunks cut at the given offsets (taken modulo the length), empty chunks included."""
    at = 0
    for cut in sorted(c % (len(data) + 1) for c in cuts):
        yield data[at:cut]
        at = cut
    yield data[at:]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(DECLARATIONS), st.lists(st.sampled_from(PIECES), max_size=120), st.lists(st.integers(0, 4000), max_size=30))
@example(b"", [b"\xe2\x82", "\u20ac".encode()], [1])  # a character cut after its first byte, then a whole one
@example(b"", [b"word "] * 50, [])  # the declaration looked for in a file shorter than its window
def test_a_repair_is_the_whole_files_wherever_the_chunks_are_cut(declaration: bytes, pieces: list[bytes], cuts: list[int]) -> None:
    data = declaration + b"".join(pieces)
    problems: list[Diagnostic] = []
    repaired_bytes = b"".join(repaired(_cut(data, cuts), "f.xml", problems))
    assert (repaired_bytes, problems) == _whole_file_repair(data, "f.xml")


def _damaged(name: str) -> bytes:
    """A fixture with a control character, a byte that is not UTF-8 and a character of three bytes."""
    return (FIXTURES / name).read_bytes().replace(b"</title>", b"\x01\xe9 \xe2\x80\xa6</title>", 1)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([("disqus-small.xml", read_disqus), ("wxr-small.xml", read_wxr)]),
       st.integers(0, 100_000), st.lists(st.integers(0, 100_000), max_size=20))
def test_a_reader_gives_the_same_threads_and_diagnostics_wherever_the_chunks_are_cut(
    case: tuple[str, Reader], end: int, cuts: list[int]
) -> None:
    """Also for a file cut short anywhere: its syntax error comes after the same warnings."""
    name, read = case
    data = _damaged(name)
    data = data[: end % (len(data) + 1)] if end % 3 == 0 else data  # one in three is cut short
    assert read(_cut(data, cuts), "f.xml") == read(data, "f.xml")


def test_a_character_cut_by_a_chunk_of_the_file_is_read_whole_and_a_bad_byte_is_named_where_it_is(tmp_path: Path) -> None:
    data = _damaged("disqus-small.xml")
    at = data.index(b"\xe2\x80\xa6")
    threads, problems = read_disqus(_cut(data, [at + 1, at + 2]), "f.xml")
    assert threads[0].title == "Hello\ufffd \u2026"
    assert [str(p) for p in problems[:2]] == [
        "f.xml:7:13: warning: control character 0x01 removed",
        "f.xml:7:13: warning: byte 0xe9 is not UTF-8, as the file says it is: bytes that are not were replaced by U+FFFD",
    ]


def test_a_gzipped_export_is_unzipped_as_it_is_read_and_a_bomb_or_a_broken_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "disqus-small.xml").read_bytes()
    zipped = gzip.compress(data)
    assert read_export(_cut(zipped, list(range(0, len(zipped), 7))), "site.xml.gz") == read_export(data, "site.xml.gz")
    broken = zipped[:10] + b"\xff" * 8 + zipped[18:]
    assert [str(p) for p in read_export(broken, "site.xml.gz")[1]] == [
        "site.xml.gz: error: not a whole gzip file: Error -3 while decompressing data: invalid block type"]
    monkeypatch.setattr(exports, "MAX_UNZIPPED", 1000)
    assert [str(p) for p in read_export(zipped, "site.xml.gz")[1]] == ["site.xml.gz: error: unzips to more than 1000 bytes: refused"]


def test_a_thread_xml_that_changes_after_it_was_read_says_so(tmp_path: Path) -> None:
    (tmp_path / "content" / "t").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text("title: T\n", encoding="utf-8")
    thread_xml = tmp_path / "content" / "t" / "thread.xml"
    thread_xml.write_bytes((FIXTURES / "disqus-small.xml").read_bytes())
    sources, problems = load_site(tmp_path)
    thread = sources.threads[0].thread
    assert problems == [] and thread.data is None and thread.size == thread_xml.stat().st_size
    content, _ = thread.decode()
    assert content is not None and load_export(content, thread.path, "t")[0] is not None
    thread_xml.write_bytes(thread_xml.read_bytes().replace(b"Alice", b"Alicia"))
    content, _ = thread.decode()
    assert content is not None
    assert [p.message for p in load_export(content, thread.path, "t")[1]] == ["the file changed while the site was built: build again"]


@pytest.mark.parametrize("zipped", [False, True], ids=["xml", "xml.gz"])
def test_a_multi_mb_site_export_is_read_in_memory_well_below_its_size(tmp_path: Path, zipped: bool) -> None:
    """What reading takes beyond the comments it gives (held by the result) is a small part of the
    file: read whole, the file's bytes alone were its size again."""
    export = export_memory.make_site(tmp_path, 1200, zipped, words=600)  # long posts: fewer to parse
    data = gzip.decompress(export.read_bytes()) if zipped else export.read_bytes()
    tracemalloc.start()
    try:
        sources, problems = load_site(tmp_path)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data) > 5_000_000 and problems == []
    assert peak - held < len(data) / 4, f"peak {peak:,} B, {held:,} B held after, for {len(data):,} B of XML"
    read = {s.slug: s.thread.export for s in sources.threads}
    posts = {p.get(DSQ): p for p in ET.fromstring(data).iter(f"{NS}post")}
    comments = [c for e in read.values() if e is not None for c in e.comments]
    assert len(read) == 24 and {c.source_id for c in comments} == set(posts)
    for comment in comments:
        parent = posts[comment.source_id].find(f"{NS}parent")
        assert comment.parent_id == (parent.get(DSQ) if parent is not None else None)
    path = export.relative_to(tmp_path).as_posix()
    assert {e.key: e for e in read_export(data, path)[0]} == read


def _disqus(*elements: str) -> bytes:
    body = "".join(elements)
    return f'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">{body}</disqus>'.encode()


def _thread(ident: str, link: str) -> str:
    return f'<thread dsq:id="{ident}"><link>{link}</link><title>T{ident}</title></thread>'


def _post_of(ident: str, thread: str) -> str:
    return f'<post dsq:id="{ident}"><message>&lt;p&gt;Post {ident}.&lt;/p&gt;</message><thread dsq:id="{thread}" /></post>'


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_a_disqus_export_handed_on_in_batches_gathers_to_the_threads_read_whole(monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """Posts of threads interleaved, a post before its thread, one whose thread is missing, two
    threads of one page: the same threads, comments in file order, and diagnostics, whatever the batch."""
    data = _disqus(_thread("1", "https://x.org/a/"), _post_of("11", "1"), _post_of("21", "2"), _post_of("12", "1"),
                   _thread("2", "https://x.org/b/"), _post_of("22", "2"), _post_of("91", "9"),
                   _thread("3", "http://x.org/a/index.html"), _post_of("31", "3"), _post_of("13", "1"))
    whole = read_disqus(data, "f.xml")
    monkeypatch.setattr("threadnote.readers.disqus.BATCH_POSTS", batch)
    streamed = stream_disqus(data, "f.xml")
    pieces = list(streamed.pieces)
    assert gathered(Streamed(pieces, streamed.diagnostics)) == whole
    assert [[c.source_id for c in e.comments] for e in whole[0]] == [["11", "12", "31", "13"], ["21", "22"]]
    assert [p.message for p in whole[1]] == ["post 91 belongs to thread '9', not in the file: left out"]
    assert len(pieces) >= (6 if batch == 1 else 2)


def test_a_disqus_piece_is_handed_on_before_the_file_is_read_to_its_end() -> None:
    data = _disqus(_thread("1", "https://x.org/a/"), *(_post_of(str(n), "1") for n in range(5000)))
    read: list[int] = []

    def chunks() -> Iterator[bytes]:
        for at in range(0, len(data), 4096):
            read.append(at)
            yield data[at:at + 4096]

    first = next(iter(stream_disqus(chunks(), "f.xml").pieces))
    assert first.comments and read[-1] < len(data) / 2
