"""Rendered pieces kept between the builds of one process (`serve`): each comment's HTML and its
line of thread.json, by a key that names everything the piece was made from.

A note edit then renders one comment afresh; the rest of its page and of thread.json is joined
from pieces already made."""

from __future__ import annotations

Piece = str | bytes
"""A comment's HTML or line of thread.json (text), or a page's share of thread.json, encoded once
(bytes). thread.json is written whole at every rebuild, so its pages' shares are kept whatever
the budget: they take what the file does."""
FRAGMENT_BUDGET = 64_000_000
"""Characters of text pieces kept at most. Those of 10,000 comments take about 20 million; those
of 100,000 would take 200 million, so a huge thread keeps some and renders the rest as before."""


class Fragments:
    """Pieces by key. A build keeps what it used or made; whatever it did not ask for (the old
    pieces of an edited comment) is let go when it ends."""

    def __init__(self, budget: int = FRAGMENT_BUDGET) -> None:
        self.budget = budget
        self._kept: dict[str, Piece] = {}
        self._used: dict[str, Piece] = {}
        self._size = 0
        """Characters in _used."""
        self._made: dict[str, Piece] = {}
        """Pieces made since the last `made_since_mark`: a forked worker hands them back to the build."""

    def get(self, key: str) -> Piece | None:
        piece = self._used.get(key)
        if piece is None:
            piece = self._kept.get(key)
            if piece is not None:
                self._keep(key, piece)
        return piece

    def put(self, key: str, piece: Piece) -> None:
        if self._keep(key, piece):
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
        self._kept, self._used, self._made = self._used, {}, {}
        self._size = 0

    def _keep(self, key: str, piece: Piece) -> bool:
        if isinstance(piece, bytes):
            self._used[key] = piece
            return True
        if self._size + len(piece) > self.budget:
            return False
        self._used[key] = piece
        self._size += len(piece)
        return True
