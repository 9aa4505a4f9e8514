"""Full-text search of comments and notes, indexed offline by Pagefind into `pagefind/`.

Every result links to its comment (`<slug>/page-N.html#c-id`), not to the top of a long page.
A comment with editors' notes is a record of its own, so the note-type filter picks out exactly
those comments. Comments without notes go in groups of GROUP_SIZE, one small HTML document per
group with a heading per comment: Pagefind then reports each matching comment as a sub-result
with its own anchor. Each document costs Pagefind time and memory of its own: at 100,000
comments, one record per comment took 185 s and 6 GB; groups took 27 s and 2.3 GB (10,000
comments: 3-4 s, 260 MB). Sites too big for that can turn search off (`search: false`).

The index is built by Pagefind's own binary (PyPI `pagefind[bin]`, nothing downloaded) and
handed back as bytes for `write.py` to write. We talk to the binary's `--service` protocol
ourselves instead of through `pagefind.index`: that client sleeps 0.1 s before reading each
reply (30 records took 3.3 s, so 10,000 would take over 15 minutes).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import html
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from markdown_it import MarkdownIt

from .links import Pages, page_file
from .markdown import make_markdown
from .model import AnnotatedThread, Comment, Note, Span
from .views import REMOVED

SEARCH_DIR = PurePosixPath("pagefind")
"""Where the index goes in the output; `static/search.js` imports `../pagefind/pagefind.js`."""
NOTE_FILTER = "note"
"""Pagefind filter holding the note types on a comment (`{"note": ["fact-check"]}`)."""
THREAD_FILTER = "thread"
"""Pagefind filter holding the thread's title: results show it, and the search page filters by it."""
GROUP_SIZE = 50
"""Comments without notes per indexed group: fewer records for Pagefind, small fragments to fetch."""
TIMEOUT = 600.0
"""Seconds before a stuck pagefind process is killed."""
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
"""Pagefind's ready-made UIs (420 KB): threadnote ships its own `search.js`, so they are left out."""


class SearchError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One searchable unit of its own: a comment with its notes, or a thread-level note."""

    url: str
    """Relative to the site root, e.g. `china-japan/page-2.html#c-7f3k2a`."""
    title: str
    """What a result is called: `#12 Ricky`, or `Thread note: context`."""
    thread: str
    """The thread's title, shown with the result and used as a filter."""
    content: str
    """Plain text: the comment's words (unless editors hid them) and its notes' words."""
    notes: tuple[str, ...]
    """Note types on this record, sorted and unique: the values of the `note` filter."""


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """Up to GROUP_SIZE comments without notes from one thread page, indexed as one document."""

    url: str
    """The page and its first comment, e.g. `china-japan/page-2.html#c-7f3k2a`."""
    thread: str
    comments: tuple[tuple[str, str, str], ...]
    """(comment id, heading such as `#12 Ricky`, plain text) for each comment, in thread order."""


SearchDocument = SearchRecord | SearchGroup


def search_documents(
    threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages], md: MarkdownIt | None = None
) -> list[SearchDocument]:
    """What gets indexed, in thread order; comments with nothing to show are left out."""
    md = md or make_markdown()
    documents: list[SearchDocument] = []
    for annotated in threads:
        documents += _thread_documents(annotated, pages_by_slug[annotated.thread.slug], md)
    return documents


def search_files(
    threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages], language: str = "en"
) -> list[tuple[PurePosixPath, bytes]]:
    """The `pagefind/` bundle for these threads, as (output path, bytes), sorted by path.

    Raises SearchError when the pagefind binary is missing or fails.
    """
    return index_documents(search_documents(threads, pages_by_slug), language)


def index_documents(documents: Sequence[SearchDocument], language: str = "en") -> list[tuple[PurePosixPath, bytes]]:
    """Run Pagefind over the documents and return its bundle; the same documents give the same bytes."""
    requests = [_add_record(d, language) if isinstance(d, SearchRecord) else _add_group(d, language) for d in documents]
    files = _canonical(_run_pagefind(requests, language))
    return sorted((SEARCH_DIR / path, content) for path, content in files.items() if path not in UNUSED_FILES)


