"""Read an editors' notes file (`notes/*.yaml`) into notes and structural corrections.

The format is documented with an example of every field in docs/notes.md.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, did_you_mean, error
from ..fields import Fields
from ..model import Correction, Note, NotesFile
from ..recall import Recall
from ..yamlsrc import ItemKey, Node, parse_yaml

NOTE_TYPES = ("note", "context", "fact-check", "moderation", "translation", "correction")
VERDICTS = ("true", "false", "misleading", "mixed", "unverifiable")
ACTIONS = ("flag", "hide", "redact")
FILE_KEYS = {"editor", "date", "notes", "thread", "comments"}
TARGET_KEYS = {"comment", "text", "prefix", "suffix"}
COMMON_KEYS = {"type", "body", "editor", "date", "tags", "sources"}
TYPE_KEYS = {
    "verdict": "fact-check",
    "claim": "fact-check",
    "action": "moderation",
    "reason": "moderation",
    "language": "translation",
    "translation": "translation",
}
"""Keys that belong to one note type only; on any other type they are errors."""
NOTE_KEYS = TARGET_KEYS | COMMON_KEYS | set(TYPE_KEYS)
THREAD_KEYS = {"source_url", "published", "summary", "notes"}
CORRECTION_KEYS = {"merge", "split", "at", "comment", "author", "quote_of", "parent"}
COMMENT_CORRECTIONS = ("author", "quote_of", "parent")
"""What one `comment:` item may correct: who wrote it, whom it quotes, what it replies to."""
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BODY_OPTIONAL = ("moderation", "translation")
"""Types whose own fields (reason, translation) say enough without a body."""


@dataclass(slots=True)
class NotesReuse:
    """What the last parse of one notes file made, for its next parse in the same process."""

    items: dict[ItemKey, Node] = field(default_factory=dict)
    notes: Recall[Note] = field(default_factory=Recall)
    """Notes that had no problem, by their item (the very Node, which `items` hands out again)."""


def parse_annotations(text: str, path: str, reuse: NotesReuse | None = None) -> tuple[NotesFile, list[Diagnostic]]:
    """Check one notes file; every problem is a diagnostic with its line and column.

    With `reuse` (serve's rebuilds), notes whose text and place did not change are taken from the
    last parse of the file."""
    root, diagnostics = parse_yaml(text, path, reuse.items if reuse is not None else None)
    if root is None:
        return NotesFile(path), diagnostics
    fields = Fields(root, "a notes file", FILE_KEYS, diagnostics)
    defaults = {"editor": fields.text("editor"), "date": _date(fields, "date")}
    made = _NoteMaker(defaults, diagnostics, reuse.notes if reuse is not None else Recall())
    notes = tuple(made.note(item, thread_level=False) for item in fields.items("notes"))
    thread_meta: list[tuple[str, str]] = []
    thread_notes: tuple[Note | None, ...] = ()
    thread_node = fields.mapping("thread")
    if thread_node is not None:
        thread_fields = Fields(thread_node, "thread", THREAD_KEYS, diagnostics)
        for key in ("source_url", "published", "summary"):
            value = _date(thread_fields, key) if key == "published" else thread_fields.text(key)
            if key == "source_url" and value and not _is_url(value):
                diagnostics.append(error(thread_fields.location(key), f"source_url '{value}' is not an http(s) URL"))
            elif value:
                thread_meta.append((key, value))
        thread_notes = tuple(made.note(item, thread_level=True) for item in thread_fields.items("notes"))
    corrections = [c for item in fields.items("comments") for c in _corrections(item, diagnostics)]
    made.recalled.end_pass()
    return (
        NotesFile(
            path=path,
            notes=_present(notes),
            corrections=tuple(corrections),
            thread_meta=tuple(thread_meta),
            thread_notes=_present(thread_notes),
        ),
        diagnostics,
    )


class _NoteMaker:
    """Notes from items, taken from the last parse when the item is the same Node."""

    def __init__(self, defaults: dict[str, str | None], diagnostics: list[Diagnostic], recalled: Recall[Note]) -> None:
        self.defaults = defaults
        self.diagnostics = diagnostics
        self.recalled = recalled

    def note(self, item: Node, thread_level: bool) -> Note | None:
        context = (self.defaults["editor"], self.defaults["date"], thread_level)
        note = self.recalled.recall(item, context)
        if note is not None:
            return note
        problems = len(self.diagnostics)
        note = _note(item, self.defaults, self.diagnostics, thread_level)
        if note is not None and len(self.diagnostics) == problems:  # problems must be found again
            self.recalled.keep(item, note, context)
        return note


def _present(notes: tuple[Note | None, ...]) -> tuple[Note, ...]:
    return tuple(n for n in notes if n is not None)


def _is_url(value: str) -> bool:
    return value.startswith(("https://", "http://")) and len(value) > len("https://")


def _date(fields: Fields, key: str) -> str | None:
    """A `YYYY-MM-DD` date; YAML reads an unquoted date as a date, anything else is an error."""
    value = fields.text(key)
    if value is not None and not DATE.match(value):
        fields.diagnostics.append(error(fields.location(key), f"{key} '{value}' is not a date: write YYYY-MM-DD"))
        return None
    return value


def _note(item: Node, defaults: dict[str, str | None], diagnostics: list[Diagnostic], thread_level: bool) -> Note | None:
    """One note, or None when anything in it is wrong (each problem is reported)."""
    allowed = NOTE_KEYS - TARGET_KEYS if thread_level else NOTE_KEYS
    count_before = len(diagnostics)
    fields = Fields(item, "a thread note" if thread_level else "a note", allowed, diagnostics)
    if not isinstance(item.value, dict):
        return None
    # A misspelt key ("bdy") is reported once, as unknown; not again as the missing key it meant.
    meant = {_closest(key, allowed) for key in item.value if key not in allowed}
    note_type = fields.text("type", "note") or "note"
    verdict, action = _type_checks(fields, note_type, meant)
    _target_checks(fields, thread_level, meant)
    if thread_level and note_type == "moderation":
        diagnostics.append(error(item.location, "a moderation note acts on a comment: put it under 'notes:' with 'comment:'"))
    body = fields.text("body", "") or ""
    given = fields.values.get("body")
    if given is not None and not isinstance(given.value, (dict, list)) and not body.strip() and note_type not in BODY_OPTIONAL:
        diagnostics.append(error(fields.location("body"), "'body' is empty: write the note, in Markdown"))
    comment, text = fields.text("comment"), fields.text("text")
    sources = _sources(fields)
    date = _date(fields, "date")
    tags = fields.texts("tags")
    if len(diagnostics) > count_before:
        return None
    return Note(
        id=note_id(comment, text, note_type, body),
        type=note_type,
        body=body,
        location=item.location,
        editor=fields.text("editor", defaults["editor"]),
        date=date or defaults["date"],
        tags=tags,
        sources=sources,
        verdict=verdict,
        claim=fields.text("claim"),
        action=action,
        reason=fields.text("reason"),
        language=fields.text("language"),
        translation=fields.text("translation"),
        comment=comment,
        text=text,
        prefix=fields.text("prefix"),
        suffix=fields.text("suffix"),
    )


_NEEDS = {
    "reason": "why, shown to readers in place of or beside the comment",
    "language": "the language of the original words, such as zh",
    "translation": "the words in English",
}


def note_id(comment: str | None, text: str | None, note_type: str, body: str) -> str:
    """A note's id comes from what it says, not where it stands in its file, so it survives edits above it."""
    key = f"{comment}|{text}|{note_type}|{body[:80]}"
    return "n-" + hashlib.blake2b(key.encode(), digest_size=5).hexdigest()


def _type_checks(fields: Fields, note_type: str, meant: set[str]) -> tuple[str | None, str | None]:
    """The note's type, the keys that belong to other types, and the keys its type requires."""
    if note_type not in NOTE_TYPES:
        hint = did_you_mean(note_type, NOTE_TYPES)
        fields.diagnostics.append(error(fields.location("type"), f"unknown note type '{note_type}'{hint}"))
    else:
        _misplaced_keys(fields, note_type)
    verdict = _choice(fields, "verdict", VERDICTS, required=note_type == "fact-check" and "verdict" not in meant)
    action = _choice(fields, "action", ACTIONS, required=note_type == "moderation" and "action" not in meant)
    for key, kind in (("reason", "moderation"), ("language", "translation"), ("translation", "translation")):
        if note_type == kind and not fields.text(key) and key not in meant:
            fields.diagnostics.append(error(fields.node.location, f"a {kind} note needs '{key}:' ({_NEEDS[key]})"))
    body_given = "body" in fields.values or "body" in meant  # an empty or wrong body is reported by its reader
    if not body_given and note_type not in BODY_OPTIONAL:
        fields.diagnostics.append(error(fields.node.location, "a note needs 'body:' (Markdown)"))
    return verdict, action


def _target_checks(fields: Fields, thread_level: bool, meant: set[str]) -> None:
    """A note on a comment names it by id, by words, or both; prefix and suffix need words."""
    text = fields.text("text")
    if not thread_level and TARGET_KEYS.isdisjoint(fields.values) and TARGET_KEYS.isdisjoint(meant):
        fields.diagnostics.append(
            error(fields.node.location, "a note needs 'comment:' (an id), 'text:' (exact words), or both")
        )
    if text is not None and not text.strip():
        fields.diagnostics.append(error(fields.location("text"), "'text' is empty: give the exact words, or leave it out"))
    for key in ("prefix", "suffix"):
        if fields.text(key) and not text:
            fields.diagnostics.append(error(fields.location(key), f"'{key}' narrows 'text:', which this note does not have"))


def _closest(key: str, allowed: set[str]) -> str:
    hint = did_you_mean(key, allowed)
    return hint.split("'")[1] if hint else ""


def _misplaced_keys(fields: Fields, note_type: str) -> None:
    for key, owner in TYPE_KEYS.items():
        if key in fields.values and owner != note_type:
            fields.diagnostics.append(
                error(fields.node.key_location(key), f"'{key}' belongs to {owner} notes, not to a {note_type} note")
            )


def _sources(fields: Fields) -> tuple[str, ...]:
    sources = fields.texts("sources")
    for source in sources:
        if not _is_url(source):
            fields.diagnostics.append(error(fields.location("sources"), f"source '{source}' is not an http(s) URL"))
    return sources


def _choice(fields: Fields, key: str, choices: tuple[str, ...], required: bool) -> str | None:
    value = fields.text(key)
    if value is None:
        if required:
            message = f"a {TYPE_KEYS[key]} note needs '{key}:', one of {', '.join(choices)}"
            fields.diagnostics.append(error(fields.node.location, message))
        return None
    if value not in choices:
        hint = did_you_mean(value, choices)
        message = f"unknown {key} '{value}': use one of {', '.join(choices)}{hint}"
        fields.diagnostics.append(error(fields.location(key), message))
        return None
    return value


def _corrections(item: Node, diagnostics: list[Diagnostic]) -> list[Correction]:
    """One item of `comments:`: a merge, a split, or corrections of one comment's author, quote and parent."""
    count_before = len(diagnostics)
    fields = Fields(item, "a comment correction", CORRECTION_KEYS, diagnostics)
    if not isinstance(item.value, dict):
        return []
    found: list[Correction] = []
    merged = fields.texts("merge")
    if "merge" in fields.values:
        if len(merged) < 2:
            diagnostics.append(error(fields.location("merge"), "'merge' needs a list of at least two comment ids"))
        elif len(set(merged)) < len(merged):
            diagnostics.append(error(fields.location("merge"), "'merge' names a comment twice"))
        else:
            found.append(Correction("merge", fields.location("merge"), merged))
    split, at = fields.text("split"), fields.text("at")
    if split and not at:
        diagnostics.append(error(fields.location("split"), "'split' needs 'at:', the words the new comment starts with"))
    elif split and at:
        found.append(Correction("split", fields.location("split"), (split,), at))
    elif at:
        diagnostics.append(error(fields.location("at"), "'at' goes with 'split:', the comment to split"))
    comment = fields.text("comment")
    for key in COMMENT_CORRECTIONS:
        value = fields.text(key)
        if value is None:
            continue
        if not comment:
            diagnostics.append(error(fields.location(key), f"'{key}' needs 'comment:' naming the comment it corrects"))
        else:
            found.append(Correction(key, fields.location(key), (comment,), value))
    if comment and not set(COMMENT_CORRECTIONS) & set(fields.values):
        diagnostics.append(error(fields.location("comment"), "'comment' here needs 'author:', 'quote_of:' or 'parent:'"))
    if not found and len(diagnostics) == count_before:
        diagnostics.append(error(item.location, "a comment correction needs 'merge', 'split', 'author', 'quote_of' or 'parent'"))
    return found
