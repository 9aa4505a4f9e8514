"""`python build.py check`: broken sites give exact diagnostics; a failed build writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from threadnote.cli.main import main

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected_diagnostics.txt").is_file())



def _expected(case: str) -> tuple[int, list[str]]:
    """`# exit: N` then the exact stdout lines of `check`."""
    lines = (BROKEN / case / "expected_diagnostics.txt").read_text(encoding="utf-8").splitlines()
    exit_code = next(int(line.split(":", 1)[1]) for line in lines if line.startswith("# exit:"))
    return exit_code, [line for line in lines if line and not line.startswith("#")]


def test_every_case_the_issue_asks_for_is_there() -> None:
    wanted = {
        "yaml-syntax", "unknown-comment-id", "unknown-note-type", "unknown-key", "duplicate-key", "alias",
        "non-utf8", "text-matches-nothing", "ambiguous-text", "bad-verdict", "moderation-without-reason",
        "contradicting-corrections", "five-mistakes",
    }
    assert wanted <= set(CASES)


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_broken_site_diagnostics(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code, lines = _expected(case)
    assert main(["check", "--site", str(BROKEN / case)]) == exit_code
    assert capsys.readouterr().out.splitlines() == lines


def test_five_mistakes_are_all_reported_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--site", str(BROKEN / "five-mistakes")]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 5
    assert captured.err.splitlines()[-1] == "4 error(s), 1 warning(s)"


def test_clean_example_site_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--site", str(BROKEN.parent.parent)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("flags", "exit_code"),
    [([], 1), (["--lenient"], 0)],
    ids=["warnings-fail-check", "lenient-passes-warnings"],
)
def test_warnings_fail_check_unless_lenient(flags: list[str], exit_code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--site", str(BROKEN / "unknown-comment-id"), *flags]) == exit_code
    assert "warning: orphaned note" in capsys.readouterr().out


def test_lenient_does_not_pass_errors() -> None:
    assert main(["check", "--site", str(BROKEN / "unknown-key"), "--lenient"]) == 1


@pytest.mark.parametrize(
    "argv",
    [["check", "--no-such-flag"], ["check", "--site", "/no/such/folder"]],
    ids=["unknown-flag", "missing-site"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "case",
    ["unknown-key", "non-utf8", "alias", "yaml-tag", "yaml-syntax", "five-mistakes"],
    ids=["unknown-key", "non-utf8", "alias", "yaml-tag", "yaml-syntax", "five-mistakes"],
)
def test_build_with_errors_leaves_output_as_it_was(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(BROKEN / "unknown-comment-id", site)
    (site / "content/t/notes/a.yaml").write_text(
        "editor: Desk\nnotes:\n  - comment: c-unnixr7z\n    body: The early sailing is at 06:10.\n", encoding="utf-8"
    )
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    (out / "stale.txt").write_text("left by an earlier build", encoding="utf-8")
    before = _tree(out)
    assert "index.html" in before and "t/index.html" in before
    shutil.rmtree(site / "content/t/notes")
    shutil.copytree(BROKEN / case / "content/t/notes", site / "content/t/notes")
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--out", str(out)]) == 1
    assert _tree(out) == before
    assert capsys.readouterr().err.splitlines()[-1].endswith("was left as it was")


def test_build_with_only_warnings_writes(tmp_path: Path) -> None:
    site, out = tmp_path / "site", tmp_path / "out"
    shutil.copytree(BROKEN / "unknown-comment-id", site)
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    assert (out / "t/index.html").is_file()
    # The orphan is not dropped: the notes index keeps it, with its file and line.
    notes_index = (out / "notes/index.html").read_text(encoding="utf-8")
    assert "Orphaned notes" in notes_index
    assert "<code>content/t/notes/a.yaml:3</code>" in notes_index and "c-unnixr7x" in notes_index
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "strict"), "--strict"]) == 1
    assert not (tmp_path / "strict").exists()
