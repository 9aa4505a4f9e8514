"""`serve`: live-reload injection, rebuild on change, the error banner, and a clean Ctrl-C."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, MakeSite

from threadnote.cli.serve import BANNER_ID, EVENTS_PATH, DevServer, banner_lines, inject_live, is_watched, sse_message
from threadnote.diagnostics import Diagnostic, Severity
from threadnote.model import Location

THREAD = """\
Readers discuss the new bridge

By A. Reporter


The bridge will cost far more than the council says, and nobody has checked the figures properly.

I walked across the old bridge every day for twenty years and it never needed replacing at all.
"""

NOTES = """\
editor: Desk
notes:
  - text: "nobody has checked the figures properly"
    type: context
    body: |
      FIRST-VERSION of the note.
"""

POLL_SECONDS = 10.0


# ---------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("page", "expected_start", "expected_end"),
    [
        ("<html><body><p>x</p></body></html>", "<html><body><p>x</p><script>", "</script>\n</body></html>"),
        ("<p>no body tag</p>", "<p>no body tag</p><script>", "</script>\n"),
        ("<BODY class=a>q</Body >", "<BODY class=a>q<script>", "</script>\n</Body >"),
    ],
    ids=["body", "no-body", "upper-case"],
)
def test_inject_live_puts_the_script_before_the_closing_body(page: str, expected_start: str, expected_end: str) -> None:
    served = inject_live(page, 7)
    assert served.startswith(expected_start)
    assert served.endswith(expected_end)
    assert 'var generation = "7";' in served
    assert f'new EventSource("{EVENTS_PATH}")' in served
    assert BANNER_ID not in served


def test_inject_live_uses_the_last_closing_body() -> None:
    served = inject_live("<body><pre>&lt;/body&gt; </body></pre></body>", 1)
    assert served.startswith("<body><pre>&lt;/body&gt; </body></pre><script>")


def test_inject_live_shows_escaped_errors_in_a_banner_after_body() -> None:
    served = inject_live('<body class="x"><main>old</main></body>', 3, ["a.yaml:2:5: error: bad <thing> & 'q'"])
    banner_start = served.index(f'<div id="{BANNER_ID}"')
    assert served.startswith('<body class="x">\n<div id=')
    assert "a.yaml:2:5: error: bad &lt;thing&gt; &amp; &#x27;q&#x27;</pre></div>\n<main>old</main>" in served
    assert banner_start < served.index("<main>old</main>") < served.index("<script>")


def test_banner_lines_put_errors_before_warnings() -> None:
    warning = Diagnostic(Location("a.yaml", 1, 1), Severity.WARNING, "orphan")
    error = Diagnostic(Location("b.yaml", 9, 2), Severity.ERROR, "broken")
    assert banner_lines([warning, error]) == ["b.yaml:9:2: error: broken", "a.yaml:1:1: warning: orphan"]


def test_sse_message_is_one_data_event() -> None:
    assert sse_message(12) == b"data: 12\n\n"


@pytest.mark.parametrize(
    ("relative", "watched"),
    [
        ("site.yaml", True),
        ("content/t/notes/a.yaml", True),
        ("templates/base.html", True),
        ("output/index.html", False),
        (".output.new-12/index.html", False),
        ("content", True),
        ("other/site.yaml", False),
    ],
    ids=["config", "notes", "template", "output", "staging", "content-dir", "nested-site-yaml"],
)
def test_is_watched(tmp_path: Path, relative: str, watched: bool) -> None:
    assert is_watched(tmp_path, str(tmp_path / relative)) is watched


# ---------------------------------------------------------------- in-process server


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def save(path: Path, text: str) -> None:
    """Save as editors do, in one step: a half-written file would be a (valid, empty) edit of its own."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def wait_for(condition: Callable[[], bool], seconds: float = POLL_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@contextmanager
def serving(site: Path, out: Path) -> Iterator[DevServer]:
    server = DevServer(site, out, port=0, log=io.StringIO())
    stop = threading.Event()
    assert server.rebuild().ok
    server.start()
    watcher = threading.Thread(target=server.watch, args=(stop,), daemon=True)
    watcher.start()
    assert server.watching.wait(10)
    try:
        yield server
    finally:
        stop.set()
        watcher.join(10)
        server.close()


