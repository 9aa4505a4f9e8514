"""anchors.py: notes find their words by id, exact words, prefix and suffix; moved words are reported."""

from __future__ import annotations

import pytest

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread
from threadnote.diagnostics import Diagnostic, error, warning
from threadnote.model import Location, Note, QuoteLink, Span, Thread
from threadnote.notes import anchors
from threadnote.notes.anchors import AnchorContext, anchor_notes, find_words, without_removed_words

THREAD = """\
Ferry timetable changes announced for the winter season

By A. Reporter


alice
2026-11-01 09:12

The new ferry timetable cuts the early sailing, which many commuters rely on every weekday morning.

Reply · Share · Report


bob
2026-11-01 09:40

The early sailing carried fewer than forty passengers a day last winter, according to the operator.

I would rather keep it and raise the fare a little. The fare is “cheap” for what it is.

Reply · Share · Report


carol
2026-11-01 10:05

The harbour was closed for eleven days in January, so the average is meaningless. The fare is fine.

Reply · Share · Report
"""
HERE = Location("notes/a.yaml", 3, 5)


@pytest.fixture(scope="module")
def thread() -> Thread:
    detected, problems = parse_thread(THREAD, "content/t/thread.txt", "t", QuoteSettings())
    assert problems == []
    assert [c.author for c in detected.thread.comments] == ["alice", "bob", "carol"]
    return detected.thread


def _ids(thread: Thread) -> list[str]:
    return [c.id for c in thread.comments]


def note(**fields: str) -> Note:
    return Note(id="n-1", type="note", body="b", location=HERE, **fields)  # type: ignore[arg-type]


def _words(thread: Thread, placed: Note) -> tuple[str | None, str]:
    assert placed.span is not None
    return placed.comment, thread.paragraphs[placed.span.paragraph].text[placed.span.start : placed.span.end]


@pytest.mark.parametrize(
    ("fields", "comment", "words"),
    [
        ({"text": "closed for eleven days"}, 2, "closed for eleven days"),
        ({"text": "The fare is", "comment": "#1"}, 1, "The fare is"),
        ({"text": "The fare is", "prefix": "a little."}, 1, "The fare is"),
        ({"text": "The fare is", "suffix": "fine"}, 2, "The fare is"),
        ({"text": 'is "cheap" for'}, 1, "is “cheap” for"),
        ({"text": "raise the fare\n   a little"}, 1, "raise the fare a little"),
    ],
    ids=["unique-words", "words-in-comment", "prefix", "suffix", "curly-quotes-fold", "spaces-fold"],
)
def test_exact_words_are_found(thread: Thread, fields: dict[str, str], comment: int, words: str) -> None:
    if fields.get("comment") == "#1":
        fields = {**fields, "comment": _ids(thread)[1]}
    placed, orphans, problems = anchor_notes(thread, [note(**fields)])
    assert (orphans, problems) == ([], [])
    assert _words(thread, placed[0]) == (_ids(thread)[comment], words)


def test_id_alone_places_the_note_on_the_comment(thread: Thread) -> None:
    placed, orphans, problems = anchor_notes(thread, [note(comment=_ids(thread)[2])])
    assert (placed[0].comment, placed[0].span, orphans, problems) == (_ids(thread)[2], None, [], [])


def test_ambiguous_words_are_an_error_naming_every_place(thread: Thread) -> None:
    placed, orphans, problems = anchor_notes(thread, [note(text="The fare is")])
    ids = _ids(thread)
    message = f"text 'The fare is' matches 2 places: #2 ({ids[1]}), #3 ({ids[2]}); add 'prefix:', 'suffix:' or 'comment:'"
    assert (placed, problems) == ([], [error(HERE, message)])
    assert len(orphans) == 1


def test_unknown_id_is_an_orphan_with_did_you_mean(thread: Thread) -> None:
    wrong = _ids(thread)[0][:-1] + ("x" if _ids(thread)[0][-1] != "x" else "y")
    placed, orphans, problems = anchor_notes(thread, [note(comment=wrong)])
    assert placed == [] and len(orphans) == 1
    assert problems == [warning(HERE, f"orphaned note: unknown comment id '{wrong}' (did you mean '{_ids(thread)[0]}'?)")]


def test_a_changed_id_with_words_in_several_places_is_an_orphan_not_an_error(thread: Thread) -> None:
    ids = _ids(thread)
    placed, orphans, problems = anchor_notes(thread, [note(comment="c-gone0000", text="The fare is")])
    assert placed == [] and len(orphans) == 1
    message = (
        f"orphaned note: unknown comment id 'c-gone0000'; its words 'The fare is' stand in 2 places: "
        f"#2 ({ids[1]}), #3 ({ids[2]}): update 'comment:'"
    )
    assert problems == [warning(HERE, message)]


def test_words_matching_nothing_are_an_orphan_with_the_closest_words(thread: Thread) -> None:
    placed, orphans, problems = anchor_notes(thread, [note(text="the harbour stayed open all winter")])
    assert placed == [] and len(orphans) == 1
    assert problems == [warning(HERE, "orphaned note: text 'the harbour stayed open all winter' matches nothing")]


