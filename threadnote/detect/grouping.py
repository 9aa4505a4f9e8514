"""Group paragraphs into comments where the scrape marks no boundaries, as a careful reader would.

Each gap between two paragraphs gets a decision and a reason. Certain decisions: a pasted or
marked quote, an `@name` line and an attributed article quote start a comment (an attribution
line such as "X wrote:" takes the quote with it); the reply after a quote, a bare `@name` line or
an attribution belongs to it; neighbouring `>` blocks are one quote; a signature line or a
sign-off ("Cheers, Dave") ends its comment and names its author; a sentence cut by a blank line
continues. Uncertain ones, which `check` lists: continuation words ("And", "But", ...) join, a
shared voice (the same habits of spelling and punctuation) joins, anything else splits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Boundary, Paragraph

MENTION_START = re.compile(r"^@ ?[A-Za-z][\w.\-]*")
BARE_MENTION = re.compile(r"^@ ?[A-Za-z][\w.\-]*(?: [A-Z][\w.\-]*)?[,:]?$")
ATTRIBUTION_LINE = re.compile(r"(?:\bwrote|\bsaid|\bsays|\bposted)\s*:?$|:$", re.IGNORECASE)
SIGNATURE = re.compile(r"^(?:[-–—~]+\s*)?[A-Z][a-z'’]+(?:[ .][A-Z][a-z'’.]*){0,2}$")
SIGN_OFF = re.compile(
    r"^(?i:cheers|regards|best|best wishes|kind regards|thanks|thank you|ta|yours)[,.!]*\s*(?:[-–—~]+\s*)?"
    r"(?P<name>[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*)?)?$"
)
"""A sign-off ("Cheers, Dave", "Regards -- Ann"): it ends its comment and, with a name, names the author."""
CONTINUATION = re.compile(
    r"^(?:and|but|also|or|so|plus|because|which|that said|then|otherwise|anyway|however|"
    r"furthermore|moreover|besides|still|yet|not to mention|p\.?s\.?)\b",
    re.IGNORECASE,
)
TERMINAL = re.compile(r"[.!?…)\"”'’:;]\s*$")
ACRONYMS = {"THAAD", "NATO", "ASEAN", "USSR", "COVID", "NASA", "OPEC", "UNESCO"}
VOICE_NEEDED = 2
"""Shared habits needed before two neighbouring paragraphs are read as one voice."""


@dataclass(frozen=True, slots=True)
class Group:
    """Paragraphs `first` to `first + count` form one comment."""

    first: int
    count: int
    author: str | None = None
    author_source: str = ""
    time: str | None = None
    source_id: str | None = None
    """What the source records of the comment (see ChromeComment); a scrape's text gives none."""
    parent_source_id: str | None = None
    source_url: str | None = None
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class ParagraphFacts:
    """What the quote finder learnt about one paragraph, as grouping needs it."""

    starts_with_quote: bool = False
    is_quote: bool = False
    """The whole paragraph is quoted words (pasted, marked or from the article)."""


def group_paragraphs(
    paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts]
) -> tuple[list[Group], list[Boundary]]:
    """Decide every boundary; return the comments and the uncertain decisions."""
    groups: list[Group] = []
    uncertain: list[Boundary] = []
    first = 0
    for number in range(1, len(paragraphs) + 1):
        if number < len(paragraphs):
            split, certain, reason = _decide(paragraphs, facts, number)
            if not certain:
                uncertain.append(Boundary(number - 1, number, split, reason))
            if not split:
                continue
        groups.append(_group(paragraphs, first, number - first))
        first = number
    return groups, uncertain


def _group(paragraphs: Sequence[Paragraph], first: int, count: int) -> Group:
    last = paragraphs[first + count - 1].text
    if count > 1 and SIGNATURE.match(last):
        return Group(first, count, last.lstrip("-–—~ ").strip(), "signature")
    sign_off = SIGN_OFF.match(last)
    if count > 1 and sign_off and sign_off.group("name"):
        return Group(first, count, sign_off.group("name"), "signature")
    return Group(first, count)


def _ends_comment(text: str) -> bool:
    return bool(SIGNATURE.match(text) or SIGN_OFF.match(text))


def _decide(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], number: int) -> tuple[bool, bool, str]:
    """(split here?, certain?, why) for the gap before paragraph `number`."""
    before, after = paragraphs[number - 1], paragraphs[number]
    previous, current = facts[number - 1], facts[number]
    if _ends_comment(before.text) and number >= 2:
        return True, True, "a signature line ends a comment"
    if ATTRIBUTION_LINE.search(before.text) and (current.starts_with_quote or after.kind == "quote"):
        return False, True, "an attribution line introduces the quote"
    if BARE_MENTION.match(before.text):
        return False, True, "a reply follows its @name line"
    if before.kind == "quote" and after.kind == "quote":
        return False, True, "quoted lines continue"
    if previous.is_quote and not current.starts_with_quote and after.kind != "quote":
        return False, True, "a reply follows the quote it answers"
    if current.starts_with_quote or (after.kind == "quote" and before.kind != "quote"):
        return True, True, "a quote starts a comment"
    if after.kind == "quote" or (before.kind == "quote" and after.kind != "text"):
        return False, True, "quoted lines continue"
    if MENTION_START.match(after.text):
        return True, True, "an @name starts a comment"
    if after.kind in ("code", "list") or before.text.endswith(":"):
        return False, True, "code and lists belong to the text that introduces them"
    if not TERMINAL.search(before.text) and after.text[:1].islower():
        return False, True, "a sentence cut by a blank line continues"
    if _ends_comment(after.text) and not _ends_comment(before.text):
        return False, True, "a signature line closes the comment above"
    if CONTINUATION.match(after.text):
        return False, False, f"starts with the continuation word '{after.text.split()[0]}'"
    shared = voice(before.text) & voice(after.text)
    if len(shared) >= VOICE_NEEDED:
        return False, False, f"same voice ({', '.join(sorted(shared))})"
    if shared:
        return True, False, f"one shared habit ({next(iter(shared))}) is not enough to join"
    return True, True, "no sign of one voice"


def voice(text: str) -> set[str]:
    """Habits of writing that tell one commenter from another."""
    habits = set()
    if re.search(r"[!?]{2,}", text):
        habits.add("repeated !/?")
    if "&" in text:
        habits.add("& for and")
    if re.search(r"\b(?:china|japan|russia|taiwan|korea|america|europe)\b", text):
        habits.add("lowercase country names")
    if any(w not in ACRONYMS for w in re.findall(r"\b[A-Z]{4,}\b", text)):
        habits.add("shouting capitals")
    if re.search(r"\w \s*[.,!?](?:\s|$)", text) or "( " in text:
        habits.add("spaces before punctuation")
    if "’" in text or "‘" in text:
        habits.add("curly apostrophes")
    if re.search(r"\b(?:dont|cant|wont|iam|im|youre|theyre|doesnt|isnt)\b", text, re.IGNORECASE):
        habits.add("apostrophes left out")
    if re.search(r"\.\.(?!\.)|…", text):
        habits.add("trailing dots")
    return habits
