"""Stable comment ids, derived from a comment's own words so they survive re-imports."""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Sequence

from ..model import Paragraph

KEY_WORDS = 24
"""Words that make a comment's key: a typo fixed further on keeps the id."""
_WORD = re.compile(r"\w+")
_TYPOGRAPHY = "’‘“”…—–"
"""Non-word, caseless characters common in comments; read as spaces, they leave a text on the ASCII fast path."""
_ASCII_NON_WORD = bytes(byte for byte in range(128) if not _WORD.fullmatch(chr(byte)))
_ASCII_KEY_BYTES = bytes.maketrans(
    string.ascii_uppercase.encode() + _ASCII_NON_WORD, string.ascii_lowercase.encode() + b" " * len(_ASCII_NON_WORD)
)
"""Lower-cases ASCII and blanks its non-word characters in one pass: `\\w+` matches become the runs between spaces."""
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_BASE32_PAIRS = [high + low for high in _BASE32 for low in _BASE32]
"""The two lower-cased base32 characters of every 10 bits."""


def comment_key(paragraphs: Sequence[Paragraph], words: int | None = KEY_WORDS) -> str:
    """Case, punctuation and spacing are left out, so re-wrapping or re-punctuating keeps the key."""
    if words is None:
        return " ".join(word for paragraph in paragraphs for word in _words(paragraph.text))
    found: list[str] = []
    for paragraph in paragraphs:
        found.extend(_first_words(paragraph.text, words - len(found)))
        if len(found) >= words:
            break
    return " ".join(found)


def _first_words(text: str, wanted: int) -> list[str]:
    """The first `wanted` words of `text`, read from a generous slice when that holds them all."""
    head = text[: wanted * 16]
    words = _ascii_words(head, wanted)
    # the slice may cut its last word, but when more follow, the first `wanted` are whole
    if words is not None and (len(words) > wanted or len(head) == len(text)):
        return words[:wanted]
    return _words(text)[:wanted]


def _words(text: str) -> list[str]:
    """The words of `text`, lower-cased: the `\\w+` runs of its lower-case form."""
    words = _ascii_words(text)
    return _WORD.findall(text.lower()) if words is None else words


def _ascii_words(text: str, splits: int = -1) -> list[str] | None:
    """`_words` of an ASCII text (a few typographic marks allowed), split at most `splits` times; None for other text.

    One bytes.translate pass lower-cases the letters and blanks the rest, several times faster than the regex.
    """
    if not text.isascii():
        for mark in _TYPOGRAPHY:
            text = text.replace(mark, " ")
        if not text.isascii():
            return None
    return text.encode("ascii").translate(_ASCII_KEY_BYTES).decode("ascii").split(None, splits)


def digest(key: str) -> str:
    """`c-` and 8 characters: the lower-cased base32 of the first 40 bits of the key's blake2b digest."""
    raw = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    bits = int.from_bytes(raw[:5], "big")
    pairs = _BASE32_PAIRS  # four table look-ups: base64.b32encode is pure Python and several times slower
    return "c-" + pairs[bits >> 30] + pairs[bits >> 20 & 1023] + pairs[bits >> 10 & 1023] + pairs[bits & 1023]


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


def source_comment_ids(source_format: str, source_ids: Sequence[str | None], words: Sequence[Sequence[Paragraph]]) -> list[str]:
    """One id per comment from the source's own id (`<format>:<id>`), whatever edits its words had,
    so a newer export of the thread keeps every note on its comment; from its words when the source
    gave it no id. A repeated source id (a hand-edited file) gets a `-2`, `-3` ... suffix."""
    by_words = iter(comment_ids([w for s, w in zip(source_ids, words) if not s]))
    seen: dict[str, int] = {}
    ids = []
    for source_id in source_ids:
        ident = digest(f"{source_format}:{source_id}") if source_id else next(by_words)
        seen[ident] = seen.get(ident, 0) + 1
        ids.append(ident if seen[ident] == 1 else f"{ident}-{seen[ident]}")
    return ids
