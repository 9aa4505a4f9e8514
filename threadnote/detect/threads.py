"""Read one thread file into paragraphs, quotes and detected comments (the detect stage)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import partial

from ..config import QuoteSettings
from ..dates import earliest_time, thread_times
from ..diagnostics import Diagnostic
from ..model import Aside, Boundary, Comment, Paragraph, ProgressCallback, Thread
from ..readers.record import Export, ThreadContent
from ..readers.scrape import ChromeComment, parse_scrape
from ..readers.structured import parse_structured
from ..readers.xmltree import Chunks
from .article import article_quote_paragraphs
from .exported import export_comments, load_export
from .grouping import Group, ParagraphFacts, group_paragraphs
from .identity import comment_ids
from .quotes import LaterRange, ParagraphQuote, find_quotes, scan_range

WHOLE_PARAGRAPH = 0.8
"""A quote covering this share of its paragraph makes the paragraph a quote."""
SCAN_ASIDE_FROM = 20_000
"""Paragraphs from which, given an `aside`, the quote finder's later paragraphs are scanned there."""
LATER_SHARE = 0.3
"""The share of the paragraphs scanned aside: the ones scanned here then take the aside's
findings (half the cost of scanning them), and the aside makes the comment ids and times meanwhile."""


@dataclass(frozen=True, slots=True)
class DetectedThread:
    """A thread as detected, before editors' corrections."""

    thread: Thread
    quotes: tuple[ParagraphQuote, ...]
    article: tuple[int, ...]
    """Paragraphs that most likely paste the lost article."""
    times: Mapping[str, str | None]
    """Each distinct time its comments give, in RFC 3339 (`thread_times`): read once here, for
    the thread's date, and handed on to its pages and export (a date's order is the thread's)."""


def parse_thread(
    text: ThreadContent, path: str, slug: str, settings: QuoteSettings, progress: ProgressCallback | None = None,
    aside: Aside | None = None, pingbacks: bool = False,
) -> tuple[DetectedThread, list[Diagnostic]]:
    """Scrape text in; paragraphs, quotes, comment groups and ids out. An export's bytes (or a
    thread read from a site-wide export) give the comments, their parents and ids themselves.

    With `aside`, the comment ids and times are made beside the quote finder when the page's
    chrome gives the comments before the quotes are known, and a big thread's later paragraphs
    are scanned for quotes there while the earlier ones are scanned here (and a big page's later
    blocks read there while the earlier ones are read here, `parse_scrape`)."""
    if not isinstance(text, str):
        return parse_export(text, path, slug, settings, progress, pingbacks, aside)
    scrape, diagnostics = parse_structured(text, path) if path.endswith((".yaml", ".yml")) else parse_scrape(text, path, aside)
    del text  # the paragraphs hold the words now; a caller that keeps no copy frees the text here
    paragraphs = scrape.paragraphs
    title = scrape.meta.get("title") or scrape.title or slug
    chrome = _chrome_groups(scrape.chrome)
    # the groups say all the chrome said: its 100,000 objects of a big thread need not live on, and
    # be walked by the cycle collector, while the quotes are found
    scrape.chrome = None
    ids_made = aside(partial(_ids, paragraphs, chrome)) if aside is not None and chrome else None
    times_made = aside(partial(_group_times, chrome)) if aside is not None and chrome else None
    quotes = find_quotes(paragraphs, title, settings, progress, scrape.tight, _scanned_aside(paragraphs, title, settings, aside))
    quoted = {q.paragraph for q in quotes}
    article = article_quote_paragraphs(paragraphs, quoted)
    boundaries: list[Boundary] = []
    if chrome is not None:
        groups = chrome
    else:
        groups, boundaries = group_paragraphs(paragraphs, paragraph_facts(paragraphs, quotes, article, scrape.tight))
    ids = (ids_made() if ids_made else None) or _ids(paragraphs, groups)
    comments = assemble_comments(paragraphs, groups, ids)
    times = (times_made() if times_made else None) or comment_times(comments)
    thread = Thread(
        slug=slug,
        title=title,
        byline=scrape.meta.get("byline") or scrape.byline,
        notice=scrape.notice,
        comments=comments,
        paragraphs=tuple(paragraphs),
        path=path,
        source_url=scrape.meta.get("source_url"),
        published=scrape.meta.get("published") or earliest_time(times),
        summary=scrape.meta.get("summary"),
        boundaries=tuple(boundaries),
        title_line=scrape.title_line,
        section=scrape.meta.get("section"),
    )
    return DetectedThread(thread, tuple(quotes), tuple(article), times), diagnostics


