"""JSON exports read a value at a time: lists item by item, JSON Lines line by line, one document whole up to a limit."""

from __future__ import annotations

import pytest

from threadnote.diagnostics import Diagnostic
from threadnote.readers import jsonstream
from threadnote.readers.jsonstream import iter_json, read_document


def _values(data: bytes, size: int = 3) -> tuple[list[tuple[int, object]], list[str]]:
    problems: list[Diagnostic] = []
    values = list(iter_json((data[at : at + size] for at in range(0, len(data), size)), "f.json", problems))
    return values, [str(p) for p in problems]


@pytest.mark.parametrize(("data", "values"), [
    (b'[1, {"a": [2, 3]},\n\n 12345]', [(1, 1), (1, {"a": [2, 3]}), (3, 12345)]),
    (b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n\n{"c": 3}', [(1, {"a": 1}), (2, {"b": 2}), (4, {"c": 3})]),
    (b'{\n  "a": 1,\n  "b": [1,\n 2]\n}\n', [(1, {"a": 1, "b": [1, 2]})]),
    (b'[]', []),
    (b'[1, 2]\n[3, 4]\n\n{"a": 5}\n', [(1, 1), (1, 2), (2, [3, 4]), (4, {"a": 5})]),
], ids=["list", "json-lines-with-bom", "one-document", "empty-list", "json-lines-of-lists"])
def test_the_values_and_their_lines(data: bytes, values: list[tuple[int, object]]) -> None:
    assert _values(data) == (values, [])


@pytest.mark.parametrize(("data", "problem"), [
    (b"  \n", "f.json:1: error: not JSON: the file is empty"),
    (b'[1, "caf\xe9"]', "f.json: error: file is not UTF-8: byte 0xe9 at byte offset 8"),
    (b"[1, 2] 3", "f.json:1:8: error: not JSON: more after the end of the list"),
    (b"[1 2]", "f.json:1:4: error: not JSON: expected ',' or ']' between the items of the list"),
    (b'{\n "a": 1,\n}', "f.json:3:1: error: not JSON: Expecting property name enclosed in double quotes"),
], ids=["empty", "not-utf-8", "after-the-list", "no-comma", "broken-document"])
def test_what_ends_the_reading_is_an_error_where_it_is(data: bytes, problem: str) -> None:
    assert _values(data)[1] == [problem]


def test_a_document_too_big_to_read_whole_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonstream, "MAX_DOCUMENT", 10)
    refused = "f.json: error: a JSON document larger than 10 bytes: refused (a list of items, or JSON Lines, is read an item at a time)"
    assert [str(p) for p in read_document([b'{"a":\n', b' "0123456789"}'], "f.json")[1]] == [refused]
    assert read_document([b'[1,', b" 2]"], "f.json") == ([1, 2], [])


def test_a_one_line_document_longer_than_an_item_is_read_whole_and_a_long_line_of_json_lines_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonstream, "MAX_ITEM", 8)
    assert _values(b'{"a": "0123456789"}') == ([(1, {"a": "0123456789"})], [])
    assert _values(b'{"a": 1}\n{"b": "0123456789"}\n{"c": 3}') == (
        [(1, {"a": 1})], ["f.json:2: error: a line longer than 8 bytes: refused"])
