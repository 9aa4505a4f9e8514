"""Hostile input: markup, script links and template syntax in comments and notes never become live markup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from threadnote.cli.main import main

OWN_SCRIPT = re.compile(r"^(?:\.\./)*(?:static|pagefind)/(?:[\w-]+/)*[\w.-]+\.js$")
"""Script files the site's own templates may load: its static/ assets and the search index's code."""
DANGEROUS_URL = re.compile(r"^(?:javascript|vbscript|data:text)", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "background"}
OWN_SEARCH = re.compile(r"^(?:\.\./)*(?:search/index\.html)?$")
"""The site's own search form posts to its search page (or to itself, on that page)."""
FOREIGN_TAGS = {"img", "iframe", "frame", "object", "embed", "applet", "form", "base"}
"""Elements the templates never write: seeing one means raw HTML from a comment or note got through."""

THREAD = """\
---
title: Hostile <script>alert("title")</script> {{ 7*7 }}
byline: <b onmouseover="alert(1)">Mallory</b>
source_url: https://example.org/a?x=1&y="2"
---
Ignored headline line


mallory
12 March 2024 at 09:00

Look: <script>alert(1)</script> and <img src=x onerror=alert(1)> in one comment.

A [link](javascript:alert(1)) and a bare javascript:alert(1) and <a href="javascript:alert(1)">a</a>.

Reply · Share · Report


trudy
12 March 2024 at 09:05

> A [link](javascript:alert(1)) and a bare javascript:alert(1) and <a href="javascript:alert(1)">a</a>.

@mallory breaking out: " onmouseover="alert(1)  and ' onfocus='alert(1) and </p></li></ol><script>alert(2)</script>

Reply · Share · Report


eve
12 March 2024 at 09:10

Template syntax stays text: {{ 7*7 }} and {% raw %} and {{ site.title }} and {# comment #} and ${7*7}.

Reply · Share · Report
"""

NOTES = """\
editor: "<img src=x onerror=alert('editor')>"
notes:
  - text: "<img src=x onerror=alert(1)>"
    type: fact-check
    verdict: "false"
    claim: "<script>alert('claim')</script>"
    tags: ["\\"><script>alert('tag')</script>"]
    body: |
      Raw HTML stays text: <script>alert(1)</script> <img src=x onerror=alert(1)>
      <a href="javascript:alert(1)" onclick="alert(1)">raw link</a>

      Links: [x](javascript:alert(1)), [y](JaVaScRiPt:alert(1)), [z](vbscript:msgbox(1)),
      [w](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==), <javascript:alert(1)>,
      [v](java&#x09;script:alert(1)) and ![i](javascript:alert(1)).
  - text: "{{ 7*7 }}"
    type: moderation
    action: flag
    reason: "<b onmouseover=alert(1)>reason</b> {{ 7*7 }}"
    body: "{% raw %}{{ 7*7 }}{% endraw %} <svg onload=alert(1)>"
  - text: "@mallory breaking out"
    type: translation
    language: en
    translation: "\\" onmouseover=\\"alert(1)"
    body: ok
thread:
  summary: "<script>alert('summary')</script>"
  notes:
    - type: note
      body: "<iframe src=javascript:alert(1)></iframe>"
"""


