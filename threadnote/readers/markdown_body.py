"""Markdown comment bodies (Reddit, Staticman) to paragraphs with inline marks, from markdown-it-py's tokens."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import Inline, Paragraph

MARK_TOKENS = {"em_open": "em", "strong_open": "strong", "s_open": "strike", "link_open": "link"}
CLOSE_TOKENS = {"em_close", "strong_close", "s_close", "link_close"}
LINK_SCHEMES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # raw HTML off: a `<script>` in a comment is the words `<script>`; links are checked by markdown-it
    return MarkdownIt("js-default", {"html": False})


def parse_markdown(text: str, line: int) -> tuple[Paragraph, ...]:
    """Paragraphs of a Markdown body; `line` is the line its text starts on."""
    paragraphs: list[Paragraph] = []
    depth = 0
    listing: list[str] | None = None
    list_line = 0
    bullets: list[int] = []
    for token in _parser().parse(text.replace("\r\n", "\n")):
        at = line + (token.map[0] if token.map else 0)
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            bullets.append(int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else -1)
            listing = listing if listing is not None else []
            list_line = list_line if len(bullets) > 1 else at
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
            if not bullets and listing:
                paragraphs.append(Paragraph("\n".join(listing), list_line, "list", depth))
                listing = None
        elif token.type in ("fence", "code_block"):
            # a fence may open on blank lines: trimmed at both ends, as the HTML reader trims a <pre>
            paragraphs.append(Paragraph(token.content.strip("\n"), at, "code", depth))
        elif token.type == "inline":
            words, marks = _inline(token.children or [])
            if listing is not None:
                listing.append(_list_marker(bullets) + words)
            elif words:
                paragraphs.append(Paragraph(words, at, "quote" if depth else "text", depth, marks))
    return tuple(p for p in paragraphs if p.text)


def _list_marker(bullets: list[int]) -> str:
    indent = "  " * (len(bullets) - 1)
    if bullets[-1] < 0:
        return indent + "- "
    bullets[-1] += 1
    return f"{indent}{bullets[-1] - 1}. "


def _inline(children: list[Token]) -> tuple[str, tuple[Inline, ...]]:
    parts: list[str] = []
    length = 0
    marks: list[Inline] = []
    open_marks: list[tuple[str, int, str | None]] = []
    href: str | None
    for child in children:
        kind = MARK_TOKENS.get(child.type)
        if kind is not None:
            href = str(child.attrGet("href") or "")
            open_marks.append((kind, length, href if href.startswith(LINK_SCHEMES) else None))
            continue
        if child.type in CLOSE_TOKENS and open_marks:
            kind, start, href = open_marks.pop()
            if length > start and (kind != "link" or href):
                marks.append(Inline(start, length, kind, href))
            continue
        piece = {"softbreak": " ", "hardbreak": "\n"}.get(child.type, child.content)
        if child.type == "image":
            piece = child.content
        if child.type == "code_inline":
            marks.append(Inline(length, length + len(piece), "code"))
        parts.append(piece)
        length += len(piece)
    return _stripped("".join(parts), marks)


def _stripped(text: str, marks: list[Inline]) -> tuple[str, tuple[Inline, ...]]:
    """The text without its outer spaces, and its marks moved with it (a mark over spaces alone goes)."""
    lead = len(text) - len(text.lstrip())
    words = text.strip()
    kept = []
    for mark in marks:
        start, end = max(mark.start - lead, 0), min(mark.end - lead, len(words))
        if end > start:
            kept.append(Inline(start, end, mark.kind, mark.href))
    return words, tuple(sorted(kept, key=lambda m: (m.start, m.end)))
