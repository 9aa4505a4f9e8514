"""HTML comment bodies to paragraphs with inline marks: nh3's allow-list first, then a small walk."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3

from ..model import Inline, Paragraph

BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr"})
LISTS = frozenset({"ul", "ol"})
MARKS = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code", "s": "strike",
         "strike": "strike", "del": "strike", "a": "link"}
ALLOWED_TAGS = BLOCKS | LISTS | set(MARKS) | {"br", "blockquote", "pre", "table", "tbody", "thead", "td", "th"}
"""Everything else is dropped by the sanitiser, its words kept (a script's or style's words too are dropped)."""
LINK_SCHEMES = ("http://", "https://", "mailto:")
_SPACE = re.compile(r"\s+")
TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:\s*=\s*"[^"]*")?)*)\s*/?>|<!--.*?-->', re.DOTALL)
"""A tag as nh3 writes it (attribute values always double-quoted, `"` in them escaped), or a comment."""
ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:\s*=\s*"([^"]*)")?')
MAX_NESTING = 100
"""Elements open at once past which tags are dropped (their words kept): the sanitiser's time grows with
the square of the nesting (20,000 `<div>`s take seconds), and no comment nests a hundred deep."""
RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
UNNESTED = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "p", "li"})
"""Tags that never hold the ones after them open: void ones, and those the next of their kind ends."""


def parse_html(body: str, line: int, base_url: str | None = None) -> tuple[Paragraph, ...]:
    """Paragraphs of a hostile HTML body; entities are decoded once, relative links made absolute
    against `base_url` (or dropped without one), and nothing of the markup is kept as text."""
    if body.count("<") > MAX_NESTING:
        body = _flattened(body)
    clean = nh3.clean(body, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                      link_rel=None, strip_comments=True)
    walker = _Walker(line, base_url)
    at = 0
    # nh3's output is well-formed and regular: a scan of its tags is exact, and several times
    # faster than html.parser (a site-wide export holds hundreds of thousands of bodies)
    for tag in TAG.finditer(clean):
        if tag.start() > at:
            walker.handle_data(html.unescape(clean[at : tag.start()]))
        at = tag.end()
        closing, name, attributes = tag.groups()
        if name is None:
            continue
        if closing:
            walker.handle_endtag(name.lower())
        else:
            found = [(key.lower(), html.unescape(value or "")) for key, value in ATTRIBUTE.findall(attributes or "")]
            walker.handle_starttag(name.lower(), found)
    if at < len(clean):
        walker.handle_data(html.unescape(clean[at:]))
    walker.flush()
    return tuple(walker.paragraphs)


def _flattened(body: str) -> str:
    """The body without the tags that open, or close, deeper than MAX_NESTING."""
    depth = 0

    def kept(tag: re.Match[str]) -> str:
        nonlocal depth
        if tag.group(2).lower() in UNNESTED:
            return tag.group()
        if tag.group(1):
            depth = max(depth - 1, 0)
            return tag.group() if depth < MAX_NESTING else ""
        depth += 1
        return tag.group() if depth <= MAX_NESTING else ""
    return RAW_TAG.sub(kept, body)


class _Walker:
    """Collects plain text and marks; a block element ends the paragraph before and after it."""

    def __init__(self, line: int, base_url: str | None) -> None:
        self.line = line
        self.base_url = base_url
        self.paragraphs: list[Paragraph] = []
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[Inline] = []
        self.open: list[tuple[str, str, int, str | None]] = []
        """Inline elements not closed yet: tag, kind, start, href."""
        self.depth = 0
        self.pre = 0
        self.lists: list[list[int]] = []
        """Open lists, each holding its item count (negative for a bulleted list)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        if tag == "br":
            self._line_break()
        elif tag in MARKS and not (tag == "code" and self.pre):
            href = self._href(dict(attrs).get("href")) if tag == "a" else None
            if tag != "a" or href:
                self.open.append((tag, MARKS[tag], self.length, href))
        elif tag in LISTS:
            if not self.lists:
                self.flush()
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li" and self.lists:
            self._list_item()
        elif tag in ("td", "th"):
            self._add(" ", verbatim=False)
        elif not self.lists and (tag in BLOCKS or tag in ("blockquote", "pre")):
            self.flush()
            self.depth += tag == "blockquote"
            self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in MARKS:
            self._close_mark(tag)
        elif tag in LISTS and self.lists:
            if len(self.lists) == 1:
                self.flush()
            self.lists.pop()
        elif not self.lists and (tag in BLOCKS or tag in ("blockquote", "pre")):
            self.flush()
            self.depth -= tag == "blockquote" and self.depth > 0
            self.pre -= tag == "pre" and self.pre > 0

    def handle_data(self, data: str) -> None:
        self._add(data, verbatim=bool(self.pre))

    def _href(self, href: str | None) -> str | None:
        if not href:
            return None
        if self.base_url and not href.startswith(LINK_SCHEMES):
            href = urljoin(self.base_url, href)
        return href if href.startswith(LINK_SCHEMES) else None

    def _list_item(self) -> None:
        counts = self.lists[-1]
        counts[0] += 1 if counts[0] >= 0 else 0
        marker = f"{counts[0]}. " if counts[0] > 0 else "- "
        if self.length:
            self._line_break()
        self._add("  " * (len(self.lists) - 1) + marker, verbatim=True)

    def _line_break(self) -> None:
        # a space left before the break would stand at a line's end
        if not self.pre and self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
        self._add("\n", verbatim=True)

    def _add(self, text: str, verbatim: bool) -> None:
        if not verbatim:
            text = _SPACE.sub(" ", text)
            if not self.parts or self.parts[-1].endswith((" ", "\n")):
                text = text.lstrip(" ")
        if text:
            self.parts.append(text)
            self.length += len(text)

    def _close_mark(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                _, kind, start, href = self.open.pop(index)
                if self.length > start:
                    self.marks.append(Inline(start, self.length, kind, href))
                return

    def flush(self) -> None:
        """End the paragraph being read; marks still open go on in the next one."""
        raw = "".join(self.parts)
        text = raw.strip("\n") if self.pre else raw.strip()
        lead = len(raw) - len(raw.lstrip("\n" if self.pre else None))
        if text:
            marks = self.marks + [Inline(start, self.length, kind, href) for _, kind, start, href in self.open if self.length > start]
            shifted = (Inline(max(m.start - lead, 0), min(m.end - lead, len(text)), m.kind, m.href) for m in marks)
            inline = tuple(sorted((m for m in shifted if m.end > m.start), key=lambda m: (m.start, m.end)))
            kind = "code" if self.pre else "list" if self.lists else "quote" if self.depth else "text"
            self.paragraphs.append(Paragraph(text, self.line, kind, self.depth, inline))
        self.parts, self.length, self.marks = [], 0, []
        self.open = [(tag, kind, 0, href) for tag, kind, _, href in self.open]
