"""Exports in a site: every shared sample builds into an archive; site-wide imports; bad input is told, never raised."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from export_support import FIXTURES, SAMPLES, detect, sample

from threadnote.cli.main import main
from threadnote.config import parse_config

SITE_YAML = "title: Exports\nsearch: false\n"
ONE_THREAD_SAMPLES = {
    "reddit": ("reddit/graw-thread-1cebxh-trimmed.json", "thread.json", 21),
    "hn": ("hackernews/firebase-readme-items.json", "thread.json", 1),
    "discourse": ("discourse/urho3d-t-a-simple-question.3953.json", "thread.json", 5),
    "pipermail": ("mbox/perceval-pipermail_2015_november.mbox", "thread.mbox", 4),
    "multipart": ("mbox/perceval-mbox_multipart.mbox", "thread.mbox", 2),
    "travisdowns": ("staticman/travisdowns-icl-avx512-freq", "comments", 14),
    "teststaticman": ("staticman/teststaticmanlab-test-slug", "comments", 3),
}
"""Slug: (sample, name in the thread folder, comments in the archive, placeholders included)."""


def _site(tmp_path: Path, site_yaml: str = SITE_YAML) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    return root


def _put(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def _comments(out: Path, slug: str) -> list[dict[str, object]]:
    return list(json.loads((out / slug / "thread.json").read_text(encoding="utf-8"))["comments"])


def test_every_sample_builds_into_an_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples are not here ({SAMPLES} is absent)")
    root = _site(tmp_path, SITE_YAML + "imports:\n  - imports/disqus.xml\n  - imports/wxr.xml\n")
    for slug, (relative, name, _) in ONE_THREAD_SAMPLES.items():
        _put(sample(relative), root / "content" / slug / name)  # a copy in tmp_path, for the build to read
    _put(sample("disqus/corfield-disqus-export-trimmed.xml"), root / "imports" / "disqus.xml")
    _put(sample("wxr/theme-unit-test-data-comments-trimmed.xml"), root / "imports" / "wxr.xml")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    for slug, (_, _, count) in ONE_THREAD_SAMPLES.items():
        assert len(_comments(out, slug)) == count, slug
    assert len(_comments(out, "blog-2015-02-13-frege-and-clojure")) == 12
    assert len(_comments(out, "blog-2016-02-02-boot-new")) == 4
    assert len(_comments(out, "2012-01-03-template-comments")) == 19
    assert len(_comments(out, "2012-01-01-template-pingbacks-an-trackbacks")) == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    every_page = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".json", ".xml"))
    assert "example@example.org" not in every_page  # the WXR sample's commenters' addresses


def test_a_site_wide_export_keeps_notes_in_content_slug_notes(tmp_path: Path) -> None:
    root = _site(tmp_path, SITE_YAML + "imports: [imports/site.xml]\n")
    _put(FIXTURES / "disqus-small.xml", root / "imports" / "site.xml")
    notes = root / "content" / "2020-01-hello" / "notes" / "n.yaml"
    notes.parent.mkdir(parents=True)
    notes.write_text("notes:\n  - text: Tom & Jerry said hi\n    body: A note.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    alice = next(c for c in _comments(out, "2020-01-hello") if c["paragraphs"][:1] == ["Tom & Jerry said hi <script>"])
    assert [n["body_html"] for n in alice["notes"]] == ["<p>A note.</p>\n"]  # type: ignore[index]


@pytest.mark.parametrize("name, data, message", [
    ("thread.xml", b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "x">]>\n<disqus xmlns="http://disqus.com"/>',
     "content/t/thread.xml:2: error: refused: DTDForbidden (an export never needs a DTD or entities)"),
    ("thread.xml", b'<disqus xmlns="http://disqus.com"><post>',
     "content/t/thread.xml:1: error: not well-formed XML: no element found"),
    ("thread.json", b'{"post_stream": {"posts": [}', "content/t/thread.json:1:28: error: not JSON: Expecting value"),
    ("thread.json", b'{"something": "else"}', "content/t/thread.json:1: error: 'thread.json' is none of the formats"),
    ("thread.mbox", b"no mail here", "content/t/thread.mbox:1: error: no message here"),
])
def test_bad_exports_are_told_and_the_last_output_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    root = _site(tmp_path)
    (root / "content" / "t").mkdir()
    (root / "content" / "t" / "thread.txt").write_text("Title\n\n\nA comment long enough to stand.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "content" / "t" / "thread.txt").unlink()
    (root / "content" / "t" / name).write_bytes(data)
    capsys.readouterr()
    assert main(["build", "--site", str(root), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert message in printed.err and "Traceback" not in printed.err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_export_of_wrong_bytes_is_read_with_them_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _site(tmp_path)
    data = (FIXTURES / "disqus-small.xml").read_bytes().replace(b"Tom &amp; Jerry", b"Tom \xe9 Jerry")
    _put(FIXTURES / "disqus-small.xml", root / "content" / "t" / "thread.xml")
    (root / "content" / "t" / "thread.xml").write_bytes(data)
    assert main(["build", "--site", str(root), "--out", str(tmp_path / "out")]) == 0
    assert "content/t/thread.xml:21:26: warning: byte 0xe9 is not UTF-8, as the file says it is" in capsys.readouterr().err


@pytest.mark.parametrize("imports, message", [
    ("[../outside.xml]", "site.yaml:3:11: error: import '../outside.xml' must be a path inside the site folder"),
    ("[imports/none.xml]", "imports/none.xml: error: file not found"),
])
def test_bad_imports_are_told(tmp_path: Path, capsys: pytest.CaptureFixture[str], imports: str, message: str) -> None:
    root = _site(tmp_path, SITE_YAML + f"imports: {imports}\n")
    assert main(["build", "--site", str(root), "--out", str(tmp_path / "out")]) == 1
    assert message in capsys.readouterr().err


def test_a_gzipped_site_export_is_read_through(tmp_path: Path) -> None:
    root = _site(tmp_path, SITE_YAML + "imports: [imports/site.xml.gz]\n")
    (root / "imports").mkdir()
    (root / "imports" / "site.xml.gz").write_bytes(gzip.compress((FIXTURES / "disqus-small.xml").read_bytes()))
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    assert len(_comments(out, "2020-01-hello")) == 4


def test_imports_and_pingbacks_have_defaults_and_are_checked() -> None:
    config, problems = parse_config("title: T\n", "site.yaml")
    assert problems == [] and config is not None and (config.imports, config.pingbacks) == ((), False)
    config, problems = parse_config("title: T\nimports: a/b.xml\npingbacks: yes please\n", "site.yaml")
    assert config is not None and config.imports == ("a/b.xml",)
    assert [str(p) for p in problems] == ["site.yaml:3:12: error: 'pingbacks' must be true or false"]


def test_a_thread_split_over_two_numbered_export_files_is_one(tmp_path: Path) -> None:
    """WordPress splits big exports into numbered files; a reply may sit in another file than its parent."""
    data = (FIXTURES / "wxr-small.xml").read_text(encoding="utf-8")
    head, _, rest = data.partition("<wp:comment>")
    comments = ["<wp:comment>" + c for c in rest.split("<wp:comment>")]
    tail = "</item>" + comments[-1].partition("</item>")[2]
    comments[-1] = comments[-1].partition("</item>")[0]
    root = _site(tmp_path, SITE_YAML + "imports: [imports/blog.001.xml, imports/blog.002.xml]\n")
    (root / "imports").mkdir()
    (root / "imports" / "blog.001.xml").write_text(head + "".join(comments[:2]) + tail, encoding="utf-8")
    (root / "imports" / "blog.002.xml").write_text(head + "".join(comments[2:]) + tail, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    comments_out = _comments(out, "p-7")
    assert len(comments_out) == 3  # comment 1, the trashed 2 as a placeholder, and 3 (in the second file) under it


@pytest.mark.parametrize("data, told", [
    (b'[{"kind": "Listing", "data": "not a mapping"}]',
     ["content/t/thread.json:1: warning: neither a Reddit listing nor a comment: left out",
      "content/t/thread.json: error: not a Reddit comments listing"]),
    (b'[{"kind": "Listing", "data": {"children": [{"kind": "more", "data": {"count": "many"}}]}}]',
     [("content/t/thread.json:1: warning: a listing of a shape not foreseen (ValueError: invalid literal for int() "
      "with base 10: 'many'): left out from there")]),
    (b'{"post_stream": {"posts": [{"id": 1, "post_type": [], "cooked": 5}]}}', []),  # no regular post: no comment
    (b'{"type": "story", "children": [{"type": "comment", "id": {}, "created_at_i": "soon"}]}', []),  # a wordless one
])
def test_an_export_of_a_surprising_shape_is_told_not_a_traceback(data: bytes, told: list[str]) -> None:
    detected, problems = detect(data, "thread.json")
    assert [str(p) for p in problems] == told
    assert detected.thread.comments == ()


def test_a_discourse_topic_under_imports_takes_its_forum_from_site_yaml(tmp_path: Path) -> None:
    root = _site(tmp_path, SITE_YAML + "imports:\n  - path: imports/tabs.json\n    base_url: https://forum.example.org/\n")
    _put(FIXTURES / "discourse-small.json", root / "imports" / "tabs.json")
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0
    assert [c["source_url"] for c in _comments(out, "tabs")][:2] == [
        "https://forum.example.org/t/tabs-spaces/42/1", "https://forum.example.org/t/tabs-spaces/42/2"]
    (root / "site.yaml").write_text(SITE_YAML + "imports:\n  - path: imports/tabs.json\n    base_url: https://new.example.org/\n",
                                    encoding="utf-8")
    assert main(["build", "--site", str(root), "--out", str(out)]) == 0  # another forum: the topic is read again
    assert _comments(out, "tabs")[0]["source_url"] == "https://new.example.org/t/tabs-spaces/42/1"