def _thread_documents(annotated: AnnotatedThread, pages: Pages, md: MarkdownIt) -> Iterator[SearchDocument]:
    thread = annotated.thread
    notes_on: dict[str, list[Note]] = {}
    # By note id, not merge order: renaming a notes file must not change the index.
    for note in sorted(annotated.notes, key=lambda n: n.id):
        if note.comment:
            notes_on.setdefault(note.comment, []).append(note)
    # Words a comment quotes from a hidden comment are replaced, as on the page.
    removed: dict[str, list[Span]] = {}
    for link in annotated.quotes:
        if link.source in annotated.hidden:
            removed.setdefault(link.comment, []).append(link.span)
    for note in annotated.thread_notes:
        content = _note_words(note, md).strip()
        if content:
            url = f"{thread.slug}/{page_file(1)}#{note.id}"
            yield SearchRecord(url, f"Thread note: {note.type}", thread.title, content, (note.type,))
    group: list[tuple[Comment, str]] = []
    for comment in thread.comments:
        notes = notes_on.get(comment.id, [])
        words = [] if comment.id in annotated.hidden else _comment_words(comment, removed.get(comment.id, []))
        if notes:
            content = "\n\n".join(words + [_note_words(n, md) for n in notes]).strip()
            if content:
                url = f"{thread.slug}/{pages.url(comment.id)}"
                yield SearchRecord(url, _heading(comment), thread.title, content, _types(notes))
            continue
        text = "\n\n".join(words).strip()
        if not text:
            continue
        # A group never spans two pages: its sub-results keep the group's page in their links.
        if group and (len(group) == GROUP_SIZE or pages.page_of[group[0][0].id] != pages.page_of[comment.id]):
            yield _group(thread.slug, thread.title, pages, group)
            group = []
        group.append((comment, text))
    if group:
        yield _group(thread.slug, thread.title, pages, group)


def _group(slug: str, title: str, pages: Pages, group: list[tuple[Comment, str]]) -> SearchGroup:
    url = f"{slug}/{pages.url(group[0][0].id)}"
    return SearchGroup(url, title, tuple((c.id, _heading(c), text) for c, text in group))


def _heading(comment: Comment) -> str:
    return f"#{comment.number}" + (f" {comment.author}" if comment.author else "")


def _comment_words(comment: Comment, removed: Sequence[Span]) -> list[str]:
    """The comment's paragraphs, with the `removed` spans replaced by REMOVED."""
    words = []
    for index, paragraph in zip(comment.paragraph_range, comment.paragraphs):
        text = paragraph.text
        # Right to left, so earlier offsets stay valid after each replacement.
        for span in sorted((s for s in removed if s.paragraph == index), key=lambda s: s.start, reverse=True):
            text = text[: span.start] + REMOVED + text[span.end :]
        words.append(text)
    return words


def _note_words(note: Note, md: MarkdownIt) -> str:
    """What a reader sees of a note, as plain text; `note.text` repeats the comment, so it is left out."""
    parts = [note.claim, note.translation, note.reason, _markdown_text(note.body, md)]
    return "\n".join(p for p in parts if p)


def _markdown_text(source: str, md: MarkdownIt) -> str:
    """The words of a Markdown body, without markup or link targets."""
    if not source:
        return ""
    blocks = []
    for token in md.parse(source):
        if token.type == "inline" and token.children is not None:
            blocks.append("".join(
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            ))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content)
    return "\n".join(b.strip() for b in blocks if b.strip())


def _types(notes: Sequence[Note]) -> tuple[str, ...]:
    return tuple(sorted({n.type for n in notes}))