def parse_export(
    content: bytes | Chunks | Export, path: str, slug: str, settings: QuoteSettings, progress: ProgressCallback | None,
    pingbacks: bool, aside: Aside | None = None,
) -> tuple[DetectedThread, list[Diagnostic]]:
    """An export's thread, its quotes found as a scrape's are (a `<blockquote>` or `>` is a marked quote);
    with `aside`, its times are read and a big one's later paragraphs scanned there meanwhile."""
    export, diagnostics = load_export(content, path, slug)
    if export is None:
        return DetectedThread(Thread(slug, slug, None, None, (), (), path), (), (), {}), diagnostics
    exported, problems = export_comments(export, pingbacks)
    paragraphs = exported.paragraphs
    title = export.title or slug
    times_made = aside(partial(comment_times, exported.comments)) if aside is not None else None
    quotes = find_quotes(paragraphs, title, settings, progress, later=_scanned_aside(paragraphs, title, settings, aside))
    article = article_quote_paragraphs(paragraphs, {q.paragraph for q in quotes})
    thread = Thread(
        slug=slug, title=title, byline=None, notice=_export_notice(export.missing, exported.orphans),
        comments=exported.comments,
        paragraphs=paragraphs, path=path, source_url=export.source_url,
        published=export.published or next((c.time for c in exported.comments if c.time), None),
    )
    times = (times_made() if times_made else None) or comment_times(exported.comments)
    return DetectedThread(thread, tuple(quotes), tuple(article), times), diagnostics + problems


def comment_times(comments: Sequence[Comment]) -> dict[str, str | None]:
    """Each distinct time the comments give, in RFC 3339 (see `thread_times`)."""
    return thread_times(c.time for c in comments)


def _export_notice(missing: int, orphans: int) -> str | None:
    """What the export lacks, said on the thread's page: facts of the source, not mistakes to fix."""
    said = []
    if missing:
        said.append(f"{missing} comments of the source are not in its export, so not in this archive.")
    if orphans:
        said.append(f"{orphans} replies answer comments that are not in the export: they are shown as top-level comments.")
    return " ".join(said) or None


def _scanned_aside(paragraphs: Sequence[Paragraph], title: str, settings: QuoteSettings, aside: Aside | None) -> LaterRange | None:
    if aside is None or len(paragraphs) < SCAN_ASIDE_FROM:
        return None
    start = len(paragraphs) - int(LATER_SHARE * len(paragraphs))
    return LaterRange(start, aside(partial(scan_range, paragraphs, title, settings, start)))


def _chrome_groups(chrome: Sequence[ChromeComment] | None) -> list[Group] | None:
    if chrome is None:
        return None
    return [
        Group(
            c.first, c.count, c.author or None, "chrome" if c.author else "", c.time or None,
            c.source_id, c.parent, c.source_url, c.deleted,
        )
        for c in chrome
    ]


def _group_times(groups: Sequence[Group]) -> dict[str, str | None]:
    """The times `comment_times` reads from the comments these groups make (each has its group's)."""
    return thread_times(g.time for g in groups)


def _ids(paragraphs: Sequence[Paragraph], groups: Sequence[Group]) -> list[str]:
    return comment_ids([paragraphs[g.first : g.first + g.count] for g in groups])


def paragraph_facts(
    paragraphs: Sequence[Paragraph], quotes: Sequence[ParagraphQuote], article: Sequence[int], tight: AbstractSet[int] = frozenset()
) -> list[ParagraphFacts]:
    covered = [0] * len(paragraphs)
    starts = [False] * len(paragraphs)
    latest: dict[int, int] = {}  # paragraph -> the latest paragraph of the thread it quotes
    for quote in quotes:
        covered[quote.paragraph] += quote.end - quote.start
        if quote.start <= 3:
            starts[quote.paragraph] = True
        if quote.source is not None and quote.source >= 0:
            latest[quote.paragraph] = max(latest.get(quote.paragraph, quote.source), quote.source)
    facts = []
    from_article = set(article)
    for number, paragraph in enumerate(paragraphs):
        whole = number in from_article or covered[number] >= WHOLE_PARAGRAPH * len(paragraph.text)
        facts.append(ParagraphFacts(starts[number] or whole, whole or paragraph.kind == "quote", number in tight, latest.get(number)))
    return facts


def comment_groups(comments: Sequence[Comment]) -> list[Group]:
    """The groups that `assemble_comments` would turn back into these comments."""
    by_id = {c.id: c for c in comments}
    return [
        Group(
            c.first, len(c.paragraphs), c.author, c.author_source, c.time,
            c.source_id, by_id[c.parent].source_id if c.parent in by_id else None, c.source_url, c.deleted,
        )
        for c in comments
    ]


def assemble_comments(paragraphs: Sequence[Paragraph], groups: Sequence[Group], ids: Sequence[str]) -> tuple[Comment, ...]:
    """Comments from their groups; a parent is given by its source id and kept only when it names
    an earlier comment, so replies always follow what they answer and the tree has no cycle."""
    earlier: dict[str, str] = {}
    """Source id -> comment id, of the comments assembled so far."""
    comments = []
    for number, (group, ident) in enumerate(zip(groups, ids), 1):
        comments.append(Comment(
            id=ident,
            number=number,
            first=group.first,
            paragraphs=tuple(paragraphs[group.first : group.first + group.count]),
            author=group.author,
            author_source=group.author_source,
            time=group.time,
            parent=earlier.get(group.parent_source_id) if group.parent_source_id is not None else None,
            source_id=group.source_id,
            source_url=group.source_url,
            deleted=group.deleted,
        ))
        if group.source_id is not None:
            earlier.setdefault(group.source_id, ident)
    return tuple(comments)
