"""annotations.py: the notes format, every field and every mistake; and merging many editors' files."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from threadnote.config import QuoteSettings
from threadnote.dates import thread_times
from threadnote.detect.threads import DetectedThread, parse_thread
from threadnote.model import Correction, Location, Note, NotesFile
from threadnote.notes.annotations import note_id, parse_annotations
from threadnote.notes.merge import merge_thread

REPO = Path(__file__).resolve().parent.parent
PATH = "content/t/notes/a.yaml"


def parse(text: str, path: str = PATH) -> tuple[NotesFile, list[str]]:
    """The parsed file and its diagnostics as printed."""
    notes_file, problems = parse_annotations(textwrap.dedent(text), path)
    return notes_file, [str(p) for p in problems]


@pytest.fixture(scope="module")
def sample() -> DetectedThread:
    text = (REPO / "content/china-japan/thread.txt").read_text(encoding="utf-8")
    detected, problems = parse_thread(text, "content/china-japan/thread.txt", "china-japan", QuoteSettings())
    assert problems == []
    return detected


def _doc_blocks() -> list[str]:
    text = (REPO / "docs/notes.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


DOC_BLOCKS = _doc_blocks()


def test_docs_show_every_type_and_field() -> None:
    joined = "\n".join(DOC_BLOCKS)
    for word in ("note", "context", "fact-check", "moderation", "translation", "correction"):
        assert f"type: {word}" in joined or word == "note"
    for key in ("comment:", "text:", "prefix:", "suffix:", "verdict:", "claim:", "action:", "reason:", "language:",
                "translation:", "editor:", "date:", "tags:", "sources:", "body:", "source_url:", "published:",
                "summary:", "merge:", "split:", "at:", "author:", "quote_of:"):
        assert key in joined, key


@pytest.mark.parametrize("block", DOC_BLOCKS, ids=[f"block-{k}" for k in range(1, len(DOC_BLOCKS) + 1)])
def test_every_docs_example_is_clean_on_the_sample_thread(block: str, sample: DetectedThread) -> None:
    notes_file, problems = parse(block, "content/china-japan/notes/doc.yaml")
    assert problems == []
    annotated, merged = merge_thread(sample, [notes_file])
    assert [str(d) for d in merged] == []
    assert annotated.orphans == ()
    assert len(annotated.notes) == len(notes_file.notes)


def test_a_note_with_every_field() -> None:
    notes_file, problems = parse(
        """\
        editor: Desk
        date: 2026-11-01
        notes:
          - comment: c-abcdefgh
            text: "in 2011"
            prefix: "Hatoyama"
            suffix: "."
            type: fact-check
            verdict: false
            claim: "Hatoyama was removed in 2011."
            editor: A. Editor
            date: 2026-11-28
            tags: [japan, politics]
            sources: [https://example.org/a, http://example.org/b]
            body: |
              He resigned in **2010**.
        """
    )
    assert problems == []
    assert notes_file.notes == (
        Note(
            id=note_id("c-abcdefgh", "in 2011", "fact-check", "He resigned in **2010**.\n"),
            type="fact-check",
            body="He resigned in **2010**.\n",
            location=Location(PATH, 4, 5),
            editor="A. Editor",
            date="2026-11-28",
            tags=("japan", "politics"),
            sources=("https://example.org/a", "http://example.org/b"),
            verdict="false",
            claim="Hatoyama was removed in 2011.",
            comment="c-abcdefgh",
            text="in 2011",
            prefix="Hatoyama",
            suffix=".",
        ),
    )


def test_file_defaults_and_single_values() -> None:
    notes_file, problems = parse(
        """\
        editor: Desk
        date: 2026-11-01
        notes:
          - text: "words"
            tags: gdp
            body: A remark.
        """
    )
    assert problems == []
    (note,) = notes_file.notes
    assert (note.type, note.editor, note.date, note.tags) == ("note", "Desk", "2026-11-01", ("gdp",))


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("type: fact-chek\n  body: b", "3:9: error: unknown note type 'fact-chek' (did you mean 'fact-check'?)"),
        ("type: fact-check\n  body: b", "2:3: error: a fact-check note needs 'verdict:', one of true, false, misleading, mixed, unverifiable"),
        ("type: fact-check\n  verdict: flase\n  body: b", "4:12: error: unknown verdict 'flase': use one of true, false, misleading, mixed, unverifiable (did you mean 'false'?)"),
        ("type: moderation\n  action: hide", "2:3: error: a moderation note needs 'reason:' (why, shown to readers in place of or beside the comment)"),
        ("type: moderation\n  reason: r", "2:3: error: a moderation note needs 'action:', one of flag, hide, redact"),
        ("type: moderation\n  action: delete\n  reason: r", "4:11: error: unknown action 'delete': use one of flag, hide, redact"),
        ("type: translation\n  translation: t", "2:3: error: a translation note needs 'language:' (the language of the original words, such as zh)"),
        ("type: translation\n  language: zh", "2:3: error: a translation note needs 'translation:' (the words in English)"),
        ("type: context", "2:3: error: a note needs 'body:' (Markdown)"),
        ("bdy: b", "3:3: error: unknown key 'bdy' in a note (did you mean 'body'?)"),
        ("verdict: 'true'\n  body: b", "3:3: error: 'verdict' belongs to fact-check notes, not to a note note"),
        ("type: context\n  reason: r\n  body: b", "4:3: error: 'reason' belongs to moderation notes, not to a context note"),
        ("body: b\n  sources: [example.org]", "4:12: error: source 'example.org' is not an http(s) URL"),
        ("body: b\n  date: 28/11/2026", "4:9: error: date '28/11/2026' is not a date: write YYYY-MM-DD"),
        ("body: b\n  tags: [{a: 1}]", "4:10: error: 'tags' must list text values"),
        ("body: [a, b]", "3:9: error: 'body' must be text"),
        ("body: ''", "3:9: error: 'body' is empty: write the note, in Markdown"),
    ],
    ids=[
        "unknown-type", "verdict-missing", "verdict-unknown", "reason-missing", "action-missing", "action-unknown",
        "language-missing", "translation-missing", "body-missing", "misspelt-key-once", "verdict-on-note",
        "reason-on-context", "source-not-url", "date-not-iso", "tag-not-text", "body-not-text", "body-empty",
    ],
)
def test_one_mistake_in_a_note(note: str, message: str) -> None:
    notes_file, problems = parse(f"notes:\n- text: words\n  {note}\n")
    assert problems == [f"{PATH}:{message}"]
    assert notes_file.notes == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("notes:\n- type: note\n  body: b\n", "2:3: error: a note needs 'comment:' (an id), 'text:' (exact words), or both"),
        ("notes:\n- text: ''\n  body: b\n", "2:9: error: 'text' is empty: give the exact words, or leave it out"),
        ("notes:\n- comment: c-x\n  prefix: p\n  body: b\n", "3:11: error: 'prefix' narrows 'text:', which this note does not have"),
        ("notes:\n- just a string\n", "2:3: error: a note must be a mapping"),
        ("notes: {a: 1}\n", "1:8: error: 'notes' must be a list"),
        ("editors: Desk\n", "1:1: error: unknown key 'editors' in a notes file (did you mean 'editor'?)"),
        ("- a\n- b\n", "1:1: error: a notes file must be a mapping"),
        ("date: yesterday\n", "1:7: error: date 'yesterday' is not a date: write YYYY-MM-DD"),
    ],
    ids=["no-target", "empty-text", "prefix-without-text", "note-not-mapping", "notes-not-list", "unknown-file-key",
         "file-not-mapping", "file-date"],
)
def test_one_mistake_in_a_file(text: str, message: str) -> None:
    assert parse(text)[1] == [f"{PATH}:{message}"]


def test_an_empty_file_is_no_notes() -> None:
    assert parse("") == (NotesFile(PATH), [])
    assert parse("# nothing yet\n") == (NotesFile(PATH), [])


def test_thread_metadata_and_notes() -> None:
    notes_file, problems = parse(
        """\
        editor: Desk
        thread:
          source_url: https://example.org/article
          published: 2022-03-13
          summary: Readers react.
          notes:
            - type: context
              body: The article expired.
        """
    )
    assert problems == []
    assert notes_file.thread_meta == (
        ("source_url", "https://example.org/article"), ("published", "2022-03-13"), ("summary", "Readers react."),
    )
    (note,) = notes_file.thread_notes
    assert (note.type, note.body, note.editor, note.comment, note.text) == ("context", "The article expired.", "Desk", None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("thread:\n  notes:\n    - text: words\n      body: b\n", "3:7: error: unknown key 'text' in a thread note"),
        ("thread:\n  notes:\n    - type: moderation\n      action: flag\n      reason: r\n",
         "3:7: error: a moderation note acts on a comment: put it under 'notes:' with 'comment:'"),
        ("thread:\n  source_url: example.org\n", "2:15: error: source_url 'example.org' is not an http(s) URL"),
        ("thread:\n  published: March 2022\n", "2:14: error: published 'March 2022' is not a date: write YYYY-MM-DD"),
        ("thread:\n  sumary: s\n", "2:3: error: unknown key 'sumary' in thread (did you mean 'summary'?)"),
    ],
    ids=["target-in-thread-note", "thread-moderation", "source-url", "published", "unknown-key"],
)
def test_thread_mistakes(text: str, message: str) -> None:
    assert parse(text)[1] == [f"{PATH}:{message}"]


def test_structural_corrections() -> None:
    notes_file, problems = parse(
        """\
        comments:
          - merge: [c-aaaaaaaa, c-bbbbbbbb]
          - split: c-cccccccc
            at: "With regards"
          - comment: c-dddddddd
            author: Ricky
            quote_of: none
        """
    )
    assert problems == []
    assert notes_file.corrections == (
        Correction("merge", Location(PATH, 2, 12), ("c-aaaaaaaa", "c-bbbbbbbb")),
        Correction("split", Location(PATH, 3, 12), ("c-cccccccc",), "With regards"),
        Correction("author", Location(PATH, 6, 13), ("c-dddddddd",), "Ricky"),
        Correction("quote_of", Location(PATH, 7, 15), ("c-dddddddd",), "none"),
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("merge: [c-a]", "2:12: error: 'merge' needs a list of at least two comment ids"),
        ("merge: [c-a, c-a]", "2:12: error: 'merge' names a comment twice"),
        ("split: c-a", "2:12: error: 'split' needs 'at:', the words the new comment starts with"),
        ("at: words", "2:9: error: 'at' goes with 'split:', the comment to split"),
        ("author: Ricky", "2:13: error: 'author' needs 'comment:' naming the comment it corrects"),
        ("comment: c-a", "2:14: error: 'comment' here needs 'author:', 'quote_of:' or 'parent:'"),
        ("autor: Ricky", "2:5: error: unknown key 'autor' in a comment correction (did you mean 'author'?)"),
    ],
    ids=["merge-one", "merge-twice", "split-without-at", "at-without-split", "author-without-comment",
         "comment-alone", "unknown-key"],
)
def test_correction_mistakes(item: str, message: str) -> None:
    problems = parse(f"comments:\n  - {item}\n")[1]
    assert problems[0] == f"{PATH}:{message}"


def test_note_ids_depend_on_what_a_note_says_not_where() -> None:
    one = parse("notes:\n- text: words\n  body: b\n")[0].notes[0]
    moved = parse("editor: Desk\n\n\nnotes:\n- text: words\n  body: b\n")[0].notes[0]
    other = parse("notes:\n- text: other words\n  body: b\n")[0].notes[0]
    assert one.id == moved.id != other.id
    assert re.fullmatch(r"n-[0-9a-f]{10}", one.id)


# Many editors: merge_thread is where files meet.

FILE_A = """\
editor: A
notes:
  - text: "Made In ChinF"
    body: Note from A.
  - comment: c-b2nhgbvi
    body: Same words, two files.
comments:
  - comment: c-puyrpet5
    quote_of: title
  - comment: c-52gipm6o
    author: Richard Gallagher
"""
FILE_B = """\
editor: B
notes:
  - comment: c-b2nhgbvi
    body: Same words, two files.
  - text: "Tesla @795.35"
    type: fact-check
    verdict: unverifiable
    body: Note from B.
thread:
  summary: From B.
comments:
  - comment: c-puyrpet5
    quote_of: article
"""
FILE_C = """\
editor: C
thread:
  summary: From C.
comments:
  - comment: c-52gipm6o
    author: R. Gallagher
"""


def _files(*texts: tuple[str, str]) -> list[NotesFile]:
    found = []
    for path, text in texts:
        notes_file, problems = parse_annotations(text, path)
        assert problems == []
        found.append(notes_file)
    return found


def test_the_order_of_files_never_changes_the_result(sample: DetectedThread) -> None:
    files = _files(("content/china-japan/notes/a.yaml", FILE_A), ("content/china-japan/notes/b.yaml", FILE_B))
    forward = merge_thread(sample, files)
    backward = merge_thread(sample, list(reversed(files)))
    assert forward == backward
    annotated = forward[0]
    # notes are ordered by where they stand in the thread, not by the file they came from
    assert [n.editor for n in annotated.notes] == ["A", "B", "A", "B"]
    same = [n.id for n in annotated.notes if n.body == "Same words, two files."]
    assert same == [same[0], same[0] + "-2"]


def test_contradicting_corrections_name_both_places(sample: DetectedThread) -> None:
    files = _files(
        ("content/china-japan/notes/a.yaml", FILE_A),
        ("content/china-japan/notes/b.yaml", FILE_B),
        ("content/china-japan/notes/c.yaml", FILE_C),
    )
    messages = sorted(str(d) for d in merge_thread(sample, list(reversed(files)))[1])
    assert messages == [
        (
            "content/china-japan/notes/b.yaml:13:15: error: contradicting corrections: c-puyrpet5 has quote_of 'article' "
            "here but 'title' at content/china-japan/notes/a.yaml:9:15"
        ),
        (
            "content/china-japan/notes/c.yaml:6:13: error: contradicting corrections: c-52gipm6o has author "
            "'R. Gallagher' here but 'Richard Gallagher' at content/china-japan/notes/a.yaml:11:13"
        ),
    ]


def test_agreeing_corrections_are_no_contradiction(sample: DetectedThread) -> None:
    again = FILE_A.replace("editor: A", "editor: A2").split("comments:")[1]
    files = _files(("content/china-japan/notes/a.yaml", FILE_A), ("content/china-japan/notes/z.yaml", "comments:" + again))
    annotated, problems = merge_thread(sample, files)
    assert problems == []
    assert next(c for c in annotated.thread.comments if c.id == "c-52gipm6o").author == "Richard Gallagher"


def test_thread_metadata_from_the_file_named_last_wins(sample: DetectedThread) -> None:
    files = _files(("content/china-japan/notes/b.yaml", FILE_B), ("content/china-japan/notes/c.yaml", FILE_C))
    assert merge_thread(sample, files)[0].thread.summary == "From C."
    assert merge_thread(sample, list(reversed(files)))[0].thread.summary == "From C."


def test_the_merged_thread_carries_the_times_of_its_own_comments(sample: DetectedThread) -> None:
    comments = tuple(replace(c, time=f"{k % 28 + 1} May 2020 10:{k % 60:02d}") for k, c in enumerate(sample.thread.comments))
    dated = replace(sample, thread=replace(sample.thread, comments=comments), times=thread_times(c.time for c in comments))
    merge = f"comments:\n  - merge: [{comments[0].id}, {comments[1].id}]\n"
    for files in ([], _files(("content/china-japan/notes/m.yaml", merge))):
        annotated, problems = merge_thread(dated, files)
        assert problems == []
        assert annotated.times == thread_times(c.time for c in annotated.thread.comments)
    assert comments[1].time not in (annotated.times or {})  # the merged-away comment's time went with it
