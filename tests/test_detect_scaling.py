"""Detection stays near-linear on shapes that once made a loop quadratic (bench/scaling_probe.py finds them).

Each test reads an input big enough that a quadratic loop takes tens of seconds and a linear one a
fraction of one, and checks what it reads. Time itself is measured by the probe, never asserted here
(machines are noisy): a regression shows as a suite that slows by tens of seconds."""

from __future__ import annotations

from threadnote.detect.quotes import ParagraphQuote, _one_link_per_block
from threadnote.model import Paragraph
from threadnote.readers.blocks import normalise_lines


def test_a_block_cut_at_thousands_of_depths_is_walked_once() -> None:
    size = 20_000  # one `>` block whose depth changes on every line: the reader cuts it each time
    paragraphs = [Paragraph("Ann wrote:", 1)] + [Paragraph(f"word{k} " * 6, k + 2, "quote", 1 + k % 60) for k in range(size)]
    tight = set(range(2, size + 1))
    found = [ParagraphQuote(k, 0, 6, 0, 0, 6, "marked", 6) for k in range(1, size + 1)]
    kept = _one_link_per_block(found, paragraphs, tight, 3)
    assert [q.paragraph for q in kept] == [1]  # one link for the block, from its first quote


def test_marked_runs_among_thousands_of_fences_are_placed_by_bisection() -> None:
    fences = 10_000  # each fence holds a shell's `: ` line; a newsreader's `: ` quote follows it
    text = "".join(f"```\n: ${{V{k}:=x}}\n```\n\nBob writes:\n: quoted {k}\n: more\n\n" for k in range(fences))
    marked = normalise_lines(text)
    assert marked.count("\n: ${V") == fences and marked.count("\n> quoted") == fences
