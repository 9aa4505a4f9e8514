"""Features of every gap between two paragraphs, and the logistic model that weighs them into the
probability that a new comment starts there (weights fit on real threads by bench/fit_boundaries.py)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import islice, pairwise, takewhile

from ..model import Paragraph
from ..readers.mail_heads import mail_head
from .stock import ATTRIBUTION as QUOTED_ATTRIBUTION

ATTRIBUTION = re.compile(
    r"(?:\b(?:wrote|writes|said|says|posted)\b[^.!?]{0,40}:|\bwrote on\b.*:|^in article\b.*\bwrote\b.*)$",
    re.IGNORECASE,
)
"""The line that introduces a quote: "On <date>, <name> wrote:", "<name> wrote:", "In article <...>, <name> wrote:"."""
DASHES = "-–—~"
"""What a signature opens with: `-- `, a dash or a tilde before the name."""
MENTION_START = re.compile(r"^@ ?[A-Za-z][\w.\-]*")
BARE_MENTION = re.compile(r"^@ ?[A-Za-z][\w.\-]*(?: [A-Z][\w.\-]*)?[,:]?(?: \(.*\))?$")
SIGNATURE_SEPARATOR = re.compile(r"^--(?: |$)")
"""A `-- ` line (its space is stripped with the line's end) and the signature under it."""
NAME_LINE = re.compile(r"^(?:[-–—~]+\s*)?[A-Z][\w'’.]*(?:[ .-][A-Z][\w'’.]*){0,2}(?:\s*<[^>\s]+>)?(?<![.!?])$")
"""A line holding nothing but a name (with an address): how a message is signed."""
NAME = r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*)?"
SIGN_OFF_WORDS = r"(?i:cheers|regards|best|best wishes|kind regards|thanks|thank you|thx|ta|yours|sincerely|greetings)"
SIGN_OFF = re.compile(
    rf"^{SIGN_OFF_WORDS}\b[,.!]*\s*(?:[-–—~]+\s*)?(?P<name>{NAME})?$"
)
"""A sign-off ("Cheers, Dave", "Regards -- Ann", "Thanks,"): it ends its comment."""
CLOSING = re.compile(
    rf"^{SIGN_OFF_WORDS},\s*(?:{NAME})?$|\b(?i:hope (?:this|that|it) helps|good luck|any ideas|please help|"
    r"thanks (?:again|in advance)|thank you (?:again|in advance)|again,? thanks|appreciate (?:the|your) help)\b"
)
"""What a writer closes a message with: a sign-off awaiting its name ("Cheers,", "Regards, Flo"; a
"Thanks!" alone is as often a reply) or a closing formula ("Hope that helps!", "Any ideas?",
"Thanks again")."""
CLOSING_CHARS = 120
"""A closing paragraph is short: a longer one that ends on a formula has more to say."""
CONTINUATION = re.compile(
    r"^(?:and|but|also|or|so|plus|because|which|then|otherwise|anyway|however|though|although|"
    r"furthermore|moreover|besides|still|yet|p\.?s\.?|"
    r"of course|in any case|that said|note that|now|in general|for example|e\.g\.|in fact|"
    r"similarly|additionally|instead|again|lastly|secondly|thirdly|actually|edit|update)\b",
    re.IGNORECASE,
)
"""Words that carry on the sentence before, or move its argument on ("That said", "Note that", "Edit:"):
they rarely open a comment."""
BACK_REFERENCE = re.compile(r"^(?:this|that|these|those|it|they|their|there|here|such|the same)\b", re.IGNORECASE)
"""Openers that point back at something just said (discourse links)."""
GREETING = re.compile(r"^(?:hi|hello|hey|dear|thanks|thank you|great|nice|good|interesting|wow)\b", re.IGNORECASE)
"""Openers of a new message: a greeting, thanks, a verdict on what was read."""
ANSWER = re.compile(
    r"^(?:yes|yeah|yep|no|nope|sure|right|indeed|exactly|agreed|correct|true|good (?:point|question)|ok(?:ay)?|well)\b",
    re.IGNORECASE,
)
"""Openers that answer what someone else asked or said."""
LIST_MARKER = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s")
"""A list item's marker: a paragraph of one item (the reader makes a list of two or more) goes on a list."""
TERMINAL = re.compile(r"[.!?…)\"”'’:;>]\s*$")
WORD = re.compile(r"[^\W\d_]{4,}")
"""Words long enough to carry a topic (short ones are mostly function words)."""
ANY_WORD = re.compile(r"[a-z']+")
"""Every word, short ones too: the function words a writer leans on are part of their style."""
TRUSTED_CHARS = 300
"""Characters of the shorter paragraph from which a gap's word similarity is trusted in full: two
short paragraphs share few words whoever wrote them."""
COHESION_WINDOW = 3
"""Paragraphs before a gap whose words a new comment would not take up (TextTiling's block)."""
STYLE_CHARS = 200
"""Characters of each paragraph profiled for style (the start is enough, and keeps it linear)."""
REPLY_PARAGRAPHS = 12
"""Paragraphs above an attribution line searched for the words its quote holds (a top-posted reply is short)."""
HELD_WORDS = 4
"""Words in a row that the quote must hold of a paragraph's start or end for it to be quoted."""
MAIL_ATTRIBUTIONS = 2
"""Attribution lines that make a thread read as mail (where quote, reply, quote, reply is one message)."""

