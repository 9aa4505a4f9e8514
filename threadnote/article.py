"""Spot paragraphs that paste the thread's lost article: attributed statements with loose quote marks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Paragraph

_VERB = r"(?i:said|says|stated|told|according to|advising|advised|urged|warned|added|announced)"
ATTRIBUTION = re.compile(
    rf"\b{_VERB}\b[^\"“”.!?]{{0,120}}[,:]?\s*[\"“]"  # news style before the words: X said on Monday, "...
    rf"|[\"”],?\s+(?:(?i:he|she|they|it)|[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){{0,3}})\s+{_VERB}\b"  # after: "...", X said
)
"""An attribution verb beside a quote mark, as news reports quote people; anywhere else it is no clue."""
REPLY_OPENERS = re.compile(
    r"^(?:statements? like (?:that|this)|that statement|this statement|yeah|yes|no,|so |well,|really\?|"
    r"that'?s|this is|what a|nonsense|rubbish|says who)",
    re.IGNORECASE,
)
EVIDENCE_NEEDED = 2


def article_quote_paragraphs(paragraphs: Sequence[Paragraph], quoted: set[int]) -> list[int]:
    """Indices of paragraphs that most likely paste the article, by counting independent clues.

    Clues: unbalanced quote marks (a statement cut out of a longer quotation), an attribution verb
    beside a quote mark (news style: 'X said, "..."'), and a next paragraph that answers a statement.
    Paragraphs already known to repeat the thread's own words are left alone.
    """
    found = []
    for number, paragraph in enumerate(paragraphs):
        if number in quoted or paragraph.kind != "text":
            continue
        following = paragraphs[number + 1].text if number + 1 < len(paragraphs) else ""
        if _evidence(paragraph.text, following) >= EVIDENCE_NEEDED:
            found.append(number)
    return found


def _evidence(text: str, following: str) -> int:
    straight = text.count('"')
    curly_open, curly_close = text.count("“"), text.count("”")
    has_marks = bool(straight or curly_open or curly_close)
    if not has_marks:  # every clue needs a quote mark; most paragraphs have none
        return 0
    unbalanced = straight % 2 == 1 or curly_open != curly_close
    attributed = bool(ATTRIBUTION.search(text))
    answered = has_marks and bool(REPLY_OPENERS.match(following))
    return int(unbalanced) + int(attributed) + int(answered)
