"""The example site (site.yaml + content/china-japan/) built end to end, checked through thread.json and HTML."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from threadnote.cli.main import main

REPO = Path(__file__).resolve().parent.parent
THREAD = REPO / "content" / "china-japan"
HEADLINE = "China may cozy up to Japan to tackle economic slump, but faces hurdles"
FUTURE = "The future, fortunate or not, belongs to Asia"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "output"
    assert main(["build", "--site", str(REPO), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def thread(built: Path) -> dict[str, Any]:
    return json.loads((built / "china-japan" / "thread.json").read_text(encoding="utf-8"))


def editors_notes() -> list[tuple[str, dict[str, Any]]]:
    """Every comment-level note of the example, with its file name."""
    found = []
    for path in sorted((THREAD / "notes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(path.name, note) for note in data.get("notes", [])]
    return found


def comments_with(thread: dict[str, Any], words: str) -> list[dict[str, Any]]:
    return [c for c in thread["comments"] if any(words in p for p in c["paragraphs"])]


def test_the_example_has_its_comments(thread: dict[str, Any]) -> None:
    assert len(thread["comments"]) > 80
    assert thread["comments"][0]["paragraphs"][0].startswith("Japan should simply say")


def test_comments_repeating_the_headline_quote_the_title(thread: dict[str, Any]) -> None:
    repeating = comments_with(thread, HEADLINE)
    assert len(repeating) == 4
    for comment in repeating:
        assert [q["source"] for q in comment["quotes"] if HEADLINE in q["text"]] == ["title"], comment["id"]


def test_the_future_belongs_to_asia_is_quoted_twice_from_its_first_writer(thread: dict[str, Any]) -> None:
    writer = comments_with(thread, FUTURE)[0]
    quotes = [(c["id"], q) for c in thread["comments"] for q in c["quotes"] if FUTURE in q["text"]]
    assert len(quotes) == 2
    assert [q["source"] for _, q in quotes] == [writer["id"], writer["id"]]
    assert [cid for cid, _ in quotes] == [c["id"] for c in comments_with(thread, FUTURE)[1:]]
    assert set(writer["quoted_by"]) >= {cid for cid, _ in quotes}
    assert writer["quotes"] == []


@pytest.mark.parametrize(
    "words",
    ["There are always some people in Japan who are reluctant", "Major sensitive issues such as history and Taiwan"],
    ids=["wang-yi-statement", "major-sensitive-issues"],
)
def test_pasted_article_sentences_quote_the_article(thread: dict[str, Any], words: str) -> None:
    quotes = [q for c in thread["comments"] for q in c["quotes"] if words in q["text"]]
    assert [q["source"] for q in quotes] == ["article"]


def test_the_example_has_notes_of_every_kind() -> None:
    kinds = {note["type"] for _, note in editors_notes()}
    assert kinds == {"context", "fact-check", "moderation", "translation", "correction", "note"}


@pytest.mark.parametrize(("file", "note"), editors_notes(), ids=[f"{f}:{n['text'][:30]}" for f, n in editors_notes()])
def test_each_note_lands_on_the_comment_holding_its_words(thread: dict[str, Any], file: str, note: dict[str, Any]) -> None:
    [target] = comments_with(thread, note["text"])
    landed = [c["id"] for c in thread["comments"] for n in c["notes"] if n["text"] == note["text"]]
    assert landed == [target["id"]]
    [merged] = [n for n in target["notes"] if n["text"] == note["text"]]
    assert merged["type"] == note["type"]
    assert merged["verdict"] == note.get("verdict")
    assert merged["tags"] == note.get("tags", [])
    assert merged["body_html"].startswith("<p>")


class Marks(HTMLParser):
    """Collects note-word marks (a mark split by other spans continues in id-less pieces) and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: dict[str, str] = {}
        self.ids: set[str] = set()
        self.hrefs: set[str] = set()
        self.open: list[str | None] = []
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.hrefs.add(found["href"] or "")
        if tag == "mark":
            ident = found.get("id")
            if found.get("class") == "note-words" and ident:
                self.current = ident
                self.words[ident] = ""
            self.open.append(self.current if found.get("class") == "note-words" else None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1]:
            self.words[self.open[-1]] += data


@pytest.fixture(scope="module")
def pages(built: Path) -> Marks:
    reader = Marks()
    for page in sorted((built / "china-japan").glob("*.html")):
        reader.feed(page.read_text(encoding="utf-8"))
    return reader


@pytest.mark.parametrize(("file", "note"), editors_notes(), ids=[f"{f}:{n['text'][:30]}" for f, n in editors_notes()])
def test_each_note_is_marked_on_the_page_with_a_link_to_it(pages: Marks, file: str, note: dict[str, Any]) -> None:
    marks = [ident for ident, words in pages.words.items() if words == note["text"]]
    assert len(marks) == 1, f"no single <mark class='note-words'> holds {note['text']!r}"
    [ident] = marks
    assert ident.startswith("m-")
    note_id = ident.removeprefix("m-")
    assert note_id in pages.ids, "the note itself is on the page"
    assert f"#{note_id}" in pages.hrefs, "the marked words link to the note"
    assert f"#{ident}" in pages.hrefs, "the note links back to its words"


def test_python_build_py_without_arguments_builds_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, thread: dict[str, Any]
) -> None:
    site = tmp_path / "example"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    monkeypatch.chdir(site)
    assert main([]) == 0
    built = json.loads((site / "output" / "china-japan" / "thread.json").read_text(encoding="utf-8"))
    assert built == thread  # the shipped templates are used when the site has none
    assert (site / "output" / "index.html").is_file()
