"""Work in a forked child: its result comes back whole, and a failure is no result, not a crash."""

from __future__ import annotations

import os

import pytest

from threadnote.background import Background, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="no os.fork on this platform")


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
