"""Who wrote each message of a flat mail thread, where no page chrome says: a signature or a
sign-off names its writer, an attribution line names the writer of the words its quotes hold, and
a name signed short is the full name the thread gives someone whose name starts so ("Flo" under
"Florian Mickler wrote:")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol

from ..model import Paragraph
from .boundaries import ANY_WORD, ATTRIBUTION, DASHES, HELD_WORDS, SIGN_OFF, mail_head_name, reads_as_mail

ATTRIBUTED_NAME = re.compile(
    r"\b(?P<name>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})\s*(?P<address><[^<>]*>|\([^()]*\))?\s*"
    r"(?:wrote|writes|said)?(?: on [^:]{0,40})?:$"
)
"""The name an attribution line gives, the last capitalised words before its address and `wrote:`."""
SIGNED_OFF = re.compile(
    r"^(?P<sign_off>[^\W\d_][\w'’!-]*(?: [\w'’!-]+){0,3}),\s*(?:[-–—~]+\s*)?"
    r"(?P<name>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2})(?<!\.)(?:\s*<[^<>\s]+>)?$"
)
"""A short line ending in a comma over a short name line (its address after it), the paragraph
joining them: a sign-off in any language ("Rgds, Eugenia", "Have fun, Christian", "Viele Grüße, Jörg")."""
SIGN_OFF_CHARS = 30
"""A sign-off is short: a longer line over a name is the writer's last sentence, addressed to someone."""
POSTSCRIPT = re.compile(r"^p\.?(?:p\.?)?s\b", re.IGNORECASE)
"""A postscript ("P.S.:", "PPS"): the writer adds it under their sign-off."""
RULE = re.compile(r"^[-_=~–—*]{2,}")
"""A rule opening a trailer under the writer's words: a signature block, a list footer, an attachment note."""


class Named(Protocol):
    """A comment being grouped (grouping.Group): its first paragraph, its size and who wrote it."""

    first: int
    count: int
    author: str | None
    author_source: str


def name_writers(paragraphs: Sequence[Paragraph], groups: Sequence[Named]) -> None:
    """Name the comments that an archive's head, a signature or an attribution line names, then give each short name its full form."""
    full = _attributed_full_names(paragraphs)
    _name_heads(paragraphs, groups)
    _name_signature_blocks(paragraphs, groups, full)
    _name_sign_offs(paragraphs, groups, reads_as_mail(paragraphs))
    _name_quoted_writers(paragraphs, groups)
    _complete_short_names(groups, full)


def _name_heads(paragraphs: Sequence[Paragraph], groups: Sequence[Named]) -> None:
    """A message under a list archive's head is the sender's it names: the surest name there is."""
    for group in groups:
        sender = mail_head_name(paragraphs[group.first])
        if sender is not None:
            group.author, group.author_source = sender, "head"


def _name_signature_blocks(paragraphs: Sequence[Paragraph], groups: Sequence[Named], full: AbstractSet[str]) -> None:
    """A dashed signature that goes on past its name ("-- Jiri Kosina SUSE Labs, Novell Inc.",
    "--- ~Randy *** Remember to ...", its lines joined) names its writer by the full name of the
    thread's attribution lines it opens with, or whose first word its first word starts; a dashed
    word alone ("-keith") is a name, lower case or not."""
    for group in groups:
        last = paragraphs[group.first + group.count - 1]
        if group.author is None and group.count > 1 and last.kind == "text" and last.text[:1] in DASHES:
            name = _dashed_name(" ".join(last.text.lstrip(DASHES + " ").split()), full)
            if name is not None:
                group.author, group.author_source = name, "signature"


def _dashed_name(signed: str, full: AbstractSet[str]) -> str | None:
    whole = [n for n in full if signed.startswith(n) and not signed[len(n) : len(n) + 1].isalnum()]
    if whole:
        return max(whole, key=len)
    first = signed.split(" ", 1)[0]
    if not first.isalpha():
        return None
    return _one_full_name(first, full) or (first if first == signed else None)


def _name_sign_offs(paragraphs: Sequence[Paragraph], groups: Sequence[Named], mail: bool) -> None:
    """A comment signed off with a name ("Cheers, Dave") is that writer's, and a mail's whatever the
    sign-off's words ("Rgds, Eugenia"). The same line thanks a writer the comment answers ("Thanks
    for the fix, Ann" under "Ann Lee wrote:", "Thanks, Joe" right under a quote): it names no one."""
    for group in groups:
        closing = _closing_sign_off(paragraphs, group, mail) if group.author is None else None
        if closing is None:
            continue
        number, name = closing
        if paragraphs[number - 1].kind != "quote" and not _answers(paragraphs, group, name):
            group.author, group.author_source = name, "signature"


def _closing_sign_off(paragraphs: Sequence[Paragraph], group: Named, mail: bool) -> tuple[int, str] | None:
    """The sign-off that closes the writer's own words, after their first paragraph, and its name:
    postscripts and trailers under a rule may follow it, and a rule may open it ("-- Thanks, Steve")."""
    for number in range(group.first + group.count - 1, group.first, -1):
        paragraph = paragraphs[number]
        name = _signed_off_name(paragraph, mail)
        if name is not None:
            return number, name
        if not (POSTSCRIPT.match(paragraph.text) or RULE.match(paragraph.text)):
            return None
    return None


def _answers(paragraphs: Sequence[Paragraph], group: Named, name: str) -> bool:
    """Whether the message answers someone of that name: one of its attribution lines gives it, or a
    name whose first word it starts ("Ann": "Ann Lee")."""
    first = name.split()[0].lower()
    for paragraph in paragraphs[group.first : group.first + group.count]:
        named = _attribution_name(paragraph.text) if paragraph.kind == "text" else None
        if named and named.group("name").split()[0].lower().startswith(first):
            return True
    return False


