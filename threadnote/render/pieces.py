"""What rendering may reuse from earlier builds: a protocol, so that rendering knows no cache.

The build layer hands in an object with these methods (`build/fragments.py`'s `Fragments`, kept
between the builds of one `serve` session) or None; rendering asks it for a piece by a key that
names everything the piece is made from, and makes the piece when it is not there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Pieces(Protocol):
    def remembered(self, key: str, make: Callable[[], str]) -> str:
        """The text piece under `key`, made (and kept) when it is not there."""

    def share(self, thread: str, key: str) -> bytes | None:
        """A thread's share of thread.json (a page's comments, encoded) from its last export."""

    def keep_share(self, thread: str, key: str, share: bytes) -> None:
        """A share the export under way uses or made."""

    def exported(self, thread: str) -> None:
        """The thread's export is written: its shares are those it used or made."""