FEATURES = (
    "mail", "after_quote_mail", "before_quote", "both_quote",
    "after_mention", "before_bare_mention",
    "before_sign_off", "after_signature",
    "after_continuation", "after_back_reference", "after_greeting", "after_lowercase",
    "cut_sentence", "before_colon", "after_code", "before_code", "tight",
    "cohesion", "style", "before_length", "after_length",
    "after_answer", "before_question", "before_comma",
    "after_quotes_before", "word_similarity", "similarity_trust", "after_closing",
)


@dataclass(frozen=True, slots=True)
class ParagraphFacts:
    """What the quote finder and the reader know of a paragraph, besides its words."""

    starts_with_quote: bool = False
    is_quote: bool = False
    """The whole paragraph is quoted words (pasted, marked or from the article)."""
    tight: bool = False
    """No blank line stands between it and the paragraph before (the reader cut one block in two)."""
    quotes_paragraph: int | None = None
    """The latest paragraph of the thread it quotes, if any (a writer does not quote the words just above)."""


@dataclass(frozen=True, slots=True)
class BoundaryModel:
    """A logistic model over FEATURES: each feature is centred and scaled, then weighed."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    """Probability from which a gap is a boundary (chosen by cross-validated F1)."""

    def probability(self, features: Sequence[float]) -> float:
        score = self.bias + sum(w * (x - m) / s for x, m, s, w in zip(features, self.means, self.scales, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, score))))


def parse_model(text: str) -> BoundaryModel:
    """The model from its JSON (as bench/fit_boundaries.py writes it); features in FEATURES order."""
    data = json.loads(text)
    by_name = {f["name"]: f for f in data["features"]}
    missing = [name for name in FEATURES if name not in by_name]
    if missing:  # the code gained a feature since the weights were fit
        raise ValueError(f"boundary weights lack {', '.join(missing)}: run bench/fit_boundaries.py")
    rows = [by_name[name] for name in FEATURES]
    return BoundaryModel(
        means=tuple(float(r["mean"]) for r in rows),
        scales=tuple(float(r["scale"]) for r in rows),
        weights=tuple(float(r["weight"]) for r in rows),
        bias=float(data["bias"]),
        threshold=float(data.get("threshold", 0.5)),
    )


def marked_boundaries(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts]) -> list[bool | None]:
    """The gaps that mail's own marks decide (None where nothing marks them, for the model to weigh):
    an archive's head opens a message (`mail_head`); an attribution line opens a message and takes the quote under it; a signature block or a name
    line closes its message, and belongs to the paragraph above it; a reply top-posted over its
    attribution line starts its message where the words its quote holds end (_top_posted_replies)."""
    opens = [_opens_quote(paragraphs, k) for k in range(len(paragraphs))]
    mail = _reads_as_mail(opens)
    signed = [_is_signature(p, mail, k > 0 and paragraphs[k - 1].kind == "quote") for k, p in enumerate(paragraphs)]
    replies = _top_posted_replies(paragraphs, facts, opens) if mail else {}
    heads = [mail_head_name(p) is not None for p in paragraphs]
    decided: list[bool | None] = []
    for number in range(1, len(paragraphs)):
        after = paragraphs[number]
        if heads[number] or heads[number - 1]:
            decided.append(heads[number])
        elif number in replies:
            decided.append(replies[number])
        elif opens[number - 1] and after.kind == "quote":
            decided.append(False)
        elif facts[number].tight:
            decided.append(None)
        elif opens[number] or (signed[number - 1] and not ends_message(after)):
            decided.append(True)
        elif signed[number] and not signed[number - 1]:
            decided.append(False)
        else:
            decided.append(None)
    return decided


def reads_as_mail(paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the thread's attribution lines make it read as mail (_reads_as_mail)."""
    return _reads_as_mail(_opens_quote(paragraphs, k) for k in range(len(paragraphs)))


