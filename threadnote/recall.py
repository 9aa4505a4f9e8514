"""What was made from each object in the last pass over them, for the next pass.

`serve`'s rebuilds see mostly the very same objects as the build before (a note whose text did not
change is the same Note), so what was made from each of them (its parse, its place, its stamp)
can be recalled instead of made again."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recall(Generic[T]):
    """Values by the object they were made from, and a context they depend on besides.

    An object's id is only compared while the object is held here, so no other object can have
    it. `end_pass` keeps what the pass just ended recalled or kept: objects no longer met are let
    go. Values are never None (None means "not recalled")."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[object, Hashable, T]] = {}
        self._now: dict[int, tuple[object, Hashable, T]] = {}

    def recall(self, source: object, context: Hashable = None) -> T | None:
        found = self._now.get(id(source)) or self._last.get(id(source))
        if found is None or found[0] is not source or found[1] != context:
            return None
        self._now[id(source)] = found
        return found[2]

    def keep(self, source: object, value: T, context: Hashable = None) -> None:
        self._now[id(source)] = (source, context, value)

    def end_pass(self) -> None:
        self._last, self._now = self._now, {}
