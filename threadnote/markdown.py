"""The one configured Markdown renderer for editors' note bodies: no raw HTML, no unsafe links."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def make_markdown() -> MarkdownIt:
    """CommonMark with tables, strikethrough and bare-URL links; html off, only web and mail links."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _shared() -> MarkdownIt:
    return make_markdown()


@lru_cache(maxsize=65536)
def render_markdown(source: str) -> str:
    """A note body as HTML; remembered, since pages, the export, the feed and `serve`'s rebuilds
    all render the same bodies again."""
    return _shared().render(source) if source else ""


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/")[0]:
        return not lowered.startswith("//")  # relative links stay; protocol-relative ones go
    return lowered.startswith(SAFE_SCHEMES)
