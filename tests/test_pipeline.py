"""The build refuses output folders it could damage: it replaces its output folder whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from threadnote.cli.main import main

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


def run_build_py(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    # buffered output, as a terminal or a file gets it: this environment sets PYTHONUNBUFFERED
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    options.setdefault("capture_output", True)
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], text=True, check=False, env=environment, **options)


def test_build_py_ends_with_the_commands_code_and_everything_it_printed(site: Path, tmp_path: Path) -> None:
    """build.py ends the process at once (exit_now): nothing printed may be lost, no code changed."""
    missing = run_build_py("--site", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    built = run_build_py("--site", str(site), "--out", str(tmp_path / "out"))
    assert built.returncode == 0 and built.stderr.rstrip().splitlines()[-1].startswith("built 1 thread(s)")
    stub = run_build_py("note", "--site", str(site), "comment long enough")
    assert stub.returncode == 0 and stub.stdout.rstrip().endswith("Write the note here (Markdown).") and "comment: c-" in stub.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_lost_on_a_full_disk_is_said_and_fails(site: Path) -> None:
    with open("/dev/full", "w") as full:
        stub = run_build_py("note", "--site", str(site), "comment long enough", stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert stub.returncode == 120 and "error: output lost" in stub.stderr


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_stream_closed_from_the_start_is_no_failure(site: Path, tmp_path: Path, closed: int) -> None:
    """`build.py check >&-`: Python starts with that stream as None, and the command still succeeds."""
    checked = run_build_py("check", "--site", str(site), preexec_fn=lambda: os.close(closed))
    assert checked.returncode == 0


def test_a_thread_failing_after_others_were_written_leaves_the_output_as_it_was(site: Path, tmp_path: Path) -> None:
    """Each thread's files are written as its task ends: to a staging folder, or beside their places."""
    for slug in ("u", "v"):
        (site / "content" / slug).mkdir()
        (site / "content" / slug / "thread.txt").write_text(f"Title {slug}\n\n\nA comment long enough to stand.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (site / "content" / "t" / "thread.txt").write_text("Title\n\n\nAnother comment long enough to stand.\n", encoding="utf-8")
    (site / "content" / "v" / "thread.txt").write_bytes(b"Title\n\n\n\xff not text\n")
    assert main(["build", "--site", str(site), "--out", str(out)]) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".threadnote-cache", "out", "site"]
