"""Hardened, streamed reading of XML exports: one wanted element at a time, with its line; no DTD, no entities."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from xml.etree.ElementTree import Element
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, Locator

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.expatreader import create_parser  # type: ignore[import-untyped]

from ..diagnostics import Diagnostic, warning
from ..model import Location

CHUNK = 1 << 16
"""Bytes fed to the parser at a time: only the element being read is ever held."""
LINE = "{threadnote}line"
"""The attribute that carries an element's line in its file."""
CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""C0 controls other than tab, line feed and carriage return: never valid XML, yet WordPress writes them."""
DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)")
DECLARATION_BYTES = 200
"""How far into a file its XML declaration (and the encoding it names) is looked for."""
REPORTED_REPAIRS = 5
"""Repairs named one by one; the rest are counted."""


class XmlProblem(Exception):
    """The file cannot be read as XML from `line` on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


Chunks = Iterable[bytes]
"""A file's bytes as they are read from disk, a piece at a time (or a whole file in one piece)."""


def pieces(data: bytes | Chunks) -> Chunks:
    """Bytes in CHUNK-sized pieces, so that bytes in memory are repaired and parsed as a file is."""
    if isinstance(data, bytes):
        return (data[start : start + CHUNK] for start in range(0, len(data), CHUNK))
    return data


def read_elements(data: bytes | Chunks, path: str, wanted: Callable[[tuple[str, ...]], bool],
                  repairs: list[Diagnostic]) -> Iterator[Element]:
    """The wanted elements of an export read through `repaired`. A syntax error ends the elements but
    not the reading: the rest of the file is still looked through, so that every repair is told."""
    stream = repaired(pieces(data), path, repairs)
    try:
        yield from iter_elements(stream, wanted)
    except XmlProblem:
        for _ in stream:
            pass
        raise


def repaired(chunks: Chunks, path: str, problems: list[Diagnostic]) -> Iterator[bytes]:
    """The chunks with control characters stripped and, when the file says it is UTF-8, bytes that
    are not replaced by U+FFFD: WordPress writes both, and a strict parser would read nothing. The
    changes are added to `problems` once the last chunk is read (a character may straddle two)."""
    raw = _Lines()
    controls: list[tuple[Location, int]] = []
    count = 0
    head = b""
    utf8: _Utf8 | None = None
    for chunk in chunks:
        if len(controls) < REPORTED_REPAIRS:
            found = islice(CONTROLS.finditer(chunk), REPORTED_REPAIRS - len(controls))
            controls += [(raw.at(path, chunk, match.start()), match.group()[0]) for match in found]
        raw.advance(chunk)
        stripped, removed = CONTROLS.subn(b"", chunk)
        count += removed
        if utf8 is None:  # the declaration is read before any byte is judged
            head += stripped
            if len(head) < DECLARATION_BYTES:
                continue
            utf8, stripped, head = _Utf8(path, _says_utf8(head)), head, b""
        yield utf8.repair(stripped)
    utf8 = utf8 or _Utf8(path, _says_utf8(head))
    yield utf8.repair(head, final=True)
    problems.extend(_repairs(path, controls, count, utf8.bad))


def _says_utf8(head: bytes) -> bool:
    declared = DECLARED.match(head[:DECLARATION_BYTES])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _repairs(path: str, controls: list[tuple[Location, int]], count: int, bad: tuple[Location, int] | None) -> list[Diagnostic]:
    problems = [warning(where, f"control character 0x{byte:02x} removed") for where, byte in controls]
    if count > REPORTED_REPAIRS:
        problems.append(warning(Location(path), f"{count - REPORTED_REPAIRS} more control characters removed"))
    if bad is not None:
        problems.append(warning(bad[0], f"byte 0x{bad[1]:02x} is not UTF-8, as the file says it is: "
                                        "bytes that are not were replaced by U+FFFD"))
    return problems


@dataclass(slots=True)
class _Lines:
    """How far a stream of bytes has got: its offset, its line, and the offset that line starts at."""

    offset: int = 0
    line: int = 1
    line_start: int = 0

    def at(self, path: str, data: bytes, index: int) -> Location:
        """Where `data[index]` is, `data` being the bytes that follow those passed so far."""
        newline = data.rfind(b"\n", 0, index)
        column = index - newline if newline >= 0 else self.offset + index - self.line_start + 1
        return Location(path, self.line + data.count(b"\n", 0, index), column)

    def advance(self, data: bytes) -> None:
        newline = data.rfind(b"\n")
        if newline >= 0:
            self.line += data.count(b"\n")
            self.line_start = self.offset + newline + 1
        self.offset += len(data)


