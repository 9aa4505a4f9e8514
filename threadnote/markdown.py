"""The one configured Markdown renderer for editors' note bodies: no raw HTML, no unsafe links."""

from __future__ import annotations

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def make_markdown() -> MarkdownIt:
    """CommonMark with tables, strikethrough and bare-URL links; html off, only web and mail links."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/")[0]:
        return not lowered.startswith("//")  # relative links stay; protocol-relative ones go
    return lowered.startswith(SAFE_SCHEMES)
