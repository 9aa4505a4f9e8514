"""Command line: build, check, note and serve. The only place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ..build.pipeline import build
from ..diagnostics import Diagnostic, Severity, format_diagnostic
from .progress import ProgressBar

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "check", "note", "serve")
_HELD: list[object] = []
"""The last build's result, held until the process ends (see `exit_now`)."""


EXIT_OUTPUT_LOST = 120
"""Python's own exit code when it cannot flush its output at exit."""


def exit_now(code: int) -> NoReturn:
    """End the process without freeing the last build's objects one by one: at 100,000 comments
    that took two thirds of a second after the work was done. Everything is written, closed and
    waited for by then (forked workers and children included); only the streams need a flush.
    Under a profiler or a coverage tracer the process ends as usual, so that they write their reports."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # a reader that has read enough (`... | head`)
            pass
        except (OSError, ValueError) as exc:  # a full disk: the output is lost, and must be said to be
            with contextlib.suppress(OSError):
                os.write(2, f"error: output lost: {exc}\n".encode())
            code = code or EXIT_OUTPUT_LOST
    os._exit(code)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py", description="Build an annotated comment-thread archive.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site into the output folder (the default)")
    _site_options(build_cmd, output=True)
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings (orphaned notes, ...) as errors")
    build_cmd.add_argument("--jobs", type=_positive, default=None, metavar="N", help="build threads on N processes (default: every core)")
    build_cmd.add_argument(
        "--cluster", default=None, metavar="local|tcp://HOST:PORT",
        help="run the thread tasks on a Dask cluster: one started on this machine, or an existing scheduler whose workers see the site folder",
    )
    check = commands.add_parser("check", help="validate config, threads and notes; write nothing")
    _site_options(check)
    check.add_argument("--lenient", action="store_true", help="exit 0 when there are only warnings")
    check.add_argument("--boundaries", action="store_true", help="also list comment boundaries the reader was unsure of")
    note = commands.add_parser("note", help="print a YAML stub for a note on a comment")
    note.add_argument("target", nargs="+", help="a comment id or some exact words of the comment")
    _site_options(note)
    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on change")
    _site_options(serve, output=True)
    serve.add_argument("--port", type=int, default=8000)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes: {text!r}")
    return value


def _site_options(parser: argparse.ArgumentParser, output: bool = False) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    if output:
        parser.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/output)")


def main(argv: Sequence[str] | None = None) -> int:
    _HELD.clear()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help")):
        args_list.insert(0, "build")
    try:
        args = make_parser().parse_args(args_list)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    if not (args.site / "site.yaml").is_file() and not args.site.is_dir():
        print(f"error: site folder '{args.site}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            from .commands import run_check

            return run_check(args.site, lenient=args.lenient, boundaries=args.boundaries)
        if args.command == "note":
            from .commands import run_note

            return run_note(args.site, " ".join(args.target))
        if args.command == "serve":
            from .serve import run_serve

            return run_serve(args.site, args.out or args.site / "output", args.port)
        return run_build(args.site, args.out or args.site / "output", args.strict, args.jobs, args.cluster)
    except KeyboardInterrupt:
        return 130


def run_build(site: Path, out: Path, strict: bool, jobs: int | None = None, cluster: str | None = None) -> int:
    bar = ProgressBar()
    try:
        result = build(site, out, strict=strict, progress=bar, jobs=jobs, cluster=cluster)
        _HELD.append(result)
    finally:
        bar.finish()
    print_diagnostics(result.diagnostics)
    if not result.ok:
        print(f"build failed: {count_errors(result.diagnostics)} error(s); {out} was left as it was", file=sys.stderr)
        return EXIT_ERRORS
    comments = sum(s.comments for s in result.summaries)
    notes = sum(s.notes for s in result.summaries)
    quotes = sum(s.quotes for s in result.summaries)
    timing = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.timings.items())
    print(f"built {len(result.summaries)} thread(s): {comments} comments, {quotes} quotes, {notes} notes; {result.written} files written, {result.unchanged} unchanged in {out} ({timing})", file=sys.stderr)
    return EXIT_OK


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)


def count_errors(diagnostics: Sequence[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)
