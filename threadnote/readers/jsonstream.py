"""JSON exports read a value at a time: a top-level array item by item, JSON Lines line by line, each with its line."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .xmltree import Chunks

MAX_DOCUMENT = 512 << 20
"""A JSON file of one document (a Reddit listing, an Algolia tree, a Discourse topic: one thread
each) must be parsed whole; one larger than this (512 MiB) is refused rather than held."""
MAX_ITEM = 64 << 20
"""An item of a list, or a line of JSON Lines, longer than this (64 MiB) is no item of a comment
export: the file is refused there, rather than read on whole in search of its end."""
_DECODER = json.JSONDecoder()
_NOT_BLANK = re.compile(r"[^ \t\r\n]")


class _Text:
    """A file's text decoded as it is read, with the line its unread part starts on; only the part
    not yet read (and one chunk) is held."""

    def __init__(self, chunks: Chunks, path: str) -> None:
        self.chunks = iter(chunks)
        self.path = path
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer = ""
        self.at = 0
        self.line = 1
        self.column = 1
        """The line and column of `buffer[at]`."""
        self.done = False
        self.read_bytes = 0

    def more(self, wanted: int = 1) -> bool:
        """Reads on until `wanted` more characters are held (or the file ends); False when none came."""
        held = len(self.buffer)
        if self.at > len(self.buffer) // 2:  # let go of what was read before the buffer grows
            self.buffer, self.at = self.buffer[self.at :], 0
            held = len(self.buffer)
        pieces = [self.buffer]
        added = 0
        while added < wanted and not self.done:
            chunk = next(self.chunks, None)
            held_back = len(self.decoder.getstate()[0])  # the start of a character cut by the last chunk's end
            try:
                text = self.decoder.decode(chunk or b"", final=chunk is None)
            except UnicodeDecodeError as exc:
                offset = self.read_bytes - held_back + exc.start
                raise _Broken(Location(self.path), f"file is not UTF-8: byte 0x{exc.object[exc.start]:02x} "
                                                   f"at byte offset {offset}") from None
            self.done = chunk is None
            self.read_bytes += len(chunk or b"")
            pieces.append(text)
            added += len(text)
        self.buffer = "".join(pieces)
        return len(self.buffer) > held

    def skip_blank(self) -> str:
        """The next character that is not white space (empty at the end), not consumed."""
        while True:
            found = _NOT_BLANK.search(self.buffer, self.at)
            self.consume(found.start() if found else len(self.buffer))
            if found:
                return found.group()
            if not self.more():
                return ""

    def consume(self, end: int) -> None:
        newline = self.buffer.rfind("\n", self.at, end)
        self.line += self.buffer.count("\n", self.at, end)
        self.column = end - newline if newline >= 0 else self.column + end - self.at
        self.at = end

    def where(self, index: int) -> Location:
        """The line and column of `buffer[index]`."""
        newline = self.buffer.rfind("\n", self.at, index)
        column = index - newline if newline >= 0 else self.column + index - self.at
        return Location(self.path, self.line + self.buffer.count("\n", self.at, index), column)


class _Broken(Exception):
    """The file cannot be read on from `location`."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def iter_json(chunks: Chunks, path: str, problems: list[Diagnostic]) -> Iterator[tuple[int, object]]:
    """(line, value) of each value of the file, read as it comes: each item of a top-level array, each
    line of JSON Lines (a broken line is told and skipped), or the one document of the file. JSON
    Lines whose first line is an array (Reddit's `/comments` responses, a line each) give that
    array's items, then each later line's value. What ends the reading early (bad UTF-8, broken
    JSON in an array, a document too big) is an error in `problems`, after the values read before it."""
    text = _Text(chunks, path)
    try:
        first = text.skip_blank()
        if first == "[":
            yield from _array_items(text)
            yield from _lines(text, problems)
        elif first:
            yield from _lines_or_document(text, problems)
        else:
            problems.append(error(Location(path, 1), "not JSON: the file is empty"))
    except _Broken as broken:
        problems.append(error(broken.location, broken.message))
    except RecursionError:
        problems.append(error(Location(path, text.line), "JSON nested too deeply to read"))


