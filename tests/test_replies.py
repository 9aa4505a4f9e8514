"""Reply trees: parents given by thread.yaml or inferred from a scrape's text, the nested and flat
views, deleted placeholders, the export's per-comment fields, and a source's inline formatting."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from linkcheck import check_site
from markupsafe import Markup

from threadnote.cli.main import main
from threadnote.config import QuoteSettings, parse_config
from threadnote.detect.replies import infer_parents
from threadnote.detect.threads import parse_thread
from threadnote.model import AnnotatedThread, Comment, Inline, Mention, Paragraph, QuoteLink, Span, Thread
from threadnote.notes.annotations import parse_annotations
from threadnote.notes.merge import merge_thread
from threadnote.readers.structured import parse_structured
from threadnote.render.links import paginate
from threadnote.render.replies import ReplyNode, place_replies, reply_tree
from threadnote.render.textrender import inline_marks, render_text
from threadnote.render.views import ThreadViews

SITE = Path(__file__).parent / "sites" / "replies"
TREE = """\
title: T
comments:
  - {id: a, author: ann, text: "The first comment opens the conversation."}
  - {id: b, parent: a, author: bob, text: "A reply to the first comment."}
  - {id: c, deleted: true}
  - {id: d, parent: c, author: cy, text: "A reply to a deleted comment."}
