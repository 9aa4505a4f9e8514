"""Mutated exports (truncated, shuffled, re-encoded, cyclic, blanked): read into threads or diagnostics, never a traceback."""

from __future__ import annotations

import codecs
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from export_support import FIXTURES, SAMPLES, detect, folder_bytes

from threadnote.cli.main import main
from threadnote.dates import iso_time
from threadnote.detect.exported import export_comments
from threadnote.diagnostics import Diagnostic
from threadnote.model import Comment
from threadnote.readers.exports import read_export
from threadnote.readers.html import MAX_NESTING, parse_html
from threadnote.readers.record import display_name, pack_files, unpack_files

MUTATIONS_PER_FORMAT = 300
DETECTED_EVERY = 3
"""Every third mutated file also goes through the whole thread stage (quotes, mentions, ids), which costs twice the read."""
Mutation = Callable[[bytes, random.Random], bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """How a format is mutated: its files, the name a thread file takes, and what its items and fields look like."""

    name: str
    files: tuple[Path, ...]
    thread_name: str
    item: re.Pattern[bytes]
    """An item (a post, a comment, a message) as a span of the file, for deleting, duplicating and swapping."""
    field: re.Pattern[bytes]
    """A field's value (group 1), for blanking, retyping and re-dating."""
    cycle: Callable[[bytes, random.Random], bytes]
    """The file with one item made its own parent, or two made each other's."""


def _looped(data: bytes, rng: random.Random, ids: list[bytes], item: Callable[[bytes], bytes],
            link: Callable[[bytes], bytes], flags: int = 0) -> bytes:
    """The file with one of `ids` made its own parent, or two made each other's: `item(id)` finds
    where the item names its id (group 1), `link(id)` names a parent right after it."""
    if len(ids) < 2:
        return data
    first, second = rng.sample(ids, 2)
    for child, parent in ((first, second), (second, first if rng.random() < 0.5 else second)):
        data = re.sub(item(child), rb"\1" + link(parent), data, count=1, flags=flags)
    return data


def _disqus_cycle(data: bytes, rng: random.Random) -> bytes:
    return _looped(data, rng, re.findall(rb'<post dsq:id="([^"]+)"', data),
                   lambda child: rb'(<post dsq:id="' + re.escape(child) + rb'">)', lambda parent: rb'<parent dsq:id="' + parent + rb'" />')


def _wxr_cycle(data: bytes, rng: random.Random) -> bytes:
    return _looped(data, rng, re.findall(rb"<wp:comment_id>(?:<!\[CDATA\[)?(\d+)", data),
                   lambda child: rb"(<wp:comment_id>(?:<!\[CDATA\[)?" + child + rb"(?:\]\]>)?</wp:comment_id>)",
                   lambda parent: rb"<wp:comment_parent>" + parent + rb"</wp:comment_parent>")


def _mbox_cycle(data: bytes, rng: random.Random) -> bytes:
    return _looped(data, rng, re.findall(rb"^Message-I[Dd]:\s*(<[^>\s]+>)", data, re.MULTILINE),
                   lambda child: rb"(^Message-I[Dd]:\s*" + re.escape(child) + rb")", lambda parent: rb"\nIn-Reply-To: " + parent,
                   re.MULTILINE)


def _staticman_cycle(data: bytes, rng: random.Random) -> bytes:
    files = unpack_files(data)
    ids = [m.group(1) for _, body in files if (m := re.search(rb"^_id:\s*(\S+)", body, re.MULTILINE))]
    if len(ids) < 2:
        return data
    first, second = rng.sample(ids, 2)
    links = {first: second, second: first if rng.random() < 0.5 else second}
    return pack_files([(name, _staticman_reply(body, links)) for name, body in files])


def _staticman_reply(body: bytes, links: dict[bytes, bytes]) -> bytes:
    found = re.search(rb"^_id:\s*(\S+)", body, re.MULTILINE)
    parent = links.get(found.group(1)) if found else None
    if parent is None:
        return body
    body = re.sub(rb"^replying_to_uid:.*\n?", b"", body, flags=re.MULTILINE)
    return body.rstrip(b"\n") + b"\nreplying_to_uid: " + parent + b"\n"


def _files(folder: str, pattern: str) -> tuple[Path, ...]:
    return tuple(sorted((SAMPLES / folder).glob(pattern)))


XML_FIELD = re.compile(rb"<(?:\w+:)?(?:createdAt|comment_date_gmt|comment_date|comment_id|comment_parent|name|link|message|"
                       rb"comment_content|comment_author|isDeleted|comment_approved|comment_type|status)\b[^>/]*>([^<]*)<")
FORMATS = (
    Format("disqus", (*_files("disqus", "*.xml"), FIXTURES / "disqus-small.xml", FIXTURES / "disqus-variants.xml"),
           "thread.xml", re.compile(rb"<(post|thread)\b.*?</\1>", re.DOTALL), XML_FIELD, _disqus_cycle),
    Format("wxr", (*_files("wxr", "*.xml"), FIXTURES / "wxr-small.xml", FIXTURES / "wxr-variants.xml"),
           "thread.xml", re.compile(rb"<(wp:comment|item)>.*?</\1>", re.DOTALL), XML_FIELD, _wxr_cycle),
    Format("mbox", (*_files("mbox", "*.mbox"), FIXTURES / "mbox-small.mbox", FIXTURES / "mbox-variants.mbox"),
           "thread.mbox", re.compile(rb"^From \S.*?(?=^From \S|\Z)", re.DOTALL | re.MULTILINE),
           re.compile(rb"^(?:Date|Message-I[Dd]|In-Reply-To|References|From|Subject|Content-Type):[ \t]*(.*)$", re.MULTILINE),
           _mbox_cycle),
    Format("staticman", (*(p for p in sorted((SAMPLES / "staticman").glob("*")) if p.is_dir()), FIXTURES / "staticman-small"),
           "comments", re.compile(rb"^\w+:.*$", re.MULTILINE), re.compile(rb"^\w+:[ \t]*(.*)$", re.MULTILINE), _staticman_cycle),
)


def _sample_bytes(path: Path) -> bytes:
    return folder_bytes(path) if path.is_dir() else path.read_bytes()


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.choice(("delete", "duplicate", "swap"))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def _items(item: re.Pattern[bytes]) -> Mutation:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        spans = [m.span() for m in item.finditer(data)]
        if not spans:
            return data
        (start, end), (other_start, other_end) = rng.choice(spans), rng.choice(spans)
        action = rng.choice(("delete", "duplicate", "swap"))
        if action == "delete":
            return data[:start] + data[end:]
        if action == "duplicate":
            return data[:other_start] + data[start:end] + data[other_start:]
        if (start, end) > (other_start, other_end):
            (start, end), (other_start, other_end) = (other_start, other_end), (start, end)
        if end > other_start:
            return data
        return data[:start] + data[other_start:other_end] + data[end:other_start] + data[start:end] + data[other_end:]
    return mutate


ODD_VALUES = (b"", b"   ", b"0", b"-1", b"null", b"[1, 2]", b"{a: b}", b"\xff\xfe", b"1e999", b"9" * 40,
              b"0000-00-00 00:00:00", b"2019-02-30T25:61:00Z", b"2019-03-04T12:00:00+14:45", b"Mon, 32 Foo 2019",
              b"1538215804858000000", b"9999-12-31T23:59:59-12:00", b"0001-01-01T00:00:00+01:00",
              b"Fri, 31 Dec 9999 23:59:59 -1200", b"&#0;", b"&bogus;", b"]]>", b"<![CDATA[", b"true", b"\\x00", b"\xc3(")


def _fields(field: re.Pattern[bytes]) -> Mutation:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        spans = [m.span(1) for m in field.finditer(data)]
        if not spans:
            return data
        start, end = rng.choice(spans)
        return data[:start] + rng.choice(ODD_VALUES) + data[end:]
    return mutate


def _controls(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randrange(1, 6)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + bytes([rng.choice((0, 1, 8, 0x0B, 0x0C, 0x10, 0x1B, 0x1C, 0x7F))]) + data[at:]
    return data


def _reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(("utf-16", "utf-16-be", "utf-8-sig", "latin-1", "cp1252", "crlf", "cr"))
    if encoding == "crlf":
        return data.replace(b"\n", b"\r\n")
    if encoding == "cr":
        return data.replace(b"\n", b"\r")
    return text.encode(encoding, "replace")


def _huge(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice((b"x", b"word ", b"<b>", b"> ")) * rng.randrange(1_000, 8_000) + data[at:]


BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')


def _doctype(data: bytes, rng: random.Random) -> bytes:
    body = re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", data)
    at = rng.randrange(len(body) + 1)
    return BOMB + body[:at] + b"&c;" + body[at:]


def _mutations(spec: Format) -> tuple[Mutation, ...]:
    return (_truncate, _lines, _items(spec.item), _items(spec.item), _fields(spec.field), _fields(spec.field),
            _controls, _reencode, _huge, _doctype, spec.cycle, spec.cycle)


def _per_file(mutation: Mutation) -> Mutation:
    """A mutation made to one file of a Staticman folder."""
    def mutate(data: bytes, rng: random.Random) -> bytes:
        files = unpack_files(data)
        index = rng.randrange(len(files))
        name, body = files[index]
        files[index] = (name, mutation(body, rng))
        return pack_files(files)
    return mutate


def _refiled(data: bytes, rng: random.Random) -> bytes:
    """A Staticman folder with a file left out, or one doubled under another name (so its id repeats)."""
    files = unpack_files(data)
    index = rng.randrange(len(files))
    if rng.random() < 0.5:
        del files[index]
    else:
        files.append((f"copy-{files[index][0]}", files[index][1]))
    return pack_files(files)


def _check(data: bytes, path: str) -> list[Diagnostic]:
    """Reads the file, and checks what came of it is a forest of comments; returns what was told."""
    exports, diagnostics = read_export(data, path)
    for export in exports:
        exported, more = export_comments(export, pingbacks=True)
        diagnostics += more
        _assert_forest(exported.comments)
    for diagnostic in diagnostics:
        assert diagnostic.location.path.startswith(path), diagnostic
    return diagnostics


def _assert_forest(comments: Sequence[Comment]) -> None:
    by_id = {c.id: c for c in comments}
    assert len(by_id) == len(comments), "two comments share an id"
    for comment in comments:
        seen = {comment.id}
        at = comment.parent
        while at is not None:
            assert at in by_id, f"{comment.id}'s ancestor {at} is not in the thread"
            assert at not in seen, f"{comment.id} is its own ancestor"
            seen.add(at)
            at = by_id[at].parent


@pytest.mark.parametrize("spec", FORMATS, ids=[f.name for f in FORMATS])
def test_mutated_exports_are_read_or_told(spec: Format) -> None:
    samples = [_sample_bytes(p) for p in spec.files if p.exists()]
    if not any(p.is_relative_to(SAMPLES) for p in spec.files):
        pytest.skip(f"the shared samples are not here ({SAMPLES / spec.name} is absent)")
    mutations = _mutations(spec)
    if spec.name == "staticman":
        mutations = (*(_per_file(m) for m in mutations if m is not spec.cycle), spec.cycle, _refiled, _refiled)
    rng = random.Random(f"threadnote-{spec.name}")
    failures = []
    for number in range(MUTATIONS_PER_FORMAT):
        original = rng.choice(samples)
        mutation = rng.choice(mutations)
        data = mutation(original, rng)
        path = f"content/t/{spec.thread_name}"
        try:
            _check(data, path)
            if number % DETECTED_EVERY == 0:
                _assert_forest(detect(data, spec.thread_name, pingbacks=True)[0].thread.comments)
        except Exception as exc:  # noqa: BLE001  any exception is a failure; all are gathered, so one run shows them all
            failures.append(f"mutation {number} ({mutation.__qualname__}): {exc!r}"[:300])
    assert not failures, f"{len(failures)} of {MUTATIONS_PER_FORMAT} {spec.name} mutations failed:\n" + "\n".join(failures[:15])


def _wide(encoding: str, mark: bytes = b"") -> Callable[[bytes], bytes | None]:
    """The file in a wide encoding; None for one that is not UTF-8 (8-bit mail), which has no such twin."""
    def recode(data: bytes) -> bytes | None:
        try:
            return mark + data.decode("utf-8").encode(encoding)
        except UnicodeDecodeError:
            return None
    return recode


RECODINGS: dict[str, Callable[[bytes], bytes | None]] = {
    "utf-16 with its mark": _wide("utf-16"),
    "utf-16-be with its mark": _wide("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32 with its mark": _wide("utf-32"),
    "utf-8 with a mark": lambda data: codecs.BOM_UTF8 + data,
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr, as classic Mac OS wrote": lambda data: data.replace(b"\n", b"\r"),
}
"""Ways to write the same file that must lose no comment."""


@pytest.mark.parametrize("recoding", RECODINGS, ids=list(RECODINGS))
@pytest.mark.parametrize("spec", FORMATS, ids=[f.name for f in FORMATS])
def test_a_file_written_another_way_keeps_every_comment(spec: Format, recoding: str) -> None:
    path = f"content/t/{spec.thread_name}"
    recode = RECODINGS[recoding]
    compared = 0
    for sample_path in (p for p in spec.files if p.exists()):
        files = unpack_files(_sample_bytes(sample_path)) if spec.name == "staticman" else [("", sample_path.read_bytes())]
        recoded = [(name, recode(data)) for name, data in files]
        if any(data is None for _, data in recoded):
            continue
        twin = pack_files([(n, d or b"") for n, d in recoded]) if spec.name == "staticman" else recoded[0][1] or b""
        assert _comment_count(twin, path) == _comment_count(_sample_bytes(sample_path), path) > 0, sample_path.name
        compared += 1
    assert compared


def _comment_count(data: bytes, path: str) -> int:
    exports, _ = read_export(data, path)
    return sum(len(e.comments) for e in exports)


def test_a_control_character_in_a_staticman_file_is_removed_and_the_comment_kept() -> None:
    folder = pack_files([("entry1.yml", b"_id: a\nname: Al\x08ice\nmessage: Hi\x00 there\n")])
    exports, diagnostics = read_export(folder, "content/t/comments")
    assert [c.paragraphs[0].text for c in exports[0].comments] == ["Hi there"]
    assert exports[0].comments[0].author == "Alice"
    assert [str(d) for d in diagnostics] == ["content/t/comments/entry1.yml:2: warning: control character 0x08 removed (and any more in the file)"]


def test_a_body_nested_fifty_thousand_deep_is_read_in_linear_time_with_its_words() -> None:
    # before the nesting was cut, the sanitiser took minutes over this (the square of the depth)
    started = time.monotonic()
    paragraphs = parse_html("<blockquote><div>" * 25_000 + "the words" + "</div></blockquote>" * 25_000 + "<p>after</p>", 1)
    assert time.monotonic() - started < 10
    assert [(p.text, p.depth) for p in paragraphs] == [("the words", MAX_NESTING // 2), ("after", 0)]


def test_a_loop_of_replies_is_told_at_the_comment_that_closes_it() -> None:
    data = (FIXTURES / "wxr-small.xml").read_bytes()
    looped = data.replace(b"<wp:comment_parent>0</wp:comment_parent>", b"<wp:comment_parent>3</wp:comment_parent>", 1)
    (export,), _ = read_export(looped, "imports/wxr.xml")
    exported, diagnostics = export_comments(export, pingbacks=True)
    assert [str(d) for d in diagnostics] == [("imports/wxr.xml:28: warning: comment '2' answers '1', which is one of its "
                                              "own replies or itself: shown as top-level")]
    by_id = {c.id: c.source_id for c in exported.comments}
    parents = {c.source_id: by_id.get(c.parent or "") for c in exported.comments}
    assert (parents["1"], parents["2"], parents["3"]) == ("3", None, "2")


def test_a_staticman_file_in_latin_1_keeps_its_comment_with_the_byte_named() -> None:
    folder = pack_files([("entry1.yml", "_id: a\nname: Zoë\nmessage: Café\n".encode("latin-1"))])
    exports, diagnostics = read_export(folder, "content/t/comments")
    assert [(c.author, c.paragraphs[0].text) for c in exports[0].comments] == [("Zo\ufffd", "Caf\ufffd")]
    assert [str(d) for d in diagnostics] == [("content/t/comments/entry1.yml:2:9: warning: byte 0xeb is not utf-8: "
                                              "bytes that are not were replaced by U+FFFD")]


def test_a_mail_body_of_one_long_word_is_read_in_linear_time_its_addresses_still_withheld() -> None:
    # the address pattern was tried at each letter of the word: 32,000 letters took seconds
    word = "x" * 200_000
    mail = f"From a@b.org Mon Mar  4 12:30:00 2019\nFrom: A <a@b.org>\n\n{word} mail <bob@example.org>\n".encode()
    started = time.monotonic()
    (export,), _ = read_export(mail, "content/t/thread.mbox")
    assert time.monotonic() - started < 10
    assert export.comments[0].paragraphs[0].text == f"{word} mail [address withheld]"


def test_an_author_named_by_a_long_run_of_colons_is_refused_in_linear_time() -> None:
    # the IPv6 pattern backtracked over every colon: 16,000 of them took seconds
    started = time.monotonic()
    assert display_name(":" * 200_000 + "z") == ":" * 200_000 + "z"
    assert time.monotonic() - started < 10
    assert [display_name(a) for a in ("2001:db8::8a2e:370:7334", "192.0.2.7", "Alice")] == [None, None, "Alice"]


SITE_YAML = "title: Exports\nsearch: false\nimports:\n  - imports/site.xml\n"


def _cut(data: bytes) -> bytes:
    return data[: data.index(b"<post", data.index(b"<post") + 1) + 40]


def _bomb(data: bytes) -> bytes:
    return BOMB + re.sub(rb"^\s*<\?xml[^>]*\?>\s*", b"", data).replace(b"<title>Hello", b"<title>&c;Hello")


@pytest.mark.parametrize("break_it, code, told", [
    (_cut, 1, "imports/site.xml:21: error: not well-formed XML: unclosed CDATA section"),
    (_bomb, 1, "imports/site.xml:2: error: refused: DTDForbidden (an export never needs a DTD or entities)"),
    (lambda data: b"", 1, "imports/site.xml:1: error: the file is empty: an export was cut off or not written"),
    (lambda data: data.replace(b"Tom", b"T\0om"), 0, "imports/site.xml:21:23: warning: control character 0x00 removed"),
], ids=["truncated", "entity bomb", "empty", "NUL byte"])
def test_a_broken_site_export_is_told_at_its_line_and_a_failed_build_leaves_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], break_it: Callable[[bytes], bytes], code: int, told: str
) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    export = (FIXTURES / "disqus-small.xml").read_bytes()
    (root / "imports" / "site.xml").write_bytes(export)
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "imports" / "site.xml").write_bytes(break_it(export))
    capsys.readouterr()
    assert main(["build", "--site", str(root), "--out", str(out)]) == code
    printed = capsys.readouterr().err
    assert told in printed and "Traceback" not in printed
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("data, path", [
    (b"From a@b.org Mon Mar  4 12:30:00 2019\nFrom: A <a@b.org>\nDate: Fri, 31 Dec 9999 23:59:59 -1200\n\nhi\n", "t/thread.mbox"),
    (pack_files([("e.yml", b"_id: a\nmessage: hi\ndate: 0001-01-01T00:00:00+01:00\n")]), "t/comments"),
    ((FIXTURES / "disqus-small.xml").read_bytes().replace(b"2020-01-02T10:00:00Z", b"9999-12-31T23:59:59-12:00"), "t/thread.xml"),
], ids=["mbox", "staticman", "disqus"])
def test_a_date_whose_utc_is_outside_years_1_to_9999_is_no_date_not_a_traceback(data: bytes, path: str) -> None:
    exports, _ = read_export(data, path)
    times = {c.time for e in exports for c in e.comments}
    assert times and not any(t and t.startswith(("0000", "9999", "10000")) for t in times)
    assert None in times or times == {"2019-03-04T12:30:00Z"}  # a mail falls back on its 'From ' line's time


def test_a_wxr_comment_whose_gmt_date_is_no_date_is_dated_by_its_local_one() -> None:
    data = (FIXTURES / "wxr-small.xml").read_bytes()
    gmt = re.search(rb"<wp:comment_date_gmt>(?:<!\[CDATA\[)?([^<\]]*)", data)
    local = re.search(rb"<wp:comment_date>(?:<!\[CDATA\[)?([^<\]]*)", data)
    assert gmt is not None and local is not None
    broken = data[: gmt.start(1)] + b"yesterday" + data[gmt.end(1) :]
    (export,), diagnostics = read_export(broken, "imports/wxr.xml")
    assert export.comments[0].time == iso_time(local.group(1).decode())
    assert "comment_date_gmt is missing or not a date: the site's local time is read as UTC" in diagnostics[-1].message


@pytest.mark.parametrize("encoding, why", [(b"foo", "unknown encoding: foo"), (b"shift_jis", "multi-byte encodings are not supported")])
def test_an_xml_export_in_an_encoding_the_parser_cannot_read_is_told_at_line_1(encoding: bytes, why: str) -> None:
    data = (FIXTURES / "disqus-small.xml").read_bytes().replace(b'encoding="utf-8"', b'encoding="' + encoding + b'"')
    exports, diagnostics = read_export(data, "t/thread.xml")
    assert exports == []
    assert str(diagnostics[-1]) == f"t/thread.xml:1: error: the encoding its XML declaration names cannot be read ({why}): save the file as UTF-8"


def test_a_staticman_date_that_is_no_date_is_told_at_its_line() -> None:
    folder = pack_files([("e.yml", b"_id: a\nmessage: hi\ndate: last Tuesday\n")])
    (export,), diagnostics = read_export(folder, "t/comments")
    assert export.comments[0].time is None
    assert [str(d) for d in diagnostics] == ["t/comments/e.yml:3: warning: date 'last Tuesday' is not a date: left undated"]
