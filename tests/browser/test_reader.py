"""A reader in a real browser: quote links across pages, "quoted by", keyboard, previews, notes, layout."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from .kit import Tab, click_link, open_tab

pytestmark = pytest.mark.browser

# What the reader sees where a link landed: the :target, whether it is on screen and highlighted.
# An empty anchor (a whole-paragraph quote) is highlighted through its block quote.
TARGET_STATE = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const shown = t.textContent === '' && t.closest('blockquote') ? t.closest('blockquote') : t;
  const probe = document.createElement('span');
  probe.style.background = 'var(--target)';
  document.body.append(probe);
  const target = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const r = shown.getBoundingClientRect();
  return {id: t.id, in_view: r.top >= 0 && r.top < innerHeight,
          highlighted: getComputedStyle(shown).backgroundColor === target};
}"""

CROSS_PAGE_QUOTE = "paged/china-japan/page-3.html", 'a.quote-source[href*=".html#qw-"]'
SAME_PAGE_QUOTE = "example/china-japan/index.html", 'a.quote-source[href^="#qw-"]'


def follow(tab: Tab, base_url: str, start: str, selector: str) -> tuple[str, str]:
    """Open `start`, click the first link matching `selector`; return (expected URL, fragment)."""
    tab.page.goto(f"{base_url}/{start}")
    return click_link(tab, selector)


@pytest.mark.parametrize(
    ("start", "selector"),
    [pytest.param(*SAME_PAGE_QUOTE, id="same-page"), pytest.param(*CROSS_PAGE_QUOTE, id="other-page")],
)
def test_a_quotes_source_link_shows_the_original_highlighted(tab: Tab, base_url: str, start: str, selector: str) -> None:
    expected, fragment = follow(tab, base_url, start, selector)
    assert tab.page.url == expected
    assert tab.page.evaluate(TARGET_STATE) == {"id": fragment, "in_view": True, "highlighted": True}
    assert tab.page.locator(f"#{fragment}").evaluate("el => el.closest('article') !== null")
    assert tab.errors == []


@pytest.mark.parametrize(
    ("start", "selector"),
    [
        pytest.param("example/china-japan/index.html", '.quoted-by a[href^="#q-"]', id="same-page"),
        pytest.param("paged/china-japan/page-2.html", '.quoted-by a[href*=".html#q-"]', id="other-page"),
    ],
)
def test_a_quoted_by_link_returns_to_the_quoting_words(tab: Tab, base_url: str, start: str, selector: str) -> None:
    _, fragment = follow(tab, base_url, start, selector)
    assert tab.page.evaluate(TARGET_STATE) == {"id": fragment, "in_view": True, "highlighted": True}
    # The landing spot is the quote itself (inline words or a whole-paragraph block quote).
    assert tab.page.locator(f"#{fragment}").evaluate("el => el.matches('q.quote') || el.closest('blockquote') !== null")
    assert tab.errors == []


def test_keyboard_tab_to_a_quote_link_enter_and_back(tab: Tab, base_url: str) -> None:
    page = tab.page
    start, selector = CROSS_PAGE_QUOTE
    page.goto(f"{base_url}/{start}")
    link = page.locator(selector).first
    href = link.get_attribute("href")
    link.locator("xpath=ancestor::article").locator(".permalink").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.quote-source')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    # Focus alone shows the preview (no mouse needed) and ties it to the link for screen readers.
    page.locator(".quote-preview").wait_for()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "quote-preview"
    origin = page.url
    page.keyboard.press("Enter")
    page.wait_for_url(urljoin(origin, href))
    assert page.evaluate(TARGET_STATE)["id"] == href.split("#", 1)[1]
    page.go_back()
    page.wait_for_url(origin)
    assert page.url == origin
    assert link.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert tab.errors == []


def test_hovering_a_link_to_another_page_previews_the_original(tab: Tab, base_url: str) -> None:
    page = tab.page
    start, selector = CROSS_PAGE_QUOTE
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path) if r.resource_type == "fetch" else None)
    page.goto(f"{base_url}/{start}")
    link = page.locator(selector).first
    label = link.inner_text()
    link.hover()
    preview = page.locator(".quote-preview")
    preview.wait_for()
    assert preview.get_attribute("role") == "tooltip"
    assert preview.locator(".preview-head").inner_text().startswith(f"Comment {label}")
    assert preview.locator(".preview-hit").count() == 1
    # The copy brings no ids (no duplicates) and no links (a tooltip holds nothing focusable).
    assert preview.locator("[id], a").count() == 0
    page.mouse.move(0, 0)
    preview.wait_for(state="detached")
    link.hover()
    preview.wait_for()
    page.keyboard.press("Escape")
    preview.wait_for(state="detached")
    assert fetched == ["/paged/china-japan/page-2.html"]
    assert tab.errors == []


