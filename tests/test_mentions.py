"""`@name` mentions: what counts as one, how each resolves, and authors inferred from replies."""

from __future__ import annotations

import pytest

from threadnote.detect.mentions import MENTION, find_mentions, name_key, resolve_mentions
from threadnote.model import Comment, Paragraph


def comment(ident: str, first: int, *texts: str, author: str | None = None) -> Comment:
    return Comment(ident, first + 1, first, tuple(Paragraph(t, first + 1) for t in texts), author, "chrome" if author else "")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@Ricky you are wrong", ["Ricky"]),
        ("@ Ricky", ["Ricky"]),
        ("@ricky, you are wrong", ["ricky"]),
        ("I agree with @Kofi on this.", ["Kofi"]),
        ("@j.okafor said so", ["j.okafor"]),
        ("Write to dave@example.org today", []),
        ("Tesla @795.35 is a lot", []),
        ("Meet me @ the station", []),
        ("@@Ricky", []),
    ],
    ids=["start", "space", "comma", "inside", "dotted", "email", "price", "at-sign-word", "double-at"],
)
def test_what_counts_as_a_mention(text: str, names: list[str]) -> None:
    assert [m.group(1) or m.group(2) for m in MENTION.finditer(text)] == names


def test_a_mention_links_to_the_latest_earlier_comment_by_that_author() -> None:
    comments = [
        comment("c-a", 0, "First words of Dana.", author="Dana"),
        comment("c-b", 1, "Second words of Dana.", author="dana"),
        comment("c-c", 2, "@Dana you changed your mind.", author="Kofi"),
        comment("c-d", 3, "Third words of Dana.", author="Dana"),
    ]
    [mention] = find_mentions(comments)
    assert (mention.comment, mention.name, mention.target, mention.span.start, mention.span.end) == ("c-c", "Dana", "c-b", 0, 5)


def test_a_two_word_name_joins_when_it_names_a_known_author() -> None:
    comments = [comment("c-a", 0, "Words.", author="Mary Ann"), comment("c-b", 1, "@Mary Ann is right.", author="Bo")]
    [mention] = find_mentions(comments)
    assert (mention.name, mention.target, mention.span.end) == ("Mary Ann", "c-a", 9)


def test_mentions_inside_marked_quotes_and_code_do_not_count() -> None:
    quoted = Comment("c-a", 1, 0, (Paragraph("@Dana said this", 1, "quote", 1), Paragraph("x = a @b", 2, "code")))
    assert find_mentions([quoted]) == []


ECHOED = "The cool headed, often dry approach to everything shown by the Japanese, their ability to not get over emotional when things go sideways."
REPLY = "If you think that Japanese are cool-headed and dont get over emotional when things go sideways then you are naive."


def test_an_echoing_reply_reveals_the_author_of_the_comment_it_answers() -> None:
    comments = [
        comment("c-a", 0, "Something else entirely about trade and the economy of the region."),
        comment("c-b", 1, ECHOED),
        comment("c-c", 2, "Unrelated words about the weather this week."),
        comment("c-d", 3, "@ Ricky", REPLY),
        comment("c-e", 5, "@Ricky no, they are not."),
    ]
    result = resolve_mentions(comments)
    assert result.inferred == {"c-b": "Ricky"}
    assert [(m.comment, m.target) for m in result.mentions] == [("c-d", "c-b"), ("c-e", "c-b")]


def test_no_inference_without_a_long_enough_echo() -> None:
    comments = [comment("c-a", 0, ECHOED), comment("c-b", 1, "@Ricky things go sideways, sure.")]
    result = resolve_mentions(comments)
    assert (result.inferred, [m.target for m in result.mentions]) == ({}, [None])


def test_known_authors_are_never_overridden_by_inference() -> None:
    comments = [comment("c-a", 0, ECHOED, author="Ken"), comment("c-b", 1, "@Ricky " + REPLY, author="Bo")]
    result = resolve_mentions(comments)
    assert (result.inferred, [m.target for m in result.mentions]) == ({}, [None])


def test_the_sample_thread_infers_ricky() -> None:
    from pathlib import Path

    from threadnote.config import QuoteSettings
    from threadnote.detect.threads import parse_thread

    path = Path(__file__).resolve().parent.parent / "content/china-japan/thread.txt"
    detected, _ = parse_thread(path.read_text(encoding="utf-8"), "thread.txt", "china-japan", QuoteSettings())
    comments = detected.thread.comments
    result = resolve_mentions(comments)
    [(ident, author)] = result.inferred.items()
    inferred = next(c for c in comments if c.id == ident)
    assert author == "Ricky" and any(p.text.startswith("The cool headed, often dry") for p in inferred.paragraphs)
    assert [(m.name, m.target) for m in result.mentions] == [("Ricky", ident), ("Reckless", None)]


def test_name_key_ignores_case_and_separators() -> None:
    assert name_key("Pat_Ryan") == name_key("pat ryan") == name_key("pat.ryan") == "patryan"


def test_an_attribution_line_above_a_quote_names_the_quoted_author() -> None:
    from threadnote.model import QuoteLink, Span

    comments = [
        comment("c-a", 0, "The library should open on Sundays for working parents."),
        Comment("c-b", 2, 1, (Paragraph("Maria Lopez wrote:", 2), Paragraph("The library should open on Sundays", 3, "quote", 1), Paragraph("@Maria Lopez no.", 4))),
        comment("c-c", 4, "On 3 May, Ann said: Staff cost money on Sundays, and more."),
    ]
    quotes = [QuoteLink("c-b", Span(2, 0, 34), "c-a", None, "marker")]
    result = resolve_mentions(comments, quotes)
    assert result.inferred == {"c-a": "Maria Lopez"}
    assert [(m.name, m.target) for m in result.mentions] == [("Maria Lopez", "c-a")]


def test_a_mention_takes_a_surname_where_the_name_ends() -> None:
    comments = [comment("c-a", 0, "@Travis Downs (there seems to be no way to reply to a reply)"),
                comment("c-b", 1, "@Ricky If you think that, think again.")]
    assert [m.name for m in find_mentions(comments)] == ["Travis Downs", "Ricky"]