def _reads_as_mail(opens: Iterable[bool]) -> bool:
    """MAIL_ATTRIBUTIONS lines opening quotes or more: quote, reply, quote, reply is one message, and messages are signed."""
    return sum(opens) >= MAIL_ATTRIBUTIONS


def mail_head_name(paragraph: Paragraph) -> str | None:
    """The sender a list archive's head names (`mail_head`), if the paragraph is one."""
    head = mail_head(paragraph.text) if paragraph.kind == "text" else None
    return head[0] if head else None


def _top_posted_replies(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], opens: Sequence[bool]) -> dict[int, bool]:
    """The gaps that top-posting decides: a reply written above its attribution line ("This is
    cool." over "On Sat, ... Andy wrote:" and Andy's whole message quoted) starts a message right
    after the words its quote holds, and its attribution line goes on with it. Only in a thread
    whose quotes show its writers top-posting: elsewhere the same layout is a bottom-posted reply
    that trimmed the end of the message above from its quote. The reply is told by what the quote
    holds: not the paragraphs right above the attribution line, but those above them."""
    lines = [k for k in range(1, len(paragraphs) - 1) if opens[k] and paragraphs[k + 1].kind == "quote"]
    answers = {k: _answers_message_above(paragraphs, facts, opens, k) for k in lines}
    decided: dict[int, bool] = {}
    if not _posts_on_top(paragraphs, answers):
        return decided
    openers = _quoted_openings(paragraphs, opens)
    for k in lines:
        first = _reply_above(paragraphs, facts, opens, openers, k, answers[k])
        if first is not None:
            decided.update({first: True, k: False})
    return decided


def _posts_on_top(paragraphs: Sequence[Paragraph], answers: Mapping[int, bool | None]) -> bool:
    """Whether the thread's quotes show its writers top-posting, more often than not, by two signs
    counted together: where quoted messages put their own attribution lines (_nested_attributions),
    and whether a quote holds the words right above its attribution line or only those above the
    quote before them (`answers`, from _answers_message_above: a sign that survives a quote cut short)."""
    top, bottom = _nested_attributions(paragraphs)
    top += sum(answer is True for answer in answers.values())
    bottom += sum(answer is False for answer in answers.values())
    return top > bottom


def _nested_attributions(paragraphs: Sequence[Paragraph]) -> tuple[int, int]:
    """Quoted messages whose attribution line comes after their writer's words ("> This is cool. >
    Jesus > On Sat, ... wrote:" over ">> Hey,"), and those that open with it."""
    top = bottom = 0
    for before, after in pairwise(paragraphs):
        text = before.text
        if before.kind == "quote" and after.depth > before.depth and text.endswith(":") and ATTRIBUTION.search(text):
            opening = QUOTED_ATTRIBUTION.match(text)
            if opening and opening.end() >= len(text):
                bottom += 1
            else:
                top += 1
    return top, bottom


def _answers_message_above(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], opens: Sequence[bool], k: int) -> bool | None:
    """Whether the quote under attribution line `k` answers the message above the quote before it
    (True: the paragraphs between are its writer's reply, top-posted), the paragraphs right above
    `k` (False: a bottom-posted reply to them), or neither shows (None: the thread's first quote,
    whose run holds the opening message too, or a quote of some other message). Only the quote's
    own level counts: its deeper levels quote older messages whoever posts where."""
    run = _run_above(paragraphs, facts, opens, k)
    quoted = " " + " ".join(quote_words(paragraphs, k + 1, top_level=True)) + " "
    previous = _attribution_over(paragraphs, opens, run.start)
    if previous is None:
        return None
    if any(_held(quoted, paragraphs[n].text) for n in run):
        return False
    if any(_held(quoted, paragraphs[n].text) for n in _run_above(paragraphs, facts, opens, previous)):
        return True
    return None


def _run_above(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], opens: Sequence[bool], k: int) -> range:
    """The paragraphs right above paragraph `k` back to the quote over them (at most
    REPLY_PARAGRAPHS), without what comes tight under that quote: a signature or a list footer the
    quoted message dragged along."""
    start = k
    while start > 0 and k - start < REPLY_PARAGRAPHS and paragraphs[start - 1].kind != "quote" and not opens[start - 1]:
        start -= 1
    while start < k and start > 0 and paragraphs[start - 1].kind == "quote" and facts[start].tight:
        start += 1
    return range(start, k)


