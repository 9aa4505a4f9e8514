"""Read one thread file into paragraphs, quotes and detected comments (the detect stage)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ..build.background import Background, can_fork
from ..config import QuoteSettings
from ..dates import earliest_time
from ..diagnostics import Diagnostic
from ..model import Boundary, Comment, Paragraph, ProgressCallback, Thread
from ..readers.scrape import ChromeComment, parse_scrape
from ..readers.structured import parse_structured
from .article import article_quote_paragraphs
from .grouping import Group, ParagraphFacts, group_paragraphs
from .identity import comment_ids
from .quotes import ParagraphQuote, find_quotes

WHOLE_PARAGRAPH = 0.8
"""A quote covering this share of its paragraph makes the paragraph a quote."""


@dataclass(frozen=True, slots=True)
class DetectedThread:
    """A thread as detected, before editors' corrections."""

    thread: Thread
    quotes: tuple[ParagraphQuote, ...]
    article: tuple[int, ...]
    """Paragraphs that most likely paste the lost article."""


def parse_thread(
    text: str, path: str, slug: str, settings: QuoteSettings, progress: ProgressCallback | None = None,
    in_background: bool = False,
) -> tuple[DetectedThread, list[Diagnostic]]:
    """Scrape text in; paragraphs, quotes, comment groups and ids out.

    With `in_background`, a forked child makes the comment ids while this process finds the quotes,
    when the page's chrome gives the comments before the quotes are known."""
    scrape, diagnostics = parse_structured(text, path) if path.endswith((".yaml", ".yml")) else parse_scrape(text, path)
    del text  # the paragraphs hold the words now; a caller that keeps no copy frees the text here
    paragraphs = scrape.paragraphs
    title = scrape.meta.get("title") or scrape.title or slug
    chrome = _chrome_groups(scrape.chrome)
    ids_made = Background(partial(_ids, paragraphs, chrome)) if in_background and chrome and can_fork() else None
    try:
        quotes = find_quotes(paragraphs, title, settings, progress)
        quoted = {q.paragraph for q in quotes}
        article = article_quote_paragraphs(paragraphs, quoted)
        boundaries: list[Boundary] = []
        if chrome is not None:
            groups = chrome
        else:
            groups, boundaries = group_paragraphs(paragraphs, paragraph_facts(paragraphs, quotes, article))
        ids = (ids_made.result() if ids_made else None) or _ids(paragraphs, groups)
    finally:  # stopped, should finding the quotes fail
        if ids_made is not None:
            ids_made.close()
    comments = assemble_comments(paragraphs, groups, ids)
    thread = Thread(
        slug=slug,
        title=title,
        byline=scrape.meta.get("byline") or scrape.byline,
        notice=scrape.notice,
        comments=comments,
        paragraphs=tuple(paragraphs),
        path=path,
        source_url=scrape.meta.get("source_url"),
        published=scrape.meta.get("published") or earliest_time(c.time for c in comments),
        summary=scrape.meta.get("summary"),
        boundaries=tuple(boundaries),
        title_line=scrape.title_line,
        section=scrape.meta.get("section"),
    )
    return DetectedThread(thread, tuple(quotes), tuple(article)), diagnostics


def _chrome_groups(chrome: Sequence[ChromeComment] | None) -> list[Group] | None:
    if chrome is None:
        return None
    return [Group(c.first, c.count, c.author or None, "chrome" if c.author else "", c.time or None) for c in chrome]


def _ids(paragraphs: Sequence[Paragraph], groups: Sequence[Group]) -> list[str]:
    return comment_ids([paragraphs[g.first : g.first + g.count] for g in groups])


def paragraph_facts(
    paragraphs: Sequence[Paragraph], quotes: Sequence[ParagraphQuote], article: Sequence[int]
) -> list[ParagraphFacts]:
    covered = [0] * len(paragraphs)
    starts = [False] * len(paragraphs)
    for quote in quotes:
        covered[quote.paragraph] += quote.end - quote.start
        if quote.start <= 3:
            starts[quote.paragraph] = True
    facts = []
    from_article = set(article)
    for number, paragraph in enumerate(paragraphs):
        whole = number in from_article or covered[number] >= WHOLE_PARAGRAPH * len(paragraph.text)
        facts.append(ParagraphFacts(starts_with_quote=starts[number] or whole, is_quote=whole or paragraph.kind == "quote"))
    return facts


def comment_groups(comments: Sequence[Comment]) -> list[Group]:
    """The groups that `assemble_comments` would turn back into these comments."""
    return [Group(c.first, len(c.paragraphs), c.author, c.author_source, c.time) for c in comments]


def assemble_comments(paragraphs: Sequence[Paragraph], groups: Sequence[Group], ids: Sequence[str]) -> tuple[Comment, ...]:
    return tuple(
        Comment(
            id=ident,
            number=number,
            first=group.first,
            paragraphs=tuple(paragraphs[group.first : group.first + group.count]),
            author=group.author,
            author_source=group.author_source,
            time=group.time,
        )
        for number, (group, ident) in enumerate(zip(groups, ids), 1)
    )
