"""A thread scraped again, with comments added, removed and lightly edited, keeps its ids and notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from threadnote.build.pipeline import analyse
from threadnote.diagnostics import Severity
from threadnote.model import AnnotatedThread

REPO = Path(__file__).resolve().parent.parent
THREAD = "content/china-japan/thread.txt"

NEW_FIRST = "First to comment here. The ferry to Shanghai used to be full of Japanese tour groups every spring."
NEW_MIDDLE = "Somebody should ask the shipping lines what their cargo bookings look like this quarter, before guessing."
NEW_LAST = "Late to this thread, but the currency swap agreement between the two central banks was renewed quietly."
REMOVED = "This is a lie ."
"""Comment #8: no note is on it."""
LATE_TYPO = ("seek their fortune someplace friendlier", "seek their fortune some place friendlier")
"""In #91 (279 words, noted on other words), far after its first 24 words: the id holds."""
EARLY_TYPO = ("China using Hitlers playbook.", "China using Hitler's playbook.")
"""In #49, inside its first 24 words: the id changes, its note's words are untouched."""
NOTED_TYPO = ("the worlds largest economy", "the world's largest economy")
"""In #93, inside its first 24 words and inside a note's words."""
OLD_49 = "c-3ekterlf"
OLD_91 = "c-qqgqujak"
OLD_5 = "c-2ygjq4t5"

ID_NOTES = f"""editor: Id desk
notes:
  - comment: {OLD_5}
    body: A note on a comment by id alone, on a comment that changes number.
  - comment: {OLD_91}
    type: context
    body: A note by id alone on the comment whose late words were edited.
  - comment: {OLD_49}
    text: "like Nazi's did with Russia"
    body: A note by id and words on the comment whose first words were edited.
"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    (site / "content/china-japan/notes/ids.yaml").write_text(ID_NOTES, encoding="utf-8")
    return site


def _reimport(text: str) -> str:
    """The same thread scraped later: comments added at the start, middle and end, one gone, typos fixed."""
    edits = [
        ("\n\n\nJapan should simply say", f"\n\n\n{NEW_FIRST}\n\nJapan should simply say"),
        ("\n\nIf China is cozying up to Japan", f"\n\n{NEW_MIDDLE}\n\nIf China is cozying up to Japan"),
        (f"\n\n{REMOVED}\n\n", "\n\n"),
        LATE_TYPO,
        EARLY_TYPO,
        NOTED_TYPO,
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.rstrip("\n") + f"\n\n{NEW_LAST}\n"


def _placed(annotated: AnnotatedThread) -> dict[str, tuple[str, str | None]]:
    """Each placed note's id: (comment id, the words it highlights)."""
    paragraphs = annotated.thread.paragraphs
    return {
        n.id: (n.comment or "", paragraphs[n.span.paragraph].text[n.span.start : n.span.end] if n.span else None)
        for n in annotated.notes
    }


@pytest.fixture(scope="module")
def before_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[AnnotatedThread, AnnotatedThread, list[str]]:
    site = _site(tmp_path_factory.mktemp("reimport"))
    before, _ = analyse(site)
    assert [d for d in before.diagnostics] == []
    thread = site / THREAD
    thread.write_text(_reimport(thread.read_text(encoding="utf-8")), encoding="utf-8")
    after, _ = analyse(site)
    assert all(d.severity is Severity.WARNING for d in after.diagnostics)
    return before.threads[0], after.threads[0], [d.message for d in after.diagnostics]


def test_the_edits_happened(before_after: tuple[AnnotatedThread, AnnotatedThread, list[str]]) -> None:
    before, after, _ = before_after
    assert len(after.thread.comments) == len(before.thread.comments) + 3 - 1
    texts = [c.paragraphs[0].text for c in after.thread.comments]
    assert texts[0] == NEW_FIRST and texts[-1] == NEW_LAST and NEW_MIDDLE in texts
    assert REMOVED not in texts


def test_every_comment_keeps_its_id_unless_its_first_words_changed(
    before_after: tuple[AnnotatedThread, AnnotatedThread, list[str]],
) -> None:
    before, after, _ = before_after
    old = {c.id for c in before.thread.comments}
    new = {c.id for c in after.thread.comments}
    removed = next(c.id for c in before.thread.comments if c.paragraphs[0].text == REMOVED)
    first_words_edited = {OLD_49, "c-2btp76ep"}
    assert old - new == {removed} | first_words_edited
    assert OLD_91 in new and OLD_5 in new
    assert len(new - old) == 3 + len(first_words_edited)


def test_every_note_stays_on_its_words(before_after: tuple[AnnotatedThread, AnnotatedThread, list[str]]) -> None:
    before, after, _ = before_after
    old, new = _placed(before), _placed(after)
    assert after.orphans == ()
    assert set(new) == set(old)
    renamed = {OLD_49: _id_with(after, "China using Hitler's"), "c-2btp76ep": _id_with(after, "Before Europeans")}
    for note_id, (comment, words) in old.items():
        fixed = words.replace("worlds largest", "world's largest") if words else None
        assert new[note_id] == (renamed.get(comment, comment), fixed), note_id
    assert sum(1 for _, words in new.values() if words and "world's largest" in words) == 1


def test_moved_notes_are_reported_with_where_to(before_after: tuple[AnnotatedThread, AnnotatedThread, list[str]]) -> None:
    _, after, messages = before_after
    new_49 = _id_with(after, "China using Hitler's")
    new_93 = _id_with(after, "Before Europeans")
    number = {c.id: c.number for c in after.thread.comments}
    assert messages == [
        (
            "note re-anchored: 'China was far and away the worlds largest economy' not found; using the edited words "
            f"'China was far and away the world's largest economy' in #{number[new_93]} ({new_93}): update 'text:'"
        ),
        (
            f"note re-anchored: unknown comment id '{OLD_49}'; its words 'like Nazi's did with Russia' are in "
            f"#{number[new_49]} ({new_49}): update 'comment:'"
        ),
    ]


def _id_with(annotated: AnnotatedThread, start: str) -> str:
    return next(c.id for c in annotated.thread.comments if c.paragraphs[0].text.startswith(start))
