"""The one configured Markdown renderer for editors' note bodies: no raw HTML, no unsafe links."""

from __future__ import annotations

from collections.abc import Mapping
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


def prepare() -> None:
    """Do the renderer's one-time work now: the first body with a link takes 20 ms, while
    linkify compiles its patterns (`serve` does it before the editor's first save)."""
    _shared().render("https://example.org")


_rendered: dict[str, str] = {}
MAX_REMEMBERED = 65536


def render_markdown(source: str) -> str:
    """A note body as HTML; remembered, since pages, the export, the feed and `serve`'s rebuilds
    all render the same bodies again."""
    html = _rendered.get(source)
    if html is None:
        if len(_rendered) >= MAX_REMEMBERED:
            _rendered.clear()
        html = _rendered[source] = _shared().render(source) if source else ""
    return html


def remember_rendered(rendered: Mapping[str, str]) -> None:
    """Bodies rendered elsewhere (by a background process, or by an earlier build)."""
    if len(_rendered) + len(rendered) > MAX_REMEMBERED:
        _rendered.clear()
    _rendered.update(rendered)


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/")[0]:
        return not lowered.startswith("//")  # relative links stay; protocol-relative ones go
    return lowered.startswith(SAFE_SCHEMES)
