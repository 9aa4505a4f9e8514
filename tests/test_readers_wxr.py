"""The WordPress WXR reader: the real exporter's sample, and small cases written from export.php's output."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from export_support import FIXTURES, detect, sample, tree

from threadnote.detect.exported import export_comments
from threadnote.readers.wxr import read_wxr


def _source_tree(path: str, pingbacks: bool) -> dict[str, tuple[str | None, str]]:
    """Approved comments (and pingbacks when asked), parents and authors, read with the plain stdlib parser."""
    found = {}
    for element in ET.parse(path).iter():
        if not element.tag.endswith("}comment"):
            continue
        fields = {child.tag.rpartition("}")[2]: (child.text or "") for child in element}
        typed = fields.get("comment_type", "") in ("pingback", "trackback")
        if fields["comment_approved"] == "1" and (pingbacks or not typed):
            parent = fields["comment_parent"]
            # entities inside CDATA are text WordPress escaped: decoded once, as the reader must
            found[fields["comment_id"]] = (None if parent == "0" else parent, html.unescape(fields["comment_author"].strip()))
    return found


def _published(path: str, pingbacks: bool) -> dict[str | None, tuple[str | None, str | None]]:
    exports, problems = read_wxr(Path(path).read_bytes(), "imports/wxr.xml")
    assert problems == []
    found = {}
    for export in exports:
        made = export_comments(export, pingbacks)[0]
        by_id = {c.id: c.source_id for c in made.comments}
        found.update({c.source_id: (by_id[c.parent] if c.parent else None, c.author) for c in made.comments})
    return found


def test_the_real_export_gives_the_approved_comments_with_their_ten_deep_chain() -> None:
    path = str(sample("wxr/theme-unit-test-data-comments-trimmed.xml"))
    published = _published(path, pingbacks=False)
    assert published == _source_tree(path, pingbacks=False)
    assert len(published) == 20  # 25 in the file: one unapproved, four pingbacks and trackbacks
    depth, at = 0, "915"
    while at:
        at, depth = published[at][0], depth + 1
    assert depth == 10


def test_pingbacks_are_comments_when_site_yaml_asks() -> None:
    path = str(sample("wxr/theme-unit-test-data-comments-trimmed.xml"))
    assert _published(path, pingbacks=True) == _source_tree(path, pingbacks=True)
    assert len(_published(path, pingbacks=True)) == 24


def test_a_wordpress_10_file_with_a_control_character_and_a_trashed_parent() -> None:
    detected, problems = detect((FIXTURES / "wxr-small.xml").read_bytes(), "thread.xml")
    assert [str(p) for p in problems] == [
        "content/t/thread.xml:41:56: warning: control character 0x1c removed",
        "content/t/thread.xml:36: warning: comment_date_gmt is missing or not a date: the site's local time is read as UTC",
    ]
    thread = detected.thread
    assert thread.title == "Café notes"
    assert tree(thread) == {"1": (None, "Redmine&Bugzilla", False), "2": ("1", None, True), "3": ("2", "eve", False)}
    first = thread.comments[0]
    assert [p.text for p in first.paragraphs] == ["First line\nsecond line’s end]]>", "A new paragraph"]
    assert first.time == "2011-05-01T10:00:00Z" and thread.comments[2].time == "2011-05-01T14:00:00Z"
    assert "rb@example.net" not in repr(thread) and "198.51.100.4" not in repr(thread)


def _variants(namespace: str) -> bytes:
    data = (FIXTURES / "wxr-variants.xml").read_bytes()
    return data.replace(b"https://wordpress.org/export/1.2/", namespace.encode())


@pytest.mark.parametrize("namespace", [f"{scheme}://wordpress.org/export/{version}/" for scheme in ("http", "https")
                                       for version in ("1.0", "1.1", "1.2")])
def test_what_a_site_wide_export_publishes_whatever_its_namespace(namespace: str) -> None:
    exports, problems = read_wxr(_variants(namespace), "imports/wxr.xml")
    assert [str(p) for p in problems] == [
        "imports/wxr.xml:100: warning: item is 'draft': its 1 comments are left out",
        "imports/wxr.xml:108: warning: item is 'private': its 1 comments are left out",
        "imports/wxr.xml:116: warning: item is password-protected: its 1 comments are left out",
        "imports/wxr.xml:125: warning: item is 'wc-completed': its 1 comments are left out",
        "imports/wxr.xml: warning: 1 comments of type 'action_log' are a plugin's records, not readers' comments: left out",
    ]
    published = {}
    for export in exports:
        made = export_comments(export, pingbacks=True)[0]
        by_id = {c.id: c.source_id for c in made.comments}
        published[export.key] = {c.source_id: (by_id[c.parent] if c.parent else None, c.author, c.deleted) for c in made.comments}
        assert made.orphans == (1 if export.key == "about" else 0)
    # 102 spam, 103 pending, 123 binned with its post: withheld, none with a published reply
    assert published == {
        "about": {"101": (None, "Ann", False), "104": (None, "Dee", False)},
        "about-photo-1": {"111": (None, "Eve", False)},
        "product-blue-mug": {"121": (None, "Fay", False)},
    }


def test_an_old_export_with_local_dates_only_says_so_once() -> None:
    data = _variants("https://wordpress.org/export/1.2/").replace(b"comment_date_gmt>", b"comment_date>")
    problems = [str(p) for p in read_wxr(data, "imports/wxr.xml")[1]]
    # 8 comments of public items, dated: the first named by its line, the rest counted
    assert problems[-1] == ("imports/wxr.xml:17: warning: comment_date_gmt is missing or not a date: the site's local time is read as UTC "
                            "(here and in 7 more comments)")
    assert sum("comment_date_gmt" in p for p in problems) == 1