def _attribution_over(paragraphs: Sequence[Paragraph], opens: Sequence[bool], first: int) -> int | None:
    """The attribution line over the quote that ends right above paragraph `first`, if one does
    (the tight paragraphs under a quote go with it)."""
    end = first
    while end > 0 and paragraphs[end - 1].kind != "quote" and first - end < REPLY_PARAGRAPHS:
        end -= 1
        if opens[end]:
            return None
    start = end
    while start > 0 and paragraphs[start - 1].kind == "quote":
        start -= 1
    return start - 1 if start < end and start > 0 and opens[start - 1] else None


def _quoted_openings(paragraphs: Sequence[Paragraph], opens: Sequence[bool]) -> set[int]:
    """The paragraphs whose first words open a later quote: a top-poster quotes the whole message
    answered, so where a quote's words begin, a message does."""
    starts: dict[tuple[str, ...], int] = {}
    for n, paragraph in enumerate(paragraphs):
        if paragraph.kind == "text":
            starts.setdefault(tuple(ANY_WORD.findall(paragraph.text.lower())[:HELD_WORDS]), n)
    openers = set()
    for k in range(len(paragraphs) - 1):
        if opens[k] and paragraphs[k + 1].kind == "quote":
            opening = tuple(quote_words(paragraphs, k + 1, top_level=True)[:HELD_WORDS])
            if len(opening) == HELD_WORDS and starts.get(opening, k) < k:
                openers.add(starts[opening])
    return openers


def _reply_above(
    paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], opens: Sequence[bool], openers: AbstractSet[int], k: int,
    answers: bool | None,
) -> int | None:
    """The first paragraph of a reply top-posted over attribution line `k`: right after the last
    paragraph its quote holds, at a paragraph that a later quote opens with, or, when its quote
    holds none of the paragraphs back to the quote above, right under that quote (its tight
    trailer aside) if it answers the message above that quote (`answers`, _answers_message_above's)."""
    quoted = " " + " ".join(quote_words(paragraphs, k + 1)) + " "
    run = _run_above(paragraphs, facts, opens, k)
    for above in range(k - 1, max(-1, k - 1 - REPLY_PARAGRAPHS), -1):
        if above in openers:
            return above
        held = _held(quoted, paragraphs[above].text)
        if held and above < k - 1:
            # what the list appended to the quoted message (a footer it repeats) is not the reply
            first = next((n for n in range(above + 1, k) if not facts[n].is_quote), k)
            return first if first < k else None
        if held or opens[above]:
            return None  # the quote holds the paragraph right above
        if paragraphs[above].kind == "quote":
            return run.start if run.start < k and answers is True else None
    return None


def quote_words(paragraphs: Sequence[Paragraph], first: int, top_level: bool = False) -> list[str]:
    """The words of the quote that starts at paragraph `first`, through every depth (or at its
    shallowest only: the words of the message it quotes, not those that message quoted)."""
    block = list(takewhile(lambda p: p.kind == "quote", islice(paragraphs, first, None)))
    level = min((p.depth for p in block), default=0)
    return [w for p in block if not top_level or p.depth == level for w in ANY_WORD.findall(p.text.lower())]


def _held(quoted: str, text: str) -> bool:
    """Whether the quote's words hold the paragraph's first or last words (a paragraph too short to
    tell is not held)."""
    words = ANY_WORD.findall(text.lower())
    if len(words) < HELD_WORDS:
        return False
    return f" {' '.join(words[:HELD_WORDS])} " in quoted or f" {' '.join(words[-HELD_WORDS:])} " in quoted


def _opens_quote(paragraphs: Sequence[Paragraph], k: int) -> bool:
    """An attribution line ("X wrote:"), or any line ending in a colon right over a `>` quote
    (however it is worded: "Twas brillig ... when lars did gyre and gimble:")."""
    paragraph = paragraphs[k]
    text = paragraph.text
    if paragraph.kind != "text" or len(text) > 300 or not (text.endswith(":") or text[:10].lower() == "in article"):
        return False  # most paragraphs: no regex
    over_quote = k + 1 < len(paragraphs) and paragraphs[k + 1].kind == "quote"
    return over_quote or ATTRIBUTION.search(text) is not None