def _signed_off_name(paragraph: Paragraph, mail: bool) -> str | None:
    """The name of a sign-off of the usual words (SIGN_OFF), or in mail of any (SIGNED_OFF)."""
    if paragraph.kind != "text":
        return None
    text = paragraph.text.lstrip(DASHES + " ")
    usual = SIGN_OFF.match(text)
    if usual is not None:
        return usual.group("name")
    signed = SIGNED_OFF.match(text) if mail else None
    if signed is None or len(signed.group("sign_off")) > SIGN_OFF_CHARS:
        return None
    name = signed.group("name")
    return None if any(word[0].islower() for word in name.split()) else name  # capitalised, or of a script without case


def _name_quoted_writers(paragraphs: Sequence[Paragraph], groups: Sequence[Named]) -> None:
    """An attribution line over a quote ("On <date>, Joe Perches wrote:") names the writer of the
    comment whose words the quotes' own level holds, when nothing else named them. Its deeper
    levels quote older messages, which the line does not name; the quote finder links a whole
    block to the oldest of them, so the words are looked up here."""
    group_of = [g for g in groups for _ in range(g.count)]
    written = _written_runs(paragraphs)
    for number in range(len(paragraphs) - 1):
        if paragraphs[number].kind != "text" or paragraphs[number + 1].kind != "quote":
            continue
        named = _attribution_name(paragraphs[number].text)
        if named is None:
            continue
        group = group_of[number]
        words = _attributed_words(paragraphs, number, group.first + group.count)
        writer = _quoted_writer(words, written, group_of, number)
        if writer is not None and writer.author is None:
            writer.author, writer.author_source = named.group("name"), "attribution"


def _attributed_words(paragraphs: Sequence[Paragraph], line: int, end: int) -> list[str]:
    """The words at the shallowest level of every quote that attribution line `line` stands over:
    those of the reply interleaved with its answers too, down to the next attribution line or the
    end of its message (`end`). A quote cut short (an elision, quoted code) still names its writer
    by the quotes further down."""
    quotes = []
    for paragraph in paragraphs[line + 1 : end]:
        if paragraph.kind == "text" and _attribution_name(paragraph.text) is not None:
            break
        if paragraph.kind == "quote":
            quotes.append(paragraph)
    level = min((p.depth for p in quotes), default=0)
    return [w for p in quotes if p.depth == level for w in ANY_WORD.findall(p.text.lower())]


def _written_runs(paragraphs: Sequence[Paragraph]) -> dict[tuple[str, ...], int]:
    """The first and the last HELD_WORDS words of each paragraph of a writer's own words (not a
    quote, nor an attribution line, which is nobody's words) -> the earliest paragraph they open or close."""
    runs: dict[tuple[str, ...], int] = {}
    for number, paragraph in enumerate(paragraphs):
        if paragraph.kind != "text" or (paragraph.text.endswith(":") and ATTRIBUTION.search(paragraph.text)):
            continue
        words = ANY_WORD.findall(paragraph.text.lower())
        if len(words) >= HELD_WORDS:
            runs.setdefault(tuple(words[:HELD_WORDS]), number)
            runs.setdefault(tuple(words[-HELD_WORDS:]), number)
    return runs


def _quoted_writer(words: Sequence[str], written: Mapping[tuple[str, ...], int], group_of: Sequence[Named], before: int) -> Named | None:
    """The comment, before paragraph `before`, with the most paragraphs whose opening or closing
    words the quote holds; None when two have as many."""
    held = {written[run] for i in range(len(words) - HELD_WORDS + 1) if (run := tuple(words[i : i + HELD_WORDS])) in written}
    counts = Counter(group_of[n].first for n in held if n < before)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return group_of[ranked[0][0]]


def _complete_short_names(groups: Sequence[Named], full: AbstractSet[str]) -> None:
    """A one-word name ("Flo", "Randy") becomes the one full name of the thread's attribution lines
    whose first word starts with it ("Florian Mickler"): the same person signs short and is quoted
    in full. Two such full names leave it as signed."""
    for group in groups:
        if group.author is None or " " in group.author.strip():
            continue
        group.author = _one_full_name(group.author.strip(), full) or group.author


def _attributed_full_names(paragraphs: Sequence[Paragraph]) -> set[str]:
    """The names of two words or more that the thread's attribution lines give, quoted ones too."""
    names = set()
    for paragraph in paragraphs:
        named = _attribution_name(paragraph.text)
        if named and " " in named.group("name"):
            names.add(named.group("name"))
    return names


def _attribution_name(text: str) -> re.Match[str] | None:
    """The name an attribution line gives, worded ("On <date>, Joe Perches wrote:") or a name and
    its address alone ("2015-11-15 23:43 GMT+01:00 Jesus M. Gonzalez-Barahona <jgb at ...>:"); None
    for any other line, such as one ending in a colon over a quote of code ("I tried this in Python:")."""
    if not text.endswith(":") or len(text) > 300:
        return None
    named = ATTRIBUTED_NAME.search(text)
    return named if named and (named.group("address") or ATTRIBUTION.search(text)) else None


def _one_full_name(short: str, full: AbstractSet[str]) -> str | None:
    """The one full name whose first word starts with `short` ("Flo": "Florian Mickler"), if one."""
    starting = {name for name in full if name.split()[0].lower().startswith(short.lower())}
    return starting.pop() if len(starting) == 1 else None
