"""Tests for threadnote/render/feeds.py: the Atom feed of notes, sitemap.xml and robots.txt."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import PurePosixPath

import pytest

from threadnote.build.fragments import Fragments
from threadnote.config import SiteConfig
from threadnote.model import AnnotatedThread, Comment, Location, Note, Paragraph, Thread
from threadnote.render import feeds
from threadnote.render.feeds import (
    ID_NAMESPACE,
    MAX_ENTRIES,
    UNDATED,
    atom_feed,
    newest_entries,
    rfc3339,
    robots,
    sitemap,
)
from threadnote.render.links import Pages, paginate

A = "{http://www.w3.org/2005/Atom}"
CONFIG = SiteConfig(title="Test archive", base_url="https://archive.example.org/", description="Notes & more")


def make_thread(slug: str = "t1", texts: tuple[str, ...] = ("First words.", "Second words.", "Third words."),
                authors: tuple[str | None, ...] = (), title: str = "A thread") -> Thread:
    paragraphs = tuple(Paragraph(text, line=3 + 2 * i) for i, text in enumerate(texts))
    comments = tuple(
        Comment(f"c-{slug}{i}", i + 1, i, (paragraphs[i],), author=authors[i] if i < len(authors) else None)
        for i in range(len(texts))
    )
    return Thread(slug, title, None, None, comments, paragraphs, f"content/{slug}/thread.txt")


def make_note(note_id: str, comment: str | None, date: str | None = "2026-01-01", **fields: object) -> Note:
    return Note(id=note_id, type=str(fields.pop("type", "context")), body=str(fields.pop("body", "Body.")),
                location=Location("content/t1/notes/a.yaml", 1), comment=comment, date=date, **fields)  # type: ignore[arg-type]


def pages_of(*threads: AnnotatedThread, size: int = 200) -> dict[str, Pages]:
    return {a.thread.slug: paginate(a.thread, size) for a in threads}


def parse(feed: str) -> ET.Element:
    return ET.fromstring(feed.encode("utf-8"))


def entry_ids(root: ET.Element) -> list[str]:
    return [e.findtext(f"{A}id") or "" for e in root.iter(f"{A}entry")]


def urn(slug: str, note_id: str) -> str:
    return uuid.uuid5(ID_NAMESPACE, f"{slug}/{note_id}").urn


def test_entries_newest_first_then_in_comment_order() -> None:
    thread = make_thread()
    annotated = AnnotatedThread(
        thread,
        notes=(
            make_note("n-old", "c-t10", "2025-12-31"),
            make_note("n-same-a", "c-t11", "2026-03-01"),
            make_note("n-undated", "c-t12", None),
            make_note("n-same-b", "c-t10", "2026-03-01"),
        ),
        thread_notes=(make_note("n-thread", None, "2026-02-01", type="correction"),),
    )
    root = parse(atom_feed(CONFIG, [annotated], pages_of(annotated)))
    # Same date: comment order (#1 before #2), whatever the order the notes were merged in.
    assert entry_ids(root) == [urn("t1", n) for n in ("n-same-b", "n-same-a", "n-thread", "n-old", "n-undated")]
    assert [e.findtext(f"{A}updated") for e in root.iter(f"{A}entry")] == [
        "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2025-12-31T00:00:00Z", UNDATED,
    ]
    assert root.findtext(f"{A}updated") == "2026-03-01T00:00:00Z"


def test_entry_links_to_its_comment_on_its_page_with_absolute_url() -> None:
    thread = make_thread(texts=tuple(f"Comment number {i}." for i in range(12)), authors=(None,) * 11 + ("Ricky",))
    annotated = AnnotatedThread(thread, notes=(make_note("n-1", "c-t111", type="fact-check", verdict="false"),))
    root = parse(atom_feed(CONFIG, [annotated], pages_of(annotated, size=10)))
    entry = root.find(f"{A}entry")
    assert entry is not None
    assert entry.find(f"{A}link").attrib == {  # type: ignore[union-attr]
        "rel": "alternate", "type": "text/html", "href": "https://archive.example.org/t1/page-2.html#c-t111",
    }
    assert entry.findtext(f"{A}title") == "fact-check (false) on #12 Ricky · A thread"
    assert [c.get("term") for c in entry.iter(f"{A}category")] == ["fact-check"]


def test_feed_head() -> None:
    annotated = AnnotatedThread(make_thread(), notes=(make_note("n-1", "c-t10", editor="Research desk"),))
    root = parse(atom_feed(CONFIG, [annotated], pages_of(annotated)))
    assert root.tag == f"{A}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(f"{A}id") == "https://archive.example.org/feed.xml"
    assert root.findtext(f"{A}title") == "Test archive: editors' notes"
    assert root.findtext(f"{A}subtitle") == "Notes & more"
    assert [(l.get("rel"), l.get("href")) for l in root.findall(f"{A}link")] == [
        ("self", "https://archive.example.org/feed.xml"),
        ("alternate", "https://archive.example.org/notes/index.html"),
    ]
    assert root.findtext(f"{A}entry/{A}author/{A}name") == "Research desk"


def test_entry_ids_are_stable_and_do_not_depend_on_base_url() -> None:
    annotated = AnnotatedThread(make_thread(), notes=(make_note("n-abc", "c-t10"),))
    moved = replace(CONFIG, base_url="https://elsewhere.example/archive/")
    ids = [entry_ids(parse(atom_feed(c, [annotated], pages_of(annotated)))) for c in (CONFIG, moved, CONFIG)]
    assert ids == [[urn("t1", "n-abc")]] * 3


def test_without_base_url_links_are_relative_to_the_feed() -> None:
    annotated = AnnotatedThread(make_thread(), notes=(make_note("n-1", "c-t12"),))
    root = parse(atom_feed(replace(CONFIG, base_url=""), [annotated], pages_of(annotated)))
    assert [(l.get("rel"), l.get("href")) for l in root.iter(f"{A}link")] == [
        ("alternate", "notes/index.html"),
        ("alternate", "t1/index.html#c-t12"),
    ]
    assert (root.findtext(f"{A}id") or "").startswith("urn:uuid:")
    assert root.find(f"{A}entry/{A}content").get("{http://www.w3.org/XML/1998/namespace}base") is None  # type: ignore[union-attr]


def test_hostile_text_is_escaped_and_stays_well_formed() -> None:
    hostile = 'x <script>alert("1")</script> & ]]> \x0b\x00 \ud800 end'
    thread = make_thread(texts=(hostile,), authors=("<b>Bob</b> & co",), title="Tom & Jerry <i>")
    note = make_note(
        "n-1", "c-t10", body="<img src=x onerror=alert(1)> **bold** [js](javascript:alert(1))",
        editor='Ed "<>"', text="<script>", claim="a & b", tags=("t<1>",), sources=("javascript:alert(1)", "https://ok.example/?a=1&b=2"),
    )
    annotated = AnnotatedThread(thread, notes=(note,))
    root = parse(atom_feed(replace(CONFIG, title="Site <&>"), [annotated], pages_of(annotated)))
    entry = root.find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title") == "context on #1 <b>Bob</b> & co · Tom & Jerry <i>"
    assert entry.findtext(f"{A}author/{A}name") == 'Ed "<>"'
    assert [c.get("term") for c in entry.iter(f"{A}category")] == ["context", "t<1>"]
    content = entry.findtext(f"{A}content") or ""
    assert content == (
        "<p>On the words “&lt;script&gt;”</p><p>Claim: a &amp; b</p>"
        "<p>&lt;img src=x onerror=alert(1)&gt; <strong>bold</strong> [js](javascript:alert(1))</p>\n"
        '<p>Sources: <a href="https://ok.example/?a=1&amp;b=2">https://ok.example/?a=1&amp;b=2</a></p>'
    )
    assert root.findtext(f"{A}title") == "Site <&>: editors' notes"


def test_control_characters_are_replaced() -> None:
    annotated = AnnotatedThread(make_thread(title="bell\x07 and \ufffe"), notes=(make_note("n-1", "c-t10"),))
    root = parse(atom_feed(CONFIG, [annotated], pages_of(annotated)))
    assert root.findtext(f"{A}entry/{A}title") == "context on #1 · bell\ufffd and \ufffd"


def test_words_of_a_hidden_comment_stay_out_of_the_feed() -> None:
    note = make_note("n-1", "c-t10", type="moderation", action="hide", reason="slur", text="Secret slur")
    annotated = AnnotatedThread(make_thread(texts=("Secret slur here.",)), notes=(note,), hidden=frozenset({"c-t10"}))
    feed = atom_feed(CONFIG, [annotated], pages_of(annotated))
    assert "Secret" not in feed
    assert parse(feed).findtext(f"{A}entry/{A}content") == "<p>Reason: slur</p><p>Action: hide</p><p>Body.</p>\n"


def test_orphans_are_left_out_and_the_feed_is_capped() -> None:
    notes = tuple(make_note(f"n-{i:03d}", "c-t10", f"2026-01-{1 + i % 28:02d}") for i in range(MAX_ENTRIES + 5))
    annotated = AnnotatedThread(make_thread(), notes=notes, orphans=(make_note("n-orphan", "c-gone", "2030-01-01"),))
    entries = newest_entries([annotated], pages_of(annotated))
    assert len(entries) == MAX_ENTRIES
    assert "n-orphan" not in {e.note.id for e in entries}
    root = parse(atom_feed(CONFIG, [annotated], pages_of(annotated)))
    assert len(entry_ids(root)) == MAX_ENTRIES
    assert root.findtext(f"{A}updated") == "2026-01-28T00:00:00Z"


def test_feed_is_deterministic_and_empty_site_still_valid() -> None:
    annotated = AnnotatedThread(make_thread(), notes=(make_note("n-1", "c-t10"),))
    assert atom_feed(CONFIG, [annotated], pages_of(annotated)) == atom_feed(CONFIG, [annotated], pages_of(annotated))
    empty = parse(atom_feed(CONFIG, [], {}))
    assert (empty.findtext(f"{A}updated"), entry_ids(empty)) == (UNDATED, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-28", "2026-11-28T00:00:00Z"),
        ("2026-11-28T10:30:00", "2026-11-28T10:30:00Z"),
        ("2026-11-28T10:30:00+02:00", "2026-11-28T08:30:00Z"),
        ("2026-11-28T10:30Z", "2026-11-28T10:30:00Z"),
        ("28 November 2026", None),
        ("2026-02-30", None),
        ("", None),
        (None, None),
    ],
    ids=["date", "naive-time", "offset", "zulu", "prose", "no-such-day", "empty", "none"],
)
def test_rfc3339(value: str | None, expected: str | None) -> None:
    assert rfc3339(value) == expected


def test_sitemap_lists_html_pages_by_canonical_url() -> None:
    paths = [PurePosixPath(p) for p in ("notes/index.html", "index.html", "t 1/page-2.html", "t 1/thread.json",
                                        "static/style.css", "feed.xml", "t1/index.html", "index.html", "search/index.html")]
    text = sitemap(CONFIG, paths)
    assert text is not None
    root = ET.fromstring(text.encode())
    s = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{s}urlset"
    assert [u.findtext(f"{s}loc") for u in root.findall(f"{s}url")] == [
        "https://archive.example.org/index.html",
        "https://archive.example.org/notes/index.html",
        "https://archive.example.org/t%201/page-2.html",
        "https://archive.example.org/t1/index.html",
    ]
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')


def test_no_sitemap_without_base_url() -> None:
    assert sitemap(replace(CONFIG, base_url=""), [PurePosixPath("index.html")]) is None


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://archive.example.org/", "User-agent: *\nAllow: /\nSitemap: https://archive.example.org/sitemap.xml\n"),
        ("", "User-agent: *\nAllow: /\n"),
    ],
    ids=["with-base-url", "without"],
)
def test_robots(base_url: str, expected: str) -> None:
    assert robots(replace(CONFIG, base_url=base_url)) == expected


def test_order_does_not_depend_on_merge_order() -> None:
    notes = tuple(make_note(f"n-{i}", f"c-t1{i % 3}", "2026-01-01") for i in range(6))
    forward = AnnotatedThread(make_thread(), notes=notes)
    backward = AnnotatedThread(make_thread(), notes=notes[::-1])
    assert atom_feed(CONFIG, [forward], pages_of(forward)) == atom_feed(CONFIG, [backward], pages_of(backward))


def test_kept_entries_are_made_once_and_the_feed_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    annotated = AnnotatedThread(make_thread(), notes=(make_note("n-1", "c-t10"), make_note("n-2", "c-t11", "2026-01-02")))
    pages = pages_of(annotated)
    plain = atom_feed(CONFIG, [annotated], pages)
    kept = feeds.KeptEntries(Fragments(), "site")
    made: list[str] = []
    real = feeds._entry
    monkeypatch.setattr(feeds, "_entry", lambda entry, base: made.append(entry.note.id) or real(entry, base))
    assert atom_feed(CONFIG, [annotated], pages, kept=kept) == plain
    assert atom_feed(CONFIG, [annotated], pages, kept=kept) == plain
    assert sorted(made) == ["n-1", "n-2"]


def test_an_entry_stamp_changes_with_its_own_note_only() -> None:
    notes = (make_note("n-1", "c-t10", "2026-01-02"), make_note("n-2", "c-t11", "2020-01-01"))
    before = AnnotatedThread(make_thread(), notes=notes)
    after = replace(before, notes=(notes[0], replace(notes[1], body="Edited.")))

    def stamps(annotated: AnnotatedThread) -> list[str]:
        return [feeds.entry_stamp(e) for e in feeds.newest_entries([annotated], pages_of(annotated))]

    first, second = stamps(before), stamps(after)
    assert first[0] == second[0] and first[1] != second[1]
