"""yamlsrc.py: YAML with a line and column for everything; aliases, tags, duplicates and bad bytes refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.diagnostics import Diagnostic
from threadnote.fields import Fields
from threadnote.model import Location
from threadnote.notes.annotations import NotesReuse, parse_annotations
from threadnote.yamlsrc import MAX_YAML_BYTES, Node, decode_text, parse_yaml

PATH = "notes/a.yaml"

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
j: &j [*i,*i,*i,*i,*i,*i,*i,*i,*i]
"""


def messages(text: str) -> list[str]:
    return [str(d) for d in parse_yaml(text, PATH)[1]]


def test_an_alias_bomb_is_refused_at_its_first_alias() -> None:
    assert len(ALIAS_BOMB.encode()) <= 400  # 9^10 "lol"s once walked
    node, problems = parse_yaml(ALIAS_BOMB, PATH)
    assert node is None
    assert [str(p) for p in problems] == [
        f"{PATH}:2:8: error: YAML alias '*a' is not allowed: write the value out in full"
    ]


def test_an_alias_bomb_in_a_notes_file_is_refused() -> None:
    notes_file, problems = parse_annotations(ALIAS_BOMB + "notes:\n  - text: x\n    body: *j\n", PATH)
    assert notes_file.notes == ()
    assert [str(p) for p in problems] == [f"{PATH}:2:8: error: YAML alias '*a' is not allowed: write the value out in full"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!python/object/apply:os.system [echo]\n", "1:4: error: YAML tag '!!python/object/apply:os.system' is not allowed: write plain values"),
        ("a: !!binary aGk=\n", "1:4: error: YAML tag '!!binary' is not allowed: write plain values"),
        ("a: !local x\n", "1:4: error: YAML tag '!local' is not allowed: write plain values"),
        ("a: !!set {x}\n", "1:4: error: YAML tag '!!set' is not allowed: write plain values"),
    ],
    ids=["python-object", "binary", "local-tag", "set"],
)
def test_tags_are_refused(text: str, message: str) -> None:
    assert parse_yaml(text, PATH)[0] is None
    assert messages(text) == [f"{PATH}:{message}"]


def test_plain_tags_are_allowed() -> None:
    node, problems = parse_yaml('a: !!str 12\nb: !!int "3"\n', PATH)
    assert problems == [] and node is not None
    assert isinstance(node.value, dict)
    assert {k: v.value for k, v in node.value.items()} == {"a": "12", "b": 3}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a: "open\n', "2:1: error: YAML syntax: while scanning a quoted scalar (line 1, column 4): found unexpected end of stream"),
        ("a: [1, 2\nb: 3\n", "2:2: error: YAML syntax: while parsing a flow sequence (line 1, column 4): did not find expected ',' or ']'"),
        ("a: 1\n  b: 2\n", "2:4: error: YAML syntax: mapping values are not allowed in this context"),
        ("\tkey: 1\n", "1:1: error: YAML syntax: while scanning for the next token (line 1, column 1): found character that cannot start any token (a tab: indent YAML with spaces)"),
        ("a: 1\n---\nb: 2\n", "2:1: error: YAML syntax: expected a single document in the stream (line 1, column 1): but found another document"),
    ],
    ids=["unclosed-string", "unclosed-list", "bad-indent", "tab", "two-documents"],
)
def test_syntax_errors_say_where_and_what(text: str, message: str) -> None:
    assert messages(text) == [f"{PATH}:{message}"]


def test_duplicate_keys_name_the_first() -> None:
    node, problems = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", PATH)
    assert [str(p) for p in problems] == [
        f"{PATH}:4:3: error: duplicate key 'c' (first at line 3)",
        f"{PATH}:5:1: error: duplicate key 'a' (first at line 1)",
    ]
    assert node is not None and node.value["a"].value == 1  # type: ignore[index]


def test_every_key_and_item_keeps_its_place() -> None:
    node, _ = parse_yaml("notes:\n  - text: x\n    body: |\n      b\n", PATH)
    assert node is not None
    notes = node.get("notes")
    assert notes is not None and node.key_location("notes") == Location(PATH, 1, 1)
    assert isinstance(notes.value, list)
    (item,) = notes.value
    assert isinstance(item, Node)
    assert item.location == Location(PATH, 2, 5)
    assert (item.key_location("text"), item.key_location("body")) == (Location(PATH, 2, 5), Location(PATH, 3, 5))
    body = item.get("body")
    assert body is not None and body.value == "b\n"


