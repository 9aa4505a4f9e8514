"""The stderr progress bar: exact formatting, and silence off a terminal or for fast stages."""

from __future__ import annotations

import io

import pytest

from threadnote.cli.progress import ProgressBar, format_progress, is_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("stage", "done", "total", "width", "expected"),
    [
        ("detect", 0, 10_000, 10, "detect   [..........]      0/10,000   0%"),
        ("detect", 5_000, 10_000, 10, "detect   [#####.....]  5,000/10,000  50%"),
        ("render", 10_000, 10_000, 10, "render   [##########] 10,000/10,000 100%"),
        ("render", 12_000, 10_000, 4, "render   [####] 10,000/10,000 100%"),
        ("render", -3, 7, 4, "render   [....] 0/7   0%"),
        ("write", 0, 0, 4, "write    [####] 0/0 100%"),
        ("quotes", 999, 1_000, 10, "quotes   [#########.]   999/1,000  99%"),
    ],
    ids=["start", "half", "done", "overshoot-clamped", "negative-clamped", "empty-job", "never-rounds-up"],
)
def test_format_progress(stage: str, done: int, total: int, width: int, expected: str) -> None:
    assert format_progress(stage, done, total, width) == expected


@pytest.mark.parametrize(
    ("stream", "terminal"),
    [(Terminal(), True), (io.StringIO(), False), (object(), False)],
    ids=["terminal", "pipe", "no-isatty"],
)
def test_is_terminal(stream: io.StringIO, terminal: bool) -> None:
    assert is_terminal(stream) is terminal


def test_progress_bar_is_silent_off_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(stream, clock=clock, delay=0.0)
    bar("detect", 1, 100_000)
    clock.now = 10.0
    bar("detect", 100_000, 100_000)
    bar.finish()
    assert stream.getvalue() == ""


def test_a_stage_faster_than_the_delay_prints_nothing() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar(stream, clock=clock, delay=0.5)
    bar("detect", 0, 2_000)
    clock.now = 0.4
    bar("detect", 2_000, 2_000)
    bar("render", 0, 10)  # a new stage starts its own delay
    clock.now = 0.8
    bar("render", 10, 10)
    bar.finish()
    assert stream.getvalue() == ""


def test_progress_bar_redraws_in_place_throttled_and_ends_its_line() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar(stream, clock=clock, delay=0.5)
    bar("detect", 0, 20)
    clock.now = 0.5
    bar("detect", 5, 20)
    clock.now = 0.55
    bar("detect", 6, 20)  # too soon after the last draw: skipped
    clock.now = 0.7
    bar("detect", 10, 20)
    bar("detect", 20, 20)  # the last step is always drawn
    bar("render", 0, 20)  # a new stage keeps the finished stage's line, and waits its own delay
    clock.now = 1.2
    bar("render", 3, 20)
    bar.finish()
    assert stream.getvalue().split("\r") == [
        "",
        format_progress("detect", 5, 20),
        format_progress("detect", 10, 20),
        format_progress("detect", 20, 20) + "\n",
        format_progress("render", 3, 20) + "\n",
    ]
