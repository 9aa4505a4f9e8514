"""The `check` and `note` commands: reports for editors, printed by the CLI."""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from ..build.pipeline import analyse
from ..diagnostics import Severity, did_you_mean, format_diagnostic
from ..model import AnnotatedThread, Boundary, Comment, Location, Note, Span
from ..notes.anchors import closest_words, find_words
from ..notes.annotations import NOTE_TYPES, VERDICTS

EXIT_OK, EXIT_ERRORS = 0, 1
STUB_WORDS = 12
"""Words of the comment shown on the stub's comment line, to recognise it by."""


def run_check(site: Path, lenient: bool, boundaries: bool) -> int:
    """Print every problem on stdout; exit 1 on errors, and on warnings too unless --lenient.

    Warnings (an orphaned or re-anchored note) do not stop a build, but `check` is what editors
    and CI run before publishing, so by default it fails on them; --lenient lets them pass.
    """
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
        paragraph = thread.paragraphs[boundary.after]
        lines.append(f"{thread.path}:{paragraph.line}: info: {_describe(boundary, before, after, paragraph.text)}")
    return lines


def _describe(boundary: Boundary, before: Comment, after: Comment, text: str) -> str:
    start = " ".join(text.split()[:6])
    if before.id != after.id:
        return f"uncertain boundary, split ({boundary.reason}); to join: - merge: [{before.id}, {after.id}]"
    return f"uncertain boundary, joined ({boundary.reason}); to split: - split: {before.id}\n    at: \"{start}\""


@dataclass(frozen=True, slots=True)
class Found:
    """One comment that the `note` command's target names, with where the words stand in it."""

    annotated: AnnotatedThread
    comment: Comment
    spans: tuple[Span, ...] = ()


def run_note(site: Path, target: str, today: str | None = None) -> int:
    """Print a YAML stub for a note on the comment named by id or by exact words."""
    result, _ = analyse(site)
    if result.config is None:
        for diagnostic in result.diagnostics:
            print(format_diagnostic(diagnostic), file=sys.stderr)
        print("error: the site cannot be read; run `python build.py check`", file=sys.stderr)
        return EXIT_ERRORS
    found = find_target(result.threads, target)
    if len(found) != 1:
        print(no_single_match(result.threads, target, found), file=sys.stderr)
        return EXIT_ERRORS
    words = None if _is_id(found[0], target) else " ".join(target.split())
    print(note_stub(found[0], words, today or datetime.date.today().isoformat()), end="")
    return EXIT_OK


def find_target(threads: list[AnnotatedThread], target: str) -> list[Found]:
    """The comments with that id, or else the comments whose paragraphs hold those exact words."""
    by_id = [Found(a, c) for a in threads for c in a.thread.comments if c.id == target.strip()]
    if by_id:
        return by_id
    probe = Note(id="", type="note", body="", location=Location(""), text=target)
    found = []
    for annotated in threads:
        spans = find_words(annotated.thread, probe, range(len(annotated.thread.paragraphs)))
        for comment in annotated.thread.comments:
            inside = tuple(s for s in spans if s.paragraph in comment.paragraph_range)
            if inside:
                found.append(Found(annotated, comment, inside))
    return found


def _is_id(found: Found, target: str) -> bool:
    return found.comment.id == target.strip()


def note_stub(found: Found, words: str | None, today: str) -> str:
    """A notes-file fragment that passes `check` as it is, with every field to fill in."""
    thread, comment = found.annotated.thread, found.comment
    first = " ".join(" ".join(p.text for p in comment.paragraphs).split()[:STUB_WORDS])
    author = f" {comment.author}" if comment.author else ""
    lines = [
        f"# content/{thread.slug}/notes/<your-file>.yaml  ({thread.title})",
        "notes:",
        f"  # #{comment.number}{author}: {first}…",
        f"  - comment: {comment.id}",
    ]
    if words:
        lines.append(f"    text: {json.dumps(words, ensure_ascii=False)}")
        if len(found.spans) > 1:
            lines.append(f"    # these words stand {len(found.spans)} times in this comment: add prefix: or suffix:")
            lines.append('    # prefix: "the words just before"')
    else:
        lines.append('    # text: "exact words to highlight"')
    lines += [
        f"    type: note            # {' | '.join(NOTE_TYPES)}",
        f"    date: {today}",
        "    tags: []",
        "    sources: []           # http(s) URLs",
        f"    # verdict: false      # fact-check: {' | '.join(VERDICTS)}; with claim:",
        "    # action: flag        # moderation: flag | hide | redact; with reason:",
        "    # language: zh        # translation: with translation:",
        "    body: |",
        "      Write the note here (Markdown).",
    ]
    return "\n".join(lines) + "\n"


def no_single_match(threads: list[AnnotatedThread], target: str, found: list[Found]) -> str:
    """Why the target names no comment, or which comments it names."""
    if found:
        places = ", ".join(f"{f.annotated.thread.slug} #{f.comment.number} ({f.comment.id})" for f in found[:8])
        more = ", ..." if len(found) > 8 else ""
        return f"error: '{target}' stands in {len(found)} comments: {places}{more}; give more words or the comment id"
    if target.startswith("c-") and " " not in target.strip():
        ids = [c.id for a in threads for c in a.thread.comments]
        return f"error: no comment has the id '{target}'{did_you_mean(target.strip(), ids)}"
    best: tuple[float, str] | None = None
    for annotated in threads:
        close = closest_words(annotated.thread, target, range(len(annotated.thread.paragraphs)))
        if close is not None and close[1] > 0.6 and (best is None or close[1] > best[0]):
            span = close[0]
            best = (close[1], annotated.thread.paragraphs[span.paragraph].text[span.start : span.end])
    hint = f" (closest: '{best[1]}')" if best else ""
    return f"error: no comment has the id or words '{target}'{hint}"