def test_values_yaml_cannot_read_stay_as_written() -> None:
    node, problems = parse_yaml("date: 2026-13-45\nwhen: 2026-11-28\n", PATH)
    assert problems == [] and node is not None
    assert (node.value["date"].value, node.value["when"].value) == ("2026-13-45", "2026-11-28")  # type: ignore[index]


def test_empty_and_comment_only_files_are_nothing() -> None:
    assert parse_yaml("", PATH) == (None, [])
    assert parse_yaml("# just a comment\n", PATH) == (None, [])


def test_a_huge_file_is_refused_before_parsing() -> None:
    assert messages("a: " + "x" * MAX_YAML_BYTES) == [f"{PATH}:1: error: file is larger than {MAX_YAML_BYTES} bytes"]


@pytest.mark.parametrize(
    ("data", "text", "message"),
    [
        ("notes: café\n".encode(), "notes: café\n", None),
        (b"\xef\xbb\xbfa: 1\n", "a: 1\n", None),
        (b"a: 1\nb: caf\xe9\n", None, "2:7: error: file is not UTF-8: byte 0xe9 at byte offset 11"),
        (b"\xff\xfea\x00", None, "1:1: error: file is not UTF-8: byte 0xff at byte offset 0"),
        ("a: é\n".encode()[:-2] + b"\n", None, "1:4: error: file is not UTF-8: byte 0xc3 at byte offset 3"),
    ],
    ids=["utf8", "bom-dropped", "latin1", "utf16", "cut-sequence"],
)
def test_decoding(data: bytes, text: str | None, message: str | None) -> None:
    decoded, problems = decode_text(data, PATH)
    assert decoded == text
    assert [str(p) for p in problems] == ([f"{PATH}:{message}"] if message else [])


def _fields(text: str) -> tuple[Fields, list[Diagnostic]]:
    node, problems = parse_yaml(text, PATH)
    assert node is not None and problems == []
    found: list[Diagnostic] = []
    return Fields(node, "a thing", {"name", "size", "tags", "sub"}, found), found


def test_fields_report_unknown_keys_with_a_suggestion() -> None:
    _, found = _fields("nmae: x\nsize: 3\n")
    assert [str(d) for d in found] == [f"{PATH}:1:1: error: unknown key 'nmae' in a thing (did you mean 'name'?)"]


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        ("size: 12\n", 12, None),
        ("size: twelve\n", 5, "1:7: error: 'size' must be a whole number"),
        ("size: true\n", 5, "1:7: error: 'size' must be a whole number"),
        ("size: 0\n", 5, "1:7: error: 'size' must be at least 1"),
    ],
    ids=["number", "word", "bool", "too-small"],
)
def test_fields_number(text: str, value: int, message: str | None) -> None:
    fields, found = _fields(text)
    assert fields.number("size", 5) == value
    assert [str(d) for d in found] == ([f"{PATH}:{message}"] if message else [])


def test_fields_texts_accept_one_or_many() -> None:
    assert _fields("tags: one\n")[0].texts("tags") == ("one",)
    assert _fields("tags: [one, 2]\n")[0].texts("tags") == ("one", "2")
    assert _fields("name: yes\n")[0].text("name") == "true"


def test_node_get_returns_nodes_only() -> None:
    node, _ = parse_yaml("a: 1\n", PATH)
    assert node is not None and node.location == Location(PATH, 1, 1)
    found = node.get("a")
    assert found is not None and (found.value, found.location) == (1, Location(PATH, 1, 4))
    assert node.get("b") is None


@pytest.mark.parametrize(("text", "key", "value"), [("body: =\n", "body", "="), ("a: 1\n<<: 2\n", "<<", 2)])
def test_plain_words_yaml_gives_special_tags_are_text(text: str, key: str, value: object) -> None:
    """A plain `=` or `<<` resolves to YAML's `value` or `merge` tag; written by hand, it is just text."""
    node, problems = parse_yaml(text, "n.yaml")
    assert problems == [] and node is not None
    found = node.get(key)
    assert found is not None and found.value == value


# ---------------------------------------------------------------- reuse between parses (serve)

NOTES_FILE = """\
editor: ann
notes:
  - comment: c-1
    body: first
  - comment: c-2
    body: second
"""


