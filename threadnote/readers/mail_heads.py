"""A message's head as a flat list archive shows it: who sent it and when."""

from __future__ import annotations

import re

ARCHIVED_ADDRESS = r"[\w.+'=-]+ at [\w-]+(?:\.[\w-]+)+"
"""An address as pipermail writes it, `at` for `@` (`andy at example.com`)."""
MAIL_HEAD = re.compile(
    r"^From: (?P<sender>[^<>\n]*?) ?<[^<>\s]+> Date: (?P<date>[^\n]+?)(?= Subject: |$)"
    rf"|^(?P<archived>[^<>@\n]+?) {ARCHIVED_ADDRESS} (?P<when>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [^\n]{{10,30}}\d{{4}})$"
)
"""A message's head as a list archive shows it, its lines joined: `From: Name <addr>` over `Date:`,
or pipermail's name, `user at host` address and its date (without the date, "The docs are hosted
at readthedocs.io" would read as a head)."""
MAX_HEAD = 300
"""Characters past which a paragraph is a message's text, not its head."""


def mail_head(text: str) -> tuple[str, str] | None:
    """The sender and date (empty if not shown) a list archive's head gives, if `text` is one."""
    if not (text.startswith("From: ") or " at " in text) or len(text) > MAX_HEAD:
        return None  # most paragraphs: no regex
    head = MAIL_HEAD.match(text)
    if head is None:
        return None
    sender = (head.group("sender") or head.group("archived") or "").strip(" \"'")
    return (sender, head.group("date") or head.group("when") or "") if sender else None
