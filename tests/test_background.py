"""Work in a forked child: its result comes back whole, and a failure is no result, not a crash."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from threadnote.build.background import Background, can_fork, forked_aside
from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

THREADS = Path(__file__).resolve().parent / "threads"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


def test_the_result_comes_back_from_another_process() -> None:
    child = Background(lambda: (os.getpid(), "x" * 1_000_000))
    pid, data = child.result() or (0, "")
    assert pid not in (0, os.getpid()) and data == "x" * 1_000_000
    assert child.result() == (pid, data)  # asked again: the same, without waiting


def test_a_failing_child_gives_no_result(capfd: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise ValueError("broken")

    assert Background(fail).result() is None
    assert capfd.readouterr().err == ""  # no traceback from the child


@pytest.mark.parametrize("fixture", ["chrome", "mixed"])
def test_ids_made_in_background_are_the_same(fixture: str, alone: None) -> None:
    """With page chrome the ids are made in a child while quotes are found; without, here."""
    text = (THREADS / fixture / "thread.txt").read_text(encoding="utf-8")
    alone, _ = parse_thread(text, "thread.txt", fixture, QuoteSettings())
    with forked_aside() as aside:
        forked, _ = parse_thread(text, "thread.txt", fixture, QuoteSettings(), aside=aside)
    assert forked == alone


def test_a_child_left_unread_is_stopped_and_leaves_nothing(tmp_path: Path) -> None:
    """A build that stops early (a thread it cannot read) closes its children unread."""
    child = Background(lambda: time.sleep(60))
    pid, result_file = child._pid, child._file  # the process and the file this test checks are gone
    assert result_file.is_file()
    child.close()
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
    # its own file only: other builds on this machine may have children of their own meanwhile
    assert not result_file.exists()


def test_no_fork_while_other_threads_run() -> None:
    """`serve` runs a web server and watchers in threads: a forked child could inherit their locks."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        other.join()