def plain(node: object) -> object:
    """A Node tree as values with their places, to compare two parses."""
    if not isinstance(node, Node):
        return node
    value = node.value
    if isinstance(value, dict):
        value = {key: (plain(item), node.key_location(key)) for key, item in value.items()}
    elif isinstance(value, list):
        value = [plain(item) for item in value]
    return (value, node.location)


def test_an_unchanged_item_is_the_same_node_and_an_edited_one_is_new() -> None:
    reuse: dict[tuple[str, int, int], Node] = {}
    first, _ = parse_yaml(NOTES_FILE, PATH, reuse)
    second, _ = parse_yaml(NOTES_FILE.replace("body: second", "body: second, edited"), PATH, reuse)
    assert first is not None and second is not None
    old, new = first.value["notes"].value, second.value["notes"].value  # type: ignore[index, union-attr]
    assert new[0] is old[0] and new[1] is not old[1]
    assert new[1].value["body"].value == "second, edited"
    assert len(reuse) == 2  # only what the last parse had


def test_an_item_that_moved_is_converted_again() -> None:
    """Its place is in its Nodes' locations."""
    reuse: dict[tuple[str, int, int], Node] = {}
    first, _ = parse_yaml(NOTES_FILE, PATH, reuse)
    second, _ = parse_yaml(NOTES_FILE.replace("editor: ann\n", "editor: ann\n# a comment\n"), PATH, reuse)
    assert first is not None and second is not None
    moved = second.value["notes"].value[0]  # type: ignore[index, union-attr]
    assert moved is not first.value["notes"].value[0]  # type: ignore[index, union-attr]
    assert moved.location == Location(PATH, 4, 5)


ALIASED = "editor: ann\n{first}\nnotes:\n  - comment: c-1\n    body: *a\n"


@pytest.mark.parametrize(
    "first",
    ['editor: {"x":&a "old words"}', 'other: &a "old words"'],
    ids=["anchor-under-a-duplicate-key", "anchor-elsewhere"],
)
def test_an_alias_is_refused_whatever_was_reused(first: str) -> None:
    """A reused item is walked again: an alias into it, or out of it, is refused as in a fresh parse."""
    reuse = NotesReuse()
    parse_annotations(ALIASED.format(first=first), PATH, reuse)
    second = ALIASED.format(first='thread: {"summary":&a "new words"}')
    assert parse_annotations(second, PATH, reuse) == parse_annotations(second, PATH)
    assert parse_annotations(second, PATH)[0].notes == ()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "%TAG !e! tag:yaml.org,2002:in\n---\nnotes:\n  - comment: c-1\n    body: !e!t 3\n",
            "%TAG !e! tag:yaml.org,2002:floa\n---\nnotes:\n  - comment: c-1\n    body: !e!t 3\n",
        ),
        ("notes:\n  - comment: c-1\n    body: x\n    [&k kk]: 1\n", "notes:\n  - comment: c-1\n    body: x\n    [&k kk]: 1\neditor: *k\n"),
        ("\ufeffthread:\n  notes: [body: first]\n", "\ufeffthread:\n  notes: [body: firsx]\n"),
    ],
    ids=["tag-directive", "anchor-in-a-complex-key", "byte-order-mark"],
)
def test_reuse_equals_a_fresh_parse_after_what_a_directive_a_complex_key_or_a_mark_did(first: str, second: str) -> None:
    reuse = NotesReuse()
    parse_annotations(first, PATH, reuse)
    assert parse_annotations(second, PATH, reuse) == parse_annotations(second, PATH)


def test_a_tag_directive_after_a_lone_carriage_return_is_refused_in_a_reused_item() -> None:
    reuse: dict[tuple[str, int, int], Node] = {}
    first = "# a\r# b\r# c\rnotes:\r  - comment: c-1\r    body: !!str yes\r"
    assert parse_yaml(first, PATH, reuse)[1] == []
    second = first.replace("# b\r# c\r", "%TAG !! tag:example.com,2000:\r---\r")
    assert [str(p) for p in parse_yaml(second, PATH, reuse)[1]] == [str(p) for p in parse_yaml(second, PATH)[1]] != []


def test_an_item_with_a_problem_reports_it_at_every_parse() -> None:
    reuse: dict[tuple[str, int, int], Node] = {}
    text = NOTES_FILE.replace("body: first", "body: first\n    body: again")
    for _ in range(2):
        _, problems = parse_yaml(text, PATH, reuse)
        assert [str(p) for p in problems] == [f"{PATH}:5:5: error: duplicate key 'body' (first at line 4)"]


