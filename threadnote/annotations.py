"""Read an editors' notes file (`notes/*.yaml`) into notes and structural corrections."""

from __future__ import annotations

import hashlib

from .diagnostics import Diagnostic, did_you_mean, error
from .model import Correction, Location, Note, NotesFile
from .yamlsrc import Fields, Node, parse_yaml

NOTE_TYPES = ("note", "context", "fact-check", "moderation", "translation", "correction")
VERDICTS = ("true", "false", "misleading", "mixed", "unverifiable")
ACTIONS = ("flag", "hide", "redact")
FILE_KEYS = {"editor", "date", "notes", "thread", "comments"}
NOTE_KEYS = {
    "comment", "text", "prefix", "suffix", "type", "verdict", "claim", "action", "reason",
    "language", "translation", "body", "editor", "date", "tags", "sources",
}
THREAD_KEYS = {"source_url", "published", "summary", "notes"}
CORRECTION_KEYS = {"merge", "split", "at", "comment", "author", "quote_of"}


def parse_annotations(text: str, path: str) -> tuple[NotesFile, list[Diagnostic]]:
    """Check one notes file; every problem is a diagnostic with its line and column."""
    root, diagnostics = parse_yaml(text, path)
    if root is None:
        return NotesFile(path), diagnostics
    fields = Fields(root, "a notes file", FILE_KEYS, diagnostics)
    defaults = {"editor": fields.text("editor"), "date": fields.text("date")}
    notes = tuple(_note(item, path, defaults, diagnostics, thread_level=False) for item in fields.items("notes"))
    thread_meta: list[tuple[str, str]] = []
    thread_notes: tuple[Note | None, ...] = ()
    thread_node = fields.mapping("thread")
    if thread_node is not None:
        thread_fields = Fields(thread_node, "thread", THREAD_KEYS, diagnostics)
        for key in ("source_url", "published", "summary"):
            value = thread_fields.text(key)
            if value:
                thread_meta.append((key, value))
        thread_notes = tuple(
            _note(item, path, defaults, diagnostics, thread_level=True) for item in thread_fields.items("notes")
        )
    corrections = [c for item in fields.items("comments") for c in _corrections(item, diagnostics)]
    return (
        NotesFile(
            path=path,
            notes=_numbered(notes),
            corrections=tuple(corrections),
            thread_meta=tuple(thread_meta),
            thread_notes=_numbered(thread_notes),
        ),
        diagnostics,
    )


def _numbered(notes: tuple[Note | None, ...]) -> tuple[Note, ...]:
    return tuple(n for n in notes if n is not None)


def _note(item: Node, path: str, defaults: dict[str, str | None], diagnostics: list[Diagnostic], thread_level: bool) -> Note | None:
    fields = Fields(item, "a note", NOTE_KEYS - ({"comment", "text", "prefix", "suffix"} if thread_level else set()), diagnostics)
    if not isinstance(item.value, dict):
        return None
    count_before = len(diagnostics)
    note_type = fields.text("type", "note") or "note"
    if note_type not in NOTE_TYPES:
        diagnostics.append(error(fields.location("type"), f"unknown note type '{note_type}'{did_you_mean(note_type, NOTE_TYPES)}"))
    verdict = _choice(fields, "verdict", VERDICTS, required=note_type == "fact-check")
    action = _choice(fields, "action", ACTIONS, required=note_type == "moderation")
    reason = fields.text("reason")
    if note_type == "moderation" and not reason:
        diagnostics.append(error(item.location, "a moderation note needs a 'reason'"))
    translation = fields.text("translation")
    if note_type == "translation" and not translation:
        diagnostics.append(error(item.location, "a translation note needs a 'translation'"))
    body = fields.text("body", "") or ""
    if not body and note_type not in ("moderation", "translation"):
        diagnostics.append(error(item.location, "a note needs a 'body'"))
    comment, text = fields.text("comment"), fields.text("text")
    if not thread_level and not comment and not text:
        diagnostics.append(error(item.location, "a note needs 'comment:' (an id), 'text:' (exact words), or both"))
    sources = fields.texts("sources")
    for source in sources:
        if not source.startswith(("https://", "http://")):
            where = fields.values["sources"]
            diagnostics.append(error(where.location, f"source '{source}' is not an http(s) URL"))
    if len(diagnostics) > count_before:
        return None
    return Note(
        id="n-" + hashlib.blake2b(f"{comment}|{text}|{note_type}|{body[:80]}".encode(), digest_size=5).hexdigest(),
        type=note_type,
        body=body,
        location=item.location,
        editor=fields.text("editor", defaults["editor"]),
        date=fields.text("date", defaults["date"]),
        tags=fields.texts("tags"),
        sources=sources,
        verdict=verdict,
        claim=fields.text("claim"),
        action=action,
        reason=reason,
        language=fields.text("language"),
        translation=translation,
        comment=comment,
        text=text,
        prefix=fields.text("prefix"),
        suffix=fields.text("suffix"),
    )


def _choice(fields: Fields, key: str, choices: tuple[str, ...], required: bool) -> str | None:
    value = fields.text(key)
    if value is None:
        if required:
            fields.diagnostics.append(error(fields.node.location, f"'{key}' is required here: one of {', '.join(choices)}"))
        return None
    if value not in choices:
        hint = did_you_mean(value, choices)
        fields.diagnostics.append(error(fields.location(key), f"unknown {key} '{value}': use one of {', '.join(choices)}{hint}"))
        return None
    return value


def _corrections(item: Node, diagnostics: list[Diagnostic]) -> list[Correction]:
    fields = Fields(item, "a comment correction", CORRECTION_KEYS, diagnostics)
    where = item.location
    found: list[Correction] = []
    merged = fields.texts("merge")
    if merged:
        if len(merged) < 2:
            diagnostics.append(error(fields.location("merge"), "'merge' needs at least two comment ids"))
        else:
            found.append(Correction("merge", fields.location("merge"), merged))
    split = fields.text("split")
    if split:
        at = fields.text("at")
        if not at:
            diagnostics.append(error(where, "'split' needs 'at': the words the new comment starts with"))
        else:
            found.append(Correction("split", fields.location("split"), (split,), at))
    comment = fields.text("comment")
    for key in ("author", "quote_of"):
        value = fields.text(key)
        if value is None:
            continue
        if not comment:
            diagnostics.append(error(fields.location(key), f"'{key}' needs 'comment:' naming the comment it corrects"))
        else:
            found.append(Correction(key, fields.location(key), (comment,), value))
    if not found and not diagnostics:
        diagnostics.append(error(where, "a comment correction needs 'merge', 'split', 'author' or 'quote_of'"))
    return found
