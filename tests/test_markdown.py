"""Note bodies: the quick look for links before linkify's own never changes what it renders."""

from __future__ import annotations

import pytest
from linkify_it import LinkifyIt  # type: ignore[import-untyped]

from threadnote.render.markdown import make_markdown

BODIES = [
    "No link here, only words. And a sentence.",
    "See https://example.org/a?b=c for more.",
    "Mail editor@example.org or EDITOR@EXAMPLE.ORG.",
    "A bare example.com, WWW.EXAMPLE.COM and www.example.org/x.",
    "On localhost:8000 and //example.org/path and ftp://files.example.org.",
    "An address 192.168.1.1 and a version 3.5.1 and a price of 3.50.",
    "Entities and escapes: example&#46;com, localhost&#46;com, www&#46;example&#46;org, http\\://example.org.",
    "Only localhost&#46;com and www&#46;example&#46;org and www\\.example.org here",
    "Unicode: пример.рф and bücher.de and *emphasis*example.com",
    "A [markdown link](https://example.org/x) beside https://example.net.",
    "mailto:someone@example.org and javascript:alert(1) and `code.example.com`",
    "A table\n\n| a | b |\n|---|---|\n| example.org | x |\n",
]


@pytest.mark.parametrize("body", BODIES)
def test_the_quick_look_renders_what_linkify_alone_renders(body: str) -> None:
    quick = make_markdown()
    alone = make_markdown()
    alone.linkify = LinkifyIt()
    assert quick.render(body) == alone.render(body)


def test_bare_links_are_still_found() -> None:
    html = make_markdown().render("Mail editor@example.org, see example.com.")
    assert '<a href="mailto:editor@example.org">' in html and '<a href="http://example.com">' in html
