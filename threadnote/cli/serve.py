"""`serve`: build, serve the output on 127.0.0.1, rebuild on change and reload the open page.

Only the served copy changes: a live-reload script (and, after a failed build, a banner listing
the errors) is injected into HTML responses; the files on disk are exactly what `build` writes.
A broken edit keeps the last good output served, since a failed build writes nothing.
"""

from __future__ import annotations

import html
import http.server
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import watchfiles

from ..build.cache import CACHE_DIR, BuildCache
from ..build.pipeline import BuildResult, build
from ..build.sources import CONFIG_FILE
from ..config import parse_config
from ..diagnostics import Diagnostic, Severity, format_diagnostic
from ..render.markdown import prepare as prepare_markdown

HOST = "127.0.0.1"
EVENTS_PATH = "/__threadnote/events"
"""Server-Sent Events endpoint: sends the build generation whenever it changes."""
DEBOUNCE_SECONDS = 0.2
"""Changes arriving this close together make one rebuild (editors save several files at once)."""
KEEPALIVE_SECONDS = 15.0
WATCH_TIMEOUT_MS = 300
"""How often each watcher thread wakes up to notice the stop event."""
WATCHED_DIRS = ("content", "templates")
WATCHED_ROOT_FILES = frozenset({"site.yaml"})
BANNER_ID = "threadnote-serve-errors"

_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)

LIVE_SCRIPT = """<script>
/* threadnote serve: live reload (only while serving, never in the built files) */
(function () {
  var generation = "%s";
  if (!window.EventSource) return;
  var source = new EventSource("%s");
  source.onmessage = function (event) {
    if (event.data !== generation) { source.close(); location.reload(); }
  };
})();
</script>
"""

BANNER = (
    '<div id="%s" role="alert" style="position:sticky;top:0;z-index:1000;margin:0;padding:0.75em 1em;'
    'background:#7a0010;color:#fff;font:14px/1.4 system-ui,sans-serif;border-bottom:3px solid #300">'
    '<strong style="color:#fff">Build failed: showing the last good output.</strong>'
    '<pre style="margin:0.5em 0 0;padding:0;border:0;background:none;color:#fff;white-space:pre-wrap;'
    'font:13px/1.4 ui-monospace,monospace">%s</pre></div>\n'
)

NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><main><h1>Not found</h1><p>%s is not in the output (yet).</p></main></body></html>
"""


# ---------------------------------------------------------------- pure parts


def inject_live(page: str, generation: int, errors: Sequence[str] = ()) -> str:
    """The served copy of an HTML page: the reload script before `</body>`, and a banner after `<body>`
    listing `errors` when the last build failed."""
    script = LIVE_SCRIPT % (generation, EVENTS_PATH)
    closing = None
    for closing in _BODY_CLOSE.finditer(page):
        pass  # the last `</body>`: an earlier one could sit inside a comment's quoted text
    page = page[: closing.start()] + script + page[closing.start() :] if closing else page + script
    if errors:
        banner = BANNER % (BANNER_ID, html.escape("\n".join(errors)))
        opening = _BODY_OPEN.search(page)
        page = page[: opening.end()] + "\n" + banner + page[opening.end() :] if opening else banner + page
    return page


def banner_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """What the banner lists after a failed build: errors first, then warnings, as `path:line:col: ...`."""
    ordered = sorted(diagnostics, key=lambda d: (d.severity is not Severity.ERROR, d))
    return [format_diagnostic(d) for d in ordered]


def sse_message(generation: int) -> bytes:
    return f"data: {generation}\n\n".encode("ascii")


def is_watched(root: Path, path: str, imports: frozenset[Path] = frozenset()) -> bool:
    """Whether a change under the site root matters: site.yaml, anything under content/ or
    templates/, an export named under `imports:` (resolved paths), or a folder that would hold one
    (made after serve started: its exports are watched from then on)."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(root.resolve())
    except ValueError:
        return False
    parts = relative.parts
    if parts and (parts[0] in WATCHED_DIRS or (len(parts) == 1 and parts[0] in WATCHED_ROOT_FILES)):
        return True
    return any(resolved == name or resolved in name.parents for name in imports)


