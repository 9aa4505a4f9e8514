"""The one configured Markdown renderer for editors' note bodies: no raw HTML, no unsafe links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from linkify_it import LinkifyIt  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")
LINK_LIKE = re.compile(r"[:@]|//|\.\w")
"""What every link linkify finds holds: a scheme's `:` or `//`, an e-mail's `@`, or a domain's
`.` before its top-level name (`localhost` and `www.` alone only make it look further). Linkify
reads text before entities and escapes join it (`&#46;` is a token of its own then)."""


class _QuickLinkify(LinkifyIt):  # type: ignore[misc]
    """linkify-it, told at once that most text holds no link: its own tests try a dozen long
    patterns on every paragraph and every piece of text, and the answer stays theirs."""

    def pretest(self, text: str) -> bool:
        return LINK_LIKE.search(text) is not None and bool(super().pretest(text))

    def test(self, text: str) -> bool:
        return LINK_LIKE.search(text) is not None and bool(super().test(text))


def make_markdown() -> MarkdownIt:
    """CommonMark with tables, strikethrough and bare-URL links; html off, only web and mail links."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.linkify = _QuickLinkify()
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