def _array_items(text: _Text) -> Iterator[tuple[int, object]]:
    text.consume(text.at + 1)
    while True:
        following = text.skip_blank()
        if following == "]":
            text.consume(text.at + 1)
            _expect_line_end(text)
            return
        line = text.line
        yield line, _value(text)
        following = text.skip_blank()
        if following == ",":
            text.consume(text.at + 1)
        elif following != "]":
            raise _Broken(text.where(text.at), "not JSON: expected ',' or ']' between the items of the list")


def _value(text: _Text) -> object:
    """The JSON value the unread text starts with, reading on as far as it needs: each retry holds
    twice as much, so a big value is decoded a few times, not once per chunk."""
    while True:
        try:
            value, end = _DECODER.raw_decode(text.buffer, text.at)
        except json.JSONDecodeError as exc:
            where = text.where(exc.pos)  # before reading on moves what is held
            if len(text.buffer) - text.at <= MAX_ITEM and text.more(max(len(text.buffer) - text.at, 1)):
                continue
            raise _Broken(where, f"not JSON: {exc.msg}") from None
        # a number at the end of what is held may go on in the next chunk
        if end == len(text.buffer) and not text.done and text.more():
            continue
        text.consume(end)
        return value


def _expect_line_end(text: _Text) -> None:
    """Nothing after a list on its line: what follows it, if anything, is JSON Lines."""
    line = text.line
    if text.skip_blank() and text.line == line:
        raise _Broken(text.where(text.at), "not JSON: more after the end of the list")


def _lines_or_document(text: _Text, problems: list[Diagnostic]) -> Iterator[tuple[int, object]]:
    """JSON Lines when the first line is a JSON value by itself, else one document (pretty-printed,
    or on one line too long to be an item)."""
    line = _next_line(text)
    try:
        value = json.loads(line) if line is not None else None
    except json.JSONDecodeError:
        line = None
    if line is None:
        yield text.line, _document(text)
        return
    yield text.line, value
    text.consume(text.at + len(line))
    yield from _lines(text, problems)


def _lines(text: _Text, problems: list[Diagnostic]) -> Iterator[tuple[int, object]]:
    """Each line's value from the unread text on, as JSON Lines: a broken line is told and skipped."""
    while text.skip_blank():
        number = text.line
        line = _next_line(text)
        if line is None:
            raise _Broken(Location(text.path, number), f"a line longer than {MAX_ITEM} bytes: refused")
        text.consume(text.at + len(line))
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(warning(Location(text.path, number, exc.colno), f"not JSON: {exc.msg}: the line is left out"))


def _next_line(text: _Text) -> str | None:
    """The unread text up to its next line end (not consumed), read on as far as it needs; None
    past MAX_ITEM."""
    while (end := text.buffer.find("\n", text.at)) < 0 and not text.done:
        if len(text.buffer) - text.at > MAX_ITEM:
            return None
        text.more(max(len(text.buffer) - text.at, 1))
    return text.buffer[text.at : end if end >= 0 else len(text.buffer)]


def _document(text: _Text) -> object:
    while not text.done:
        if len(text.buffer) - text.at > MAX_DOCUMENT:
            raise _Broken(Location(text.path), f"a JSON document larger than {MAX_DOCUMENT} bytes: refused "
                                               "(a list of items, or JSON Lines, is read an item at a time)")
        text.more(max(len(text.buffer) - text.at, 1))
    try:
        value, end = _DECODER.raw_decode(text.buffer, text.at)
    except json.JSONDecodeError as exc:
        raise _Broken(text.where(exc.pos), f"not JSON: {exc.msg}") from None
    text.consume(end)
    if text.skip_blank():
        raise _Broken(text.where(text.at), "not JSON: more after the end of the document")
    return value


def read_document(chunks: Chunks, path: str) -> tuple[object, list[Diagnostic]]:
    """The file's one JSON document, read whole (up to MAX_DOCUMENT), or None and the error."""
    text = _Text(chunks, path)
    try:
        if not text.skip_blank():
            return None, [error(Location(path, 1), "not JSON: the file is empty")]
        return _document(text), []
    except _Broken as broken:
        return None, [error(broken.location, broken.message)]
    except RecursionError:
        return None, [error(Location(path), "JSON nested too deeply to read")]
