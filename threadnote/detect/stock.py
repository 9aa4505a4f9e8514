"""Stock text of a thread: signatures, sign-offs and attribution lines, which repeat without quoting."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Paragraph

BOILERPLATE = re.compile(
    r"^\s*(?:--|—|~|sent from\b|posted (?:from|via|with)\b|get outlook\b|thanks\b|thank you\b|"
    r"cheers\b|regards\b|best regards\b|kind regards\b|\+1\b|this\.?$|same here\b)",
    re.IGNORECASE,
)
BOILERPLATE_MAX_WORDS = 20
"""A paragraph opening like boilerplate is boilerplate only when it is this short."""
BOILERPLATE_MAX_CHARS = 160
"""Longer paragraphs are never boilerplate (checked first: it is cheaper than the pattern), but for
one under a dashed rule: a list's notice (`---- next part ---- An HTML attachment was scrubbed...
URL: <...>`) is long in characters for its address, not in words."""
SIGNATURE = re.compile(r"^--(?:\s|$)")
"""The signature separator (`-- ` on a line of its own, RFC 3676): what follows it is a signature,
repeated in each of its writer's messages however long it is."""
ATTRIBUTION = re.compile(
    r"^(?:(?:on|in article)\b[^\n]{0,120}?|[\w .@'’()<>+\-]{1,100}?)\b(?:wrote|writes|said|says|posted)"
    r"(?: on [^\n]{0,40}?)?\s*:\s*",
    re.IGNORECASE,
)
"""An attribution ("Ricky wrote:", "On 3 May, Ann <ann@x.org> said:", "In article <...>, Bo writes:",
"Ann <ann@x.org> wrote on 06/25/2010 04:05 PM:") opening a `>` quote; not quoted words."""


def is_stock(paragraphs: Sequence[Paragraph], number: int) -> bool:
    """Whether an unmarked paragraph is stock text, never a quote nor a quote's source: a signature,
    a sign-off, or an attribution line of the writer's own making ("Twas brillig at <date> when
    <name> did gyre and gimble:", a short paragraph ending in a colon right before a `>` quote),
    which each reply repeats with other dates and names."""
    text = paragraphs[number].text
    if SIGNATURE.match(text):
        return True
    if len(text) > BOILERPLATE_MAX_CHARS and not text.startswith("--"):
        return False
    if BOILERPLATE.match(text) and len(text.split(maxsplit=BOILERPLATE_MAX_WORDS)) <= BOILERPLATE_MAX_WORDS:
        return True
    return text.rstrip().endswith(":") and number + 1 < len(paragraphs) and paragraphs[number + 1].kind == "quote"
