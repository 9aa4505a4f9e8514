"""Hardened, streamed reading of XML exports: one wanted element at a time, with its line; no DTD, no entities."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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
REPORTED_REPAIRS = 5
"""Repairs named one by one; the rest are counted."""


class XmlProblem(Exception):
    """The file cannot be read as XML from `line` on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def repair(data: bytes, path: str) -> tuple[bytes, list[Diagnostic]]:
    """Strip control characters and replace bytes that are not UTF-8 (when the file says UTF-8),
    naming each change: WordPress writes both, and a strict parser would read nothing."""
    problems = []
    found = list(CONTROLS.finditer(data))
    for match in found[:REPORTED_REPAIRS]:
        problems.append(warning(_location(data, path, match.start()), f"control character 0x{match.group()[0]:02x} removed"))
    if len(found) > REPORTED_REPAIRS:
        problems.append(warning(Location(path), f"{len(found) - REPORTED_REPAIRS} more control characters removed"))
    if found:
        data = CONTROLS.sub(b"", data)
    declared = DECLARED.match(data[:200])
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            where = _location(data, path, exc.start)
            problems.append(warning(where, f"byte 0x{data[exc.start]:02x} is not UTF-8, as the file says it is: "
                                           "bytes that are not were replaced by U+FFFD"))
            data = data.decode("utf-8", "replace").encode("utf-8")
    return data, problems


def _location(data: bytes, path: str, offset: int) -> Location:
    before = data[:offset]
    return Location(path, before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1)


def iter_elements(data: bytes, wanted: Callable[[tuple[str, ...]], bool]) -> Iterator[Element]:
    """Each element whose path of local names `wanted` accepts, whole, as its end tag is read.

    Raises XmlProblem for a DTD, an entity declaration or a syntax error."""
    handler = _Collector(wanted)
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    handler.setDocumentLocator(parser)  # fed in chunks, the parser never hands its locator over itself
    try:
        for start in range(0, len(data), CHUNK):
            parser.feed(data[start : start + CHUNK])
            yield from handler.take()
        parser.close()
        yield from handler.take()
    except SAXParseException as exc:
        raise XmlProblem(exc.getLineNumber() or 0, f"not well-formed XML: {exc.getMessage()}") from None
    except DefusedXmlException as exc:
        raise XmlProblem(handler.line(), f"refused: {type(exc).__name__} (an export never needs a DTD or entities)") from None
    except SAXException as exc:
        raise XmlProblem(handler.line(), f"not XML: {exc.getMessage()}") from None


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