def import_paths(site: Path) -> frozenset[Path]:
    """The exports that site.yaml names under `imports:`, resolved (none while it cannot be read:
    the build tells why)."""
    try:
        text = (site / CONFIG_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    config, _ = parse_config(text, CONFIG_FILE)
    return frozenset((site / name).resolve() for name in config.imports) if config is not None else frozenset()


def watched_folders(site: Path, imports: frozenset[Path]) -> tuple[list[Path], list[Path]]:
    """The folders to watch recursively (content/, templates/), and without recursion: the site
    root (for site.yaml) and each folder that holds an export, unless a recursive watch covers it.
    A file-level watch would be lost when an editor saves by replacing the file."""
    recursive = [site / name for name in WATCHED_DIRS if (site / name).is_dir()]
    covered = [folder.resolve() for folder in recursive]
    holders = {name.parent for name in imports if name.parent.is_dir()}
    alone = [site] + sorted(f for f in holders if f != site.resolve() and not any(f == c or c in f.parents for c in covered))
    return recursive, alone


# ---------------------------------------------------------------- build state


class BuildState:
    """The last build's outcome, shared between the builder and the request threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        """Goes up after every build, good or failed; pages reload when it differs from theirs."""
        self.errors: list[str] = []
        """Formatted diagnostics of the last build when it failed; empty when it succeeded."""
        self.closed = False

    def publish(self, errors: list[str]) -> None:
        with self._changed:
            self.generation += 1
            self.errors = errors
            self._changed.notify_all()

    def snapshot(self) -> tuple[int, list[str]]:
        with self._changed:
            return self.generation, list(self.errors)

    def wait_change(self, seen: int, timeout: float) -> int:
        """Block until the generation differs from `seen`, the timeout passes, or the server closes."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


# ---------------------------------------------------------------- HTTP


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the output folder, looked up by path on every request (the build swaps the
    folder by renaming it, so an open directory handle would keep serving the old one)."""

    state: BuildState  # set on the subclass made by `make_handler`

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events()
            return
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # the standard redirect to the slash-terminated URL
                return
            local = local / "index.html"
        if local.suffix.lower() in (".html", ".htm"):
            self._html(local)
            return
        super().do_GET()

    def end_headers(self) -> None:
        # Always fresh while editing: a cached page would hide the rebuild it was reloaded for.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the build messages

    def _html(self, local: Path) -> None:
        generation, errors = self.state.snapshot()
        try:
            page, status = _read_text(local), 200
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            page, status = NOT_FOUND_PAGE % html.escape(self.path.split("?", 1)[0]), 404
        body = inject_live(page, generation, errors).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not self.state.closed:
                generation = self.state.wait_change(seen, KEEPALIVE_SECONDS)
                if self.state.closed:
                    break
                self.wfile.write(sse_message(generation) if generation != seen else b": keepalive\n\n")
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away or reloaded


def _read_text(path: Path) -> str:
    """Read a page; a build swapping the folder in at this instant is retried once."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        time.sleep(0.05)
        return path.read_text(encoding="utf-8", errors="replace")


def make_handler(out: Path, state: BuildState) -> type[LiveHandler]:
    directory = str(out.resolve())

    class Handler(LiveHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=directory, **kwargs)  # type: ignore[arg-type]

    Handler.state = state
    return Handler


# ---------------------------------------------------------------- the dev server


class DevServer:
    """Builds, serves and watches one site; `run_serve` drives it, tests drive it in a thread."""

    def __init__(self, site: Path, out: Path, port: int = 0, log: TextIO | None = None) -> None:
        self.site = site.resolve()
        self.out = out.resolve()
        self.state = BuildState()
        self.cache = BuildCache(self.out.parent / CACHE_DIR)
        """Kept across rebuilds, so a note edit reuses the thread's detection from memory."""
        self.log = log if log is not None else sys.stderr
        self.watching = threading.Event()
        """Set once every watcher is installed: changes made after it are seen."""
        self.httpd = http.server.ThreadingHTTPServer((HOST, port), make_handler(self.out, self.state))
        self.httpd.daemon_threads = True  # open event streams must not hold up shutdown
        self._http_thread: threading.Thread | None = None
        prepare_markdown()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def rebuild(self, changed: Collection[Path] | None = None) -> BuildResult:
        """One build (the pipeline redoes only what changed); prints its diagnostics and tells open pages.

        `changed`: the files changed since the last rebuild, as the watcher saw them (only their
        threads' folders are read again); None looks at every file of the site.
        The pages come first, with the last search index, so an edit shows at once; the index is
        then refreshed by a second build that has nothing else left to do."""
        started = time.perf_counter()
        result = build(self.site, self.out, strict=False, cache=self.cache, fresh_search=False, changed=changed)
        for diagnostic in result.diagnostics:
            print(format_diagnostic(diagnostic), file=self.log)
        seconds = time.perf_counter() - started
        if result.ok:
            print(f"built in {seconds:.2f}s; serving {self.url}", file=self.log, flush=True)
        else:
            print(f"build failed in {seconds:.2f}s: still serving the last good output", file=self.log, flush=True)
        self.state.publish([] if result.ok else banner_lines(result.diagnostics))
        if result.ok and result.config is not None and result.config.search:
            started = time.perf_counter()
            refreshed = build(self.site, self.out, strict=False, cache=self.cache, changed=())
            if refreshed.written:
                print(f"search index refreshed in {time.perf_counter() - started:.2f}s", file=self.log, flush=True)
        return result

    def start(self) -> None:
        self._http_thread = threading.Thread(target=self.httpd.serve_forever, name="threadnote-http", daemon=True)
        self._http_thread.start()

    def watch(self, stop: threading.Event, on_change: Callable[[Collection[Path] | None], object] | None = None) -> None:
        """Rebuild on every batch of changes until `stop` is set. Runs in the calling thread so that
        Ctrl-C reaches it; the watchers run in threads of their own and feed a queue. They are
        replaced when a rebuild finds that site.yaml names other exports (or their folders appear)."""
        changes: queue.Queue[str] = queue.Queue()
        rebuild = on_change or self.rebuild
        plan = self._plan()
        watchers = self._start_watchers(plan, changes)
        self.watching.set()
        # a change made before the watchers were installed was seen by no one: the first
        # rebuild looks at every file
        looked_at_all = False
        try:
            while not stop.is_set():
                try:
                    first = changes.get(timeout=0.25)
                except queue.Empty:
                    continue
                changed = {Path(first), *map(Path, _drain(changes, DEBOUNCE_SECONDS))}
                if stop.is_set():
                    break
                rebuild(changed if looked_at_all else None)
                looked_at_all = True
                if (replanned := self._plan()) != plan:
                    watchers.set()
                    plan, watchers = replanned, self._start_watchers(replanned, changes)
        finally:
            watchers.set()

    def _plan(self) -> _WatchPlan:
        imports = import_paths(self.site)
        recursive, alone = watched_folders(self.site, imports)
        return _WatchPlan(imports, tuple(recursive), tuple(alone))

    def _start_watchers(self, plan: _WatchPlan, changes: queue.Queue[str]) -> threading.Event:
        """Watchers of the plan's folders, installed when this returns; setting the event returned stops them."""
        # content/ and templates/ recursively; the site root (and the exports' folders) without
        # recursion, so a big output/ or .venv beside them costs nothing
        stop = threading.Event()
        readies = []
        for paths, recursive in ((plan.recursive, True), (plan.alone, False)):
            if not paths:
                continue
            ready = threading.Event()
            thread = threading.Thread(
                target=self._watch_paths,
                args=(list(paths), recursive, plan.imports, stop, changes, ready),
                name="threadnote-watch",
                daemon=True,
            )
            thread.start()
            readies.append(ready)
        for ready in readies:
            ready.wait(5)
        return stop

    def _watch_paths(
        self,
        paths: list[Path],
        recursive: bool,
        imports: frozenset[Path],
        stop: threading.Event,
        changes: queue.Queue[str],
        ready: threading.Event,
    ) -> None:
        default = watchfiles.DefaultFilter()

        def wanted(change: watchfiles.Change, path: str) -> bool:
            return default(change, path) and is_watched(self.site, path, imports)

        for batch in watchfiles.watch(
            *paths,
            watch_filter=wanted,
            stop_event=stop,
            debounce=int(DEBOUNCE_SECONDS * 1000),
            rust_timeout=WATCH_TIMEOUT_MS,
            yield_on_timeout=True,
            recursive=recursive,
            raise_interrupt=False,
        ):
            ready.set()  # the first (empty) yield comes once the watcher is installed
            for _, path in batch:
                changes.put(path)

    def close(self) -> None:
        self.state.close()
        if self._http_thread is not None:  # shutdown() waits for serve_forever, which never ran otherwise
            self.httpd.shutdown()
            self._http_thread.join(5)
        self.httpd.server_close()


@dataclass(frozen=True, slots=True)
class _WatchPlan:
    """What serve watches: the exports site.yaml names, and the folders watched for them and the rest."""

    imports: frozenset[Path]
    recursive: tuple[Path, ...]
    alone: tuple[Path, ...]
    """Watched without recursion."""


def _drain(changes: queue.Queue[str], quiet: float) -> list[str]:
    """The changes that come until none has come for `quiet` seconds."""
    found = []
    while True:
        try:
            found.append(changes.get(timeout=quiet))
        except queue.Empty:
            return found


def run_serve(site: Path, out: Path, port: int) -> int:
    """The `serve` command: exit 0 on Ctrl-C, 2 when the port cannot be had."""
    try:
        server = DevServer(site, out, port)
    except OSError as exc:
        print(f"error: cannot serve on {HOST}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    stop = threading.Event()
    try:
        server.rebuild()
        server.start()
        print(
            f"serving {server.url} (Ctrl-C to stop); watching content/, templates/, site.yaml and its imports",
            file=sys.stderr,
            flush=True,
        )
        server.watch(stop)
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
    finally:
        stop.set()
        server.close()
    return 0