"""


def _structure(text: str, name: str = "thread.yaml") -> list[Comment]:
    detected, problems = parse_thread(text, f"content/t/{name}", "t", QuoteSettings())
    annotated, more = merge_thread(detected, [])
    assert problems == [] and more == []
    return list(annotated.thread.comments)


def test_thread_yaml_gives_ids_parents_urls_and_deleted_placeholders() -> None:
    a, b, c, d = _structure(TREE)
    assert [(x.source_id, x.parent, x.parent_inferred, x.deleted) for x in (a, b, c, d)] == [
        ("a", None, False, False), ("b", a.id, False, False), ("c", None, False, True), ("d", c.id, False, False),
    ]
    assert c.paragraphs == () and len({a.id, b.id, c.id, d.id}) == 4


@pytest.mark.parametrize(("comments", "message"), [
    ("  - {id: a, text: x}\n  - {id: a, text: y}\n", "t.yaml:4:10: error: id 'a' is already another comment's"),
    ("  - {id: a, parent: b, text: x}\n  - {id: b, text: y}\n", "t.yaml:3:21: error: parent 'b' is not the id of an earlier comment"),
    ("  - {id: a, parent: a, text: x}\n", "t.yaml:3:21: error: parent 'a' is its own id"),
    ("  - {url: 'javascript:alert(1)', text: x}\n", "t.yaml:3:11: error: url 'javascript:alert(1)' must start with https:// or http://"),
    ("  - {deleted: true, text: x}\n", "t.yaml:3:27: error: a deleted comment has no 'text' (it stands as a placeholder)"),
    ("  - {deleted: yes please}\n", "t.yaml:3:15: error: 'deleted' must be true or false"),
], ids=["duplicate-id", "later-parent", "own-parent", "unsafe-url", "deleted-with-text", "deleted-not-a-flag"])
def test_thread_yaml_reply_mistakes_are_diagnostics(comments: str, message: str) -> None:
    _, problems = parse_structured(f"title: T\ncomments:\n{comments}", "t.yaml")
    assert message in [str(p) for p in problems]


def test_replies_setting_is_checked() -> None:
    config, problems = parse_config("title: A\nreplies: flat\nreply_depth: 2\n", "site.yaml")
    assert problems == [] and config is not None and (config.replies, config.reply_depth) == ("flat", 2)
    _, problems = parse_config("title: A\nreplies: sideways\nreply_depth: 0\n", "site.yaml")
    assert [str(p) for p in problems] == [
        "site.yaml:2:10: error: replies 'sideways' must be 'nested' or 'flat'",
        "site.yaml:3:14: error: 'reply_depth' must be at least 1",
    ]


def _build(tmp_path: Path, extra: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns("expected"))
    if extra:
        (site / "site.yaml").write_text((site / "site.yaml").read_text() + extra)
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 0
    return tmp_path / "out"


def _thread(out: Path) -> dict[str, Any]:
    return json.loads((out / "town-hall" / "thread.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _article(html: str, ident: str) -> str:
    return html.split(f'<article id="{ident}"', 1)[1].split("</article>", 1)[0]


def test_nested_view_keeps_depth_and_links_what_it_cannot_nest(tmp_path: Path) -> None:
    out = _build(tmp_path)
    ids = [c["id"] for c in _thread(out)["comments"]]
    first, second = (out / "town-hall" / name for name in ("index.html", "page-2.html"))
    page1, page2 = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    # #1 > #2 > #3 > #4 nest (four levels); #5 answers #4 and stands beside it, linked back
    opened = re.findall(r'<ol class="replies" aria-label="Replies to comment #(\d+)">', page1)
    assert opened == ["1", "2", "3", "6", "7", "9"]
    assert f'In reply to <a href="#{ids[3]}">#4 ben</a>' in _article(page1, ids[4])
    assert f'Reply: <a href="#{ids[4]}">#5 cleo</a>' in _article(page1, ids[3])
    assert "In reply to" not in _article(page1, ids[1])
    # #11 (page 2) answers #1 (page 1): links both ways across the pages
    assert f'In reply to <a href="index.html#{ids[0]}">#1 ana</a>' in _article(page2, ids[10])
    assert f'Reply: <a href="page-2.html#{ids[10]}">#11 gus</a>' in _article(page1, ids[0])
    assert check_site(out).problems == []


def test_flat_view_lists_in_thread_order_with_links_both_ways(tmp_path: Path) -> None:
    out = _build(tmp_path, "replies: flat\n")
    ids = [c["id"] for c in _thread(out)["comments"]]
    page1 = (out / "town-hall" / "index.html").read_text(encoding="utf-8")
    assert '<ol class="replies"' not in page1
    assert re.findall(r'<article id="(c-[a-z2-7]+)"', page1) == ids[:10]
    assert f'In reply to <a href="#{ids[0]}">#1 ana</a>' in _article(page1, ids[1])
    assert f'Replies: <a href="#{ids[1]}">#2 ben</a>, <a href="page-2.html#{ids[10]}">#11 gus</a>' in _article(page1, ids[0])
    assert check_site(out).problems == []


def test_a_deleted_comment_is_a_placeholder_that_keeps_its_replies(tmp_path: Path) -> None:
    out = _build(tmp_path)
    comments = _thread(out)["comments"]
    deleted = comments[5]
    assert (deleted["deleted"], deleted["paragraphs"], deleted["author"], deleted["source_id"]) == (True, [], None, "106")
    assert comments[6]["parent"] == deleted["id"]
    page = (out / "town-hall" / "index.html").read_text(encoding="utf-8")
    article = _article(page, deleted["id"])
    assert 'class="deleted"' in page.split(f'<article id="{deleted["id"]}"', 1)[1].split(">", 1)[0]
    assert "This comment was deleted" in article and "comment-body" not in article
    assert page.index('aria-label="Replies to comment #6"') < page.index(f'<article id="{comments[6]["id"]}"')


def test_thread_json_carries_parent_time_source_id_and_url(tmp_path: Path) -> None:
    comments = _thread(_build(tmp_path))["comments"]
    first, second = comments[0], comments[1]
    assert {k: first[k] for k in ("parent", "time", "source_id", "source_url", "deleted")} == {
        "parent": None, "time": "2024-05-01T09:00:00Z", "source_id": "101",
        "source_url": "https://news.example.org/town-hall#comment-101", "deleted": False,
    }
    assert (second["parent"], second["source_id"], second["source_url"]) == (first["id"], "102", None)


def _comment(ident: str, number: int, text: str, author: str | None = None) -> Comment:
    return Comment(ident, number, number - 1, (Paragraph(text, number),), author)


COMMENTS = [
    _comment("c-a", 1, "Buses every ten minutes would make the new lanes worth it.", "ann"),
    _comment("c-b", 2, "Only if the council pays for the drivers as well.", "bob"),
    _comment("c-c", 3, "@ann ten minutes is what the timetable promises already."),
]
PARAGRAPHS = [c.paragraphs[0] for c in COMMENTS]


def _quote(comment: str, source: str, paragraph: int) -> QuoteLink:
    return QuoteLink(comment, Span(2, 0, 10), source, Span(paragraph, 0, 10), "verbatim")


@pytest.mark.parametrize(("mentions", "quotes", "expected"), [
    ([Mention("c-c", Span(2, 0, 4), "ann", "c-a")], [], {"c-c": "c-a"}),
    ([], [_quote("c-c", "c-b", 1)], {"c-c": "c-b"}),
    ([Mention("c-c", Span(2, 0, 4), "ann", "c-a")], [_quote("c-c", "c-a", 0)], {"c-c": "c-a"}),
    ([Mention("c-c", Span(2, 0, 4), "ann", "c-a")], [_quote("c-c", "c-b", 1)], {}),
    ([], [_quote("c-c", "c-a", 0), _quote("c-c", "c-b", 1)], {}),
    ([Mention("c-c", Span(2, 0, 4), "ann", None)], [], {}),
], ids=["mention", "quote", "quote-and-its-writer", "signs-disagree", "two-quoted", "unresolved-mention"])
def test_inferred_parents_need_signs_that_agree(mentions: list[Mention], quotes: list[QuoteLink], expected: dict[str, str]) -> None:
    assert infer_parents(COMMENTS, mentions, quotes, PARAGRAPHS) == expected


def test_a_quote_of_a_quote_or_of_a_signature_names_no_parent() -> None:
    quoting = [Paragraph("Buses every ten minutes", 1, kind="quote"), Paragraph("-- Bob, Leeds", 2), PARAGRAPHS[2]]
    assert infer_parents(COMMENTS, [], [_quote("c-c", "c-a", 0)], quoting) == {}
    assert infer_parents(COMMENTS, [], [_quote("c-c", "c-b", 1)], quoting) == {}


def test_an_attribution_line_names_the_latest_comment_of_a_known_author() -> None:
    reply = _comment("c-d", 4, "Ann wrote:\nthe lanes are worth it")
    assert infer_parents([*COMMENTS, reply], [], [], [*PARAGRAPHS, reply.paragraphs[0]]) == {"c-d": "c-a"}


def test_a_scrape_gets_inferred_parents_and_a_source_with_parents_keeps_its_own() -> None:
    scrape = "Title\n\nBy someone\n\n\nalice\n2 hours ago\n\nThe lanes open on Monday for every bus route.\n\nReply · Share\n\n\n" \
             "bob\n1 hour ago\n\n@alice and the cycle lane opens a week later.\n\nReply · Share\n"
    alice, bob = _structure(scrape, "thread.txt")
    assert (bob.parent, bob.parent_inferred, alice.parent) == (alice.id, True, None)
    given = TREE + '  - {id: e, author: eve, text: "@ann starts nothing new here."}\n'
    assert _structure(given)[-1].parent is None


INLINE = Paragraph(
    "See the plan, it is final now: run make",
    1,
    inline=(
        Inline(4, 12, "link", "https://example.org/plan?a=1&b=2"),
        Inline(20, 25, "em"),
        Inline(20, 25, "strong"),
        Inline(35, 39, "code"),
        Inline(0, 3, "link", "javascript:alert(1)"),
        Inline(30, 99, "em"),
    ),
)


def test_inline_marks_render_safely() -> None:
    html = render_text(INLINE.text, inline_marks(INLINE))
    assert html == (
        'See <a class="link" rel="nofollow ugc noopener" href="https://example.org/plan?a=1&amp;b=2">the plan</a>'
        ", it is <strong><em>final</em></strong> now: run <code>make</code>"
    )


def test_a_source_link_over_a_mention_keeps_one_link() -> None:
    first = Paragraph("Buses every ten minutes.", 1)
    linked = Paragraph("@ann agrees with @ann", 2, inline=(Inline(0, 4, "link", "https://example.org/u/ann"),))
    comments = (Comment("c-a", 1, 0, (first,), "ann"), Comment("c-b", 2, 1, (linked,)))
    thread = Thread("t", "T", None, None, comments, (first, linked), "t.yaml")
    mentions = (Mention("c-b", Span(1, 0, 4), "ann", "c-a"), Mention("c-b", Span(1, 17, 21), "ann", "c-a"))
    views = ThreadViews(AnnotatedThread(thread, mentions=mentions), paginate(thread, 200))
    html = str(views.comment(comments[1], 1).body_html)
    assert html == (
        '<p><a class="link" rel="nofollow ugc noopener" href="https://example.org/u/ann">@ann</a> agrees with '
        '<a class="mention" href="#c-a">@ann</a></p>\n'
    )


@st.composite
def conversations(draw: st.DrawFn) -> tuple[Thread, int, bool, int]:
    """A thread whose every comment replies to any earlier one (or to none), a page size and a view."""
    size = draw(st.integers(min_value=1, max_value=40))
    parents = [draw(st.one_of(st.none(), st.integers(min_value=0, max_value=k - 1))) if k else None for k in range(size)]
    paragraphs = tuple(Paragraph(f"comment {k}", k + 1) for k in range(size))
    comments = tuple(
        Comment(f"c-{k}", k + 1, k, (paragraphs[k],), parent=None if p is None else f"c-{p}") for k, p in enumerate(parents)
    )
    thread = Thread("t", "T", None, None, comments, paragraphs, "t.yaml")
    return thread, draw(st.integers(min_value=1, max_value=12)), draw(st.booleans()), draw(st.integers(min_value=1, max_value=5))


@settings(max_examples=200, deadline=None, database=None)
@given(conversations())
def test_every_reply_is_under_its_parent_or_linked_to_it(case: tuple[Thread, int, bool, int]) -> None:
    thread, size, nested, depth = case
    pages = paginate(thread, size)
    places = place_replies(thread, pages, nested, depth)
    views = ThreadViews(AnnotatedThread(thread), pages, places)
    by_id = {c.id: c for c in thread.comments}
    shown: list[str] = []
    for page in range(1, pages.count + 1):
        chunk = thread.comments[(page - 1) * size : page * size]
        levels: list[tuple[ReplyNode, int]] = [(n, 0) for n in reply_tree(chunk, places, by_id, lambda c: Markup())]
        while levels:
            node, level = levels.pop()
            comment, view = node.comment, views.comment(node.comment, page)
            shown.append(comment.id)
            assert level < depth and pages.page_of[comment.id] == page
            assert all(places.holder[r.comment.id] == comment.id for r in node.replies)
            under_parent = places.holder.get(comment.id) == comment.parent
            assert (view.in_reply_to is None) == (comment.parent is None or under_parent)
            if view.in_reply_to is not None:
                assert view.in_reply_to.href == pages.href(comment.parent or "", page)
            listed = {ref.href for ref in view.replies}
            for reply in places.replies.get(comment.id, ()):
                assert (pages.href(reply, page) in listed) != (places.holder.get(reply) == comment.id)
            levels.extend((r, level + 1) for r in node.replies)
    assert sorted(shown) == sorted(by_id) and (nested or not places.holder)


def test_editors_correct_a_parent_or_drop_it() -> None:
    detected, _ = parse_thread(TREE, "content/t/thread.yaml", "t", QuoteSettings())
    a, b, c, d = detected.thread.comments
    text = (
        f"comments:\n  - comment: {d.id}\n    parent: {a.id}\n  - comment: {b.id}\n    parent: none\n"
        f"  - comment: {a.id}\n    parent: {c.id}\n  - comment: {c.id}\n    parent: c-nothere\n"
    )
    notes, problems = parse_annotations(text, "content/t/notes/fix.yaml")
    annotated, more = merge_thread(detected, [notes])
    assert problems == [] and [str(p) for p in more] == [
        f"content/t/notes/fix.yaml:7:13: error: parent: '{c.id}' is not an earlier comment",
        "content/t/notes/fix.yaml:9:13: error: parent: 'c-nothere' is not a comment id",
    ]
    assert [(x.parent, x.parent_inferred) for x in annotated.thread.comments] == [(None, False), (None, False), (None, False), (a.id, False)]
