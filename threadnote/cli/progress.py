"""A one-line progress bar on stderr for slow build stages; silent when stderr is not a terminal.

A stage reports `(stage, done, total)` in whatever unit it counts (paragraphs, pages, files) to a
callable; `ProgressBar` is the terminal one and `format_progress` the pure formatting it uses.
The bar appears only once a stage has run for `DELAY_SECONDS`: a thread of a few thousand comments
or fewer builds each stage faster than that, so small builds print nothing, whatever their units.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY_SECONDS = 0.5
"""A stage that ends sooner never shows a bar."""
REDRAW_SECONDS = 0.1
"""At most this often, so drawing never costs the build anything measurable."""
BAR_WIDTH = 28



def format_progress(stage: str, done: int, total: int, width: int = BAR_WIDTH) -> str:
    """`detect   [##########..........]  5,000/10,000  50%`; `done` is clamped to `0..total`."""
    done = max(0, min(done, total))
    share = done / total if total > 0 else 1.0
    filled = int(share * width)
    return f"{stage:<8} [{'#' * filled}{'.' * (width - filled)}] {done:>{len(f'{total:,}')},}/{total:,} {int(share * 100):>3}%"


def is_terminal(stream: TextIO) -> bool:
    """Only a person at a terminal wants a bar; logs, pipes and CI get nothing."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class ProgressBar:
    """Draws `format_progress` on one terminal line, redrawn in place; a no-op elsewhere.

    Call it as a `ProgressCallback`, and `finish()` before printing anything else."""

    def __init__(
        self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic, delay: float = DELAY_SECONDS
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream)
        self.clock = clock
        self.delay = delay
        self._stage: str | None = None
        self._stage_start = 0.0
        self._last_draw = float("-inf")
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if stage != self._stage:
            self._end_line()  # keep the finished stage's line
            self._stage, self._stage_start, self._last_draw = stage, now, float("-inf")
        if now - self._stage_start < self.delay:
            return
        if done < total and now - self._last_draw < REDRAW_SECONDS:
            return  # the last step is always drawn, so a finished stage shows 100%
        self._last_draw, self._drawn = now, True
        self.stream.write("\r" + format_progress(stage, done, total))
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so the next message starts on a fresh one."""
        self._end_line()
        self._stage = None

    def _end_line(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