class _Utf8:
    """Passes bytes on as they are while they are UTF-8 (holding back a character cut by a chunk's
    end); from the first that is not, decodes the rest with replacement, as a whole file would be."""

    def __init__(self, path: str, check: bool) -> None:
        self.path = path
        self.check = check
        self.kept = _Lines()
        self.pending = b""
        self.decoder: codecs.IncrementalDecoder | None = None
        self.bad: tuple[Location, int] | None = None
        """Where the first byte that is not UTF-8 is (counted in the bytes kept), and that byte."""

    def repair(self, data: bytes, final: bool = False) -> bytes:
        if not self.check:
            return data
        if self.decoder is not None:
            return self.decoder.decode(data, final).encode("utf-8")
        data, self.pending = self.pending + data, b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(data) and not final:
                data, self.pending = data[: exc.start], data[exc.start :]
            else:
                self.bad = (self.kept.at(self.path, data, exc.start), data[exc.start])
                self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
                return data[: exc.start] + self.decoder.decode(data[exc.start :], final).encode("utf-8")
        self.kept.advance(data)
        return data


def iter_elements(chunks: Chunks, wanted: Callable[[tuple[str, ...]], bool]) -> Iterator[Element]:
    """Each element whose path of local names `wanted` accepts, whole, as its end tag is read; the
    chunks are fed to the parser one by one, so only the element being read is ever held.

    Raises XmlProblem for a DTD, an entity declaration or a syntax error, after the elements that
    end before it (wherever the chunks happen to be cut)."""
    handler = _Collector(wanted)
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    handler.setDocumentLocator(parser)  # fed in chunks, the parser never hands its locator over itself
    problem = None
    try:
        for chunk in chunks:
            parser.feed(chunk)
            yield from handler.take()
        parser.close()
    except SAXParseException as exc:
        problem = XmlProblem(exc.getLineNumber() or 0, f"not well-formed XML: {exc.getMessage()}")
    except DefusedXmlException as exc:
        problem = XmlProblem(handler.line(), f"refused: {type(exc).__name__} (an export never needs a DTD or entities)")
    except SAXException as exc:
        problem = XmlProblem(handler.line(), f"not XML: {exc.getMessage()}")
    except (LookupError, ValueError) as exc:  # expat reads no multi-byte encoding but UTF-8 and UTF-16
        problem = XmlProblem(1, f"the encoding its XML declaration names cannot be read ({exc}): save the file as UTF-8")
    yield from handler.take()
    if problem is not None:
        raise problem


class _Collector(ContentHandler):
    """Builds the wanted elements from the parser's events; keeps nothing else."""

    def __init__(self, wanted: Callable[[tuple[str, ...]], bool]) -> None:
        super().__init__()
        self.wanted = wanted
        self.path: list[str] = []
        self.building: list[Element] = []
        self.ready: list[Element] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator is not None else 0

    def take(self) -> list[Element]:
        ready, self.ready = self.ready, []
        return ready

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl) -> None:
        self.path.append(name[1])
        if not self.building and not self.wanted(tuple(self.path)):
            return
        element = Element(_tag(name), {_tag(key): value for key, value in attrs.items()})
        element.set(LINE, str(self.line()))
        if self.building:
            self.building[-1].append(element)
        self.building.append(element)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.path.pop()
        if self.building:
            done = self.building.pop()
            if not self.building:
                self.ready.append(done)

    def characters(self, content: str) -> None:
        if self.building:
            element = self.building[-1]
            if len(element):
                element[-1].tail = (element[-1].tail or "") + content
            else:
                element.text = (element.text or "") + content


def _tag(name: tuple[str | None, str]) -> str:
    return f"{{{name[0]}}}{name[1]}" if name[0] else name[1]


def child_text(element: Element, *names: str) -> str:
    """The text of the first child found by local names, each a level deeper; empty when absent."""
    found: Element | None = element
    for name in names:
        found = next((c for c in found if local(c.tag) == name), None) if found is not None else None
    return (found.text or "").strip() if found is not None else ""


def children(element: Element, name: str) -> list[Element]:
    return [c for c in element if local(c.tag) == name]


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def line_of(element: Element) -> int:
    return int(element.get(LINE) or 0)