def test_reused_notes_are_the_notes_of_a_fresh_parse() -> None:
    reuse = NotesReuse()
    parse_annotations(NOTES_FILE, PATH, reuse)
    edited = NOTES_FILE.replace("body: second", "body: second, edited").replace("editor: ann", "editor: bob")
    again = parse_annotations(edited, PATH, reuse)
    assert again == parse_annotations(edited, PATH)
    assert {n.editor for n in again[0].notes} == {"bob"}  # the file's defaults are part of what a note is


ITEM = st.fixed_dictionaries({
    "comment": st.sampled_from(["c-1", "c-2", "c-3"]),
    "body": st.text(alphabet="ab &*:#'\"-", min_size=1, max_size=12),
})


@given(st.lists(ITEM, min_size=1, max_size=4), st.lists(ITEM, min_size=1, max_size=4), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_parse_that_reuses_equals_a_fresh_parse(first: list[dict[str, str]], second: list[dict[str, str]], indent: bool) -> None:
    """Whatever the last parse of the file was, reusing its items changes nothing."""
    def text(items: list[dict[str, str]]) -> str:
        pad = "  " if indent else ""
        return "notes:\n" + "".join(f"{pad}- comment: {i['comment']}\n{pad}  body: {i['body']!r}\n" for i in items)

    reuse: dict[tuple[str, int, int], Node] = {}
    parse_yaml(text(first), PATH, reuse)
    reused, problems = parse_yaml(text(second), PATH, reuse)
    fresh, fresh_problems = parse_yaml(text(second), PATH)
    assert plain(reused) == plain(fresh) and problems == fresh_problems


@st.composite
def notes_files(draw: st.DrawFn) -> str:
    """Notes files with the YAML that could make a reused item differ: anchors and aliases across
    items, tags and directives, flow and block styles, comments, line breaks and marks."""
    anchors: list[str] = []

    def value() -> str:
        kind = draw(st.sampled_from(["plain", "quoted", "tagged", "anchored", "alias", "block"]))
        word = draw(st.sampled_from(["yes", "3", "words here", "a: b", "#no", "x"]))
        if kind == "quoted":
            return f'"{word}"'
        if kind == "tagged":
            return f"{draw(st.sampled_from(['!!str', '!!int', '!e!str', '!local']))} {word}"
        if kind == "anchored":
            anchors.append(f"a{len(anchors)}")
            return f"&{anchors[-1]} {word}"
        if kind == "alias" and anchors:
            return f"*{draw(st.sampled_from(anchors))}"
        if kind == "block":
            return f"|\n      {word}\n      more"
        return word

    def item() -> str:
        if draw(st.booleans()):
            return f"  - comment: c-{draw(st.integers(1, 3))}\n    body: {value()}\n"
        return f"  - {{comment: c-{draw(st.integers(1, 3))}, body: {value()}}}\n"

    head = draw(st.sampled_from(["", "\ufeff", "# notes\n", "%TAG !e! tag:yaml.org,2002:\n---\n", "%YAML 1.1\n---\n"]))
    editor = draw(st.sampled_from(["", "editor: ann\n", "editor: &e ann\n"]))
    items = "".join(item() for _ in range(draw(st.integers(1, 4))))
    text = head + editor + "notes:\n" + items + draw(st.sampled_from(["", "thread:\n  summary: *e\n", "# end\n"]))
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))


@given(notes_files(), notes_files())
@settings(max_examples=300, deadline=None)
def test_reusing_any_earlier_parse_equals_a_fresh_parse(first: str, second: str) -> None:
    reuse = NotesReuse()
    parse_annotations(first, PATH, reuse)
    assert parse_annotations(second, PATH, reuse) == parse_annotations(second, PATH)


@pytest.mark.parametrize("value", ["!!int +", "!!int", "!!float _", "!!bool x", "!!timestamp soon", "!!null x"])
def test_a_tagged_value_yaml_cannot_read_stays_the_text_written(value: str) -> None:
    """PyYAML's constructors raise all sorts of errors on such text; none may escape."""
    node, problems = parse_yaml(f"notes:\n  - comment: c-1\n    body: {value}\n", PATH)
    assert problems == [] and node is not None
