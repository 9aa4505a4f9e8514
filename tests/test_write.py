"""The writer: a page finished after it was written gets its text in place of its last mark."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from threadnote.build.write import FINISH_FROM_END, SiteWriter
from threadnote.render.site import Output

MARK = b"<!-- mark -->"


@pytest.mark.parametrize("after", [10, FINISH_FROM_END + 10], ids=["near-the-end", "further-up"])
def test_finish_puts_the_text_in_place_of_the_last_mark(tmp_path: Path, after: int) -> None:
    page = b"<p>" + MARK + b"</p>" + MARK + b"x" * after
    writer = SiteWriter(tmp_path / "out")
    writer.add([Output(PurePosixPath("t/index.html"), "unplaced", lambda: page)])
    writer.finish(PurePosixPath("t/index.html"), "placed", MARK, "<nav>é</nav>".encode())
    writer.commit()
    assert (tmp_path / "out/t/index.html").read_bytes() == b"<p>" + MARK + b"</p><nav>\xc3\xa9</nav>" + b"x" * after
    assert b'"t/index.html": "placed"' in (tmp_path / "out/.threadnote-manifest.json").read_bytes()