def _is_signature(paragraph: Paragraph, mail: bool, under_quote: bool = False) -> bool:
    """A `-- ` block, a dashed name ("— Dana"), or a name of two or three words; in mail, a lone first
    name too ("David"), and a sign-off with its name ("Cheers, Danilo") after the writer's own words.
    Elsewhere one capitalised word is as often a reply ("Nope", "Exactly"), and a sign-off with a
    name a short one ("Thanks, Joe"), as it is right under a quote in mail."""
    text = paragraph.text
    if SIGNATURE_SEPARATOR.match(text):
        return True
    if mail and not under_quote and _signs_off_with_name(paragraph):
        return True
    return _is_name_line(paragraph) and (mail or text[:1] in DASHES or " " in text.split("<")[0].strip())


def _signs_off_with_name(paragraph: Paragraph) -> bool:
    sign_off = SIGN_OFF.match(paragraph.text) if paragraph.kind == "text" else None
    return sign_off is not None and sign_off.group("name") is not None


def gap_features(paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts]) -> list[list[float]]:
    """One feature vector (FEATURES order) for each gap: row k is the gap before paragraph k + 1."""
    words = [set(WORD.findall(p.text.lower())) for p in paragraphs]
    styles = [_style(p.text) for p in paragraphs]
    counts = [Counter(ANY_WORD.findall(p.text.lower())) for p in paragraphs]
    mail = float(reads_as_mail(paragraphs))
    window: Counter[str] = Counter()  # word -> how many of the last paragraphs hold it
    rows = []
    for number in range(1, len(paragraphs)):
        window.update(words[number - 1])
        if number > COHESION_WINDOW:
            _forget(window, words[number - 1 - COHESION_WINDOW])
        before, after = paragraphs[number - 1], paragraphs[number]
        quoted_after = after.kind == "quote" or facts[number].starts_with_quote or facts[number].is_quote
        quoted_before = before.kind == "quote" or facts[number - 1].is_quote
        rows.append([
            mail, float(quoted_after) * mail, float(quoted_before), float(quoted_after and quoted_before),
            float(MENTION_START.match(after.text) is not None), float(BARE_MENTION.match(before.text) is not None),
            float(SIGN_OFF.match(before.text) is not None), float(ends_message(after)),
            float(CONTINUATION.match(after.text) is not None), float(BACK_REFERENCE.match(after.text) is not None),
            float(GREETING.match(after.text) is not None), float(after.text[:1].islower()),
            float(not TERMINAL.search(before.text) and after.text[:1].islower()), float(before.text.endswith(":")),
            float(after.kind in ("code", "list") or LIST_MARKER.match(after.text) is not None),
            float(before.kind in ("code", "list")), float(facts[number].tight),
            _cosine(window.keys(), words[number]), _cosine(styles[number - 1], styles[number]),
            math.log1p(len(before.text)), math.log1p(len(after.text)),
            float(ANSWER.match(after.text) is not None), float(before.text.endswith("?")), float(before.text.endswith(",")),
            float(facts[number].quotes_paragraph == number - 1),
            *_word_similarity(before, after, counts[number - 1], counts[number]),
            float(len(after.text) < CLOSING_CHARS and CLOSING.search(after.text) is not None),
        ])
    return rows


def _word_similarity(before: Paragraph, after: Paragraph, a: Counter[str], b: Counter[str]) -> tuple[float, float]:
    """The word-frequency cosine of a gap's two paragraphs times how far it is trusted (by the shorter
    one's length), and that trust: the same writer goes on in the same words."""
    trust = min(1.0, min(len(before.text), len(after.text)) / TRUSTED_CHARS)
    norm = math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    shared = sum(n * b[word] for word, n in a.items() if word in b)
    return (shared / norm * trust if norm else 0.0), trust


def _forget(window: Counter[str], words: set[str]) -> None:
    """Take a paragraph's words out of the window, dropping spent keys so the window stays small."""
    for word in words:
        if window[word] > 1:
            window[word] -= 1
        else:
            del window[word]


def ends_message(paragraph: Paragraph) -> bool:
    """A signature block, a name line or a sign-off: what closes a message."""
    text = paragraph.text
    return SIGNATURE_SEPARATOR.match(text) is not None or _is_name_line(paragraph) or SIGN_OFF.match(text) is not None


def _is_name_line(paragraph: Paragraph) -> bool:
    return paragraph.kind == "text" and len(paragraph.text) <= 60 and NAME_LINE.match(paragraph.text) is not None


def _style(text: str) -> set[str]:
    """Character trigrams, case and punctuation kept: a writer's habits rather than the topic."""
    sample = text[:STYLE_CHARS]
    return {sample[i : i + 3] for i in range(len(sample) - 2)}


def _cosine(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Cosine similarity of two sets (of words or trigrams) as binary vectors; set intersection runs in C."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))