class Audit(HTMLParser):
    """Every element, attribute and text of one page, and the problems found in them."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.problems: list[str] = []
        self.text: list[str] = []
        self.in_script: dict[str, str | None] | None = None
        self.json_ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"{self.name}:{self.getpos()[0]}"
        found = dict(attrs)
        for attr, value in attrs:
            if attr.startswith("on"):
                self.problems.append(f"{where}: <{tag} {attr}=...>")
            cleaned = re.sub(r"[\x00-\x20]", "", value or "")
            if attr in URL_ATTRIBUTES and DANGEROUS_URL.match(cleaned):
                self.problems.append(f"{where}: <{tag} {attr}={value!r}>")
        own_search_form = tag == "form" and bool(OWN_SEARCH.match(found.get("action") or ""))
        if tag in FOREIGN_TAGS and not own_search_form:
            self.problems.append(f"{where}: <{tag}> element")
        if tag == "script":
            own = bool(OWN_SCRIPT.match(found.get("src") or "")) and found.get("type") in (None, "module")
            if not own and found.get("type") != "application/ld+json":
                self.problems.append(f"{where}: <script {found}>")
            self.in_script = found

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = None

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            if self.in_script.get("src") and data.strip():
                self.problems.append(f"{self.name}: script with src has inline code {data[:40]!r}")
            if self.in_script.get("type") == "application/ld+json":
                self.json_ld.append(data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    site = root / "site"
    (site / "content" / "evil" / "notes").mkdir(parents=True)
    (site / "site.yaml").write_text(
        "title: \"Archive <script>alert('site')</script> {{ 7*7 }}\"\n"
        "base_url: https://archive.example.org/\n"
        "description: \"\\\" onmouseover=\\\"alert(1)\"\n",
        encoding="utf-8",
    )
    (site / "content" / "evil" / "thread.txt").write_text(THREAD, encoding="utf-8")
    (site / "content" / "evil" / "notes" / "evil.yaml").write_text(NOTES, encoding="utf-8")
    assert main(["build", "--site", str(site), "--out", str(root / "out")]) == 0
    return root / "out"


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def audit(path: Path, out: Path) -> Audit:
    reader = Audit(path.relative_to(out).as_posix())
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def test_the_hostile_site_builds_every_page(hostile_site: Path) -> None:
    names = [p.relative_to(hostile_site).as_posix() for p in html_files(hostile_site)]
    assert {"index.html", "evil/index.html", "notes/index.html"} <= set(names)


def test_no_live_markup_in_any_page(hostile_site: Path) -> None:
    problems = [problem for page in html_files(hostile_site) for problem in audit(page, hostile_site).problems]
    assert problems == []


def test_json_ld_blocks_are_whole_json(hostile_site: Path) -> None:
    for page in html_files(hostile_site):
        for block in audit(page, hostile_site).json_ld:
            json.loads(block)  # a `</script>` breaking out of the block would cut the JSON short


def test_hostile_words_are_shown_as_text(hostile_site: Path) -> None:
    text = "".join(audit(hostile_site / "evil" / "index.html", hostile_site).text)
    for words in [
        "Look: <script>alert(1)</script> and <img src=x onerror=alert(1)>",  # then the note's mark ends
        "A [link](javascript:alert(1)) and a bare javascript:alert(1)",
        "\" onmouseover=\"alert(1)",
        "</p></li></ol><script>alert(2)</script>",
        "Template syntax stays text: {{ 7*7 }}",  # a note's mark and its number follow
        " and {% raw %} and {{ site.title }} and {# comment #} and ${7*7}.",
        "Hostile <script>alert(\"title\")</script> {{ 7*7 }}",
        "Raw HTML stays text: <script>alert(1)</script>",
        "<script>alert('summary')</script>",
    ]:
        assert words in text, words
    assert "Template syntax stays text: 49" not in text
    assert "Golden" not in text and "{{ site.title }}" in text


def test_template_syntax_is_not_evaluated_anywhere(hostile_site: Path) -> None:
    for page in html_files(hostile_site):
        text = "".join(audit(page, hostile_site).text)
        assert "Archive <script>alert('site')</script> {{ 7*7 }}" in text, page
    raw = (hostile_site / "evil" / "index.html").read_text(encoding="utf-8")
    assert raw.count("{{ 7*7 }}") >= 3
    assert "{% raw %}" in raw


def test_note_bodies_in_thread_json_are_safe(hostile_site: Path) -> None:
    document = json.loads((hostile_site / "evil" / "thread.json").read_text(encoding="utf-8"))
    bodies = [n["body_html"] for c in document["comments"] for n in c["notes"]]
    assert len(bodies) == 3
    for body in bodies:
        reader = Audit("body_html")
        reader.feed(body)
        assert reader.problems == []
        assert "<script" not in body and "<img" not in body and "<svg" not in body


def test_a_javascript_source_url_in_front_matter_is_refused(make_site, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/t/thread.txt": "---\nsource_url: javascript:alert(1)\n---\nT\n\n\nWords.\n"})
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 1
    assert "content/t/thread.txt:2:13: error: source_url 'javascript:alert(1)' is not an http(s) URL" in capsys.readouterr().err


def test_a_javascript_source_in_a_note_is_refused(make_site, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({
        "content/t/thread.txt": "T\n\n\nSome words.\n",
        "content/t/notes/n.yaml": "notes:\n  - text: Some words\n    type: note\n    body: x\n    sources: ['javascript:alert(1)']\n",
    })
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 1
    assert "content/t/notes/n.yaml:5:" in capsys.readouterr().err


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script src="../static/../../evil.example/x.js"></script>',
        '<script src="//evil.example/static/x.js"></script>',
        '<script src="../static/threadnote.js">alert(1)</script>',
        '<p onclick="x">',
        '<a href=" JavaScript:alert(1)">',
        '<a href="java\tscript:alert(1)">',
        '<iframe src="data:text/html,x">',
        "<img src=x>",
        '<form action="vbscript:x">',
    ],
    ids=["inline-script", "foreign-script", "dot-dot-script", "protocol-relative-script", "own-script-with-code", "on-attribute", "javascript-href",
         "tab-in-scheme", "data-iframe", "img", "vbscript-action"],
)
def test_the_audit_catches_live_markup(html: str) -> None:
    reader = Audit("page")
    reader.feed(html)
    assert reader.problems != []


def test_the_audit_accepts_the_sites_own_scripts() -> None:
    reader = Audit("page")
    reader.feed(
        '<script src="../static/threadnote.js" defer></script><script type="module" src="static/search.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>'
    )
    assert (reader.problems, reader.json_ld) == ([], ['{"a": 1}'])


def test_a_javascript_base_url_is_refused(make_site, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"site.yaml": 'title: x\nbase_url: "javascript:alert(1)//"\n', "content/t/thread.txt": "T\n\n\nWords.\n"})
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 1
    assert "site.yaml:2:11: error: base_url 'javascript:alert(1)//'" in capsys.readouterr().err
