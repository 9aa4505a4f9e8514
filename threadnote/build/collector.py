"""When Python's cycle collector runs during a build: big builds make millions of objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Detection and merging make millions of objects that live to the end of the build, and no
    reference cycles: Python's cycle collector would walk them again and again for nothing (a
    third of the detection time at 100,000 comments). Reference counting still frees the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def skip_what_exists() -> None:
    """What exists now lives to the end of the build (a thread just analysed): the collector,
    running again while pages are made, leaves it out (see collector_skips_existing)."""
    gc.freeze()


@contextmanager
def collector_skips_existing() -> Iterator[None]:
    """While pages are rendered, the collector runs as usual but leaves out what exists now, the
    analysed threads above all (`gc.freeze`): walking them costs time, and in forked workers it
    would touch, and so copy, every page of memory they share with this process."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
