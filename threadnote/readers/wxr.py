"""Read a WordPress WXR export: each published post or page with its comments, streamed item by item."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from ..dates import iso_time
from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from .html import parse_html
from .record import PINGBACK, PUBLISHED, Export, SourceComment, Streamed, gathered, streaming, url_key
from .xmltree import Chunks, XmlProblem, child_text, children, line_of, read_elements

APPROVALS = {"1": PUBLISHED, "approve": PUBLISHED, "0": "pending", "hold": "pending", "spam": "spam",
             "trash": "deleted", "post-trashed": "deleted"}
PINGBACK_TYPES = frozenset({"pingback", "trackback"})
COMMENT_TYPES = frozenset({"", "comment", "review"})
"""What a reader wrote: `comment` since WordPress 5.5, empty before, `review` on a WooCommerce
product. Plugins keep their own records as comments too (`order_note`, `action_log`, `webhook_delivery`,
often private): those are never published."""
PUBLISHED_ITEMS = frozenset({"publish", "inherit", ""})
"""`inherit` is an attachment's (its page is public with its post); a Disqus import file gives none.
Drafts, private, pending, scheduled and trashed posts, and plugins' own statuses (`wc-completed`), are not public."""
NO_DATE = "0000-00-00 00:00:00"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def read_wxr(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """One Export per published item with comments (items whose links differ only in scheme,
    host or `index.html` are one)."""
    return gathered(stream_wxr(data, path))


def stream_wxr(data: bytes | Chunks, path: str) -> Streamed:
    """Each published item's comments, handed on as the item closes. Elements are matched by local
    name, whatever version of the `wordpress.org/export/` namespace (http or https, 1.0 to 1.2) the file uses."""
    return streaming(lambda streamed: _pieces(data, path, streamed))


def _pieces(data: bytes | Chunks, path: str, streamed: Streamed) -> Iterator[Export]:
    repairs: list[Diagnostic] = []
    diagnostics: list[Diagnostic] = []
    facts = _Facts()
    try:
        for item in read_elements(data, path, lambda names: names[1:] == ("channel", "item"), repairs):
            comments = children(item, "comment")
            if not comments:
                continue
            why = _not_public(item)
            if why:
                diagnostics.append(warning(Location(path, line_of(item)), f"{why}: its {len(comments)} comments are left out"))
                continue
            link = child_text(item, "link")
            key = url_key(link) or f"post-{child_text(item, 'post_id')}"
            title = html.unescape(child_text(item, "title"))
            yield Export("wxr", title, link or None, _item_date(item), [_comment(c, link, path, facts) for c in comments], key=key)
    except XmlProblem as problem:
        streamed.broken = True
        streamed.diagnostics += repairs + diagnostics + [error(Location(path, problem.line), problem.message)]
        return
    streamed.diagnostics += repairs + diagnostics + facts.told(path)


@dataclass(slots=True)
class _Facts:
    """What many comments of a file may share, told once for the file rather than once a comment."""

    plugin_records: Counter[str] = field(default_factory=Counter)
    """Comments of each type that is a plugin's record, not a reader's comment."""
    local_times: list[Location] = field(default_factory=list)
    """Comments dated only in the site's local time (older exports have no `comment_date_gmt`, or `0000-00-00 00:00:00`)."""

    def told(self, path: str) -> list[Diagnostic]:
        told = [warning(Location(path), f"{count} comments of type '{kind}' are a plugin's records, not readers' comments: left out")
                for kind, count in sorted(self.plugin_records.items())]
        if self.local_times:
            more = len(self.local_times) - 1
            told.append(warning(self.local_times[0], "comment_date_gmt is missing or not a date: the site's local time is read as UTC"
                                                     + (f" (here and in {more} more comments)" if more else "")))
        return told


def _not_public(item: Element) -> str:
    """Why the item's page is not public (its comments are not either), or empty."""
    status = child_text(item, "status")
    if status not in PUBLISHED_ITEMS:
        return f"item is '{status}'"
    if child_text(item, "post_password"):
        return "item is password-protected"
    return ""


def _item_date(item: Element) -> str | None:
    return iso_time(child_text(item, "post_date_gmt")) or iso_time(child_text(item, "post_date"))


def _comment(element: Element, link: str, path: str, facts: _Facts) -> SourceComment:
    where = Location(path, line_of(element))
    ident = child_text(element, "comment_id") or None
    parent = child_text(element, "comment_parent")
    approved = child_text(element, "comment_approved") or "1"
    status = APPROVALS.get(approved.lower(), "pending")
    kind = child_text(element, "comment_type").lower()
    if kind in PINGBACK_TYPES and status == PUBLISHED:
        status = PINGBACK
    elif kind not in PINGBACK_TYPES | COMMENT_TYPES:
        facts.plugin_records[kind] += 1
        status = "hidden"
    return SourceComment(
        source_id=ident,
        parent_id=parent if parent not in ("", "0") else None,
        author=html.unescape(child_text(element, "comment_author")) or None,
        time=_comment_time(element, where, facts),
        paragraphs=parse_html(autop(child_text(element, "comment_content")), where.line),
        location=where,
        source_url=f"{link}#comment-{ident}" if link and ident else None,
        status=status,
    )


def _comment_time(element: Element, where: Location, facts: _Facts) -> str | None:
    if (gmt := iso_time(child_text(element, "comment_date_gmt"))) is not None:
        return gmt
    local = child_text(element, "comment_date")
    if local and local != NO_DATE:
        facts.local_times.append(where)
        return iso_time(local)
    return None


def autop(content: str) -> str:
    """WordPress's own rule for raw comment text: a blank line parts paragraphs, a line break is kept."""
    blocks = _BLANK_LINE.split(content.replace("\r\n", "\n").strip())
    return "".join(f"<p>{block.strip().replace(chr(10), '<br>')}</p>" for block in blocks if block.strip())
