"""annotations.jsonld (threadnote.render.annotations): every editors' note as a W3C Web Annotation,
parsed back and checked against the terms of the Web Annotation JSON-LD context."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from threadnote.cli.main import main
from threadnote.render.annotations import CONTEXT, MOTIVATIONS

SITE = Path(__file__).parent / "sites" / "replies"
CONTEXT_TERMS = {
    "@context", "id", "type", "motivation", "creator", "created", "body", "target", "source", "selector",
    "exact", "prefix", "suffix", "value", "format", "language", "purpose", "name", "label", "total", "first",
    "items", "startIndex",
}
"""The keys of https://www.w3.org/ns/anno.jsonld that the export uses: a key outside the context
would be dropped by a JSON-LD processor."""
CLASSES = {"Annotation", "AnnotationCollection", "AnnotationPage", "TextualBody", "TextQuoteSelector", "Person"}
W3C_MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
    "identifying", "linking", "moderating", "questioning", "replying", "tagging",
}
"""The motivations (and body purposes) the Web Annotation vocabulary defines."""


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _types(value: Any) -> set[str]:
    if isinstance(value, dict):
        return ({value["type"]} if "type" in value else set()) | {t for v in value.values() for t in _types(v)}
    if isinstance(value, list):
        return {t for v in value for t in _types(v)}
    return set()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any], Path]:
    root = tmp_path_factory.mktemp("annotations")
    shutil.copytree(SITE, root / "site", ignore=shutil.ignore_patterns("expected"))
    assert main(["build", "--site", str(root / "site"), "--out", str(root / "out")]) == 0
    folder = root / "out" / "town-hall"
    collection = json.loads((folder / "annotations.jsonld").read_text(encoding="utf-8"))
    return collection, json.loads((folder / "thread.json").read_text(encoding="utf-8")), folder


def test_the_collection_uses_only_the_web_annotation_context(built: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, _, _ = built
    assert collection["@context"] == CONTEXT == "http://www.w3.org/ns/anno.jsonld"
    assert _keys(collection) <= CONTEXT_TERMS
    assert _types(collection) <= CLASSES
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == 4 and collection["first"]["startIndex"] == 0
    assert all(a["type"] == "Annotation" and a["motivation"] in W3C_MOTIVATIONS for a in items)
    assert set(MOTIVATIONS.values()) <= W3C_MOTIVATIONS
    assert all(body["purpose"] in W3C_MOTIVATIONS for a in items for body in a["body"])
    assert len({a["id"] for a in items}) == len(items)


def test_each_note_targets_its_words_on_the_comment_permalink(built: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, thread, folder = built
    base = "https://golden.example.org/town-hall/"
    by_url = {base + c["url"]: c for c in thread["comments"]}
    noted = [(c["url"], n) for c in thread["comments"] for n in c["notes"]]
    on_words = [a for a in collection["first"]["items"] if isinstance(a["target"], dict)]
    assert len(on_words) == len(noted) == 3
    for annotation, (url, note) in zip(on_words, noted):
        target = annotation["target"]
        assert target["source"] == base + url
        selector = target["selector"]
        assert selector["type"] == "TextQuoteSelector" and selector["exact"] == note["text"]
        context = selector.get("prefix", "") + selector["exact"] + selector.get("suffix", "")
        assert any(context in p for p in by_url[target["source"]]["paragraphs"])
        assert {b["value"] for b in annotation["body"] if b["purpose"] == "classifying"} == {note["type"]}
        assert annotation["body"][0]["value"] == note["body_html"]
        page, fragment = annotation["id"].removeprefix(base).split("#")
        assert f'id="{fragment}"' in (folder / page).read_text(encoding="utf-8")


def test_a_thread_note_targets_the_thread_and_keeps_its_fields(built: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, _, _ = built
    first = collection["first"]["items"][0]
    assert first["target"] == "https://golden.example.org/town-hall/index.html"
    assert (first["motivation"], first["created"], first["creator"]) == ("describing", "2024-05-03", {"type": "Person", "name": "City desk"})
    translation = next(a for a in collection["first"]["items"] if {"value": "translation", "type": "TextualBody", "purpose": "classifying"} in a["body"])
    assert {"type": "TextualBody", "purpose": "tagging", "value": "council"} in translation["body"]
    assert any(b.get("value") == "The council need not build anew." for b in translation["body"])


def test_a_thread_without_notes_has_an_empty_collection(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "t").mkdir(parents=True)
    (site / "site.yaml").write_text("title: A\nsearch: false\n")
    (site / "content" / "t" / "thread.yaml").write_text("title: T\ncomments:\n  - text: Nothing to note here at all.\n")
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 0
    collection = json.loads((tmp_path / "out" / "t" / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection == {
        "@context": CONTEXT, "id": "annotations.jsonld", "type": "AnnotationCollection",
        "label": "Editors' notes on “T”", "total": 0,
    }
