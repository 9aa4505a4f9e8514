"""`python build.py note <id | "words">`: a YAML stub that passes check as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from threadnote.cli.commands import run_note
from threadnote.cli.main import main
from threadnote.notes.annotations import parse_annotations

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "broken"

STUB = """\
# content/t/notes/<your-file>.yaml  (Ferry timetable changes announced for the winter season)
notes:
  # #2 bob: The early sailing carried fewer than forty passengers a day last winter,…
  - comment: c-wo2arpay
{text}    type: note            # note | context | fact-check | moderation | translation | correction
    date: 2026-11-28
    tags: []
    sources: []           # http(s) URLs
    # verdict: false      # fact-check: true | false | misleading | mixed | unverifiable; with claim:
    # action: flag        # moderation: flag | hide | redact; with reason:
    # language: zh        # translation: with translation:
    body: |
      Write the note here (Markdown).
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(BROKEN / "unknown-note-type", folder)
    shutil.rmtree(folder / "content/t/notes")
    return folder


@pytest.mark.parametrize(
    ("target", "text_line"),
    [
        ("c-wo2arpay", '    # text: "exact words to highlight"\n'),
        ("raise the fare", '    text: "raise the fare"\n'),
        ("raise  the\nfare", '    text: "raise the fare"\n'),
    ],
    ids=["by-id", "by-words", "spaces-fold"],
)
def test_stub(site: Path, target: str, text_line: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_note(site, target, today="2026-11-28") == 0
    assert capsys.readouterr().out == STUB.format(text=text_line)


def test_the_stub_passes_check_as_it_is(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_note(site, "raise the fare", today="2026-11-28") == 0
    stub = capsys.readouterr().out
    (site / "content/t/notes").mkdir()
    (site / "content/t/notes/stub.yaml").write_text(stub, encoding="utf-8")
    assert main(["check", "--site", str(site)]) == 0
    assert capsys.readouterr().out == ""


def test_words_with_quotes_are_escaped(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    thread = site / "content/t/thread.txt"
    thread.write_text(thread.read_text(encoding="utf-8").replace("raise the fare", 'raise the "fare"'), encoding="utf-8")
    assert run_note(site, 'the "fare" a', today="2026-11-28") == 0
    stub = capsys.readouterr().out
    assert '    text: "the \\"fare\\" a"\n' in stub
    notes_file, problems = parse_annotations(stub, "stub.yaml")
    assert problems == [] and notes_file.notes[0].text == 'the "fare" a'


def test_words_twice_in_one_comment_ask_for_a_prefix(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    thread = site / "content/t/thread.txt"
    text = thread.read_text(encoding="utf-8").replace("is meaningless.", "is meaningless. The harbour is small.")
    thread.write_text(text, encoding="utf-8")
    assert run_note(site, "The harbour", today="2026-11-28") == 0
    stub = capsys.readouterr().out
    assert (
        '    text: "The harbour"\n'
        "    # these words stand 2 times in this comment: add prefix: or suffix:\n"
        '    # prefix: "the words just before"\n'
    ) in stub


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("early sailing", "error: 'early sailing' stands in 3 comments: t #1 (c-unnixr7z), t #2 (c-wo2arpay), t #3 (c-67abz2dp); give more words or the comment id"),
        ("c-wo2arpax", "error: no comment has the id 'c-wo2arpax' (did you mean 'c-wo2arpay'?)"),
        ("the harbour was closed for eleven days", "error: no comment has the id or words 'the harbour was closed for eleven days' (closest: 'The harbour was closed for eleven days')"),
        ("zebra crossing", "error: no comment has the id or words 'zebra crossing'"),
    ],
    ids=["several-comments", "unknown-id", "wrong-case", "nothing"],
)
def test_no_single_comment(site: Path, target: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_note(site, target) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message + "\n")


def test_through_the_command_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["note", "raise", "the", "fare", "--site", str(site)]) == 0
    assert '    text: "raise the fare"\n' in capsys.readouterr().out


def test_a_site_that_cannot_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_bytes(b"title: caf\xe9\n")
    assert run_note(tmp_path, "words") == 1
    assert capsys.readouterr().err.splitlines() == [
        "site.yaml:1:11: error: file is not UTF-8: byte 0xe9 at byte offset 10",
        "error: the site cannot be read; run `python build.py check`",
    ]
