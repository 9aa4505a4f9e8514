"""Tests of the thread.json export (threadnote.render.export) against the schema DESIGN.md fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.cli.main import main
from threadnote.model import AnnotatedThread, Comment, Paragraph, Thread
from threadnote.render.export import SCHEMA, _compact, _ThreadExport
from threadnote.render.links import paginate

REPO = Path(__file__).resolve().parent.parent
ID = re.compile(r"^c-[a-z2-7]{8}(-\d+)?$")
URL = re.compile(r"^(index|page-\d+)\.html#(c-[a-z2-7]{8}(?:-\d+)?)$")
NOTE_TYPES = {"note", "context", "fact-check", "moderation", "translation", "correction"}
VERDICTS = {"true", "false", "misleading", "mixed", "unverifiable"}
HOWS = {"verbatim", "fuzzy", "marker", "editor"}

THREAD_KEYS = {"schema", "slug", "title", "byline", "source_url", "published", "section", "comments"}
COMMENT_KEYS = {
    "id", "number", "author", "url", "paragraphs", "quotes", "quoted_by", "mentions", "notes", "hidden",
    "parent", "time", "source_id", "source_url", "deleted",
}
QUOTE_KEYS = {"text", "source", "source_text", "how"}
MENTION_KEYS = {"name", "comment"}
NOTE_KEYS = {"type", "verdict", "text", "body_html", "editor", "tags"}


def validate_thread_json(document: Any) -> list[str]:
    """Every way `document` breaks the `threadnote/thread@1` schema of DESIGN.md; empty when it holds."""
    problems: list[str] = []

    def expect(condition: bool, where: str, message: str) -> None:
        if not condition:
            problems.append(f"{where}: {message}")

    def keys(obj: Any, wanted: set[str], where: str) -> bool:
        if not isinstance(obj, dict):
            problems.append(f"{where}: not an object")
            return False
        expect(set(obj) == wanted, where, f"keys {sorted(obj)} instead of {sorted(wanted)}")
        return set(obj) == wanted

    def text_or_null(value: Any) -> bool:
        return value is None or isinstance(value, str)

    if not keys(document, THREAD_KEYS, "thread"):
        return problems
    expect(document["schema"] == SCHEMA == "threadnote/thread@1", "schema", repr(document["schema"]))
    expect(isinstance(document["slug"], str) and document["slug"] != "", "slug", "not a non-empty string")
    expect(isinstance(document["title"], str), "title", "not a string")
    expect(text_or_null(document["byline"]), "byline", "not a string or null")
    expect(text_or_null(document["source_url"]), "source_url", "not a string or null")
    expect(text_or_null(document["published"]), "published", "not a string or null")
    expect(text_or_null(document["section"]), "section", "not a string or null")
    comments = document["comments"]
    if not isinstance(comments, list):
        return problems + ["comments: not a list"]
    ids = [c.get("id") for c in comments if isinstance(c, dict)]
    known = set(ids)
    expect(len(known) == len(ids), "comments", "ids are not unique")
    quoting: dict[str, set[str]] = {}
    for index, comment in enumerate(comments):
        where = f"comments[{index}]"
        if not keys(comment, COMMENT_KEYS, where):
            continue
        cid = comment["id"]
        expect(isinstance(cid, str) and bool(ID.match(cid)), where, f"id {cid!r}")
        expect(comment["number"] == index + 1 and type(comment["number"]) is int, where, f"number {comment['number']!r}")
        expect(text_or_null(comment["author"]), where, "author not a string or null")
        url = URL.match(comment["url"]) if isinstance(comment["url"], str) else None
        expect(url is not None and url.group(2) == cid, where, f"url {comment['url']!r}")
        expect(type(comment["hidden"]) is bool, where, "hidden not a boolean")
        paragraphs = comment["paragraphs"]
        expect(isinstance(paragraphs, list) and all(isinstance(p, str) and p for p in paragraphs), where, "paragraphs")
        expect(bool(paragraphs) or comment["hidden"] or comment["deleted"], where, "no paragraphs")
        expect(type(comment["deleted"]) is bool and not (comment["deleted"] and paragraphs), where, "deleted")
        expect(comment["parent"] is None or comment["parent"] in ids[:index], where, f"parent {comment['parent']!r}")
        for key in ("time", "source_id", "source_url"):
            expect(text_or_null(comment[key]), where, f"{key} not a string or null")
        for k, quote in enumerate(comment["quotes"] if isinstance(comment["quotes"], list) else [None]):
            qwhere = f"{where}.quotes[{k}]"
            if not keys(quote, QUOTE_KEYS, qwhere):
                continue
            expect(isinstance(quote["text"], str) and quote["text"] != "", qwhere, "text")
            source = quote["source"]
            expect(source in ("title", "article", None) or source in known, qwhere, f"source {source!r}")
            expect(source != cid, qwhere, "a comment quotes itself")
            expect(text_or_null(quote["source_text"]), qwhere, "source_text not a string or null")
            expect(quote["how"] in HOWS, qwhere, f"how {quote['how']!r}")
            if isinstance(source, str) and source in known:
                quoting.setdefault(source, set()).add(cid)
        expect(isinstance(comment["quoted_by"], list), where, "quoted_by not a list")
        for mention in comment["mentions"] if isinstance(comment["mentions"], list) else [None]:
            if keys(mention, MENTION_KEYS, f"{where}.mentions"):
                expect(isinstance(mention["name"], str) and mention["name"] != "", where, "mention name")
                expect(mention["comment"] is None or mention["comment"] in known, where, f"mention {mention['comment']!r}")
        for k, note in enumerate(comment["notes"] if isinstance(comment["notes"], list) else [None]):
            nwhere = f"{where}.notes[{k}]"
            if not keys(note, NOTE_KEYS, nwhere):
                continue
            expect(note["type"] in NOTE_TYPES, nwhere, f"type {note['type']!r}")
            expect(note["verdict"] is None or note["verdict"] in VERDICTS, nwhere, f"verdict {note['verdict']!r}")
            expect(note["verdict"] is None or note["type"] == "fact-check", nwhere, "verdict on a note that is no fact-check")
            expect(text_or_null(note["text"]), nwhere, "text not a string or null")
            expect(isinstance(note["body_html"], str), nwhere, "body_html not a string")
            expect(text_or_null(note["editor"]), nwhere, "editor not a string or null")
            expect(isinstance(note["tags"], list) and all(isinstance(t, str) for t in note["tags"]), nwhere, "tags")
    for comment in comments:
        if isinstance(comment, dict) and isinstance(comment.get("quoted_by"), list):
            quoted_by = comment["quoted_by"]
            expect(len(set(quoted_by)) == len(quoted_by), comment["id"], "quoted_by repeats an id")
            expect(set(quoted_by) == quoting.get(comment["id"], set()), comment["id"], "quoted_by does not match the quotes")
    return problems


@pytest.fixture(scope="module")
def example_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("example") / "output"
    assert main(["build", "--site", str(REPO), "--out", str(out)]) == 0
    return json.loads((out / "china-japan" / "thread.json").read_text(encoding="utf-8"))


def test_example_thread_json_matches_the_schema(example_json: dict[str, Any]) -> None:
    assert validate_thread_json(example_json) == []


def test_example_json_top_level(example_json: dict[str, Any]) -> None:
    assert (example_json["schema"], example_json["slug"]) == ("threadnote/thread@1", "china-japan")
    assert example_json["title"] == "China may cozy up to Japan to tackle economic slump, but faces hurdles"
    assert example_json["byline"] == "Tomoyuki Tachikawa"


@pytest.mark.parametrize("case", ["plain", "chrome"])
def test_golden_thread_json_matches_the_schema(case: str) -> None:
    for path in (Path(__file__).parent / "sites" / case / "expected").glob("*/thread.json"):
        assert validate_thread_json(json.loads(path.read_text(encoding="utf-8"))) == []


GOOD_COMMENT = {
    "id": "c-aaaaaaaa", "number": 1, "author": None, "url": "index.html#c-aaaaaaaa", "paragraphs": ["Hi."],
    "quotes": [], "quoted_by": [], "mentions": [], "notes": [], "hidden": False,
    "parent": None, "time": None, "source_id": None, "source_url": None, "deleted": False,
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("byline"), "thread: keys"),
        (lambda d: d.update(extra=1), "thread: keys"),
        (lambda d: d["comments"][0].update(id="c-7f3k2a"), "comments[0]: id"),
        (lambda d: d["comments"][0].update(number=2), "comments[0]: number"),
        (lambda d: d["comments"][0].update(url="index.html#c-bbbbbbbb"), "comments[0]: url"),
        (lambda d: d["comments"][0].update(hidden=0), "comments[0]: hidden"),
        (lambda d: d["comments"][0]["quotes"].append({"text": "x", "source": "c-zzzzzzzz", "source_text": None, "how": "verbatim"}), "source 'c-zzzzzzzz'"),
        (lambda d: d["comments"][0]["quotes"].append({"text": "x", "source": "title", "source_text": "x", "how": "guess"}), "how 'guess'"),
        (lambda d: d["comments"][0]["quoted_by"].append("c-aaaaaaaa"), "quoted_by does not match"),
        (lambda d: d["comments"][0]["notes"].append({"type": "rumour", "verdict": None, "text": None, "body_html": "", "editor": None, "tags": []}), "type 'rumour'"),
        (lambda d: d["comments"][0]["mentions"].append({"name": "x"}), "mentions: keys"),
        (lambda d: d["comments"][0].update(parent="c-aaaaaaaa"), "comments[0]: parent"),
        (lambda d: d["comments"][0].update(deleted=True), "comments[0]: deleted"),
        (lambda d: d["comments"][0].update(source_id=7), "comments[0]: source_id"),
    ],
    ids=["missing-key", "extra-key", "bad-id", "bad-number", "bad-url", "bad-hidden", "dangling-source", "bad-how",
         "quoted-by-without-quote", "bad-note-type", "mention-keys", "own-parent", "deleted-with-words", "bad-source-id"],
)
def test_validator_catches_each_break(change, problem: str) -> None:  # type: ignore[no-untyped-def]
    document = {"schema": SCHEMA, "slug": "t", "title": "T", "byline": None, "source_url": None,
                "published": None, "section": None, "comments": [json.loads(json.dumps(GOOD_COMMENT))]}
    assert validate_thread_json(document) == []
    change(document)
    problems = validate_thread_json(document)
    assert any(problem in p for p in problems), problems


def test_export_of_a_small_site(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({
        "content/t/thread.txt": (
            "---\nsource_url: https://example.org/a\n---\nHeadline of the piece\n\nBy A. Writer\n\n\n"
            "The first comment says something long enough to be quoted by a later reader.\n\n"
            "> The first comment says something long enough to be quoted by a later reader.\n\n"
            "Indeed. “Curly” and ünïcode stay as they are.\n"
        ),
        "content/t/notes/n.yaml": "notes:\n  - text: ünïcode\n    type: note\n    editor: E\n    body: '*Yes*'\n",
    })
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 0
    raw = (tmp_path / "out" / "t" / "thread.json").read_text(encoding="utf-8")
    document = json.loads(raw)
    assert validate_thread_json(document) == []
    assert "“Curly” and ünïcode" in raw  # not \u-escaped
    assert raw.endswith("}\n")
    assert (document["title"], document["byline"], document["source_url"]) == (
        "Headline of the piece", "A. Writer", "https://example.org/a")
    first, second = document["comments"][:2]
    assert second["quotes"] == [{
        "text": "The first comment says something long enough to be quoted by a later reader",
        "source": first["id"],
        "source_text": "The first comment says something long enough to be quoted by a later reader",
        "how": "marker",
    }]
    assert first["quoted_by"] == [second["id"]]
    [note] = [n for c in document["comments"] for n in c["notes"]]
    assert note == {"type": "note", "verdict": None, "text": "ünïcode", "body_html": "<p><em>Yes</em></p>\n",
                    "editor": "E", "tags": []}


HIDING_SITE = {
    "content/t/thread.txt": (
        "Headline\n\n\nThis first comment says something that is long enough to be quoted. You dolt.\n\n"
        "> This first comment says something that is long enough to be quoted.\n\nAgreed.\n"
    ),
    "content/t/notes/n.yaml": (
        "notes:\n  - text: You dolt\n    type: moderation\n    action: hide\n"
        "    reason: Insults another reader.\n    body: Removed.\n"
    ),
}


def test_a_hidden_comment_exports_no_words(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert main(["build", "--site", str(make_site(HIDING_SITE)), "--out", str(tmp_path / "out")]) == 0
    raw = (tmp_path / "out" / "t" / "thread.json").read_text(encoding="utf-8")
    document = json.loads(raw)
    assert validate_thread_json(document) == []
    first, second = document["comments"]
    assert (first["hidden"], first["paragraphs"], second["hidden"]) == (True, [], False)
    assert second["paragraphs"] == ["[words removed by the editors].", "Agreed."]
    assert [(q["text"], q["source_text"], q["source"]) for q in second["quotes"]] == [
        ("[words removed by the editors]", "[words removed by the editors]", first["id"])
    ]
    assert [(n["type"], n["text"]) for n in first["notes"]] == [("moderation", None)]
    assert "first comment" not in raw and "dolt" not in raw


def test_a_hidden_comment_shows_no_words_on_its_page(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert main(["build", "--site", str(make_site(HIDING_SITE)), "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "t" / "index.html").read_text(encoding="utf-8")
    assert "first comment" not in page
    assert "dolt" not in page


PLAIN_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@given(st.lists(PLAIN_TEXT, min_size=1, max_size=3), st.one_of(st.none(), PLAIN_TEXT), st.integers(1, 10**6))
@settings(max_examples=200, deadline=None)
def test_a_plain_comments_line_is_what_the_encoder_writes(texts: list[str], author: str | None, number: int) -> None:
    """Lines spelt out for comments without quotes or notes equal the encoder's, whatever the characters."""
    paragraphs = tuple(Paragraph(text, k + 1) for k, text in enumerate(texts))
    comment = Comment("c-abc", number, 0, paragraphs, author)
    thread = Thread("t", "T", None, None, (comment,), paragraphs, "content/t/thread.txt")
    export = _ThreadExport(AnnotatedThread(thread), paginate(thread, 50))
    assert export.line(comment) == _compact(export.comment(comment))
    assert json.loads(export.line(comment))["paragraphs"] == texts