def test_words_moved_to_another_comment_are_followed_with_a_warning(thread: Thread) -> None:
    ids = _ids(thread)
    placed, _, problems = anchor_notes(thread, [note(comment=ids[0], text="closed for eleven days")])
    assert _words(thread, placed[0]) == (ids[2], "closed for eleven days")
    message = f"note re-anchored: the words 'closed for eleven days' moved from #1 ({ids[0]}) to #3 ({ids[2]}): update 'comment:'"
    assert problems == [warning(HERE, message)]


def test_a_changed_id_is_followed_by_its_words_with_a_warning(thread: Thread) -> None:
    ids = _ids(thread)
    placed, _, problems = anchor_notes(thread, [note(comment="c-gone0000", text="closed for eleven days")])
    assert _words(thread, placed[0]) == (ids[2], "closed for eleven days")
    message = f"note re-anchored: unknown comment id 'c-gone0000'; its words 'closed for eleven days' are in #3 ({ids[2]}): update 'comment:'"
    assert problems == [warning(HERE, message)]


def test_lightly_edited_words_are_followed_with_a_warning(thread: Thread) -> None:
    ids = _ids(thread)
    placed, _, problems = anchor_notes(thread, [note(text="The harbor was closed for eleven days")])
    assert _words(thread, placed[0]) == (ids[2], "The harbour was closed for eleven days")
    message = (
        "note re-anchored: 'The harbor was closed for eleven days' not found; using the edited words "
        f"'The harbour was closed for eleven days' in #3 ({ids[2]}): update 'text:'"
    )
    assert problems == [warning(HERE, message)]


def test_a_wrong_prefix_falls_back_to_the_only_place(thread: Thread) -> None:
    ids = _ids(thread)
    placed, _, problems = anchor_notes(thread, [note(text="closed for eleven days", prefix="never")])
    assert _words(thread, placed[0]) == (ids[2], "closed for eleven days")
    message = f"note re-anchored: 'prefix:'/'suffix:' do not match around 'closed for eleven days'; using its only place, #3 ({ids[2]})"
    assert problems == [warning(HERE, message)]


def test_words_pasted_by_a_later_comment_stay_on_the_original(thread: Thread) -> None:
    ids = _ids(thread)
    assert "matches 2 places" in anchor_notes(thread, [note(text="The fare is")])[2][0].message
    # As if carol's "The fare is" were a paste of bob's: the words are bob's.
    text = thread.paragraphs[3].text
    start = text.index("The fare is")
    quote = QuoteLink(ids[2], Span(3, start, start + len("The fare is")), ids[1], None, "verbatim")
    placed, _, problems = anchor_notes(thread, [note(text="The fare is")], [quote])
    assert problems == []
    assert _words(thread, placed[0]) == (ids[1], "The fare is")


def test_of_two_places_the_one_not_pasted_wins(thread: Thread) -> None:
    ids = _ids(thread)
    paragraph = thread.paragraphs[0].text
    start = paragraph.index("early sailing")
    # bob's "early sailing" (paragraph 1) counts as a paste of alice's: alice's words win.
    bob = thread.paragraphs[1].text.index("early sailing")
    quote = QuoteLink(ids[1], Span(1, bob, bob + len("early sailing")), ids[0], Span(0, start, start + 13), "verbatim")
    placed, _, problems = anchor_notes(thread, [note(text="early sailing")], [quote])
    assert problems == []
    assert _words(thread, placed[0]) == (ids[0], "early sailing")


def test_find_words_is_case_sensitive(thread: Thread) -> None:
    assert find_words(thread, note(text="the early sailing"), range(len(thread.paragraphs))) == [Span(0, 29, 46)]


def test_notes_on_hidden_comments_lose_their_words(thread: Thread) -> None:
    ids = _ids(thread)
    placed, _, _ = anchor_notes(thread, [note(text="closed for eleven days"), note(text="early sailing carried")])
    kept = without_removed_words(placed, {ids[2]})
    assert [(n.comment, n.text, n.span) for n in kept] == [
        (ids[2], None, None),
        (ids[1], "early sailing carried", placed[1].span),
    ]


def test_every_diagnostic_carries_the_note_location(thread: Thread) -> None:
    notes = [note(text="The fare is"), note(comment="c-nope"), note(text="nothing like this at all")]
    problems: list[Diagnostic] = anchor_notes(thread, notes)[2]
    assert [p.location for p in problems] == [HERE, HERE, HERE]


def test_a_context_places_each_note_once_and_forgets_notes_no_longer_given(thread: Thread, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve keeps the context with the merged structure: unchanged notes are not searched again."""
    context = AnchorContext(thread)
    kept, ambiguous = note(text="closed for eleven days"), note(text="The fare is")
    first = context.place([kept, ambiguous])
    searched: list[Note] = []
    real = anchors._anchor
    monkeypatch.setattr(anchors, "_anchor", lambda n, *rest: searched.append(n) or real(n, *rest))
    edited = note(text="raise the fare\n   a little")
    again = context.place([kept, ambiguous, edited])
    assert searched == [edited]
    assert again == anchor_notes(thread, [kept, ambiguous, edited])  # the ambiguity is reported again
    assert again[0][0] is first[0][0]
    searched.clear()
    context.place([edited])
    context.place([kept])
    assert searched == [kept]  # left out of the last placing: placed afresh
