"""The writer: a page finished after it was written gets its text in place of its last mark; the
manifest is JSON with one entry a line."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from threadnote.build.write import FINISH_FROM_END, SiteWriter, _manifest, _write_file
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


@pytest.mark.parametrize("stamps", [{}, {"b/index.html": "2", "a/é \"q\".html": "1", "robots.txt": "3"}], ids=["empty", "files"])
def test_the_manifest_is_what_json_writes_with_one_entry_a_line(stamps: dict[str, str]) -> None:
    assert _manifest(stamps) == (json.dumps(stamps, indent=0, sort_keys=True) + "\n").encode("utf-8")


@pytest.mark.parametrize("content", ["<p>é</p>" * 40_000, "<p>é</p>".encode() * 40_000, ["<p>é", b"</p>"] * 40_000], ids=["text", "bytes", "pieces"])
def test_a_file_is_written_whole_over_a_longer_one(tmp_path: Path, content: str | bytes | list[str | bytes]) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"x" * 1_000_000)
    _write_file(path, content)
    assert path.read_bytes() == "<p>é</p>".encode() * 40_000
