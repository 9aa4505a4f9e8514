"""A reader follows a reply tree in a real browser: a reply link to another page, and its "in reply
to" link back to the comment it answers (tests/sites/replies, built into the served folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .kit import TESTS, Sites, Tab, click_link

pytestmark = pytest.mark.browser

LANDED = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const r = t.getBoundingClientRect();
  return {id: t.id, article: t.tagName === 'ARTICLE', in_view: r.top >= 0 && r.top < innerHeight};
}"""


@pytest.fixture(scope="module")
def replies_site(sites: Sites, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden replies site, built into the served folder as `replies/`."""
    from threadnote.build.pipeline import build

    site = tmp_path_factory.mktemp("replies-site") / "site"
    shutil.copytree(TESTS / "sites" / "replies", site, ignore=shutil.ignore_patterns("expected"))
    result = build(site, sites.root / "replies")
    assert result.ok, [str(d) for d in result.diagnostics]
    return sites.root / "replies"


def test_a_reply_link_to_another_page_and_its_in_reply_to_link_back(tab: Tab, base_url: str, replies_site: Path) -> None:
    page = tab.page
    page.goto(f"{base_url}/replies/town-hall/index.html")
    first = page.locator("ol.comments > li > article").first.get_attribute("id")
    _, reply = click_link(tab, f'#{first} .reply-links a[href^="page-2.html#"]')
    assert page.url.split("#")[0].endswith("/replies/town-hall/page-2.html")
    assert page.evaluate(LANDED) == {"id": reply, "article": True, "in_view": True}
    _, back = click_link(tab, f"#{reply} .in-reply-to a")
    assert back == first and page.url.split("#")[0].endswith("/replies/town-hall/index.html")
    assert page.evaluate(LANDED) == {"id": first, "article": True, "in_view": True}
    assert tab.errors == []


def test_a_flattened_reply_links_to_its_parent_on_the_same_page(tab: Tab, base_url: str, replies_site: Path) -> None:
    page = tab.page
    page.goto(f"{base_url}/replies/town-hall/index.html")
    # the deepest level holds a reply beside its parent: its "in reply to" link is the way up
    flattened = page.locator("ol.replies ol.replies ol.replies .in-reply-to a").first
    parent = flattened.get_attribute("href")
    assert parent and parent.startswith("#")
    flattened.click()
    assert page.evaluate(LANDED) == {"id": parent[1:], "article": True, "in_view": True}
    assert tab.errors == []