@pytest.fixture
def served(make_site: MakeSite, tmp_path: Path) -> Iterator[DevServer]:
    site = make_site({"content/bridge/thread.txt": THREAD, "content/bridge/notes/desk.yaml": NOTES})
    with serving(site, tmp_path / "out") as server:
        yield server


def test_serve_reloads_after_an_edit_and_keeps_the_last_good_output_on_a_broken_one(served: DevServer) -> None:
    page_url = served.url + "bridge/index.html"
    status, page = fetch(page_url)
    assert status == 200
    assert "FIRST-VERSION" in page
    assert 'var generation = "1";' in page
    built = (served.out / "bridge" / "index.html").read_text(encoding="utf-8")
    assert "EventSource" not in built  # the script lives only in the served copy

    notes = served.site / "content" / "bridge" / "notes" / "desk.yaml"
    save(notes, NOTES.replace("FIRST-VERSION", "SECOND-VERSION"))
    assert wait_for(lambda: "SECOND-VERSION" in fetch(page_url)[1])

    save(notes, NOTES.replace("type: context", "type: [unclosed"))
    assert wait_for(lambda: BANNER_ID in fetch(page_url)[1])
    status, page = fetch(page_url)
    assert status == 200
    assert "SECOND-VERSION" in page  # the last good output is still served
    assert "content/bridge/notes/desk.yaml:" in page
    assert ": error: " in page
    assert "EventSource" not in (served.out / "bridge" / "index.html").read_text(encoding="utf-8")
    log = served.log.getvalue()  # type: ignore[attr-defined]
    assert "\ncontent/bridge/notes/desk.yaml:5:9: error: YAML syntax: " in log
    assert "build failed in " in log

    save(notes, NOTES.replace("FIRST-VERSION", "THIRD-VERSION"))
    # The new files land a moment before the build's outcome is published, so wait for both.
    assert wait_for(lambda: "THIRD-VERSION" in (page := fetch(page_url)[1]) and BANNER_ID not in page)


def test_serve_rebuilds_when_site_yaml_is_replaced(served: DevServer) -> None:
    config = served.site / "site.yaml"
    replacement = served.site / "site.yaml.tmp"
    replacement.write_text("title: Renamed archive\n", encoding="utf-8")
    os.replace(replacement, config)  # how many editors save: the watch must survive it
    assert wait_for(lambda: "Renamed archive" in fetch(served.url + "index.html")[1])


def test_serve_static_files_unchanged_and_missing_pages_404(served: DevServer) -> None:
    status, css = fetch(served.url + "static/style.css")
    assert status == 200
    assert css == (served.out / "static" / "style.css").read_text(encoding="utf-8")
    status, page = fetch(served.url + "nowhere.html")
    assert status == 404
    assert "EventSource" in page  # so the page reloads once the file appears


def test_event_stream_sends_the_generation_and_each_new_one(served: DevServer) -> None:
    with urllib.request.urlopen(served.url + EVENTS_PATH.lstrip("/"), timeout=10) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"data: 1\n"
        assert stream.readline() == b"\n"
        served.state.publish([])
        assert stream.readline() == b"data: 2\n"


# ---------------------------------------------------------------- the command


def test_serve_command_exits_0_on_ctrl_c(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/bridge/thread.txt": THREAD, "content/bridge/notes/desk.yaml": NOTES})
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--site",
            str(site),
            "--out",
            str(tmp_path / "out"),
            "--port",
            "0",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if line.startswith("serving http://127.0.0.1:"):
                break
        assert lines and lines[-1].startswith("serving "), "".join(lines)
        url = lines[-1].split()[1]
        assert fetch(url + "bridge/index.html")[0] == 200
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert "Traceback" not in rest
    assert rest.strip().endswith("stopped")


def test_close_without_start_returns(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/bridge/thread.txt": THREAD})
    server = DevServer(site, tmp_path / "out", port=0, log=io.StringIO())
    closer = threading.Thread(target=server.close, daemon=True)
    closer.start()
    closer.join(5)
    assert not closer.is_alive()
