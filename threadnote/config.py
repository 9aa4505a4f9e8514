"""Site settings: the `site.yaml` schema, its defaults and its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, error
from .fields import Fields
from .model import Location
from .yamlsrc import Node, parse_yaml

DEFAULT_PAGE_SIZE = 200
DEFAULT_THREADS_PER_PAGE = 50
MAX_THREADS_PER_PAGE = 100
"""The front page lists at most this many threads, so it stays small however big the archive."""
DEFAULT_NOTES_PER_PAGE = 200
DEFAULT_MIN_WORDS = 8
DEFAULT_MIN_CHARS = 40
SITE_KEYS = {
    "title", "base_url", "language", "page_size", "quotes", "description", "search", "imports", "pingbacks", "replies",
    "reply_depth", "threads_per_page", "notes_per_page",
}
QUOTE_KEYS = {"min_words", "min_chars", "title_coverage", "marked_min_words"}
IMPORT_KEYS = {"path", "base_url"}
"""An entry of `imports:` written as a mapping: the export, and the address of the forum a Discourse topic is from."""
REPLY_VIEWS = ("nested", "flat")
"""How a thread page shows replies: under what they answer, or in thread order with links both ways."""
DEFAULT_REPLY_DEPTH = 4
"""Levels of nesting a page shows; deeper replies stand at the last level with an "in reply to" link."""
DEFAULT_TITLE_COVERAGE = 0.75
DEFAULT_MARKED_MIN_WORDS = 3
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
"""A BCP 47 tag such as `en` or `pt-BR`: it goes into `<html lang>`."""


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    """Thresholds of the quote finder."""

    min_words: int = DEFAULT_MIN_WORDS
    """A run of fewer shared words is never a quote."""
    min_chars: int = DEFAULT_MIN_CHARS
    """A run of fewer shared characters is never a quote."""
    title_coverage: float = DEFAULT_TITLE_COVERAGE
    """Share of the headline a repeat must cover to count as quoting it."""
    marked_min_words: int = DEFAULT_MARKED_MIN_WORDS
    """Fewest words a `>` quote must share with a comment to be linked to it."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything `site.yaml` can set."""

    title: str
    base_url: str = ""
    """Absolute URL the archive is published at, ending in `/`; empty for relative-only output."""
    language: str = "en"
    description: str = ""
    page_size: int = DEFAULT_PAGE_SIZE
    """Comments per thread page."""
    quotes: QuoteSettings = QuoteSettings()
    search: bool = True
    """Build the static full-text search index (Pagefind)."""
    imports: tuple[str, ...] = ()
    """Site-wide exports (Disqus, WordPress WXR), relative to the site folder: one thread per thread in them."""
    forum_urls: tuple[tuple[str, str], ...] = ()
    """The forum each Discourse topic under `imports:` is from, by its path: its posts' addresses
    and relative links are made from it (no trailing slash)."""
    pingbacks: bool = False
    """Publish WordPress pingbacks and trackbacks as comments."""
    replies: str = REPLY_VIEWS[0]
    """`nested` (replies under what they answer) or `flat` (thread order, linked both ways)."""
    reply_depth: int = DEFAULT_REPLY_DEPTH
    threads_per_page: int = DEFAULT_THREADS_PER_PAGE
    """Threads per page of the front page, a section and the undated list."""
    notes_per_page: int = DEFAULT_NOTES_PER_PAGE
    """Entries per page of the notes index."""