def test_without_javascript_links_still_work(browser: Any, base_url: str) -> None:
    tab = open_tab(browser, java_script_enabled=False, viewport={"width": 1366, "height": 900})
    expected, fragment = follow(tab, base_url, *CROSS_PAGE_QUOTE)
    assert tab.page.evaluate is not None
    state = tab.page.locator(":target").evaluate("el => el.id")
    assert (tab.page.url, state) == (expected, fragment)
    tab.page.locator("a.quote-source").first.hover()
    assert tab.page.locator(".quote-preview").count() == 0
    tab.page.context.close()


def test_next_and_previous_note_on_one_page(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(f"{base_url}/example/china-japan/index.html")
    ids = page.locator("ol.comments .note").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) >= 3
    page.locator(f"#{ids[0]} .note-next").click()
    page.wait_for_url(f"**#{ids[1]}")
    page.locator(f"#{ids[1]} .note-next").click()
    page.wait_for_url(f"**#{ids[2]}")
    page.locator(f"#{ids[2]} .note-prev").click()
    page.wait_for_url(f"**#{ids[1]}")
    assert page.evaluate(TARGET_STATE) == {"id": ids[1], "in_view": True, "highlighted": False}
    assert page.locator(f"#{ids[0]} .note-prev").count() == 0
    assert page.locator(f"#{ids[-1]} .note-next").count() == 0


def test_next_and_previous_note_across_pages(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(f"{base_url}/paged/china-japan/page-2.html")
    first_on_2 = page.locator("ol.comments .note").first.get_attribute("id")
    page.goto(f"{base_url}/paged/china-japan/index.html")
    last_on_1 = page.locator("ol.comments .note").last.get_attribute("id")
    page.locator(f"#{last_on_1} .note-next").click()
    page.wait_for_url(f"{base_url}/paged/china-japan/page-2.html#{first_on_2}")
    assert page.locator(":target").get_attribute("id") == first_on_2
    page.locator(f"#{first_on_2} .note-prev").click()
    page.wait_for_url(f"{base_url}/paged/china-japan/index.html#{last_on_1}")
    assert tab.errors == []


def test_noted_words_and_their_note_link_to_each_other(tab: Tab, base_url: str) -> None:
    page = tab.page
    page.goto(f"{base_url}/example/china-japan/index.html")
    ref = page.locator("mark.note-words + a.note-ref").first
    note_id = ref.get_attribute("href").lstrip("#")
    ref.click()
    page.wait_for_url(f"**#{note_id}")
    page.locator(f"#{note_id} .note-words-link a").click()
    page.wait_for_url(f"**#m-{note_id}")
    assert page.evaluate(TARGET_STATE) == {"id": f"m-{note_id}", "in_view": True, "highlighted": True}


# The comment with a note on its words: where its note sits in each layout.
NOTE_LAYOUT = """() => {
  const body = document.querySelector('#c-tavk627a .comment-body').getBoundingClientRect();
  const note = document.querySelector('#c-tavk627a .note').getBoundingClientRect();
  return note.left >= body.right ? 'margin' : note.top >= body.bottom ? 'inline' : 'overlap';
}"""


@pytest.mark.parametrize(
    ("width", "media", "layout"),
    [
        pytest.param(1366, "screen", "margin", id="desktop"),
        pytest.param(360, "screen", "inline", id="phone"),
        pytest.param(1366, "print", "inline", id="print"),
    ],
)
def test_notes_sit_in_the_margin_on_wide_screens_only(browser: Any, base_url: str, width: int, media: str, layout: str) -> None:
    tab = open_tab(browser, viewport={"width": width, "height": 900})
    tab.page.emulate_media(media=media)
    tab.page.goto(f"{base_url}/example/china-japan/index.html")
    assert tab.page.evaluate(NOTE_LAYOUT) == layout
    tab.page.context.close()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("example/index.html", id="index"),
        pytest.param("paged/china-japan/page-2.html", id="thread-page"),
        pytest.param("paged/gen/page-4.html", id="generated-page"),
        pytest.param("example/notes/index.html", id="notes"),
    ],
)
def test_nothing_is_wider_than_a_360px_phone(browser: Any, base_url: str, path: str) -> None:
    tab = open_tab(browser, viewport={"width": 360, "height": 800})
    tab.page.goto(f"{base_url}/{path}")
    assert tab.page.evaluate("document.documentElement.scrollWidth") == 360
    tab.page.context.close()


@pytest.mark.parametrize(
    ("scheme", "background"),
    [pytest.param("light", "rgb(251, 250, 246)", id="light"), pytest.param("dark", "rgb(21, 21, 19)", id="dark")],
)
def test_colours_follow_the_system_setting(browser: Any, base_url: str, scheme: str, background: str) -> None:
    tab = open_tab(browser, color_scheme=scheme)
    tab.page.goto(f"{base_url}/example/china-japan/index.html")
    assert tab.page.evaluate("getComputedStyle(document.body).backgroundColor") == background
    tab.page.context.close()


def test_print_uses_dark_ink_on_white_even_in_dark_mode(browser: Any, base_url: str) -> None:
    tab = open_tab(browser, color_scheme="dark")
    tab.page.emulate_media(media="print")
    tab.page.goto(f"{base_url}/example/china-japan/index.html")
    colours = tab.page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('.note-body')).color]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(27, 26, 24)"]
    tab.page.context.close()
