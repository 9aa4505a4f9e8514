"""The `check` and `note` commands: reports for editors, printed by the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

from .anchors import closest_words
from .diagnostics import Severity, format_diagnostic
from .model import AnnotatedThread, Boundary, Comment
from .pipeline import analyse

EXIT_OK, EXIT_ERRORS = 0, 1
STUB_WORDS = 12


def run_check(site: Path, lenient: bool, boundaries: bool) -> int:
    """Print every problem; exit 1 on errors, and on warnings too unless --lenient."""
    result, _ = analyse(site)
    for diagnostic in result.diagnostics:
        print(format_diagnostic(diagnostic))
    if boundaries:
        for annotated in result.threads:
            for line in boundary_report(annotated):
                print(line)
    errors = sum(1 for d in result.diagnostics if d.severity is Severity.ERROR)
    warnings = len(result.diagnostics) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_ERRORS if errors or (warnings and not lenient) else EXIT_OK


def boundary_report(annotated: AnnotatedThread) -> list[str]:
    """One line per uncertain boundary, with the correction that would change the decision."""
    thread = annotated.thread
    owner = {p: c for c in thread.comments for p in c.paragraph_range}
    lines = []
    for boundary in thread.boundaries:
        before, after = owner.get(boundary.before), owner.get(boundary.after)
        if before is None or after is None:
            continue
        lines.append(f"{thread.path}:{thread.paragraphs[boundary.after].line}: info: {_describe(boundary, before, after, thread.paragraphs[boundary.after].text)}")
    return lines


def _describe(boundary: Boundary, before: Comment, after: Comment, text: str) -> str:
    start = " ".join(text.split()[:6])
    if before.id != after.id:
        return f"uncertain boundary, split ({boundary.reason}); to join: - merge: [{before.id}, {after.id}]"
    return f"uncertain boundary, joined ({boundary.reason}); to split: - split: {before.id}\n    at: \"{start}\""


def run_note(site: Path, target: str) -> int:
    """Print a YAML stub for a note on the comment named by id or by exact words."""
    result, _ = analyse(site)
    matches = [(a, c) for a in result.threads for c in a.thread.comments if c.id == target]
    if not matches:
        matches = [(a, c) for a in result.threads for c in a.thread.comments if any(target in p.text for p in c.paragraphs)]
    if len(matches) != 1:
        print(_no_single_match(result.threads, target, len(matches)), file=sys.stderr)
        return EXIT_ERRORS
    annotated, comment = matches[0]
    print(note_stub(annotated, comment, target if not target.startswith("c-") else None))
    return EXIT_OK


def note_stub(annotated: AnnotatedThread, comment: Comment, words: str | None) -> str:
    first = " ".join(comment.paragraphs[0].text.split()[:STUB_WORDS])
    text_line = f'    text: "{_yaml_escape(words)}"\n' if words else '    # text: "exact words to highlight"\n'
    return (
        f"# content/{annotated.thread.slug}/notes/<file>.yaml\n"
        f"notes:\n"
        f"  # #{comment.number}{' ' + comment.author if comment.author else ''}: {first}…\n"
        f"  - comment: {comment.id}\n"
        f"{text_line}"
        f"    type: note            # note | context | fact-check | moderation | translation | correction\n"
        f"    body: |\n"
        f"      Write the note here (Markdown).\n"
    )


def _yaml_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _no_single_match(threads: list[AnnotatedThread], target: str, count: int) -> str:
    if count > 1:
        return f"error: '{target}' matches {count} comments; give more words or the comment id"
    for annotated in threads:
        close = closest_words(annotated.thread, target, range(len(annotated.thread.paragraphs)))
        if close is not None and close[1] > 0.6:
            span = close[0]
            found = annotated.thread.paragraphs[span.paragraph].text[span.start : span.end]
            return f"error: no comment has the id or words '{target}' (closest: '{found}')"
    return f"error: no comment has the id or words '{target}'"
