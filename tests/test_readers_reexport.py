"""Re-export keeps the notes: ids come from the source's own ids, whatever was edited, added or deleted;
and the tree does not depend on the order a file lists its comments in."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from export_support import FIXTURES, detect, folder_bytes, sample
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.cli.main import main
from threadnote.detect.exported import export_comments
from threadnote.readers.exports import read_export
from threadnote.readers.record import pack_files, unpack_files

NEW_DISQUS_POST = (
    b'<post dsq:id="9000000001"><message><![CDATA[<p>Added in the newer export.</p>]]></message>'
    b'<createdAt>2018-01-01T00:00:00Z</createdAt><author><name>New</name></author>'
    b'<thread dsq:id="3498809029" /><parent dsq:id="1845941366" /></post></disqus>'
)
NEW_MESSAGE = (
    b"\nFrom new at example.com  Sun Nov 29 10:00:00 2015\nFrom: new at example.com (New Person)\n"
    b"Date: Sun, 29 Nov 2015 10:00:00 +0100\nSubject: Re: Docker\nMessage-ID: <added@example.com>\n"
    b"In-Reply-To: <1447627429.3593.319.camel@example.com>\n\nAdded in the newer export.\n"
)
EDITS = {
    "disqus": ("disqus/corfield-disqus-export-trimmed.xml", "thread.xml", [
        (b"First time I read a blog post from the future!", b"First time I ever read a post from the future!"),
        (b"<isDeleted>false</isDeleted>\n<isSpam>false</isSpam>\n<author>\n<name>Kevin Weber",
         b"<isDeleted>true</isDeleted>\n<isSpam>false</isSpam>\n<author>\n<name>Kevin Weber"),
        (b"</disqus>", NEW_DISQUS_POST),
    ]),
    "wxr": ("wxr/theme-unit-test-data-comments-trimmed.xml", "thread.xml", [
        (b"Comment Depth 01", b"Comment depth one, edited"),
        (b"<wp:comment_id>903</wp:comment_id>", b"<wp:comment_id>903</wp:comment_id><wp:comment_approved>spam</wp:comment_approved>"),
    ]),
    "mbox": ("mbox/perceval-pipermail_2015_november.mbox", "thread.mbox", [
        (b"This is cool, Andy.", b"This is very cool, Andy."), (b"\nFrom andy at example.com  Sat Nov 28", NEW_MESSAGE + b"\nFrom andy at example.com  Sat Nov 28"),
    ]),
    "reddit": ("reddit/graw-thread-1cebxh-trimmed.json", "thread.json", [
        (b"You gained a new memory", b"You have gained a memory"),
        (b'"body": "That\'s actually a really nice', b'"body": "[deleted]", "was": "That\'s actually a really nice'),
    ]),
    "hackernews": ("hackernews/firebase-readme-items.json", "thread.json", [(b"Aw shucks, guys", b"Oh shucks, folks")]),
    "discourse": ("discourse/urho3d-t-a-simple-question.3953.json", "thread.json", [
        (b"should do the trick", b"might do the trick"),
    ]),
    "staticman": ("staticman/travisdowns-icl-avx512-freq", "comments", [
        (b"Just like the absurd approaches", b"Much like the absurd approaches"),
        (b"5 licenses in ICL client.", b"Five licenses in ICL client."),
    ]),
}


def _read(relative: str) -> bytes:
    path = sample(relative)
    return folder_bytes(path) if path.is_dir() else path.read_bytes()


def _edited(data: bytes, name: str, edits: list[tuple[bytes, bytes]]) -> bytes:
    if name == "comments":  # a folder: each file edited, and one added
        files = [(n, _replace(d, [e for e in edits if e[0] in d])) for n, d in unpack_files(data)]
        added = b"_id: added-uid\nreplying_to_uid: 96a24cc0-e263-11ea-9e9d-93acc238399a\nname: New\nmessage: Added\ndate: 1700000000\n"
        return pack_files([*files, ("entry1700000000000.yml", added)])
    assert all(old in data for old, _ in edits)
    return _replace(data, edits)


def _replace(data: bytes, edits: list[tuple[bytes, bytes]]) -> bytes:
    for old, new in edits:
        data = data.replace(old, new, 1)
    return data


@pytest.mark.parametrize("source", EDITS)
def test_a_newer_export_keeps_every_comments_id(source: str) -> None:
    relative, name, edits = EDITS[source]
    data = _read(relative)
    before, before_words = _every_thread(data, name)
    after, after_words = _every_thread(_edited(data, name, edits), name)
    kept = before.keys() & after.keys()
    assert len(kept) >= len(before) - 1
    assert {k: before[k] for k in kept} == {k: after[k] for k in kept}
    assert before_words != after_words  # the words did change


def _every_thread(data: bytes, name: str) -> tuple[dict[str, str], list[str]]:
    """Ids by source id, and every word, of each thread in the file (Disqus and WXR samples hold two)."""
    found: dict[str, str] = {}
    words: list[str] = []
    for export in read_export(data, f"content/t/{name}")[0]:
        made = export_comments(export, pingbacks=False)[0]
        found.update({c.source_id or "": c.id for c in made.comments})
        words += [p.text for p in made.paragraphs]
    return found, words


def test_a_note_stays_on_its_comment_when_the_export_is_replaced(tmp_path: Path) -> None:
    relative, name, edits = EDITS["reddit"]
    root = tmp_path / "site"
    (root / "content" / "r" / "notes").mkdir(parents=True)
    (root / "site.yaml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    data = _read(relative)
    (root / "content" / "r" / name).write_bytes(data)
    target = next(c for c in detect(data, name)[0].thread.comments if c.source_id == "t1_c9forp9")
    (root / "content" / "r" / "notes" / "n.yaml").write_text(f"notes:\n  - comment: {target.id}\n    body: Kept.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    (root / "content" / "r" / name).write_bytes(_edited(data, name, edits))
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    comments = json.loads((out / "r" / "thread.json").read_text(encoding="utf-8"))["comments"]
    noted = next(c for c in comments if c["id"] == target.id)
    assert noted["paragraphs"][0].startswith("You have gained a memory") and len(noted["notes"]) == 1


def _tree_of(data: bytes, path: str, order: list[int] | None = None) -> list[tuple[str, str | None, int, bool]]:
    export = read_export(data, path)[0][0]
    listed = export.comments if order is None else [export.comments[i] for i in order]
    shuffled = dataclasses.replace(export, comments=listed)
    made = export_comments(shuffled, pingbacks=False)[0]
    return [(c.id, c.parent, c.number, c.deleted) for c in made.comments]


@pytest.mark.parametrize("relative, name", [
    ("reddit/graw-thread-1cebxh-trimmed.json", "thread.json"),
    ("mbox/perceval-pipermail_2015_november.mbox", "thread.mbox"),
])
def test_the_tree_survives_any_order_of_the_file(relative: str, name: str) -> None:
    data = _read(relative)
    count = len(read_export(data, f"content/t/{name}")[0][0].comments)
    expected = _tree_of(data, f"content/t/{name}", list(range(count)))

    @settings(max_examples=40, deadline=None)
    @given(st.permutations(range(count)))
    def check(order: list[int]) -> None:
        assert _tree_of(data, f"content/t/{name}", order) == expected

    check()


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(7)))
def test_a_placeholder_survives_any_order_of_the_posts(order: list[int]) -> None:
    """The Disqus case, reply before its parent in the file, posts in every order."""
    data = (FIXTURES / "disqus-small.xml").read_bytes()
    head, _, rest = data.partition(b"<post")
    posts = [b"<post" + p for p in rest.split(b"<post")]
    posts[-1], tail = posts[-1].split(b"</disqus>")
    shuffled = head + b"".join(posts[i] for i in order) + b"</disqus>" + tail
    assert _tree_of(shuffled, "content/t/thread.xml") == _tree_of(data, "content/t/thread.xml")

