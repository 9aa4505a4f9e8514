"""Talk to Pagefind's indexer (`pagefind --service`) and make its output byte-deterministic.

Pagefind's Python API waits 0.1 s before reading each reply, so the service protocol (base64 JSON
messages separated by commas) is spoken here directly. Pagefind writes filter values in a random
order (upstream issue #638), so the filter and meta files are decoded (CBOR in gzip), sorted,
re-encoded and renamed by their new hash.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any

TIMEOUT = 600.0
"""Seconds before a stuck pagefind process is killed."""


class SearchError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


def run_pagefind(requests: list[dict[str, Any]], language: str) -> dict[str, bytes]:
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


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
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