def _add_record(record: SearchRecord, language: str) -> dict[str, Any]:
    # Pagefind puts a record's content into result excerpts as HTML, unescaped: escape it here
    # so a comment's `<img onerror=...>` stays text. Meta and filter values are shown with
    # textContent. The thread's title is a filter, not meta: Pagefind indexes every meta value
    # as words, and a query sharing a word with the title would match every comment in it.
    filters = {THREAD_FILTER: [record.thread]}
    if record.notes:
        filters[NOTE_FILTER] = list(record.notes)
    return {
        "type": "AddRecord",
        "url": record.url,
        "content": html.escape(record.content, quote=False),
        "language": language,
        "meta": {"title": record.title},
        "filters": filters,
        "sort": None,
    }


def _add_group(group: SearchGroup, language: str) -> dict[str, Any]:
    # Pagefind decodes the HTML it reads once, and then shows the text as HTML in excerpts:
    # so words and headings are escaped twice, to come out as escaped text, as records' words
    # do. (A heading's anchor text, the sub-result title, comes out as plain text.) Only
    # headings with ids become sub-results: nothing else may stand in the body.
    body = "".join(
        f'<h2 id="{html.escape(ident)}">{_twice(heading)}</h2><p>{_twice(text)}</p>'
        for ident, heading, text in group.comments
    )
    document = (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head>'
        f'<meta data-pagefind-filter="{THREAD_FILTER}[content]" content="{html.escape(group.thread)}">'
        f"</head><body>{body}</body></html>"
    )
    return {"type": "AddFile", "url": group.url, "file_contents": document, "file_path": None}


def _twice(text: str) -> str:
    return html.escape(html.escape(text, quote=False), quote=False)


def _run_pagefind(requests: list[dict[str, Any]], language: str) -> dict[str, bytes]:
    """Send the records to `pagefind --service` and return its files ({path in bundle: bytes})."""
    executable = _executable()
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                [executable, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
            )
        except OSError as exc:
            raise SearchError(f"cannot run pagefind '{executable}': {exc}") from exc
        watchdog = threading.Timer(TIMEOUT, process.kill)
        watchdog.start()
        try:
            return _converse(process, requests, language)
        except (OSError, ValueError, KeyError, StopIteration) as exc:
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace").strip()[-500:]
            raise SearchError(f"pagefind failed: {exc!r}" + (f": {detail}" if detail else "")) from exc
        finally:
            watchdog.cancel()
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):  # closing stdin flushes it: a dead pipe says so
                    pipe.close() if pipe else None


def _converse(process: subprocess.Popen[bytes], requests: list[dict[str, Any]], language: str) -> dict[str, bytes]:
    assert process.stdin is not None and process.stdout is not None
    stdin, replies = process.stdin, _replies(process.stdout)
    _send(stdin, 0, {"type": "NewIndex", "config": {"force_language": language}})
    index_id = _expect(next(replies), "NewIndex")["index_id"]
    messages = [_encode(i, {**request, "index_id": index_id}) for i, request in enumerate(requests, 1)]

    # Write from a second thread while this one reads: pagefind answers every record, and if
    # nobody read those answers its stdout pipe would fill and both processes would wait forever.
    def write_all() -> None:
        try:
            stdin.writelines(messages)
            stdin.flush()
        except OSError:
            pass  # pagefind died; the reader below reports it

    writer = threading.Thread(target=write_all, daemon=True)
    writer.start()
    for _ in requests:
        _expect(next(replies), "IndexedFile")
    writer.join()
    _send(stdin, len(requests) + 1, {"type": "GetFiles", "index_id": index_id})
    files = _expect(next(replies), "GetFiles")["files"]
    return {f["path"]: base64.b64decode(f["content"]) for f in files}


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    # The service reads base64-encoded JSON messages, each ended by a comma.
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b","


def _send(stdin: IO[bytes], message_id: int, payload: dict[str, Any]) -> None:
    stdin.write(_encode(message_id, payload))
    stdin.flush()


