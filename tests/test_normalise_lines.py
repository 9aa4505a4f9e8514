"""normalise_lines: the one search that lets most texts through untouched still finds every line to mend."""

import pytest

from threadnote.readers.blocks import normalise_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain\nlines\n", "plain\nlines\n"),
        ("a line ending in a space \nnext", "a line ending in a space\nnext"),
        ("last line ends in a tab\t", "last line ends in a tab"),
        ("no-break space\u00a0\nnext", "no-break space\nnext"),
        (": quoted\n: twice\n\nreply", "> quoted\n> twice\n\nreply"),
        ("Bob writes:\n| quoted\n\nreply", "Bob writes:\n> quoted\n\nreply"),
        ("time 12:30\nmore: words\n", "time 12:30\nmore: words\n"),
    ],
)
def test_every_line_to_mend_is_mended(text: str, expected: str) -> None:
    assert normalise_lines(text) == expected
