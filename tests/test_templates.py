"""The shipped templates: safe file names, page navigation, note navigation and landmarks in the built HTML.

What needs a browser (layout, previews, axe, vnu) is in tests/browser/; these run in milliseconds.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from threadnote.build.pipeline import build
from threadnote.render.links import Pages
from threadnote.render.site import make_environment

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"


def test_every_template_ends_in_html_so_it_is_autoescaped() -> None:
    names = sorted(p.name for p in TEMPLATES.iterdir() if p.is_file())
    assert names and [n for n in names if not n.endswith(".html")] == []


def test_base_has_a_search_form_block_in_the_masthead() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    masthead = base[base.index('<header class="masthead">') : base.index("</header>")]
    block = masthead[masthead.index("{% block search %}") : masthead.index("{% endblock %}")]
    assert 'role="search"' in block and "{% if site.search %}" in block


ESCAPED_VALUES = ["<a href=\"x\">Tom & 'Jerry'</a>", Markup("<b>safe</b> &amp;"), 42, "plain é", ""]


@pytest.mark.parametrize("value", ESCAPED_VALUES, ids=["text", "markup", "number", "plain", "empty"])
def test_a_value_comes_out_as_markupsafe_escapes_it(value: object) -> None:
    env = make_environment(TEMPLATES)
    for template in (env.from_string("[{{ v }}]"), env.from_string("{% macro m(v) %}[{{ v }}]{% endmacro %}{{ m(v) }}")):
        assert template.render(v=value) == f"[{escape(value)}]"


def test_templates_escape_text_without_a_markup_object_each() -> None:
    """The compiled module looks its escape up by name: a Jinja2 that named it otherwise would
    leave pages right but slow, which this says."""
    template = make_environment(TEMPLATES).get_template("_comment.html")
    assert template.root_render_func.__globals__["escape"] is not escape


class Texts(HTMLParser):
    """The text of each element matching (tag, class) and the attributes of every element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, dict[str, str | None], str]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append((tag, dict(attrs), ""))
        if tag not in ("br", "img", "meta", "link", "input"):
            self._open.append(len(self.items) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            index = self._open.pop()
            if self.items[index][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self._open:
            tag, attrs, text = self.items[index]
            self.items[index] = (tag, attrs, text + data)


def parse(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Texts()
    parser.feed(html)
    return parser.items


def page_links(page: int, count: int) -> list[str]:
    env = make_environment(TEMPLATES)
    html = env.get_template("_pagenav.html").render(
        pages=Pages(10, count, {}), page=page, position="top", first_number=(page - 1) * 10 + 1,
        last_number=page * 10, thread={"comments": [None] * (count * 10)},
    )
    return [" ".join(text.split()) for tag, attrs, text in parse(html) if tag in ("a", "span") or attrs.get("class") == "pages-gap"]


@pytest.mark.parametrize(
    ("page", "count", "expected"),
    [
        pytest.param(1, 1, [], id="one-page-no-nav"),
        pytest.param(1, 3, ["← Previous page", "1", "2", "3", "Next page →"], id="first"),
        pytest.param(6, 12, ["← Previous page", "1", "…", "4", "5", "6", "7", "8", "…", "12", "Next page →"], id="middle"),
        pytest.param(12, 12, ["← Previous page", "1", "…", "10", "11", "12", "Next page →"], id="last"),
    ],
)
def test_page_navigation_shows_first_last_and_neighbours(page: int, count: int, expected: list[str]) -> None:
    assert page_links(page, count) == expected


@pytest.fixture(scope="module")
def paged_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example thread at 40 comments a page: three pages."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "content" / "china-japan", site / "content" / "china-japan")
    config = [line for line in (REPO / "site.yaml").read_text(encoding="utf-8").splitlines() if not line.startswith("page_size:")]
    (site / "site.yaml").write_text("\n".join([*config, "page_size: 40", ""]), encoding="utf-8")
    out = site / "out"
    assert build(site, out).ok
    return out / "china-japan"


PAGE_FILES = ("index.html", "page-2.html", "page-3.html")


def pages_of(thread: Path) -> list[str]:
    return [(thread / name).read_text(encoding="utf-8") for name in PAGE_FILES]


def test_every_page_has_page_navigation_at_top_and_bottom(paged_example: Path) -> None:
    for number, html in enumerate(pages_of(paged_example), 1):
        navs = [attrs.get("aria-label") for tag, attrs, _ in parse(html) if tag == "nav" and "pages" in (attrs.get("class") or "")]
        current = [text for tag, attrs, text in parse(html) if attrs.get("aria-current") == "page"]
        assert (navs, current) == (["Pages (top)", "Pages (bottom)"], [str(number), str(number)])


def test_page_status_counts_the_comments_shown(paged_example: Path) -> None:
    status = [re.search(r'<p class="pages-status">([^<]*)</p>', html).group(1) for html in pages_of(paged_example)]  # type: ignore[union-attr]
    assert status == ["Comments 1–40 of 82", "Comments 41–80 of 82", "Comments 81–82 of 82"]


def test_each_note_links_to_the_previous_and_next_note_across_pages(paged_example: Path) -> None:
    notes: list[tuple[str, str]] = []  # (page file, note id) in reading order
    links: dict[str, dict[str, str]] = {}
    for name, html in zip(PAGE_FILES, pages_of(paged_example)):
        items = parse(html[html.index('<ol class="comments"') :])  # notes on the thread itself are not in the chain
        current = ""
        for tag, attrs, _ in items:
            if tag == "aside":
                current = attrs["id"] or ""
                notes.append((name, current))
                links[current] = {}
            elif attrs.get("class") in ("note-prev", "note-next"):
                links[current][attrs["class"] or ""] = attrs["href"] or ""

    def href(source: str, target: tuple[str, str]) -> str:
        return f"#{target[1]}" if target[0] == source else f"{target[0]}#{target[1]}"

    expected = {
        note: {
            **({"note-prev": href(page, notes[i - 1])} if i > 0 else {}),
            **({"note-next": href(page, notes[i + 1])} if i + 1 < len(notes) else {}),
        }
        for i, (page, note) in enumerate(notes)
    }
    assert links == expected
    exported = json.loads((paged_example / "thread.json").read_text(encoding="utf-8"))
    assert len(notes) == sum(len(c["notes"]) for c in exported["comments"])
    assert {page for page, _ in notes} == set(PAGE_FILES)


def test_notes_are_labelled_notes_not_landmarks(paged_example: Path) -> None:
    """Dozens of <aside> landmarks with one name each would fail axe's landmark-unique rule."""
    for html in pages_of(paged_example):
        items = parse(html)
        ids = {attrs.get("id") for _, attrs, _ in items}
        asides = [attrs for tag, attrs, _ in items if tag == "aside"]
        assert asides
        assert [a for a in asides if a.get("role") != "note" or a.get("aria-labelledby") not in ids] == []


def test_every_comment_is_a_heading_under_the_title(paged_example: Path) -> None:
    html = pages_of(paged_example)[1]
    headings = [tag for tag, _, _ in parse(html) if re.fullmatch(r"h[1-6]", tag)]
    assert headings[0] == "h1"
    assert headings.count("h2") >= 40
    assert [h for h in headings if h not in ("h1", "h2", "h3")] == []


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_script_parses() -> None:
    done = subprocess.run(["node", "--check", str(TEMPLATES / "static" / "threadnote.js")], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
