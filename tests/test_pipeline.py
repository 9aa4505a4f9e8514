"""The build refuses output folders it could damage: it replaces its output folder whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from threadnote.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "content" / "t").mkdir(parents=True)
    (folder / "site.yaml").write_text("title: T\nsearch: false\n", encoding="utf-8")
    (folder / "content" / "t" / "thread.txt").write_text("Title\n\n\nA comment long enough to stand.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("make_out", "message"),
    [
        pytest.param(lambda s: s, "the output folder would hold the site itself", id="site-itself"),
        pytest.param(lambda s: s.parent, "the output folder would hold the site itself", id="site-parent"),
        pytest.param(lambda s: s / "notes.txt", "the output path is a file, not a folder", id="a-file"),
        pytest.param(lambda s: s / "mine", "the output folder has files threadnote did not write", id="foreign"),
    ],
)
def test_unsafe_output_folders_are_refused_and_left_alone(
    site: Path, make_out, message: str, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    (site / "notes.txt").write_text("keep me", encoding="utf-8")
    (site / "mine").mkdir()
    (site / "mine" / "keep.txt").write_text("keep me too", encoding="utf-8")
    before = sorted(p.as_posix() for p in site.parent.rglob("*"))
    assert main(["build", "--site", str(site), "--out", str(make_out(site))]) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.as_posix() for p in site.parent.rglob("*")) == before
    assert (site / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_an_empty_or_threadnote_folder_is_fine(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    assert (out / "t" / "index.html").is_file()


def test_build_py_ends_with_the_commands_code_and_everything_it_printed(site: Path, tmp_path: Path) -> None:
    """build.py ends the process at once (exit_now): nothing printed may be lost, no code changed."""
    command = [sys.executable, str(REPO / "build.py")]
    missing = subprocess.run([*command, "--site", str(tmp_path / "nowhere")], capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    built = subprocess.run([*command, "--site", str(site), "--out", str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert built.returncode == 0 and built.stderr.rstrip().splitlines()[-1].startswith("built 1 thread(s)")
    stub = subprocess.run([*command, "note", "--site", str(site), "comment long enough"], capture_output=True, text=True, check=False)
    assert stub.returncode == 0 and stub.stdout.rstrip().endswith("Write the note here (Markdown).") and "comment: c-" in stub.stdout
