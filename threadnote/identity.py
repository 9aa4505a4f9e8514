"""Stable comment ids, derived from a comment's own words so they survive re-imports."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

from .model import Paragraph

KEY_WORDS = 24
"""Words that make a comment's key: a typo fixed further on keeps the id."""
ID_CHARS = 8
_WORD = re.compile(r"\w+")


def comment_key(paragraphs: Sequence[Paragraph], words: int | None = KEY_WORDS) -> str:
    """Case, punctuation and spacing are left out, so re-wrapping or re-punctuating keeps the key."""
    found: list[str] = []
    for paragraph in paragraphs:
        found.extend(_words(paragraph.text.lower(), words))
        if words is not None and len(found) >= words:
            break
    return " ".join(found[:words] if words is not None else found)


def _words(text: str, wanted: int | None) -> list[str]:
    """The words of `text`; when only the first few are wanted, read a generous slice first."""
    if wanted is not None and len(text) > wanted * 16:
        head = _WORD.findall(text[: wanted * 16])
        if len(head) > wanted:  # the slice may cut its last word, but the first `wanted` are whole
            return head
    return _WORD.findall(text)


def digest(key: str) -> str:
    raw = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return "c-" + base64.b32encode(raw).decode("ascii").lower()[:ID_CHARS]


def comment_ids(groups: Sequence[Sequence[Paragraph]]) -> list[str]:
    """One id per comment: a digest of its first words; for a comment whose first words an earlier
    comment already used, a digest of all its words; and a `-2`, `-3` ... suffix for comments that
    are word for word the same.

    Only later comments ever change key, so a re-import that appends comments (a reply that opens
    by pasting a long earlier comment, say) leaves every existing id as it was.
    """
    used_keys: set[str] = set()
    seen: dict[str, int] = {}
    ids = []
    for group in groups:
        short = comment_key(group)
        key = comment_key(group, None) if short in used_keys else short
        used_keys.add(short)
        ident = digest(key)
        seen[ident] = seen.get(ident, 0) + 1
        ids.append(ident if seen[ident] == 1 else f"{ident}-{seen[ident]}")
    return ids
