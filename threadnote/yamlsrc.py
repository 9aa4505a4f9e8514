"""YAML loading that keeps a line and column for every key and item; refuses aliases, tags and duplicate keys."""

from __future__ import annotations

import datetime

import yaml
from yaml.error import Mark

from .diagnostics import Diagnostic, error
from .model import Location

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_YAML_BYTES = 2_000_000
"""Editors' files are small; a larger one is refused before parsing."""
_scalars = yaml.SafeLoader("")
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
"""Tags a hand-written file resolves to; any other (`!!python/...`, `!!binary`, `!local`) is refused."""
ALLOWED_TAGS = PLAIN_TAGS | {f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "merge", "value")}
"""Tags a walked node may have: `merge` and `value` are what a plain `<<` or `=` resolve to (read as text)."""
STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_SafeLoader):
    """The safe loader with tag resolution made cheap: PyYAML matches each plain scalar against
    regular expressions in Python, and a notes file repeats the same keys and words thousands of
    times, so each distinct one is resolved once per file."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[type[yaml.Node], str | None, object], str] = {}

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: object) -> str:
        # Without path resolvers (a safe loader has none) the tag depends on these three alone.
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    # These steps of the walk serve path resolvers only.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class Node:
    """A YAML value with where it stands; mappings and lists hold Nodes.

    A notes file has thousands of nodes and shows the place of few, so a Node keeps PyYAML's
    marks and makes a Location only when asked.
    """

    __slots__ = ("_key_marks", "_mark", "_path", "value")

    def __init__(self, value: object, path: str, mark: Mark, key_marks: dict[str, Mark] | None = None):
        self.value = value
        self._path = path
        self._mark = mark
        self._key_marks = key_marks

    @property
    def location(self) -> Location:
        return _location(self._path, self._mark)

    def key_location(self, key: str) -> Location:
        """For a mapping: where a key stands."""
        assert self._key_marks is not None
        return _location(self._path, self._key_marks[key])

    def get(self, key: str) -> Node | None:
        assert isinstance(self.value, dict)
        found = self.value.get(key)
        return found if isinstance(found, Node) else None


def decode_text(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (a BOM is dropped); name the first bad byte's line, column and offset."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"file is not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
        return None, [error(Location(path, line, column), message)]


ItemKey = tuple[str, int, int]
"""A list item's text as written, and the line and column where it starts."""


def parse_yaml(text: str, path: str, reuse: dict[ItemKey, Node] | None = None) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into Nodes; syntax errors, aliases, tags and duplicate keys are errors.

    With `reuse`, the mapping items of lists that convert without a problem are kept there by
    their text and place, and the next parse of the file takes them from it instead of converting
    them again: in `serve`, an edit to one note converts that note only. An item that converted
    without a problem holds no alias and its tags were allowed, so nothing outside its text can
    change its values but a directive (`%TAG` changes what tags mean): a file with one reuses
    nothing. A reused item's nodes are still walked when the file has an anchor (an `&`
    anywhere), so that an alias into it, or out of it, is refused as in a fresh parse."""
    if len(text) > MAX_YAML_BYTES:
        return None, [error(Location(path, 1), f"file is larger than {MAX_YAML_BYTES} bytes")]
    try:
        root = yaml.compose(text, Loader=_Loader)
        if root is None:
            return None, []
        # libyaml counts from after a byte-order mark; directives come before the root node
        body = text.removeprefix("\ufeff")
        reusable = reuse if reuse is not None and "%" not in body[: root.start_mark.index] else None
        # no `&`, no anchor, no alias: a reused item shares nothing with the rest of the file
        converter = _Converter(path, body, reusable, walk_reused="&" in body)
        node = converter.convert(root)
        if reuse is not None:
            reuse.clear()
            reuse.update(converter.kept)
        return node, converter.diagnostics
    except _Refused as refused:
        return None, [_first_refusal(text, path, refused.node)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1)
        return None, [error(where, syntax_message(exc, text))]
    except yaml.YAMLError as exc:
        return None, [error(Location(path, 1), f"YAML: {exc}")]


class _Refused(Exception):
    """An alias or a tag met while converting; _first_refusal says which and where."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__(node.tag)
        self.node = node


def _first_refusal(text: str, path: str, node: yaml.Node) -> Diagnostic:
    """Read the events again for the first refused one: the alias's own place and name, which
    the composed nodes no longer carry (an alias is just a second path to the same node)."""
    for event in yaml.parse(text, Loader=_Loader):
        refused = _refused(event)
        if refused:
            at = event.start_mark
            return error(Location(path, at.line + 1, at.column + 1) if at else Location(path, 1), refused)
    at = node.start_mark  # a tag the resolver gave, not one written: no event names it
    return error(Location(path, at.line + 1, at.column + 1), f"YAML tag '{_short_tag(node.tag)}' is not allowed: write plain values")


