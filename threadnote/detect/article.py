"""Spot paragraphs that paste the thread's lost article: attributed statements with loose quote marks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Paragraph

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
        if _enough_evidence(paragraph.text, following):
            found.append(number)
    return found


def _enough_evidence(text: str, following: str) -> bool:
    # every clue needs a quote mark, and most paragraphs have none
    if '"' not in text and "“" not in text and "”" not in text:
        return False
    unbalanced = text.count('"') % 2 == 1 or text.count("“") != text.count("”")
    answered = bool(REPLY_OPENERS.match(following))
    clues = int(unbalanced) + int(answered)
    if clues == EVIDENCE_NEEDED - 1:  # only then can the attribution decide: its regex costs more than the rest
        clues += bool(ATTRIBUTION.search(text))
    return clues >= EVIDENCE_NEEDED
