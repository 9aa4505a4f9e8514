"""Floors on how well real mail threads laid out flat are read (bench/mail_shapes.py over
../shared/formats/mbox): a little below what the reader reaches, so no change lowers them unseen."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SHARED = BENCH.parent.parent / "shared"
SHAPES = ("archive", "bodies", "usenet", "groups")
"""Every shape: an archive's heads (its page chrome) too, read whole where the chrome learnt holds their date line alone."""
FLOORS = {"segmentation_f1": 0.99, "quote_recall": 0.98, "quote_precision": 0.98, "author_accuracy": 0.97}


@pytest.fixture(scope="module")
def totals() -> dict[str, dict[str, Any]]:
    if not (SHARED / "corpus" / "score.py").is_file() or not (SHARED / "formats" / "mbox").is_dir():
        pytest.skip(f"no corpus or mbox threads in {SHARED} (the shared folder beside the repository)")
    sys.path.insert(0, str(BENCH))
    import mail_shapes

    _, pooled = mail_shapes.score_shapes(list(SHAPES))
    return pooled


@pytest.mark.parametrize(("shape", "figure"), [(s, f) for s in SHAPES for f in FLOORS])
def test_mail_shape_floor(totals: dict[str, dict[str, Any]], shape: str, figure: str) -> None:
    assert totals[shape][figure] >= FLOORS[figure], f"{shape} {figure}: {totals[shape][figure]}"