def _refused(event: yaml.Event) -> str:
    """Why an event is refused before anything is built from it, or an empty string."""
    if isinstance(event, yaml.AliasEvent):
        # Aliases share objects, so a 400-byte file can expand into billions of values once
        # walked (the "billion laughs"); hand-written notes never need them.
        return f"YAML alias '*{event.anchor}' is not allowed: write the value out in full"
    tag = getattr(event, "tag", None)
    if tag and tag not in ALLOWED_TAGS:
        return f"YAML tag '{_short_tag(tag)}' is not allowed: write plain values"
    return ""


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's problem, after what it was reading and where that began, with a hint for tabs."""
    problem = exc.problem or ""
    context = exc.context_mark
    if exc.context and context is not None:
        where = f"line {context.line + 1}, column {context.column + 1}"
        message = f"YAML syntax: {exc.context} ({where}): {problem}" if problem else f"YAML syntax: {exc.context}"
    else:
        message = f"YAML syntax: {problem or exc.context}"
    mark = exc.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message += " (a tab: indent YAML with spaces)"
    return message


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _location(path: str, mark: Mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


class _Converter:
    """PyYAML's nodes to Nodes, for one parse."""

    def __init__(self, path: str, text: str, reusable: dict[ItemKey, Node] | None, walk_reused: bool) -> None:
        self.path = path
        self.text = text
        self.reusable = reusable
        """Items of the last parse, or None when this parse may reuse none."""
        self.walk_reused = walk_reused
        """Whether reused items are walked again (the file may have anchors)."""
        self.kept: dict[ItemKey, Node] = {}
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node) -> Node:
        _visit(node, self.seen)
        if isinstance(node, yaml.ScalarNode):  # most nodes: tested first
            return Node(_scalar(node), self.path, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        return Node([self._item(item) for item in node.value], self.path, node.start_mark)

    def _item(self, node: yaml.Node) -> Node:
        if self.reusable is None or not isinstance(node, yaml.MappingNode):
            return self.convert(node)
        start = node.start_mark
        key = (self.text[start.index : node.end_mark.index], start.line, start.column)
        found = self.reusable.get(key)
        if found is None:
            problems = len(self.diagnostics)
            found = self.convert(node)
            if len(self.diagnostics) > problems:
                return found  # its problems must be found again by the next parse
        elif self.walk_reused:
            self._walk(node)
        self.kept[key] = found
        return found

    def _walk(self, node: yaml.Node) -> None:
        """Visit every node below `node` without converting it (an alias met twice is refused).
        `_visit` spelt out in the loop: serve walks every reused note at every save."""
        seen = self.seen
        pending = [node]
        while pending:
            node = pending.pop()
            if id(node) in seen or node.tag not in ALLOWED_TAGS:
                raise _Refused(node)
            seen.add(id(node))
            if type(node) is yaml.MappingNode:
                for pair in node.value:
                    pending.extend(pair)
            elif type(node) is yaml.SequenceNode:
                pending.extend(node.value)

    def _mapping(self, node: yaml.MappingNode) -> Node:
        values: dict[str, Node] = {}
        key_marks: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _visit(key_node, self.seen)
            else:  # a complex key (`[a, b]: 1`) is walked whole: it may hold an anchor
                self._walk(key_node)
            key = str(_scalar(key_node))
            if key in values:
                first = key_marks[key].line + 1
                message = f"duplicate key '{key}' (first at line {first})"
                self.diagnostics.append(error(_location(self.path, key_node.start_mark), message))
                self._walk(value_node)  # not converted, but an anchor in it must count
                continue
            key_marks[key] = key_node.start_mark
            values[key] = self.convert(value_node)
        return Node(values, self.path, node.start_mark, key_marks)


def _visit(node: yaml.Node, seen: set[int]) -> yaml.Node:
    # Aliases share nodes, so a 400-byte file can expand into billions of values once walked
    # (the "billion laughs"): the walk stops at the first node met twice.
    if id(node) in seen or node.tag not in ALLOWED_TAGS:
        raise _Refused(node)
    seen.add(id(node))
    return node


def _scalar(node: yaml.Node) -> object:
    """The plain value of a scalar; a value YAML cannot read (`2026-13-45`) stays the text written."""
    if not isinstance(node, yaml.ScalarNode):
        return "<complex key>"
    if node.tag == STR_TAG or node.tag not in PLAIN_TAGS:  # text as written; other tags are refused
        return node.value
    try:  # the tag's own constructor: construct_object would remember every node it ever saw
        value = _scalars.yaml_constructors[node.tag](_scalars, node)
    except Exception:  # noqa: BLE001 - on text tagged by hand they fail every way: `!!int +` IndexError, `!!bool x` KeyError
        return node.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
