"""Rendered pieces kept between the builds of one process (`serve`): each comment's HTML and its
line of thread.json, each page's share of thread.json, each feed entry, by a key that names
everything the piece was made from.

A note edit then renders one comment afresh; the rest of its page and of thread.json is joined
from pieces already made."""

from __future__ import annotations

from collections import OrderedDict

Piece = str | bytes
"""A comment's HTML or line of thread.json, a feed entry (text), or a page's share of
thread.json, encoded once (bytes)."""
FRAGMENT_BUDGET = 32_000_000
"""Characters of text pieces kept at most. Those of 10,000 comments take about 20 million; those
of 100,000 would take 230 million, so a huge thread keeps the comments rendered last and renders
the others again when asked (`serve` holds some 100 MB more for them then)."""


class Fragments:
    """Pieces by key. Text pieces are kept within the budget, the least recently used let go
    first: a piece whose inputs changed is never asked for again (its key names them), so it
    ages out. The shares of thread.json (bytes) are kept whatever the budget while the last build
    used them: thread.json is written whole at every rebuild, and they take what the file does."""

    def __init__(self, budget: int = FRAGMENT_BUDGET) -> None:
        self.budget = budget
        self._text: OrderedDict[str, str] = OrderedDict()
        self._size = 0
        """Characters in _text."""
        self._shares: dict[str, bytes] = {}
        self._shares_used: dict[str, bytes] = {}
        self._made: dict[str, Piece] = {}
        """Pieces made since the last `made_since_mark`: a forked worker hands them back to the build."""

    def get(self, key: str) -> Piece | None:
        text = self._text.get(key)
        if text is not None:
            self._text.move_to_end(key)
            return text
        share = self._shares_used.get(key) or self._shares.get(key)
        if share is not None:
            self._shares_used[key] = share
        return share

    def put(self, key: str, piece: Piece) -> None:
        self._keep(key, piece)
        self._made[key] = piece

    def absorb(self, pieces: dict[str, Piece]) -> None:
        """Pieces made by a forked worker."""
        for key, piece in pieces.items():
            self._keep(key, piece)

    def made_since_mark(self) -> dict[str, Piece]:
        """The pieces made since the last call (in a worker: for the page it has just made)."""
        made, self._made = self._made, {}
        return made

    def end_build(self) -> None:
        """The shares of thread.json this build did not use are let go; what it made is kept, but
        no longer news for a worker to hand back."""
        self._shares, self._shares_used, self._made = self._shares_used, {}, {}

    def _keep(self, key: str, piece: Piece) -> None:
        if isinstance(piece, bytes):
            self._shares_used[key] = piece
            return
        if len(piece) > self.budget:
            return
        old = self._text.pop(key, None)
        self._size += len(piece) - (len(old) if old is not None else 0)
        self._text[key] = piece
        while self._size > self.budget:
            _, dropped = self._text.popitem(last=False)
            self._size -= len(dropped)
