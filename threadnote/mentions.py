"""Find `@name` mentions and link each to the latest earlier comment by that author."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Comment, Mention, Span

MENTION = re.compile(r"(?<![\w.@])@ ?([A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*)*)")
"""`@name` or `@ name`; not e-mail addresses (a word before the @) nor prices (a digit after it)."""


def find_mentions(comments: Sequence[Comment]) -> list[Mention]:
    latest_by_author: dict[str, str] = {}
    found: list[Mention] = []
    for comment in comments:
        for offset, paragraph in enumerate(comment.paragraphs):
            if paragraph.kind in ("code", "quote"):
                continue
            for match in MENTION.finditer(paragraph.text):
                name = match.group(1)
                target = latest_by_author.get(name.lower())
                span = Span(comment.first + offset, match.start(), match.end())
                found.append(Mention(comment.id, span, name, target))
        if comment.author:
            latest_by_author[comment.author.lower()] = comment.id
    return found
