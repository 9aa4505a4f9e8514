"""Work done in a forked process while the build goes on, so a big build uses a second core.

Detection is one long serial stage; meanwhile a child can parse the notes files and render their
bodies (what the merge and the pages will need), and another can write the detection cache. A
child that fails, or cannot be started, gives no result: its caller does the work itself, and
meets any error there.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..model import Aside

T = TypeVar("T")


class Background(Generic[T]):
    """`work()` running in a child process; `result()` waits for it, `close()` stops it unread.

    The child leaves its result in a temporary file, so it never waits for a reader: a parent
    that stops early (an error, a thread that cannot be read) only has to reap it."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._value: T | None = None
        self._pid = 0
        self._file = Path()
        try:
            handle, name = tempfile.mkstemp(prefix="threadnote-", suffix=".pickle")
            os.close(handle)
            self._file = Path(name)
            self._pid = os.fork()
        except OSError:  # no memory, process or disk left for a copy of a big build: do without
            self._forget()
            return
        if self._pid == 0:  # the child: never returns, never runs the parent's exit handlers
            _run_child(work, self._file)

    def result(self) -> T | None:
        if self._pid:
            status = _reap(self._pid)
            try:
                if status == 0:
                    self._value = pickle.loads(self._file.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError):
                self._value = None
            finally:
                self._forget()
        return self._value

    def close(self) -> None:
        """Stop the child if it still runs, and forget its result."""
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _reap(self._pid)
            self._forget()

    def _forget(self) -> None:
        self._pid = 0
        if self._file.name:
            self._file.unlink(missing_ok=True)


def _run_child(work: Callable[[], object], target: Path) -> None:
    status = 1
    try:
        with target.open("wb") as file:
            pickle.dump(work(), file, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _reap(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return status


@contextmanager
def forked_aside() -> Iterator[Aside | None]:
    """An `Aside` that forks a child per piece of work (None where forking is not safe); every
    child still running when the block ends, its result unread, is stopped."""
    if not can_fork():
        yield None
        return
    started: list[Background[Any]] = []

    def aside(work: Callable[[], Any]) -> Callable[[], Any]:
        started.append(Background(work))
        return started[-1].result

    try:
        yield aside
    finally:
        for child in started:
            child.close()


def can_fork() -> bool:
    """Forking copies only the calling thread: with others running (`serve`'s web server and
    watchers) a child could inherit a lock that no one will release, so it is not done then."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1
