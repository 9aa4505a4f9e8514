"""Work done in a forked process while the build goes on, so a big build uses a second core.

Detection is one long serial stage; meanwhile a child can parse the notes files and render their
bodies (what the merge and the pages will need), and another can write the detection cache. A
child that fails leaves no trace: its caller does the work itself, and meets any error there.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`work()` running in a child process; `result()` waits for it (None if it failed)."""

    def __init__(self, work: Callable[[], T]) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns, never runs the parent's exit handlers
            os.close(read_end)
            _run_child(work, write_end)
        os.close(write_end)
        self.read_end = read_end
        self.value: T | None = None
        self.done = False

    def result(self) -> T | None:
        if not self.done:
            self.done = True
            with os.fdopen(self.read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            if status == 0 and data:
                self.value = pickle.loads(data)
        return self.value


def _run_child(work: Callable[[], object], write_end: int) -> None:
    status = 1
    try:
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def can_fork() -> bool:
    return hasattr(os, "fork")
