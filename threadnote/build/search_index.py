"""Run Pagefind over the search documents of the site, a part at a time, into `pagefind/`.

The documents (what is indexed, and how Pagefind is asked to index it) are made by
`render/search.py`; this runs the indexer, which is I/O (a native binary in a subprocess).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import PurePosixPath

from ..model import AnnotatedThread
from ..render.links import Pages
from ..render.markdown import make_markdown
from ..render.search import PARTS_FILE, SEARCH_DIR, SearchDocument, SearchGroup, documents_of, pagefind_request
from .pagefind import canonical, run_pagefind

PART_COMMENTS = 10_000
"""Most comments indexed by one Pagefind run (see above): bounds its memory. Pagefind's work
grows faster than its input: 100,000 comments take about 54 s of its CPU in parts of 25,000 and
42 s in parts of 10,000; much smaller parts pay its start-up (about 0.5 s) too often."""
SEARCH_PROCESSES = 2
"""Pagefind runs at once (each on its own part): one per core of a small machine."""
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
"""Pagefind's ready-made UIs (420 KB): threadnote ships its own `search.js`, so they are left out."""


def search_files(
    threads: Sequence[AnnotatedThread], pages_by_slug: Mapping[str, Pages], language: str = "en"
) -> list[tuple[PurePosixPath, bytes]]:
    """The `pagefind/` bundle for these threads, as (output path, bytes), sorted by path.

    Raises SearchError when the pagefind binary is missing or fails.
    """
    # documents are made as the parts are indexed: only one part's words are held at a time
    return index_documents(documents_of(threads, pages_by_slug, make_markdown()), language)


def index_documents(
    documents: Iterable[SearchDocument], language: str = "en", part_comments: int | None = None
) -> list[tuple[PurePosixPath, bytes]]:
    """Run Pagefind over the documents, a part at a time, and return the bundle of every part
    with the list of parts; the same documents give the same bytes."""
    files: list[tuple[PurePosixPath, bytes]] = []
    folders: list[str] = []
    with ThreadPoolExecutor(SEARCH_PROCESSES) as pool:
        running: deque[Future[list[tuple[PurePosixPath, bytes]]]] = deque()
        for number, part in enumerate(_parts(documents, part_comments or PART_COMMENTS), 1):
            folder = "" if number == 1 else f"part-{number}/"
            running.append(pool.submit(_index_part, part, language, SEARCH_DIR / folder))
            folders += [folder] if folder else []
            # the next part's documents are made only once a run is done: at most this many parts are held
            if len(running) == SEARCH_PROCESSES:
                files += running.popleft().result()
        for run in running:
            files += run.result()
    if not files:  # no documents: still a bundle that loads and finds nothing
        files = _index_part([], language, SEARCH_DIR)
    files.append((SEARCH_DIR / PARTS_FILE, json.dumps(folders).encode("utf-8")))
    return sorted(files)


def _parts(documents: Iterable[SearchDocument], most: int) -> Iterator[list[SearchDocument]]:
    """Runs of documents holding at most `most` comments each (a bigger group is a part alone)."""
    part: list[SearchDocument] = []
    held = 0
    for document in documents:
        size = len(document.comments) if isinstance(document, SearchGroup) else 1
        if part and held + size > most:
            yield part
            part, held = [], 0
        part.append(document)
        held += size
    if part:
        yield part


def _index_part(documents: Sequence[SearchDocument], language: str, folder: PurePosixPath) -> list[tuple[PurePosixPath, bytes]]:
    requests = [pagefind_request(d, language) for d in documents]
    files = canonical(run_pagefind(requests, language))
    return [(folder / path, content) for path, content in files.items() if path not in UNUSED_FILES]
