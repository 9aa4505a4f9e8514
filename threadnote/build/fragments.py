"""Rendered pieces kept between the builds of one process (`serve`): each comment's HTML and its
line of thread.json, each page's share of thread.json, each feed entry, by a key that names
everything the piece was made from.

A note edit then renders one comment afresh; the rest of its page and of thread.json is joined
from pieces already made."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection

FRAGMENT_BUDGET = 32_000_000
"""Characters of text pieces kept at most. Those of 10,000 comments take about 20 million; those
of 100,000 would take 230 million, so a huge thread keeps the comments rendered last and renders
the others again when asked (`serve` holds some 100 MB more for them then)."""


class Fragments:
    """Pieces by key, kept within the budget, the least recently used let go first: a piece
    whose inputs changed is never asked for again (its key names them), so it ages out.

    Each thread's shares of thread.json (a page's comments, encoded once) are kept apart,
    whatever the budget: the file is written whole whenever it changes, and they take what it
    does. An export keeps the shares it used and lets the thread's others go."""

    def __init__(self, budget: int = FRAGMENT_BUDGET) -> None:
        self.budget = budget
        self._text: OrderedDict[str, str] = OrderedDict()
        self._size = 0
        """Characters in _text."""
        self._shares: dict[str, dict[str, bytes]] = {}
        """By thread: the shares of its last export."""
        self._exporting: dict[str, dict[str, bytes]] = {}
        """By thread: the shares its export under way has used or made."""
        self._made: dict[str, str] = {}
        """Pieces made since the last `made_since_mark`: a forked worker hands them back to the build."""

    def get(self, key: str) -> str | None:
        text = self._text.get(key)
        if text is not None:
            self._text.move_to_end(key)
        return text

    def remembered(self, key: str, make: Callable[[], str]) -> str:
        """The piece under `key`, made and kept when it is not there."""
        piece = self.get(key)
        if piece is None:
            piece = make()
            self.put(key, piece)
        return piece

    def share(self, thread: str, key: str) -> bytes | None:
        found = self._shares.get(thread, {}).get(key)
        if found is not None:
            self.keep_share(thread, key, found)
        return found

    def keep_share(self, thread: str, key: str, share: bytes) -> None:
        self._exporting.setdefault(thread, {})[key] = share

    def exported(self, thread: str) -> None:
        """The thread's export is written: its shares are those it used or made."""
        self._shares[thread] = self._exporting.pop(thread, {})

    def put(self, key: str, piece: str) -> None:
        self._keep(key, piece)
        self._made[key] = piece

    def absorb(self, pieces: dict[str, str]) -> None:
        """Pieces made by a forked worker."""
        for key, piece in pieces.items():
            self._keep(key, piece)

    def made_since_mark(self) -> dict[str, str]:
        """The pieces made since the last call (in a worker: for the page it has just made)."""
        made, self._made = self._made, {}
        return made

    def end_build(self, threads: Collection[str]) -> None:
        """What the build made is kept, but no longer news for a worker to hand back; an export it
        did not finish leaves its thread's shares as they were; a thread no longer in the site
        (`threads` are those it has) leaves none."""
        self._made, self._exporting = {}, {}
        self._shares = {thread: shares for thread, shares in self._shares.items() if thread in threads}

    def _keep(self, key: str, piece: str) -> None:
        if len(piece) > self.budget:
            return
        old = self._text.pop(key, None)
        self._size += len(piece) - (len(old) if old is not None else 0)
        self._text[key] = piece
        while self._size > self.budget:
            _, dropped = self._text.popitem(last=False)
            self._size -= len(dropped)
