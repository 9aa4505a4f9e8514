"""Read a Staticman / Jekyll comments folder (`comments/*.yml`): one comment per file, every value as text."""

from __future__ import annotations

import re

import yaml

from ..dates import iso_time
from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from ..yamlsrc import MAX_YAML_BYTES
from .markdown_body import parse_markdown
from .record import Export, SourceComment, epoch_time, unpack_files, wide_encoding

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PARENT_KEYS = ("replying_to_uid", "reply_to", "parent", "replyID", "parent_id")
"""The fields real blogs name a reply's parent `_id` in (each site's `staticman.yml` picks one)."""
INDEX_KEY = "replying_to"
"""A 1-based position among the comments in file-name order (the Made Mistakes theme): a parent too."""
ID_KEYS = ("_id", "id", "uid")
EPOCH = re.compile(r"^\d+(?:\.\d+)?$")
"""A date given as Unix seconds (or milliseconds), maybe with a fraction."""
BODY_KEYS = ("message", "comment", "body", "text")
NAME_KEYS = ("name", "author", "username")
YAML_NAMES = (".yml", ".yaml")
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters YAML refuses anywhere in a file, even quoted: removed, and told, so the comment is kept."""


def read_staticman(blob: bytes, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """Every file present is published (moderation happened before the commit)."""
    diagnostics: list[Diagnostic] = []
    export = Export("staticman")
    entries: list[tuple[str, dict[str, tuple[str, int]]]] = []
    for name, data in unpack_files(blob):
        if name.endswith(YAML_NAMES):
            where = f"{path}/{name}"
            values = _values(data, where, diagnostics)
            if values is not None:
                entries.append((where, values))
    ids = [_ident(values) for _, values in entries]
    for where, values in entries:
        comment = _comment(where, values, ids, diagnostics)
        if comment is not None:
            export.comments.append(comment)
        page = values.get("_parent", ("", 0))[0]
        if page.startswith(("http://", "https://")) and export.source_url is None:
            export.source_url = page
    if not export.comments:
        diagnostics.append(error(Location(path), "no comment here: a comments folder holds one .yml file per comment"))
    return [export], diagnostics


def _values(data: bytes, where: str, diagnostics: list[Diagnostic]) -> dict[str, tuple[str, int]] | None:
    """The file's top-level scalars as written, with their lines: YAML would make `no` false and
    `1111` a number. Only composed, never constructed, so no tag runs and no alias is expanded."""
    if len(data) > MAX_YAML_BYTES:
        diagnostics.append(warning(Location(where), f"larger than {MAX_YAML_BYTES} bytes: left out"))
        return None
    wide = wide_encoding(data)
    encoding, data = (wide[1], data[len(wide[0]):]) if wide else ("utf-8-sig", data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        # a Latin-1 file saved as UTF-8 by hand: its comment is kept, the odd bytes shown as U+FFFD
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        at = Location(where, data.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1)
        diagnostics.append(warning(at, f"byte 0x{data[exc.start]:02x} is not {encoding.removesuffix('-sig')}: "
                                       "bytes that are not were replaced by U+FFFD"))
        text = data.decode(encoding, "replace")
    if (bad := UNPRINTABLE.search(text)) is not None:
        line = text.count("\n", 0, bad.start()) + 1
        diagnostics.append(warning(Location(where, line), f"control character 0x{ord(bad.group()):02x} removed"
                                                          " (and any more in the file)"))
        text = UNPRINTABLE.sub("", text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = Location(where, mark.line + 1, mark.column + 1) if mark else Location(where)
        diagnostics.append(warning(at, f"not YAML ({exc.problem}): left out"))
        return None
    if not isinstance(root, yaml.MappingNode):
        diagnostics.append(warning(Location(where, 1), "a comment file must be a mapping: left out"))
        return None
    return {
        key.value: (value.value, value.start_mark.line + 1 + (value.style in ("|", ">")))
        for key, value in root.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }


def _comment(where: str, values: dict[str, tuple[str, int]], ids: list[str], diagnostics: list[Diagnostic]) -> SourceComment | None:
    body = next((values[k] for k in BODY_KEYS if values.get(k, ("", 0))[0].strip()), None)
    if body is None:
        diagnostics.append(warning(Location(where, 1), f"no {' or '.join(BODY_KEYS)}: left out"))
        return None
    date, date_line = values.get("date", ("", 0))
    date = date.strip()
    time = epoch_time(date) if EPOCH.match(date) else iso_time(date)
    if date and time is None:
        diagnostics.append(warning(Location(where, date_line), f"date '{date[:40]}' is not a date: left undated"))
    return SourceComment(
        source_id=_ident(values) or None,
        parent_id=_parent(values, ids),
        author=next((values[k][0].strip() for k in NAME_KEYS if values.get(k, ("", 0))[0].strip()), None),
        time=time,
        paragraphs=parse_markdown(body[0], body[1]),
        location=Location(where, 1),
    )


def _ident(values: dict[str, tuple[str, int]]) -> str:
    return next((values[k][0].strip() for k in ID_KEYS if values.get(k, ("", 0))[0].strip()), "")


def _parent(values: dict[str, tuple[str, int]], ids: list[str]) -> str | None:
    """The parent's id; `0` names none, as an empty value does. `replying_to` holds a position
    where it is a number, and an id where a site's form puts one there."""
    for key in PARENT_KEYS:
        found = values.get(key, ("", 0))[0].strip()
        if found and found != "0":
            return found
    index = values.get(INDEX_KEY, ("", 0))[0].strip()
    if not index.isdigit():
        return index or None
    return ids[int(index) - 1] or None if 1 <= int(index) <= len(ids) else None