def _replies(stdout: IO[bytes]) -> Iterator[dict[str, Any]]:
    # The file list comes as one message of many megabytes: keep its pieces in a list and
    # join once, instead of re-scanning a growing buffer for the comma after every read.
    pending: list[bytes] = []
    while chunk := stdout.read1(1 << 20):  # type: ignore[attr-defined]
        *complete, rest = chunk.split(b",")
        for message in complete:
            yield json.loads(base64.b64decode(b"".join(pending) + message))
            pending = []
        pending.append(rest)
    raise ValueError("pagefind stopped before answering")


def _expect(reply: dict[str, Any], kind: str) -> dict[str, Any]:
    payload: dict[str, Any] = reply["payload"]
    if payload.get("type") != kind:
        raise ValueError(f"expected {kind}, got {payload.get('type')}: {payload.get('message', '')}")
    return payload


def _canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's bundle with its filter lists in sorted order, so equal records give equal bytes.

    Pagefind writes filters from hash maps, in an order that changes from run to run (upstream
    issue Pagefind/pagefind#638), and names each file by a hash of its bytes. So sort the
    values in each filter file and the filter list in the meta file, then rename both by a hash
    of their new bytes and point the entry file at the new meta file. Every other file is
    already stable and passes through untouched.
    """
    files = dict(files)
    renamed: dict[str, str] = {}
    for path in sorted(p for p in files if p.startswith("filter/")):
        name, values = _unpack(files.pop(path))
        data = _pack([name, sorted(values, key=lambda v: v[0])])
        old = PurePosixPath(path).stem
        renamed[old] = _hashed(old, data)
        files[f"filter/{renamed[old]}.pf_filter"] = data
    entry = files["pagefind-entry.json"].decode("utf-8")
    # One meta file per language (none when nothing was indexed).
    for meta_path in sorted(p for p in files if p.endswith(".pf_meta")):
        meta = _unpack(files.pop(meta_path))
        # Element 3 of the meta array lists [filter name, filter file hash] pairs.
        meta[3] = sorted([name, renamed.get(chunk, chunk)] for name, chunk in meta[3])
        data = _pack(meta)
        old_meta = meta_path.split(".")[1]
        new_meta = _hashed(old_meta, data)
        files[f"pagefind.{new_meta}.pf_meta"] = data
        entry = entry.replace(f'"{old_meta}"', f'"{new_meta}"')
    files["pagefind-entry.json"] = entry.encode("utf-8")
    return files


def _hashed(old_name: str, data: bytes) -> str:
    """A name like Pagefind's (`en_` and hex digits of the same length) from a hash of `data`."""
    prefix, _, digits = old_name.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"


SIGNATURE = b"pagefind_dcd"
"""What Pagefind puts before the CBOR in each gzipped index file."""


def _unpack(content: bytes) -> Any:
    data = gzip.decompress(content)
    if not data.startswith(SIGNATURE):
        raise SearchError("unexpected pagefind index format: is pagefind newer than threadnote supports?")
    value, end = _cbor_decode(data, len(SIGNATURE))
    if end != len(data):
        raise SearchError("unexpected pagefind index format: trailing bytes")
    return value


def _pack(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + _cbor_encode(value), mtime=0)


def _cbor_decode(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR subset Pagefind's index files use: integers, strings, arrays, maps, simple values."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise SearchError(f"unexpected pagefind index format: CBOR item {data[at - 1]:#x}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor_decode(data, at)
            mapping[key], at = _cbor_decode(data, at)
        return mapping, at
    if major == 7 and argument in (20, 21, 22):
        return {20: False, 21: True, 22: None}[argument], at
    raise SearchError(f"unexpected pagefind index format: CBOR item {major}/{argument}")


def _cbor_encode(value: Any) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF5 if value else 0xF4])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")


def _cbor_head(major: int, argument: int) -> bytes:
    """The shortest head for `argument`, as CBOR's canonical form asks."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(f"CBOR argument too large: {argument}")


def _executable() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchError("search needs Pagefind: pip install 'pagefind[bin]' (or set search: false)") from exc
    path = get_executable()
    if path is None:
        raise SearchError("pagefind binary not found: pip install 'pagefind[bin]' (or set search: false)")
    return str(path)