def parse_config(text: str, path: str) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Check and read `site.yaml`; every problem becomes a diagnostic with its line."""
    root, diagnostics = parse_yaml(text, path)
    if root is None:
        if not diagnostics:
            diagnostics.append(error(Location(path, 1), "site.yaml is empty: 'title' is required"))
        return None, diagnostics
    fields = Fields(root, "site.yaml", SITE_KEYS, diagnostics)
    title = fields.text("title")
    if not title:
        diagnostics.append(error(root.location, "'title' is required"))
    base_url = fields.text("base_url", "") or ""
    if base_url and not base_url.startswith(("http://", "https://")):
        diagnostics.append(error(fields.location("base_url"), f"base_url '{base_url}' must start with https:// or http://"))
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    language = fields.text("language", "en") or "en"
    if not LANGUAGE.match(language):
        diagnostics.append(error(fields.location("language"), f"language '{language}' is not a language tag such as 'en' or 'pt-BR'"))
        language = "en"
    quotes = QuoteSettings()
    quotes_node = fields.mapping("quotes")
    if quotes_node is not None:
        quote_fields = Fields(quotes_node, "quotes", QUOTE_KEYS, diagnostics)
        quotes = QuoteSettings(
            min_words=quote_fields.number("min_words", DEFAULT_MIN_WORDS, minimum=2),
            min_chars=quote_fields.number("min_chars", DEFAULT_MIN_CHARS, minimum=1),
            title_coverage=quote_fields.share("title_coverage", DEFAULT_TITLE_COVERAGE),
            marked_min_words=quote_fields.number("marked_min_words", DEFAULT_MARKED_MIN_WORDS, minimum=1),
        )
    replies = fields.text("replies", REPLY_VIEWS[0]) or REPLY_VIEWS[0]
    if replies not in REPLY_VIEWS:
        diagnostics.append(error(fields.location("replies"), f"replies '{replies}' must be 'nested' or 'flat'"))
        replies = REPLY_VIEWS[0]
    imports, forum_urls = _imports(fields, diagnostics)
    config = SiteConfig(
        title=title or "",
        base_url=base_url,
        language=language,
        description=fields.text("description", "") or "",
        page_size=fields.number("page_size", DEFAULT_PAGE_SIZE, minimum=10),
        quotes=quotes,
        search=fields.flag("search", True),
        imports=imports,
        forum_urls=forum_urls,
        pingbacks=fields.flag("pingbacks", False),
        replies=replies,
        reply_depth=fields.number("reply_depth", DEFAULT_REPLY_DEPTH, minimum=1),
        threads_per_page=_at_most(fields, "threads_per_page", DEFAULT_THREADS_PER_PAGE, MAX_THREADS_PER_PAGE, diagnostics),
        notes_per_page=fields.number("notes_per_page", DEFAULT_NOTES_PER_PAGE, minimum=10),
    )
    return config, diagnostics


def _imports(fields: Fields, diagnostics: list[Diagnostic]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Paths inside the site folder, with forward slashes, each written as itself or as a mapping
    with its `path` and a Discourse topic's forum (`base_url`); and those forums by path."""
    paths: list[str] = []
    forums: list[tuple[str, str]] = []
    for item in _import_items(fields, diagnostics):
        entry = Fields(item, "an import", IMPORT_KEYS, diagnostics) if isinstance(item.value, dict) else None
        written = entry.text("path") if entry is not None else str(item.value)
        where = entry.location("path") if entry is not None else item.location
        parts = PurePosixPath((written or "").replace("\\", "/"))
        if entry is not None and not written:
            diagnostics.append(error(item.location, "an import written as a mapping needs 'path'"))
        elif parts.is_absolute() or ".." in parts.parts or not parts.parts:
            diagnostics.append(error(where, f"import '{written}' must be a path inside the site folder"))
        else:
            paths.append(parts.as_posix())
            forum = _forum_url(entry) if entry is not None else None
            if forum is not None:
                forums.append((parts.as_posix(), forum))
    return tuple(paths), tuple(forums)


def _import_items(fields: Fields, diagnostics: list[Diagnostic]) -> list[Node]:
    """The entries of `imports:` (a single one may stand alone), each a path or a mapping."""
    found = fields.values.get("imports")
    if found is None or found.value is None:
        return []
    items = found.value if isinstance(found.value, list) else [found]
    wrong = [item for item in items if isinstance(item.value, list) or item.value is None]
    diagnostics += [error(item.location, "'imports' must list paths, or mappings with 'path' and 'base_url'") for item in wrong]
    return [item for item in items if item not in wrong]


def _forum_url(entry: Fields) -> str | None:
    """A Discourse forum's address, checked: an http(s) URL with a host, and no query or fragment."""
    written = entry.text("base_url")
    if written is None:
        return None
    parts = urlsplit(written)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        entry.diagnostics.append(error(entry.location("base_url"), f"base_url '{written}' must be the forum's address, "
                                                                    "such as https://forum.example.org/"))
        return None
    return written.rstrip("/")


def _at_most(fields: Fields, key: str, default: int, maximum: int, diagnostics: list[Diagnostic]) -> int:
    value = fields.number(key, default, minimum=1)
    if value > maximum:
        diagnostics.append(error(fields.location(key), f"{key} must be at most {maximum}, not {value}"))
        return maximum
    return value
